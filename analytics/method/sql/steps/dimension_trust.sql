-- one row per client, quarter and component of Trust and candour (DOMAIN section 2):
-- sentiment, NPS/CSAT, complaints (a resolved one costs less) and praise.
-- The points come from dimension_trust_points (one row per client and quarter),
-- which also says how complaint touches are kept apart.
with points as (select * from dimension_trust_points),

sentiment_part as (
    select
        client_id, q_index, 1 as ordinal, 'sentiment' as component,
        sentiment_points as points,
        case
            when sentiment_n = 0 then 'no sentiment recorded this quarter'
            else 'average sentiment ' || printf('%+.2f', sentiment_avg) || ' over '
                || plural(sentiment_n, 'touch', 'touches') || ' (-2..+2)'
        end as said
    from points
),

feedback_part as (
    select
        client_id, q_index, 2, 'nps_csat',
        nps_csat_points,
        case
            when feedback_scored_4q = 0 then 'no NPS or CSAT score in the last 4 quarters'
            else 'NPS/CSAT ' || printf('%.2f', feedback_score) || ' on a 0-1 scale from '
                || plural(feedback_scored_4q, 'answer', 'answers') || ' in the last 4 quarters ('
                || printf('%.2f', $tr_feedback_ref) || ' scores 0)'
        end
    from points
),

complaint_part as (
    select
        client_id, q_index, 3, 'complaints',
        complaints_points,
        case
            when complaints = 0 then 'no complaints this quarter'
            else plural(complaints, 'complaint', 'complaints') || ' (' || num(complaints_resolved) || ' resolved, '
                || num(complaints_unresolved) || ' open) against ' || num(other_touches)
                || ' other touches'
        end
    from points
),

praise_part as (
    select
        client_id, q_index, 4, 'praise',
        praise_points,
        plural(praise, 'touch', 'touches') || ' with praise of ' || num(other_touches) || ' ('
        || pct(praise_rate) || ')'
    from points
),

parts as (
    select * from sentiment_part
    union all select * from feedback_part
    union all select * from complaint_part
    union all select * from praise_part
)

select
    p.client_id,
    p.q_index,
    'trust' as dimension,
    p.ordinal,
    p.component,
    p.points,
    -- a component the portfolio's data cannot measure says what it needs instead
    case
        when not n.measured then n.label || ': not measured, needs ' || n.needs
        else p.said || ': ' || signed(p.points)
    end as sentence
from parts as p
join method_component_needs as n on n.dimension = 'trust' and n.component = p.component
