-- one row per action the review of $client_id for $quarter follows up: every
-- action of the previous review ($previous_quarter), then the still-open
-- actions of older reviews, oldest review first.
with reviews as (
    select * from reviews
    where client_id = $client_id and quarter <= $previous_quarter
),

actions as (select * from actions where client_id = $client_id),

followed as (
    select
        a.*,
        r.quarter as review_quarter
    from actions as a
    join reviews as r on r.review_id = a.review_id
    where r.quarter = $previous_quarter
        or a.status in ('planned', 'in_progress')
)

select
    -- ids
    action_id,
    review_quarter,
    -- what
    addresses,
    description,
    owner,
    due_on,
    expected_effect,
    playbook_entry,
    -- what reaches the client deck (0008)
    shared_with_client,
    client_owner,
    -- how it went
    status,
    outcome
from followed
order by
    review_quarter = $previous_quarter desc,
    review_quarter,
    created_at nulls last,
    action_id
