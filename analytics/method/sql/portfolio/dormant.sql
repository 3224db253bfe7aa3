-- one row per client dormant in the quarter $q_index (no deal, touch or cost for
-- dormant_quarters quarters): not placed on the continuum, listed apart as a relationship
-- to revive or to let rest deliberately. Its last activity and the won revenue of the
-- four quarters ending with its last active quarter (in the reporting currency; NULL
-- when that includes an amount of unknown currency).
with dormant as (
    select client_id, quiet_quarters, last_active_q
    from client_positions
    where q_index = $q_index and dormant
),

last_day as (
    select client_id, max(day) as last_activity
    from (
        select client_id, occurred_at::date as day from interactions
        union all
        select client_id, case when status = 'open' then created_on else coalesce(closed_on, created_on) end
        from deals
        union all
        select client_id, day from service_costs
    )
    where client_id in (select client_id from dormant)
    group by client_id
),

before_quiet as (
    select v.client_id, v.revenue_4q as revenue_before
    from client_value as v
    join dormant as d on d.client_id = v.client_id and v.q_index = d.last_active_q
)

select
    d.client_id,
    c.name,
    c.segment,
    c.account_manager,
    d.quiet_quarters,
    l.last_activity,
    b.revenue_before
from dormant as d
join clients as c on c.client_id = d.client_id
left join last_day as l on l.client_id = d.client_id
left join before_quiet as b on b.client_id = d.client_id
order by b.revenue_before desc nulls last, c.name, d.client_id
