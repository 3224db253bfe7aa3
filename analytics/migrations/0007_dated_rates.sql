-- 0007: dated exchange rates (issue 15). fx_rates keeps one rate per currency that holds
-- from the start; fx_rates_dated adds rates in force from a quarter on, so older deals
-- are not converted at today's rate. A deal converts at the rate of its quarter (closed,
-- else created; an undated open deal at the newest rate): the latest rate from that
-- quarter or before, and where none is that early, the currency's first rate.
create table fx_rates_dated (
    currency varchar not null,
    quarter varchar not null,      -- '2024Q3': in force from the start of that quarter
    q_index integer not null,      -- year * 4 + quarter - 1, as the method counts quarters
    rate_to_base double not null,
    primary key (currency, q_index)
);

-- each currency's rates as ranges of quarter indexes [q_from, q_to]; the first range of
-- a currency starts at -1000000 and the last ends at 999999, so every quarter has a rate
-- once a currency has any
create view fx_rate_ranges as
with rates as (
    select currency, -1000000 as q_from, rate_to_base from fx_rates
    union all
    select currency, q_index, rate_to_base from fx_rates_dated
),
ordered as (
    select
        currency,
        q_from,
        rate_to_base,
        lead(q_from) over (partition by currency order by q_from) as q_next,
        row_number() over (partition by currency order by q_from) as place
    from rates
)
select
    currency,
    case when place = 1 then -1000000 else q_from end as q_from,
    coalesce(q_next, 1000000) - 1 as q_to,
    rate_to_base
from ordered;

-- the quarter index a deal converts at: its close, else its creation; an undated deal
-- (an open one with no dates) at the newest rate
create macro deal_rate_q(closed_on, created_on) as coalesce(
    year(coalesce(closed_on, created_on)) * 4 + quarter(coalesce(closed_on, created_on)) - 1, 999998
);
