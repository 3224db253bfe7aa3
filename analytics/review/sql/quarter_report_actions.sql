-- one row per action of the reviews of the quarters in $quarters: whose client
-- it is, who owns it and how it went. The quarter report narrows these rows to
-- the clients of its filters before it counts them by owner (actions_by_owner.sql
-- and follow_through.sql count the same rows for the whole portfolio; a test keeps
-- them equal).
with reviews as (
    select * from reviews
    where list_contains($quarters, quarter)
),

actions as (select * from actions)

select
    -- ids
    a.action_id,
    a.client_id,
    r.quarter as review_quarter,
    -- who and how
    coalesce(nullif(trim(a.owner), ''), '(no owner)') as owner,
    a.status
from actions as a
join reviews as r on r.review_id = a.review_id
order by r.quarter, owner, a.action_id
