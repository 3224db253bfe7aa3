-- one row per review held for the client $client_id, newest first, with how many
-- of its actions are done, partly done, open and overdue on $as_of.
with reviews as (select * from reviews where client_id = $client_id),

actions as (select * from actions where client_id = $client_id),

action_counts as (
    select
        review_id,
        count(*) as count_actions,
        count(*) filter (where status = 'done') as count_done,
        count(*) filter (where status = 'partial') as count_partial,
        count(*) filter (where status in ('planned', 'in_progress'))
            as count_open,
        count(*) filter (
            where status in ('planned', 'in_progress') and due_on < $as_of
        ) as count_overdue
    from actions
    group by review_id
)

select
    -- ids
    r.review_id,
    r.quarter,
    -- who and when
    r.reviewer,
    r.held_on,
    -- where we stood
    r.position_at_review,
    r.stage_at_review,
    -- what was said
    r.what_works,
    r.what_to_keep,
    r.investment_level,
    r.investment_reason,
    r.summary,
    -- numerics
    coalesce(a.count_actions, 0) as count_actions,
    coalesce(a.count_done, 0) as count_done,
    coalesce(a.count_partial, 0) as count_partial,
    coalesce(a.count_open, 0) as count_open,
    coalesce(a.count_overdue, 0) as count_overdue
from reviews as r
left join action_counts as a on a.review_id = r.review_id
order by r.quarter desc, r.held_on desc
