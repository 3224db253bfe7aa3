-- one row per client scored in quarter $q_index: revenue, cost to serve and profit
-- (margin after cost to serve) of the 4 quarters ending with it, the client's rank
-- by each (largest first) and the running totals behind the Pareto curves of
-- revenue and cost and the whale curve of profit (DOMAIN section 7).
with value as (select * from client_value where q_index = $q_index),

ranked as (
    select
        client_id,
        revenue_4q,
        cost_4q,
        margin_4q,
        row_number() over (order by revenue_4q desc, client_id) as revenue_rank,
        row_number() over (order by cost_4q desc, client_id) as cost_rank,
        row_number() over (order by margin_4q desc, client_id) as profit_rank,
        count(*) over () as clients
    from value
)

select
    *,
    sum(revenue_4q) over (order by revenue_rank) / nullif(sum(revenue_4q) over (), 0) as revenue_cum_share,
    sum(cost_4q) over (order by cost_rank) / nullif(sum(cost_4q) over (), 0) as cost_cum_share,
    sum(margin_4q) over (order by profit_rank) as profit_cumulative,
    sum(margin_4q) over (order by profit_rank) / nullif(sum(margin_4q) over (), 0) as profit_cum_share
from ranked
order by revenue_rank
