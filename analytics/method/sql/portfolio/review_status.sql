-- one row per client with any review or review action: the last review (quarter
-- and date) and how many actions are open and overdue on $as_of (open = planned
-- or in progress; overdue = open with a due date before $as_of).
with reviews as (select * from reviews),

actions as (select * from actions),

last_review as (
    select
        client_id,
        max(quarter) as last_review_quarter,
        max(held_on) as last_reviewed_on
    from reviews
    group by client_id
),

action_counts as (
    select
        client_id,
        count(*) filter (where status in ('planned', 'in_progress'))
            as count_open_actions,
        count(*) filter (
            where status in ('planned', 'in_progress') and due_on < $as_of
        ) as count_overdue_actions
    from actions
    group by client_id
)

select
    coalesce(r.client_id, a.client_id) as client_id,
    r.last_review_quarter,
    r.last_reviewed_on,
    coalesce(a.count_open_actions, 0) as count_open_actions,
    coalesce(a.count_overdue_actions, 0) as count_overdue_actions
from last_review as r
full outer join action_counts as a on a.client_id = r.client_id
order by client_id
