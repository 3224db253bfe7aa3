-- the rows that load: every staged row without a skip or reject reason, with the
-- client it resolved to
with staged as (select * from import_staged),

client_map as (select * from import_client_map)

select
    s.*,
    m.client_id,
    1 as input_rows
from staged as s
join client_map as m
    on coalesce(m.client_ref_id, '') = coalesce(s.client_ref_id, '')
    and coalesce(m.client_ref_tax, '') = coalesce(s.client_ref_tax, '')
    and coalesce(m.client_ref_name, '') = coalesce(s.client_ref_name, '')
where s.skip_reason is null and s.reject_reason is null
