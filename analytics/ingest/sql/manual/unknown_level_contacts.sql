-- one row per contact whose level is not known, by client and name
select
    -- ids
    c.client_id,
    cl.name as client_name,
    c.contact_id,
    c.name,
    -- descriptors
    c.title,
    c.active_to
from contacts as c
left join clients as cl on cl.client_id = c.client_id
where c.level is null
order by cl.name, c.name
