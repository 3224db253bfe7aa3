-- one row per client, quarter and component of Value (DOMAIN sections 5 and 7):
-- won revenue trend against the market, margin after cost to serve, LTV rank in
-- the portfolio, referral value, strategic and educational value.
-- The points come from dimension_value_points (one row per client and quarter).
with points as (select * from dimension_value_points),

money as (
    -- the reporting currency, named beside every amount a sentence gives
    select coalesce(max(value), 'EUR') as currency from settings where key = 'reporting_currency'
),

trend_part as (
    select
        client_id, q_index, 1 as ordinal, 'revenue_trend' as component,
        revenue_trend_points as points,
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
    from points
),

margin_part as (
    select
        client_id, q_index, 2, 'margin',
        margin_points,
        case
            when margin_share is null then 'no revenue or cost in the last 4 quarters'
            else 'margin after cost to serve ' || pct(margin_share) || ' ('
                || printf('%,.0f', revenue_4q) || ' ' || money.currency || ' revenue, '
                || printf('%,.0f', cost_4q) || ' ' || money.currency
                || ' cost over 4 quarters; ' || pct($vl_margin_ref) || ' scores 0)'
        end
    from points cross join money
),

ltv_part as (
    select
        client_id, q_index, 3, 'ltv',
        ltv_points,
        'LTV ' || printf('%,.0f', ltv) || ' ' || money.currency || ', above ' || pct(ltv_rank) || ' of clients'
    from points cross join money
),

referral_part as (
    select
        client_id, q_index, 4, 'referral',
        referral_points,
        plural(referrals_4q, 'referral', 'referrals') || ' in the last 4 quarters'
    from points
),

strategic_part as (
    select
        client_id, q_index, 5, 'strategic',
        strategic_points,
        num(round(strategic_per_quarter, 1))
        || ' improvement requests, workshops and events a quarter (strategic and educational value)'
    from points
),

parts as (
    select * from trend_part
    union all select * from margin_part
    union all select * from ltv_part
    union all select * from referral_part
    union all select * from strategic_part
)

select
    p.client_id,
    p.q_index,
    'value' as dimension,
    p.ordinal,
    p.component,
    p.points,
    -- a component the portfolio's data cannot measure says what it needs instead
    case
        when not n.measured then n.label || ': not measured, needs ' || n.needs
        when p.points is null
            then n.label || ': unknown, the revenue includes a won deal in a currency without an exchange rate'
        else p.said || ': ' || signed(p.points)
    end as sentence
from parts as p
join method_component_needs as n on n.dimension = 'value' and n.component = p.component
