-- one row per client: whether it was reviewed for $quarter, its last review
-- before, and its open and overdue (due before $as_of) actions.
with clients as (select * from clients),

reviews as (select * from reviews where quarter <= $quarter),

actions as (select * from actions),

this_quarter as (
    select client_id, updated_at as reviewed_at, investment_level
    from reviews
    where quarter = $quarter
),

earlier as (
    select client_id, max(quarter) as last_review_quarter
    from reviews
    where quarter < $quarter
    group by client_id
),

open_actions as (
    select
        client_id,
        count(*) as count_open_actions,
        count(*) filter (where due_on < $as_of) as count_overdue_actions
    from actions
    where status in ('planned', 'in_progress')
    group by client_id
)

select
    c.client_id,
    t.client_id is not null as is_reviewed,
    t.reviewed_at,
    t.investment_level,
    e.last_review_quarter,
    coalesce(o.count_open_actions, 0) as count_open_actions,
    coalesce(o.count_overdue_actions, 0) as count_overdue_actions
from clients as c
left join this_quarter as t on t.client_id = c.client_id
left join earlier as e on e.client_id = c.client_id
left join open_actions as o on o.client_id = c.client_id
order by c.client_id
