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
        f.base_quarters >= $min_history_quarters as has_base,
        f.revenue_recent / nullif(f.revenue_base, 0) as client_ratio,
        f.market_ratio,
        f.market_source,
        v.revenue_4q,
        v.cost_4q,
        v.margin_share,
        v.ltv,
        v.ltv_rank,
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
)

select
    *,
    -- list_sum skips a NULL as sum() over the component rows would
    list_sum([revenue_trend_points, margin_points, ltv_points, referral_points, strategic_points]) as points
from components
