-- one row per kind of problem in a batch: how many rows it stopped, with the
-- quoted values folded so that "amount "x" is not a number" counts as one reason
with rejects as (select * from import_rejects where batch_id = $batch_id),

reasons as (
    select
        outcome,
        unnest(string_split(reason, '; ')) as reason
    from rejects
)

select
    outcome,
    regexp_replace(regexp_replace(reason, '"[^"]*"', '"…"', 'g'), '\(record \d+\)', '', 'g') as reason,
    count(*) as rows
from reasons
group by all
order by rows desc, reason
