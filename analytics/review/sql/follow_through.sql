-- one row per review quarter: how the actions agreed in that quarter's reviews
-- went. Follow-through is the share done or partly done (partial progress is
-- progress, DOMAIN §1).
with reviews as (select * from reviews),

actions as (select * from actions),

per_quarter as (
    select
        r.quarter,
        count(distinct r.review_id) as count_reviews,
        count(a.action_id) as count_actions,
        count(a.action_id) filter (where a.status = 'done') as count_done,
        count(a.action_id) filter (where a.status = 'partial') as count_partial,
        count(a.action_id) filter (where a.status = 'not_done') as count_not_done,
        count(a.action_id) filter (
            where a.status in ('planned', 'in_progress')
        ) as count_open
    from reviews as r
    left join actions as a on a.review_id = r.review_id
    group by r.quarter
)

select
    quarter,
    count_reviews,
    count_actions,
    count_done,
    count_partial,
    count_not_done,
    count_open,
    case
        when count_actions > 0
            then (count_done + count_partial) / count_actions
    end as follow_through_rate
from per_quarter
order by quarter
