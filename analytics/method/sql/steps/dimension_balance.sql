-- one row per client, quarter and component of Balance (DOMAIN section 2, seed 004):
-- partnership (mutual benefit) against being "bent" into LOSE-WIN: discount depth
-- and its trend, free scope and rework, deadline and status-request pressure.
-- The points come from dimension_balance_points (one row per client and quarter).
with points as (select * from dimension_balance_points),

discount_part as (
    select
        client_id, q_index, 1 as ordinal, 'discount' as component,
        discount_points as points,
        case
            when discount_n = 0 then 'no deals offered this quarter'
            else 'average discount ' || printf('%.1f', discount_avg) || '% on ' || plural(discount_n, 'deal', 'deals')
                || ' offered (' || num($bl_discount_ref) || '% scores 0)'
        end as said
    from points
),

discount_trend_part as (
    select
        client_id, q_index, 2, 'discount_trend',
        discount_trend_points,
        case
            when discount_avg is null or discount_prior is null
                then 'no discount trend: deals missing this quarter or in the 4 before'
            else 'discount ' || printf('%.1f', discount_avg) || '% vs ' || printf('%.1f', discount_prior)
                || '% in the 4 quarters before'
        end
    from points
),

free_part as (
    select
        client_id, q_index, 3, 'free_scope_rework',
        free_scope_rework_points,
        case
            when cost_to_serve = 0 then 'no cost to serve recorded this quarter'
            else 'free scope and rework ' || pct(free_share) || ' of cost to serve ('
                || pct($bl_free_share_ref) || ' scores 0)'
        end
    from points
),

deadline_part as (
    select
        client_id, q_index, 4, 'deadline_pressure',
        deadline_pressure_points,
        plural(deadline_pressure, 'touch', 'touches') || ' with deadline pressure ('
        || coalesce(pct(deadline_share), 'no touches') || ', tolerated up to ' || pct($bl_deadline_ref) || ')'
    from points
),

status_part as (
    select
        client_id, q_index, 5, 'status_requests',
        status_requests_points,
        plural(status_requests, 'status request', 'status requests') || ' ('
        || coalesce(pct(status_share), 'no touches') || ', tolerated up to ' || pct($bl_status_ref) || ')'
    from points
),

parts as (
    select * from discount_part
    union all select * from discount_trend_part
    union all select * from free_part
    union all select * from deadline_part
    union all select * from status_part
)

select
    p.client_id,
    p.q_index,
    'balance' as dimension,
    p.ordinal,
    p.component,
    p.points,
    -- a component the portfolio's data cannot measure says what it needs instead
    case
        when not n.measured then n.label || ': not measured, needs ' || n.needs
        else p.said || ': ' || signed(p.points)
    end as sentence
from parts as p
join method_component_needs as n on n.dimension = 'balance' and n.component = p.component
