-- load the checked contacts (import_ok) by contact_id; a column the file does not have
-- ($has_x false) keeps the stored value
insert into contacts (contact_id, client_id, name, title, level, is_champion, active_from, active_to, batch_id)
select contact_id, client_id, name, title, level, is_champion, active_from, active_to, $batch_id
from import_ok
on conflict (contact_id) do update set
    client_id = excluded.client_id,
    name = case when $has_name then excluded.name else name end,
    title = case when $has_title then excluded.title else title end,
    -- the level comes from the level column or from the title (seniority.toml)
    level = case when $has_level or $has_title then excluded.level else level end,
    is_champion = case when $has_is_champion then excluded.is_champion else is_champion end,
    active_from = case when $has_active_from then excluded.active_from else active_from end,
    active_to = case when $has_active_to then excluded.active_to else active_to end,
    batch_id = excluded.batch_id
