-- one row per owner and status: how many actions of the reviews of the quarters
-- in $quarters (every quarter when the list is empty) each owner holds.
with reviews as (
    select * from reviews
    where len($quarters) = 0 or list_contains($quarters, quarter)
),

actions as (select * from actions)

select
    coalesce(nullif(trim(a.owner), ''), '(no owner)') as owner,
    a.status,
    count(*) as count_actions
from actions as a
join reviews as r on r.review_id = a.review_id
group by all
order by owner, a.status
