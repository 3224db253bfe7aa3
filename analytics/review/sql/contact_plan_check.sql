-- one row per seniority level: the touches planned for $quarter (by the latest
-- review before it that set a contact plan for $quarter) against the touches that
-- happened in $quarter ($q_start .. $q_end) for $client_id. Executive + director
-- is DELT. No rows when no review planned this quarter's contacts.
with contact_plans as (
    select * from contact_plans
    where client_id = $client_id and plan_quarter = $quarter and quarter < $quarter
),

contacts as (select * from contacts where client_id = $client_id),

interactions as (
    select * from interactions
    where client_id = $client_id
        and occurred_at >= $q_start
        and occurred_at < $q_end + interval 1 day
),

latest_plan as (
    select * from contact_plans
    qualify quarter = max(quarter) over ()
),

actual as (
    select
        c.level,
        count(*) as count_touches
    from interactions as i
    join contacts as c on c.contact_id = i.contact_id
    group by c.level
),

levels as (
    select
        unnest(['executive', 'director', 'manager', 'staff']) as level,
        unnest([1, 2, 3, 4]) as level_rank
)

select
    l.level,
    p.quarter as planned_in_quarter,
    p.planned_touches,
    coalesce(a.count_touches, 0) as actual_touches,
    p.note
from levels as l
join latest_plan as p on p.level = l.level
left join actual as a on a.level = l.level
order by l.level_rank
