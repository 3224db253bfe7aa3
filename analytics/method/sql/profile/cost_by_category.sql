-- one row per quarter and cost category for the client $client_id over the
-- $n_quarters quarters starting $window_start: cost to serve and hours (zero
-- where nothing was booked).
with service_costs as (
    select * from service_costs
    where client_id = $client_id and day between $window_start and $q_end
),

quarters as (
    select
        ($window_start::date + to_months(3 * i::integer))::date as quarter_start
    from range(0, $n_quarters) as r(i)
),

categories as (
    select unnest(['support', 'rework', 'free_scope', 'other']) as category
),

costs as (
    select
        date_trunc('quarter', day)::date as quarter_start,
        coalesce(category, 'other') as category,
        sum(cost) as cost,
        sum(hours) as hours
    from service_costs
    group by all
)

select
    year(q.quarter_start)::varchar || 'Q' || quarter(q.quarter_start)::varchar
        as quarter,
    k.category,
    coalesce(c.cost, 0) as cost,
    coalesce(c.hours, 0) as hours
from quarters as q
cross join categories as k
left join costs as c
    on c.quarter_start = q.quarter_start and c.category = k.category
order by q.quarter_start, k.category
