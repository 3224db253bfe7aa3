-- one row per action of the review of $client_id for $quarter, in the order the
-- plan was written.
with reviews as (
    select * from reviews
    where client_id = $client_id and quarter = $quarter
),

actions as (select * from actions where client_id = $client_id)

select
    -- ids
    a.action_id,
    r.quarter as review_quarter,
    -- what
    a.addresses,
    a.description,
    a.owner,
    a.due_on,
    a.expected_effect,
    a.playbook_entry,
    -- what reaches the client deck (0008)
    a.shared_with_client,
    a.client_owner,
    -- how it went
    a.status,
    a.outcome
from actions as a
join reviews as r on r.review_id = a.review_id
where not $only_open_before or a.status in ('planned', 'in_progress')
order by a.created_at nulls last, a.action_id
