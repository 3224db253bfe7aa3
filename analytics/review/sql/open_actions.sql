-- one row per action of $client_id still planned or in progress, earliest due
-- first: what the account team follows between reviews.
with reviews as (select * from reviews where client_id = $client_id),

actions as (
    select * from actions
    where client_id = $client_id and status in ('planned', 'in_progress')
)

select
    -- ids
    a.action_id,
    r.quarter as review_quarter,
    -- what
    a.addresses,
    a.description,
    a.owner,
    a.due_on,
    -- how it goes
    a.status,
    a.outcome
from actions as a
left join reviews as r on r.review_id = a.review_id
order by a.due_on nulls last, r.quarter, a.created_at nulls last, a.action_id
