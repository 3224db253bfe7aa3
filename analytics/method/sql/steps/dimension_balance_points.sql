-- one row per client and quarter: the points of each Balance component (DOMAIN
-- section 2, seed 004), their total and the measures the sentences are written from.
-- Each points formula is here once: dimension_balance turns the row into one row
-- per component with its sentence, client_positions reads the total.
with facts as (select * from method_facts),

measures as (
    select
        client_id,
        q_index,
        touches,
        discount_n,
        discount_sum / nullif(discount_n, 0) as discount_avg,
        discount_sum_prior / nullif(discount_n_prior, 0) as discount_prior,
        cost_to_serve,
        cost_free_rework,
        cost_free_rework / nullif(cost_to_serve, 0) as free_share,
        deadline_pressure,
        deadline_pressure / nullif(touches, 0) as deadline_share,
        status_requests,
        status_requests / nullif(touches, 0) as status_share
    from facts
),

components as (
    select
        *,
        coalesce(ramp(discount_avg, $bl_discount_ref, $bl_discount_scale, -$bl_discount_points, -1), 0)
            as discount_points,
        coalesce(
            ramp(discount_avg - discount_prior, 0, $bl_discount_trend_scale, -$bl_discount_trend_points, -1), 0
        ) as discount_trend_points,
        coalesce(ramp(free_share, $bl_free_share_ref, $bl_free_share_scale, -$bl_free_share_points, -1), 0)
            as free_scope_rework_points,
        coalesce(ramp(deadline_share, $bl_deadline_ref, $bl_deadline_scale, -$bl_deadline_points, 0), 0)
            as deadline_pressure_points,
        coalesce(ramp(status_share, $bl_status_ref, $bl_status_scale, -$bl_status_points, 0), 0)
            as status_requests_points
    from measures
),

needs as (
    -- which components the portfolio's data can measure (method_component_needs)
    select
        bool_or(measured) as any_measured,
        bool_or(measured) filter (where component = 'discount') as m_discount,
        bool_or(measured) filter (where component = 'discount_trend') as m_discount_trend,
        bool_or(measured) filter (where component = 'free_scope_rework') as m_free_scope_rework,
        bool_or(measured) filter (where component = 'deadline_pressure') as m_deadline_pressure,
        bool_or(measured) filter (where component = 'status_requests') as m_status_requests
    from method_component_needs
    where dimension = 'balance'
),

measured_components as (
    -- a component whose data the portfolio lacks adds nothing (NULL, skipped by
    -- list_sum); a dimension with none measured has no score (client_positions)
    select
        * replace (
            case when n.m_discount then discount_points end as discount_points,
            case when n.m_discount_trend then discount_trend_points end as discount_trend_points,
            case when n.m_free_scope_rework then free_scope_rework_points end as free_scope_rework_points,
            case when n.m_deadline_pressure then deadline_pressure_points end as deadline_pressure_points,
            case when n.m_status_requests then status_requests_points end as status_requests_points
        ),
        n.any_measured as measured
    from components
    cross join needs as n
)

select
    *,
    -- list_sum skips a NULL as sum() over the component rows would
    list_sum([
        discount_points, discount_trend_points, free_scope_rework_points, deadline_pressure_points,
        status_requests_points
    ]) as points
from measured_components
