-- one row per quarter for the client $client_id over the $n_quarters quarters
-- starting $window_start: won revenue (reporting currency, by close date), cost
-- to serve, and the margin left after cost to serve.
with deals as (
    select * from deals
    where client_id = $client_id
        and status = 'won'
        and closed_on between $window_start and $q_end
),

service_costs as (
    select * from service_costs
    where client_id = $client_id and day between $window_start and $q_end
),

quarters as (
    select
        ($window_start::date + to_months(3 * i::integer))::date as quarter_start
    from range(0, $n_quarters) as r(i)
),

revenue as (
    select
        date_trunc('quarter', closed_on)::date as quarter_start,
        sum(amount_base) as revenue,
        count(*) as count_deals_won
    from deals
    group by all
),

costs as (
    select
        date_trunc('quarter', day)::date as quarter_start,
        sum(cost) as cost_to_serve,
        sum(hours) as hours
    from service_costs
    group by all
),

per_quarter as (
    select
        q.quarter_start,
        coalesce(r.revenue, 0) as revenue,
        coalesce(r.count_deals_won, 0) as count_deals_won,
        coalesce(c.cost_to_serve, 0) as cost_to_serve,
        coalesce(c.hours, 0) as hours
    from quarters as q
    left join revenue as r on r.quarter_start = q.quarter_start
    left join costs as c on c.quarter_start = q.quarter_start
)

select
    year(quarter_start)::varchar || 'Q' || quarter(quarter_start)::varchar
        as quarter,
    revenue,
    count_deals_won,
    cost_to_serve,
    hours,
    revenue - cost_to_serve as margin,
    case when revenue > 0 then (revenue - cost_to_serve) / revenue end
        as margin_pct
from per_quarter
order by quarter_start
