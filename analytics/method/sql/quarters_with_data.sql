-- one row per quarter from the first to the last with any interaction, deal or
-- cost, oldest first (quarters in between count even when they are quiet)
with spans as (
    select min(occurred_at)::date as first_day, max(occurred_at)::date as last_day
    from interactions
    union all
    -- an open deal's close date is only expected: it counts from when it was created
    select min(deal_day), max(deal_day)
    from (
        select case when status = 'open' then created_on else coalesce(closed_on, created_on) end as deal_day
        from deals
    )
    union all
    select min(day), max(day) from service_costs
),

portfolio_span as (
    select
        min(year(first_day) * 4 + quarter(first_day) - 1) as first_q,
        max(year(last_day) * 4 + quarter(last_day) - 1) as last_q
    from spans
),

quarters as (
    select unnest(range(first_q, last_q + 1)) as q_index
    from portfolio_span
    where first_q is not null
)

select (q_index // 4)::varchar || 'Q' || (q_index % 4 + 1)::varchar as quarter
from quarters
order by q_index
