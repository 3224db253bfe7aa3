-- one row per client, quarter and component of Value (DOMAIN sections 5 and 7):
-- won revenue trend against the market, margin after cost to serve, LTV rank in
-- the portfolio, referral value, strategic and educational value.
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

trend_part as (
    select
        client_id, q_index, 1 as ordinal, 'revenue_trend' as component,
        case
            when has_base and revenue_base > 0 and market_ratio > 0
                then ramp(client_ratio / market_ratio - 1, 0, $vl_trend_scale, $vl_trend_points, -1)
            else 0
        end as points,
        case
            when not has_base or revenue_base is null
                then 'won revenue trend not scored yet (short history)'
            when revenue_base = 0 then 'no won revenue in the 4 quarters before the last two: trend not scored'
            when market_ratio is null or market_ratio <= 0
                then 'won revenue ' || signed(round(100 * (client_ratio - 1))) || '% with no market to compare: not scored'
            else 'won revenue ' || signed(round(100 * (client_ratio - 1)))
                || '% (last 2 quarters vs the 4 before) against ' || market_source || ' '
                || signed(round(100 * (market_ratio - 1))) || '%'
        end as said
    from measures
),

margin_part as (
    select
        client_id, q_index, 2, 'margin',
        coalesce(ramp(margin_share, $vl_margin_ref, $vl_margin_scale, $vl_margin_points, -1), 0),
        case
            when margin_share is null then 'no revenue or cost in the last 4 quarters'
            else 'margin after cost to serve ' || pct(margin_share) || ' ('
                || printf('%,.0f', revenue_4q) || ' revenue, ' || printf('%,.0f', cost_4q)
                || ' cost over 4 quarters; ' || pct($vl_margin_ref) || ' scores 0)'
        end
    from measures
),

ltv_part as (
    select
        client_id, q_index, 3, 'ltv',
        ramp(ltv_rank, 0.5, 0.5, $vl_ltv_points, -1),
        'LTV ' || printf('%,.0f', ltv) || ', above ' || pct(ltv_rank) || ' of clients'
    from measures
),

referral_part as (
    select
        client_id, q_index, 4, 'referral',
        ramp(referrals_4q, 0, $vl_referral_scale, $vl_referral_points, 0),
        plural(referrals_4q, 'referral', 'referrals') || ' in the last 4 quarters'
    from measures
),

strategic_part as (
    select
        client_id, q_index, 5, 'strategic',
        ramp(strategic_per_quarter, 0, $vl_strategic_scale, $vl_strategic_points, 0),
        num(round(strategic_per_quarter, 1))
        || ' improvement requests, workshops and events a quarter (strategic and educational value)'
    from measures
),

parts as (
    select * from trend_part
    union all select * from margin_part
    union all select * from ltv_part
    union all select * from referral_part
    union all select * from strategic_part
)

select
    client_id,
    q_index,
    'value' as dimension,
    ordinal,
    component,
    points,
    said || ': ' || signed(points) as sentence
from parts
