-- one row per contact of the client $client_id known by $q_end: level, champion,
-- whether they have left, and how often we touched them in the quarter
-- ($q_start .. $q_end) and the four quarters ending with it ($year_start .. $q_end).
with contacts as (select * from contacts where client_id = $client_id),

interactions as (
    select * from interactions
    where client_id = $client_id
        and occurred_at >= $year_start
        and occurred_at < $q_end + interval 1 day
),

touches_per_contact as (
    select
        contact_id,
        count(*) filter (where occurred_at >= $q_start) as count_touches_quarter,
        count(*) as count_touches_4q,
        max(occurred_at) as last_touched_at
    from interactions
    where contact_id is not null
    group by contact_id
),

contact_status as (
    select
        c.*,
        c.active_to is not null and c.active_to <= $q_end as has_left,
        case c.level
            when 'executive' then 1
            when 'director' then 2
            when 'manager' then 3
            when 'staff' then 4
            else 5
        end as level_rank
    from contacts as c
    where c.active_from is null or c.active_from <= $q_end
)

select
    -- ids
    s.contact_id,
    s.name,
    -- descriptors
    s.title,
    s.level,
    s.is_champion,
    s.active_from,
    s.active_to,
    s.has_left,
    -- numerics
    coalesce(t.count_touches_quarter, 0) as count_touches_quarter,
    coalesce(t.count_touches_4q, 0) as count_touches_4q,
    t.last_touched_at
from contact_status as s
left join touches_per_contact as t on t.contact_id = s.contact_id
order by s.has_left, s.level_rank, count_touches_4q desc, s.name
