-- one row per client, quarter and component of Trust and candour (DOMAIN section 2):
-- sentiment, NPS/CSAT, complaints (a resolved one costs less) and praise.
-- Complaint touches are scored as complaints only: they are left out of the
-- sentiment average and of the touches that praise is counted against, so that a
-- complaint can never raise Trust.
with facts as (select * from method_facts),

measures as (
    select
        client_id,
        q_index,
        other_touches,
        sentiment_n,
        sentiment_sum / nullif(sentiment_n, 0) as sentiment_avg,
        feedback_scored_4q,
        feedback_norm_sum_4q / nullif(feedback_scored_4q, 0) as feedback_score,
        complaints,
        complaints_resolved,
        complaints_unresolved,
        (complaints_unresolved + $tr_resolved_weight * complaints_resolved)
        / greatest(other_touches, 1) as complaint_rate,
        praise,
        praise / greatest(other_touches, 1) as praise_rate
    from facts
),

sentiment_part as (
    select
        client_id, q_index, 1 as ordinal, 'sentiment' as component,
        coalesce(ramp(sentiment_avg, 0, $tr_sentiment_scale, $tr_sentiment_points, -1), 0) as points,
        case
            when sentiment_n = 0 then 'no sentiment recorded this quarter'
            else 'average sentiment ' || printf('%+.2f', sentiment_avg) || ' over '
                || plural(sentiment_n, 'touch', 'touches') || ' (-2..+2)'
        end as said
    from measures
),

feedback_part as (
    select
        client_id, q_index, 2, 'nps_csat',
        coalesce(ramp(feedback_score, $tr_feedback_ref, $tr_feedback_scale, $tr_feedback_points, -1), 0),
        case
            when feedback_scored_4q = 0 then 'no NPS or CSAT score in the last 4 quarters'
            else 'NPS/CSAT ' || printf('%.2f', feedback_score) || ' on a 0-1 scale from '
                || plural(feedback_scored_4q, 'answer', 'answers') || ' in the last 4 quarters ('
                || printf('%.2f', $tr_feedback_ref) || ' scores 0)'
        end
    from measures
),

complaint_part as (
    select
        client_id, q_index, 3, 'complaints',
        ramp(complaint_rate, 0, $tr_complaint_scale, -$tr_complaint_points, 0),
        case
            when complaints = 0 then 'no complaints this quarter'
            else plural(complaints, 'complaint', 'complaints') || ' (' || num(complaints_resolved) || ' resolved, '
                || num(complaints_unresolved) || ' open) against ' || num(other_touches)
                || ' other touches'
        end
    from measures
),

praise_part as (
    select
        client_id, q_index, 4, 'praise',
        ramp(praise_rate, 0, $tr_praise_scale, $tr_praise_points, 0),
        plural(praise, 'touch', 'touches') || ' with praise of ' || num(other_touches) || ' ('
        || pct(praise_rate) || ')'
    from measures
),

parts as (
    select * from sentiment_part
    union all select * from feedback_part
    union all select * from complaint_part
    union all select * from praise_part
)

select
    client_id,
    q_index,
    'trust' as dimension,
    ordinal,
    component,
    points,
    said || ': ' || signed(points) as sentence
from parts
