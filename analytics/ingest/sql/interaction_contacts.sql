-- the contact of each touch of a CRM activity export, found among the stored contacts:
-- by the CRM's own id of the contact (contact_details.source_id: a CRM export's contacts
-- are keyed by e-mail), else by e-mail, else by name within the touch's client (one
-- match only). A touch that names no company takes its contact's client. One row per
-- touch found: record_no, contact_id, client_id.
with staged as (
    select record_no, contact_id, contact_email, contact_name, client_ref_id, client_ref_name
    from import_staged
    where skip_reason is null and reject_reason is null
        and (contact_id is not null or contact_email is not null or contact_name is not null)
),

known as (
    select
        c.contact_id,
        c.client_id,
        d.source_id,
        lower(d.email) as email,
        lower(trim(c.name)) as name_lower,
        import_name_key(k.name) as client_key
    from contacts as c
    left join contact_details as d on d.contact_id = c.contact_id
    left join clients as k on k.client_id = c.client_id
),

by_key as (
    -- the file's contact id is our key already
    select s.record_no, k.contact_id, k.client_id, 1 as priority
    from staged as s
    join known as k on k.contact_id = s.contact_id
),

by_source_id as (
    select s.record_no, k.contact_id, k.client_id, 2 as priority
    from staged as s
    join known as k on k.source_id = s.contact_id
),

by_email as (
    select s.record_no, k.contact_id, k.client_id, 3 as priority
    from staged as s
    join known as k on k.email = s.contact_email or k.contact_id = s.contact_email
),

by_name as (
    select s.record_no, k.contact_id, k.client_id, 4 as priority
    from staged as s
    join known as k
        on k.name_lower = lower(s.contact_name)
        and (k.client_id = s.client_ref_id or k.client_key = import_name_key(s.client_ref_name))
    qualify count(*) over (partition by s.record_no) = 1
),

found as (
    select * from by_key
    union all select * from by_source_id
    union all select * from by_email
    union all select * from by_name
)

select record_no, arg_min(contact_id, (priority, contact_id)) as contact_id,
    arg_min(client_id, (priority, contact_id)) as client_id
from found
group by record_no
