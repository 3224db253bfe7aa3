-- one row per action still planned or in progress whose due date is before
-- $as_of, the longest overdue first.
with actions as (
    select * from actions
    where status in ('planned', 'in_progress') and due_on < $as_of
),

reviews as (select * from reviews),

clients as (select * from clients)

select
    -- ids
    a.action_id,
    a.client_id,
    c.name,
    r.quarter as review_quarter,
    -- what
    a.description,
    a.owner,
    a.addresses,
    a.due_on,
    a.status,
    -- numerics
    date_diff('day', a.due_on, $as_of::date) as days_overdue
from actions as a
left join reviews as r on r.review_id = a.review_id
left join clients as c on c.client_id = a.client_id
order by a.due_on, c.name, a.action_id
