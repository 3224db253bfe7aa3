-- one row per client per quarter: value and cost to serve over the 4 quarters
-- ending with the quarter (DOMAIN section 7), in the reporting currency.
-- A client active fewer than 4 of those quarters is annualised on what exists.
-- LTV = yearly margin x r / (1 + i - r), r = $ltv_retention, i = $ltv_discount_rate.
with facts as (select * from method_facts),

annual as (
    select
        client_id,
        q_index,
        quarter,
        active_quarters_4q,
        revenue_4q,
        cost_4q,
        revenue_4q - cost_4q as margin_4q,
        (revenue_4q - cost_4q) * 4.0 / active_quarters_4q as margin_yearly
    from facts
)

select
    *,
    case
        when revenue_4q > 0 then margin_4q / revenue_4q
        when cost_4q > 0 then -1.0
    end as margin_share,
    margin_yearly * $ltv_retention / (1 + $ltv_discount_rate - $ltv_retention) as ltv,
    -- the share of the quarter's other clients with a lower LTV (0.5 when alone)
    case
        when count(*) over (partition by q_index) > 1
            then percent_rank() over (partition by q_index order by margin_yearly)
        else 0.5
    end as ltv_rank
from annual
