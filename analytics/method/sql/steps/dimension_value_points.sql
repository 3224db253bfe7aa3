-- one row per client and quarter: the points of each Value component (DOMAIN
-- sections 5 and 7), their total and the measures the sentences are written from.
-- Each points formula is here once: dimension_value turns the row into one row per
-- component with its sentence, client_positions reads the total.
with facts as (select * from method_facts),

value as (select * from client_value),

measures as (
    select
        f.client_id,
        f.q_index,
        f.revenue_recent,
        f.revenue_base,
        f.revenue_base_quarters >= $min_history_quarters as has_base,
        f.revenue_recent / nullif(f.revenue_base, 0) as client_ratio,
        f.market_ratio,
        f.market_source,
        v.revenue_4q,
        v.cost_4q,
        v.margin_share,
        v.ltv,
        v.ltv_rank,
        v.revenue_known,
        v.trend_known,
        f.referrals_4q,
        f.strategic_4q / f.active_quarters_4q as strategic_per_quarter
    from facts as f
    join value as v on v.client_id = f.client_id and v.q_index = f.q_index
),

components as (
    select
        *,
        case
            when has_base and revenue_base > 0 and market_ratio > 0
                then ramp(client_ratio / market_ratio - 1, 0, $vl_trend_scale, $vl_trend_points, -1)
            else 0
        end as revenue_trend_points,
        coalesce(ramp(margin_share, $vl_margin_ref, $vl_margin_scale, $vl_margin_points, -1), 0) as margin_points,
        ramp(ltv_rank, 0.5, 0.5, $vl_ltv_points, -1) as ltv_points,
        ramp(referrals_4q, 0, $vl_referral_scale, $vl_referral_points, 0) as referral_points,
        ramp(strategic_per_quarter, 0, $vl_strategic_scale, $vl_strategic_points, 0) as strategic_points
    from measures
),

needs as (
    -- which components the portfolio's data can measure (method_component_needs)
    select
        bool_or(measured) as any_measured,
        bool_or(measured) filter (where component = 'revenue_trend') as m_revenue_trend,
        bool_or(measured) filter (where component = 'margin') as m_margin,
        bool_or(measured) filter (where component = 'ltv') as m_ltv,
        bool_or(measured) filter (where component = 'referral') as m_referral,
        bool_or(measured) filter (where component = 'strategic') as m_strategic
    from method_component_needs
    where dimension = 'value'
),

measured_components as (
    -- a component whose data the portfolio lacks adds nothing (NULL, skipped by
    -- list_sum); a dimension with none measured has no score (client_positions)
    select
        * replace (
            case when n.m_revenue_trend and trend_known then revenue_trend_points end as revenue_trend_points,
            case when n.m_margin and revenue_known then margin_points end as margin_points,
            case when n.m_ltv and revenue_known then ltv_points end as ltv_points,
            case when n.m_referral then referral_points end as referral_points,
            case when n.m_strategic then strategic_points end as strategic_points
        ),
        -- measured for this client: a component of known inputs
        n.m_revenue_trend and trend_known or (n.m_margin or n.m_ltv) and revenue_known or n.m_referral or n.m_strategic
            as measured
    from components
    cross join needs as n
)

select
    *,
    -- list_sum skips a NULL as sum() over the component rows would
    list_sum([revenue_trend_points, margin_points, ltv_points, referral_points, strategic_points]) as points
from measured_components
