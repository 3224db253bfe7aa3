-- what we did together with $client_id in the four quarters $year_start..$q_end: the
-- titles of the won deals with how many of each (the client deck's "scope"; no amounts),
-- and when we started (the client's first_seen, else its first won deal or touch)
with deals as (
    select * from deals
    where client_id = $client_id and status = 'won'
),

scope as (
    select
        coalesce(nullif(trim(title), ''), 'Other work') as title,
        count(*) as count_deals
    from deals
    where closed_on between $year_start and $q_end
    group by all
),

started as (
    select least(
        (select min(first_seen)::date from clients where client_id = $client_id),
        (select min(closed_on) from deals),
        (select min(occurred_at)::date from interactions where client_id = $client_id)
    ) as since
)

select
    s.title,
    s.count_deals,
    (select since from started) as since
from (select * from scope union all select null, null where not exists (select 1 from scope)) as s
order by s.count_deals desc nulls last, s.title
