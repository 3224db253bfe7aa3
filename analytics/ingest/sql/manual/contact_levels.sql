-- one row per contact of the client $client_id, the people still there first: their
-- level, champion flag and leaving date, and why the level is what it is: set by hand
-- (by whom and when), the title rule or the file's level column that decided it
-- (contact_details), or as stored (the demo, a template without provenance).
with contacts as (select * from contacts where client_id = $client_id),

details as (
    select * from contact_details
    where contact_id in (select contact_id from contacts)
),

level_changes as (
    select row_key as contact_id, changed_at, changed_by
    from manual_changes
    where table_name = 'contacts' and field = 'level' and client_id = $client_id
    qualify row_number() over (partition by row_key order by change_no desc) = 1
),

worded as (
    select
        c.*,
        d.level_source,
        d.level_rule,
        case
            when m.contact_id is not null then
                'set by hand' || coalesce(' by ' || nullif(m.changed_by, ''), '')
                || ' on ' || strftime(m.changed_at, '%Y-%m-%d')
            else d.level_reason
        end as level_why,
        m.contact_id is not null as is_level_manual
    from contacts as c
    left join details as d on d.contact_id = c.contact_id
    left join level_changes as m on m.contact_id = c.contact_id
)

select
    -- ids
    contact_id,
    name,
    -- descriptors
    title,
    level,
    is_champion,
    active_from,
    active_to,
    -- why
    level_why,
    is_level_manual
from worded
order by
    active_to is not null,
    case level when 'executive' then 1 when 'director' then 2 when 'manager' then 3 when 'staff' then 4 else 5 end,
    name
