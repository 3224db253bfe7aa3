-- the touches of an interactions file whose contact (found by id or e-mail, or given as
-- contact_id) is stored under another client than the one the row's company resolved to
-- (import_client_map): a person's e-mail names them wherever they work, but a touch of
-- one client must not count a contact of another in its High and Wide. One row per touch.
select s.record_no, s.contact_id
from import_staged as s
join import_client_map as m
    on coalesce(m.client_ref_id, '') = coalesce(s.client_ref_id, '')
    and coalesce(m.client_ref_tax, '') = coalesce(s.client_ref_tax, '')
    and coalesce(m.client_ref_name, '') = coalesce(s.client_ref_name, '')
join contacts as c on c.contact_id = s.contact_id
where s.skip_reason is null and s.reject_reason is null
    and c.client_id <> m.client_id
