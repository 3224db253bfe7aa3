-- one row per client and quarter: the points of each High and Wide component
-- (DOMAIN section 4), their total and the measures the sentences are written from.
-- Each points formula is here once: dimension_high_wide turns the row into one row
-- per component with its sentence, client_positions reads the total.
with facts as (select * from method_facts),

measures as (
    select
        client_id,
        q_index,
        touches,
        contacts_touched,
        levels_covered,
        delt,
        delt_trailing,
        history_quarters >= $min_history_quarters as has_history,
        top_thread_touches,
        top_thread_contact,
        touches_with_contact,
        top_thread_touches / nullif(touches_with_contact, 0) as thread_share,
        champions_lost,
        champions_lost_text
    from facts
),

components as (
    select
        *,
        ramp(contacts_touched, $hw_contacts_ref, $hw_contacts_scale, $hw_contacts_points, -1) as contacts_points,
        ramp(levels_covered, $hw_levels_ref, $hw_levels_scale, $hw_levels_points, -1) as levels_points,
        case
            when has_history
                then ramp((delt - delt_trailing) / greatest(delt_trailing, 1), 0, $hw_delt_scale, $hw_delt_points, -1)
            else 0
        end as delt_points,
        coalesce(ramp(thread_share, $hw_thread_share_ref, $hw_thread_scale, -$hw_thread_points, 0), 0)
            as single_thread_points,
        -- NULL, and no component row, in a quarter without a champion lost
        case when champions_lost > 0 then -$hw_champion_lost_points end as champion_lost_points
    from measures
),

needs as (
    -- which components the portfolio's data can measure (method_component_needs)
    select
        bool_or(measured) as any_measured,
        bool_or(measured) filter (where component = 'contacts') as m_contacts,
        bool_or(measured) filter (where component = 'levels') as m_levels,
        bool_or(measured) filter (where component = 'delt') as m_delt,
        bool_or(measured) filter (where component = 'single_thread') as m_single_thread,
        bool_or(measured) filter (where component = 'champion_lost') as m_champion_lost
    from method_component_needs
    where dimension = 'high_wide'
),

measured_components as (
    -- a component whose data the portfolio lacks adds nothing (NULL, skipped by
    -- list_sum); a dimension with none measured has no score (client_positions)
    select
        * replace (
            case when n.m_contacts then contacts_points end as contacts_points,
            case when n.m_levels then levels_points end as levels_points,
            case when n.m_delt then delt_points end as delt_points,
            case when n.m_single_thread then single_thread_points end as single_thread_points,
            case when n.m_champion_lost then champion_lost_points end as champion_lost_points
        ),
        n.any_measured as measured
    from components
    cross join needs as n
)

select
    *,
    -- list_sum skips a NULL as sum() over the component rows would
    list_sum([contacts_points, levels_points, delt_points, single_thread_points, champion_lost_points])
        as points
from measured_components
