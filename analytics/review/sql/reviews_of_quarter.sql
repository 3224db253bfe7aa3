-- one row per review held for $quarter: who, when, where the client stood, the
-- investment level, and its plan's size.
with reviews as (select * from reviews where quarter = $quarter),

clients as (select * from clients),

actions as (select * from actions),

plan_size as (
    select
        review_id,
        count(*) as count_actions
    from actions
    group by review_id
)

select
    -- ids
    r.review_id,
    r.client_id,
    c.name,
    c.account_manager,
    -- the review
    r.reviewer,
    r.held_on,
    r.position_at_review,
    r.stage_at_review,
    r.investment_level,
    r.investment_reason,
    r.updated_at,
    -- numerics
    coalesce(p.count_actions, 0) as count_actions
from reviews as r
left join clients as c on c.client_id = r.client_id
left join plan_size as p on p.review_id = r.review_id
order by c.name, r.client_id
