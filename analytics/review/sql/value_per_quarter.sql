-- revenue, cost to serve and margin per quarter of $client_id for the quarters
-- $q_from..$q_to (quarter indexes), as the method counts them (method_facts: a deal
-- converts at the rate of its quarter; a won deal without a rate makes its quarter's
-- revenue unknown, never 0). Needs the method computed on the connection (run_method).
with facts as (
    select * from method_facts
    where client_id = $client_id and q_index between $q_from and $q_to
)

select
    quarter,
    case when unknown_won_deals = 0 then coalesce(won_revenue, 0) end as revenue,
    coalesce(cost_to_serve, 0) as cost_to_serve,
    case when unknown_won_deals = 0 then coalesce(won_revenue, 0) - coalesce(cost_to_serve, 0) end as margin
from facts
order by q_index
