-- one row per client per quarter: value and cost to serve over the 4 quarters
-- ending with the quarter (DOMAIN section 7), in the reporting currency.
-- A client active fewer than 4 of those quarters is annualised on what exists; a
-- quarter without a purchase is a real zero (see docs/method.md, "Lifetime value"). A won deal of unknown amount (no exchange rate) makes the
-- revenue, margin and LTV of the window unknown (NULL) and leaves the client out of
-- the LTV ranking. LTV = yearly margin x r / (1 + i - r), r = $ltv_retention,
-- i = $ltv_discount_rate.
with facts as (select * from method_facts),

kinds as (select * from method_data_kinds),

annual as (
    select
        client_id,
        q_index,
        quarter,
        active_quarters_4q,
        unknown_deals_4q = 0 as revenue_known,
        unknown_deals_6q = 0 as trend_known,
        case when unknown_deals_4q = 0 then revenue_4q end as revenue_4q,
        cost_4q,
        -- a portfolio without any service cost has no margin after cost to serve to show
        case when unknown_deals_4q = 0 and k.has_costs then revenue_4q - cost_4q end as margin_4q,
        case when unknown_deals_4q = 0 then (revenue_4q - cost_4q) * 4.0 / active_quarters_4q end
            as margin_yearly
    from facts
    cross join kinds as k
),

ranked as (
    -- the LTV rank among the quarter's clients of known revenue: the share with a lower
    -- yearly margin, ties sharing the middle of their ranks (all tied: 0.5; alone: 0.5)
    select
        *,
        count(*) over (partition by q_index, revenue_known) as ranked_clients,
        percent_rank() over (partition by q_index, revenue_known order by margin_yearly) as rank_low,
        count(*) over (partition by q_index, revenue_known, margin_yearly) as tied
    from annual
)

select
    * exclude (ranked_clients, rank_low, tied),
    case
        when revenue_4q > 0 then margin_4q / revenue_4q
        when cost_4q > 0 and revenue_known and margin_4q is not null then -1.0
    end as margin_share,
    margin_yearly * $ltv_retention / (1 + $ltv_discount_rate - $ltv_retention) as ltv,
    case
        when not revenue_known then null
        when ranked_clients > 1 then rank_low + (tied - 1) / 2.0 / (ranked_clients - 1)
        else 0.5
    end as ltv_rank
from ranked
