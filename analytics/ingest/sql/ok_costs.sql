-- the cost rows that load, one per client, day and category: costs are additive, so
-- several rows of one file for the same client, day and category are summed
with staged as (select * from import_staged),

client_map as (select * from import_client_map),

resolved as (
    select
        s.*,
        m.client_id
    from staged as s
    join client_map as m
        on coalesce(m.client_ref_id, '') = coalesce(s.client_ref_id, '')
        and coalesce(m.client_ref_tax, '') = coalesce(s.client_ref_tax, '')
        and coalesce(m.client_ref_name, '') = coalesce(s.client_ref_name, '')
    where s.skip_reason is null and s.reject_reason is null
)

select
    client_id || '|' || strftime(day, '%Y-%m-%d') || '|' || category as cost_id,
    client_id,
    day,
    category,
    sum(hours) as hours,
    sum(cost) as cost,
    max(record_no) as record_no,
    count(*) as input_rows
from resolved
group by client_id, day, category
