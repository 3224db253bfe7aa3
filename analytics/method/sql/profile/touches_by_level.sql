-- one row per quarter and seniority level for the client $client_id over the
-- $n_quarters quarters starting $window_start: touches and distinct contacts
-- touched (zero where there were none). DELT is the executive + director rows.
with interactions as (
    select * from interactions
    where client_id = $client_id
        and occurred_at >= $window_start
        and occurred_at < $q_end + interval 1 day
),

contacts as (select * from contacts where client_id = $client_id),

quarters as (
    select
        ($window_start::date + to_months(3 * i::integer))::date as quarter_start
    from range(0, $n_quarters) as r(i)
),

levels as (
    select unnest(['executive', 'director', 'manager', 'staff', 'unknown']) as level
),

touches as (
    select
        date_trunc('quarter', i.occurred_at)::date as quarter_start,
        coalesce(c.level, 'unknown') as level,
        count(*) as count_touches,
        count(distinct i.contact_id) as count_contacts_touched
    from interactions as i
    left join contacts as c on c.contact_id = i.contact_id
    group by all
),

grid as (
    select
        q.quarter_start,
        l.level,
        coalesce(t.count_touches, 0) as count_touches,
        coalesce(t.count_contacts_touched, 0) as count_contacts_touched
    from quarters as q
    cross join levels as l
    left join touches as t
        on t.quarter_start = q.quarter_start and t.level = l.level
    -- the "unknown" level only shows where some touch had no known contact
    where l.level <> 'unknown' or t.count_touches > 0
)

select
    year(quarter_start)::varchar || 'Q' || quarter(quarter_start)::varchar
        as quarter,
    level,
    count_touches,
    count_contacts_touched
from grid
order by quarter_start, level
