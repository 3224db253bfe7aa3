-- one row per contact of $client_id who is there during $quarter ($q_start ..
-- $q_end), by seniority: touches in the quarter and in the four quarters ending
-- with it (from $year_start), and the role the account strategy gives them (the
-- latest strategy saved up to $quarter). No touch in four quarters means we have
-- no relationship with that person yet.
with contacts as (
    select * from contacts
    where client_id = $client_id
        and (active_from is null or active_from <= $q_end)
        and (active_to is null or active_to >= $q_start)
),

interactions as (
    select * from interactions
    where client_id = $client_id
        and occurred_at >= $year_start
        and occurred_at < $q_end + interval 1 day
),

strategy_quarter as (
    select max(quarter) as quarter
    from account_strategies
    where client_id = $client_id and quarter <= $quarter
),

roles as (
    select r.contact_id, r.role, r.note
    from stakeholder_roles as r
    join strategy_quarter as s on s.quarter = r.quarter
    where r.client_id = $client_id
),

touches as (
    select
        contact_id,
        count(*) filter (where occurred_at >= $q_start) as count_touches_quarter,
        count(*) as count_touches_4q,
        max(occurred_at) as last_touched_at
    from interactions
    group by contact_id
)

select
    -- ids
    c.contact_id,
    c.name,
    c.title,
    c.level,
    c.is_champion,
    -- the strategy's view
    r.role,
    r.note,
    -- numerics
    coalesce(t.count_touches_quarter, 0) as count_touches_quarter,
    coalesce(t.count_touches_4q, 0) as count_touches_4q,
    t.last_touched_at,
    -- flags
    coalesce(t.count_touches_4q, 0) = 0 as is_without_relationship,
    c.active_to is not null and c.active_to <= $q_end as has_left
from contacts as c
left join touches as t on t.contact_id = c.contact_id
left join roles as r on r.contact_id = c.contact_id
order by
    has_left,
    case c.level
        when 'executive' then 1 when 'director' then 2
        when 'manager' then 3 when 'staff' then 4 else 5
    end,
    count_touches_4q desc,
    c.name,
    c.contact_id
