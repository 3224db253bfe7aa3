-- one row per client and quarter: the points of each Dialogue component (DOMAIN
-- sections 2, 5, 6), their total and the measures the sentences are written from.
-- Each points formula is here once: dimension_dialogue turns the row into one row
-- per component with its sentence, client_positions reads the total.
with facts as (select * from method_facts),

measures as (
    select
        client_id,
        q_index,
        touches,
        client_initiated,
        client_initiated / nullif(touches, 0) as initiative_share,
        us_outreach,
        us_answered,
        us_answered / nullif(us_outreach, 0) as response_share,
        voice,
        voice_trailing,
        history_quarters >= $min_history_quarters as has_history,
        advance_notices,
        learned_from_market
    from facts
),

components as (
    select
        *,
        coalesce(ramp(initiative_share, $dl_initiative_ref, $dl_initiative_scale, $dl_initiative_points, -1), 0)
            as client_initiated_points,
        coalesce(ramp(response_share, $dl_response_ref, $dl_response_scale, $dl_response_points, -1), 0)
            as response_points,
        case
            when has_history
                then ramp((voice - voice_trailing) / greatest(voice_trailing, 1), 0, $dl_voice_scale, $dl_voice_points, -1)
            else 0
        end as voice_points,
        ramp(advance_notices - learned_from_market, 0, $dl_notice_scale, $dl_notice_points, -1)
            as advance_notice_points
    from measures
),

needs as (
    -- which components the portfolio's data can measure (method_component_needs)
    select
        bool_or(measured) as any_measured,
        bool_or(measured) filter (where component = 'client_initiated') as m_client_initiated,
        bool_or(measured) filter (where component = 'response') as m_response,
        bool_or(measured) filter (where component = 'voice') as m_voice,
        bool_or(measured) filter (where component = 'advance_notice') as m_advance_notice
    from method_component_needs
    where dimension = 'dialogue'
),

measured_components as (
    -- a component whose data the portfolio lacks adds nothing (NULL, skipped by
    -- list_sum); a dimension with none measured has no score (client_positions)
    select
        * replace (
            case when n.m_client_initiated then client_initiated_points end as client_initiated_points,
            case when n.m_response then response_points end as response_points,
            case when n.m_voice then voice_points end as voice_points,
            case when n.m_advance_notice then advance_notice_points end as advance_notice_points
        ),
        n.any_measured as measured
    from components
    cross join needs as n
)

select
    *,
    -- list_sum skips a NULL as sum() over the component rows would
    list_sum([client_initiated_points, response_points, voice_points, advance_notice_points]) as points
from measured_components
