-- one row per stored contact a person corrected by hand (manual_changes: level,
-- is_champion, active_to): for each field, whether it was set by hand and the latest
-- value set, the values now, and whether applying them again changes the row.
with latest_changes as (
    select row_key as contact_id, field, new_value
    from manual_changes
    where table_name = 'contacts' and field in ('level', 'is_champion', 'active_to')
    qualify row_number() over (partition by row_key, field order by change_no desc) = 1
),

per_contact as (
    select
        contact_id,
        -- booleans
        bool_or(field = 'level') as sets_level,
        bool_or(field = 'is_champion') as sets_champion,
        bool_or(field = 'active_to') as sets_active_to,
        -- values set by hand
        max(new_value) filter (where field = 'level') as level,
        max(new_value) filter (where field = 'is_champion')::boolean as is_champion,
        max(new_value) filter (where field = 'active_to')::date as active_to
    from latest_changes
    group by contact_id
),

applied as (
    select
        p.contact_id,
        case when p.sets_level then p.level else c.level end as level,
        case when p.sets_champion then p.is_champion else c.is_champion end as is_champion,
        case when p.sets_active_to then p.active_to else c.active_to end as active_to,
        c.level as level_before,
        c.is_champion as is_champion_before,
        c.active_to as active_to_before
    from per_contact as p
    join contacts as c on c.contact_id = p.contact_id
)

select
    *,
    level is distinct from level_before
        or is_champion is distinct from is_champion_before
        or active_to is distinct from active_to_before as is_changed
from applied
