-- one row per kind of problem in a batch: how many rows it stopped. The word or value at
-- fault is shown in full ('stage "Renewal Due" is not …'); only a kind of problem met
-- with more than $max_values different values is folded into one row, with the quoted
-- values as "…" and a few of them, in full, as examples. Record numbers ("(record 11)"
-- in the duplicates reason) are dropped, so those rows count as one reason.
with rejects as (select * from import_rejects where batch_id = $batch_id),

reasons as (
    select
        outcome,
        regexp_replace(unnest(string_split(reason, '; ')), ' ?\(record \d+\)', '', 'g') as reason
    from rejects
),

counted as (
    select
        outcome,
        reason,
        regexp_replace(reason, '"[^"]*"', '"…"', 'g') as pattern,
        count(*)::bigint as rows
    from reasons
    group by all
),

patterns as (
    select
        outcome,
        pattern,
        count(*) as variants,
        sum(rows)::bigint as rows,
        -- the most frequent values first, each in full
        list(regexp_extract(reason, '"([^"]*)"', 1) order by rows desc, reason) as examples
    from counted
    group by all
)

select
    c.outcome,
    c.reason,
    c.rows
from counted as c
join patterns as p on p.outcome = c.outcome and p.pattern = c.pattern
where p.variants <= $max_values or p.pattern = c.reason

union all

select
    outcome,
    pattern || ' (' || variants || ' different values, such as "'
        || array_to_string(list_slice(examples, 1, 3), '", "') || '")' as reason,
    rows
from patterns
where variants > $max_values and pattern like '%"…"%'

order by rows desc, reason
