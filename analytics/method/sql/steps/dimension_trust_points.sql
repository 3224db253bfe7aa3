-- one row per client and quarter: the points of each Trust and candour component
-- (DOMAIN section 2), their total and the measures the sentences are written from.
-- Each points formula is here once: dimension_trust turns the row into one row per
-- component with its sentence, client_positions reads the total.
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

components as (
    select
        *,
        coalesce(ramp(sentiment_avg, 0, $tr_sentiment_scale, $tr_sentiment_points, -1), 0) as sentiment_points,
        coalesce(ramp(feedback_score, $tr_feedback_ref, $tr_feedback_scale, $tr_feedback_points, -1), 0)
            as nps_csat_points,
        ramp(complaint_rate, 0, $tr_complaint_scale, -$tr_complaint_points, 0) as complaints_points,
        ramp(praise_rate, 0, $tr_praise_scale, $tr_praise_points, 0) as praise_points
    from measures
),

needs as (
    -- which components the portfolio's data can measure (method_component_needs)
    select
        bool_or(measured) as any_measured,
        bool_or(measured) filter (where component = 'sentiment') as m_sentiment,
        bool_or(measured) filter (where component = 'nps_csat') as m_nps_csat,
        bool_or(measured) filter (where component = 'complaints') as m_complaints,
        bool_or(measured) filter (where component = 'praise') as m_praise
    from method_component_needs
    where dimension = 'trust'
),

measured_components as (
    -- a component whose data the portfolio lacks adds nothing (NULL, skipped by
    -- list_sum); a dimension with none measured has no score (client_positions)
    select
        * replace (
            case when n.m_sentiment then sentiment_points end as sentiment_points,
            case when n.m_nps_csat then nps_csat_points end as nps_csat_points,
            case when n.m_complaints then complaints_points end as complaints_points,
            case when n.m_praise then praise_points end as praise_points
        ),
        n.any_measured as measured
    from components
    cross join needs as n
)

select
    *,
    -- list_sum skips a NULL as sum() over the component rows would
    list_sum([sentiment_points, nps_csat_points, complaints_points, praise_points]) as points
from measured_components
