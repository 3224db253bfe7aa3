-- the clients an import of contacts, interactions, deals, feedback, costs or pulse
-- rows meets for the first time, created with what the rows say about them
insert into clients (client_id, name, tax_id, first_seen, batch_id)
select
    client_id,
    coalesce(
        arg_min(client_ref_name, first_record) filter (where client_ref_name is not null),
        min(client_ref_id),
        min(client_ref_tax)
    ) as name,
    arg_min(client_ref_tax, first_record) filter (where client_ref_tax is not null) as tax_id,
    min(first_activity) as first_seen,
    $batch_id as batch_id
from import_client_map
where is_new
group by client_id
