-- one row per client, quarter and component of Balance (DOMAIN section 2, seed 004):
-- partnership (mutual benefit) against being "bent" into LOSE-WIN: discount depth
-- and its trend, free scope and rework, deadline and status-request pressure.
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

discount_part as (
    select
        client_id, q_index, 1 as ordinal, 'discount' as component,
        coalesce(ramp(discount_avg, $bl_discount_ref, $bl_discount_scale, -$bl_discount_points, -1), 0) as points,
        case
            when discount_n = 0 then 'no deals offered this quarter'
            else 'average discount ' || printf('%.1f', discount_avg) || '% on ' || plural(discount_n, 'deal', 'deals')
                || ' offered (' || num($bl_discount_ref) || '% scores 0)'
        end as said
    from measures
),

discount_trend_part as (
    select
        client_id, q_index, 2, 'discount_trend',
        coalesce(
            ramp(discount_avg - discount_prior, 0, $bl_discount_trend_scale, -$bl_discount_trend_points, -1), 0
        ),
        case
            when discount_avg is null or discount_prior is null
                then 'no discount trend: deals missing this quarter or in the 4 before'
            else 'discount ' || printf('%.1f', discount_avg) || '% vs ' || printf('%.1f', discount_prior)
                || '% in the 4 quarters before'
        end
    from measures
),

free_part as (
    select
        client_id, q_index, 3, 'free_scope_rework',
        coalesce(ramp(free_share, $bl_free_share_ref, $bl_free_share_scale, -$bl_free_share_points, -1), 0),
        case
            when cost_to_serve = 0 then 'no cost to serve recorded this quarter'
            else 'free scope and rework ' || pct(free_share) || ' of cost to serve ('
                || pct($bl_free_share_ref) || ' scores 0)'
        end
    from measures
),

deadline_part as (
    select
        client_id, q_index, 4, 'deadline_pressure',
        coalesce(ramp(deadline_share, $bl_deadline_ref, $bl_deadline_scale, -$bl_deadline_points, 0), 0),
        plural(deadline_pressure, 'touch', 'touches') || ' with deadline pressure ('
        || coalesce(pct(deadline_share), 'no touches') || ', tolerated up to ' || pct($bl_deadline_ref) || ')'
    from measures
),

status_part as (
    select
        client_id, q_index, 5, 'status_requests',
        coalesce(ramp(status_share, $bl_status_ref, $bl_status_scale, -$bl_status_points, 0), 0),
        plural(status_requests, 'status request', 'status requests') || ' ('
        || coalesce(pct(status_share), 'no touches') || ', tolerated up to ' || pct($bl_status_ref) || ')'
    from measures
),

parts as (
    select * from discount_part
    union all select * from discount_trend_part
    union all select * from free_part
    union all select * from deadline_part
    union all select * from status_part
)

select
    client_id,
    q_index,
    'balance' as dimension,
    ordinal,
    component,
    points,
    said || ': ' || signed(points) as sentence
from parts
