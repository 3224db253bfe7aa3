-- one row per quarter for the client $client_id over the $n_quarters quarters
-- starting $window_start: DELT (director and executive level touches), all
-- touches, and DELT's average over the four quarters before each quarter.
with interactions as (
    select * from interactions
    where client_id = $client_id
        and occurred_at >= $window_start::date - interval 12 month
        and occurred_at < $q_end + interval 1 day
),

contacts as (select * from contacts where client_id = $client_id),

quarters as (
    select
        ($window_start::date - interval 12 month + to_months(3 * i::integer))::date
            as quarter_start
    from range(0, $n_quarters + 4) as r(i)
),

touches as (
    select
        date_trunc('quarter', i.occurred_at)::date as quarter_start,
        count(*) filter (where c.level in ('executive', 'director'))
            as count_delt,
        count(*) as count_touches
    from interactions as i
    left join contacts as c on c.contact_id = i.contact_id
    group by all
),

per_quarter as (
    select
        q.quarter_start,
        coalesce(t.count_delt, 0) as count_delt,
        coalesce(t.count_touches, 0) as count_touches
    from quarters as q
    left join touches as t on t.quarter_start = q.quarter_start
),

with_trailing as (
    select
        *,
        avg(count_delt) over (
            order by quarter_start rows between 4 preceding and 1 preceding
        ) as avg_delt_prior_4q
    from per_quarter
)

select
    year(quarter_start)::varchar || 'Q' || quarter(quarter_start)::varchar
        as quarter,
    count_delt,
    count_touches,
    avg_delt_prior_4q
from with_trailing
where quarter_start >= $window_start
order by quarter_start
