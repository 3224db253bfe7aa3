-- one row per review action of the client $client_id: open ones first (the
-- earliest due first), then the rest newest first; overdue on $as_of flagged.
with actions as (select * from actions where client_id = $client_id),

reviews as (select * from reviews where client_id = $client_id)

select
    -- ids
    a.action_id,
    a.review_id,
    r.quarter as review_quarter,
    -- what
    a.addresses,
    a.description,
    a.owner,
    a.due_on,
    a.status,
    a.outcome,
    a.updated_at,
    -- flags
    a.status in ('planned', 'in_progress') as is_open,
    a.status in ('planned', 'in_progress') and a.due_on < $as_of as is_overdue
from actions as a
left join reviews as r on r.review_id = a.review_id
order by
    is_open desc,
    case when is_open then a.due_on end asc nulls last,
    a.due_on desc nulls last,
    a.action_id
