-- one row per word no vocabulary knew (a stage, status, channel, level…): the field,
-- the word as written and how many rows wait for it to be mapped
with staged as (select * from import_staged),

problems as (
    select unnest(regexp_extract_all(reject_reason, '(\w+) "([^"]*)" is not one of')) as problem
    from staged
    where reject_reason like '%is not one of%'
)

select
    regexp_extract(problem, '^(\w+)', 1) as field,
    regexp_extract(problem, '"([^"]*)"', 1) as value,
    count(*) as rows
from problems
group by all
order by rows desc, field, value
