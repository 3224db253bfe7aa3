-- one row per client per quarter, from the quarter the client started (or the
-- portfolio's first quarter with data, if later) to the portfolio's last quarter
-- with data. Quarters are numbered q_index = year * 4 + quarter - 1.
-- Tenure counts quarters since first_seen (or the first activity when first_seen
-- is empty); a client is new while tenure < $new_client_quarters.
with activity_days as (
    select client_id, occurred_at::date as day from interactions
    union all
    -- an open deal's close date is only expected: it is active when created
    select client_id, case when status = 'open' then created_on else coalesce(closed_on, created_on) end as day
    from deals
    union all
    select client_id, day from service_costs
),

portfolio_span as (
    select
        min(year(day) * 4 + quarter(day) - 1) as first_q,
        max(year(day) * 4 + quarter(day) - 1) as last_q
    from activity_days
    where day is not null
),

first_activity as (
    select client_id, min(day) as first_day
    from activity_days
    group by client_id
),

client_start as (
    select
        c.client_id,
        c.segment,
        coalesce(c.first_seen, f.first_day) as started_on,
        year(coalesce(c.first_seen, f.first_day)) * 4
        + quarter(coalesce(c.first_seen, f.first_day)) - 1 as start_q
    from clients as c
    left join first_activity as f on f.client_id = c.client_id
),

quarters as (
    select unnest(range(first_q, last_q + 1)) as q_index
    from portfolio_span
    where first_q is not null
)

select
    -- ids
    s.client_id,
    q.q_index,
    (q.q_index // 4)::varchar || 'Q' || (q.q_index % 4 + 1)::varchar as quarter,
    -- descriptors
    s.segment,
    s.started_on,
    -- dates
    make_date((q.q_index // 4)::int, (q.q_index % 4 * 3 + 1)::int, 1) as q_start,
    (make_date((q.q_index // 4)::int, (q.q_index % 4 * 3 + 1)::int, 1)
    + interval 3 month - interval 1 day)::date as q_end,
    -- tenure
    coalesce(q.q_index - s.start_q, 0) as tenure_quarters,
    coalesce(q.q_index - s.start_q, 0) < $new_client_quarters as is_new
from client_start as s
cross join quarters as q
where s.start_q is null or q.q_index >= s.start_q
