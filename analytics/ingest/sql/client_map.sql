-- one row per distinct client reference of the rows about to load (client id, tax id,
-- name as written): the client it resolves to and whether that client is new.
-- Matching order: our client_id, then the tax id (normalised), then the name key
-- (case, punctuation, quotes and legal forms ignored) or a saved alias of it.
with staged as (select * from import_staged),

clients as (select * from clients),

aliases as (select * from client_aliases),

refs as (
    select
        client_ref_id,
        client_ref_tax,
        client_ref_name,
        min(activity_on) as first_activity,
        min(record_no) as first_record
    from staged
    where skip_reason is null and reject_reason is null
    group by all
),

keyed as (
    select
        *,
        import_tax_key(client_ref_tax) as tax_key,
        import_name_key(client_ref_name) as name_key
    from refs
),

known as (
    select
        client_id,
        import_tax_key(tax_id) as tax_key,
        import_name_key(name) as name_key
    from clients
),

by_tax as (
    select tax_key, min(client_id) as client_id
    from known
    where tax_key is not null
    group by tax_key
),

by_name as (
    select name_key, min(client_id) as client_id
    from (
        select name_key, client_id from known where name_key is not null
        union all
        select alias_key as name_key, client_id from aliases
    )
    group by name_key
),

matched as (
    select
        k.*,
        by_id.client_id as id_match,
        by_tax.client_id as tax_match,
        by_name.client_id as name_match
    from keyed as k
    left join known as by_id on by_id.client_id = k.client_ref_id
    left join by_tax on by_tax.tax_key = k.tax_key
    left join by_name on by_name.name_key = k.name_key
),

first_pass as (
    select
        *,
        coalesce(id_match, tax_match, name_match) as existing_id,
        coalesce(
            client_ref_id,
            'VAT-' || tax_key,
            'N-' || upper(left(md5(name_key), 8))
        ) as new_id
    from matched
),

-- a new client named in one row with an id and in another by name only is one client
new_by_name as (
    select name_key, min(new_id) as client_id
    from first_pass
    where existing_id is null and (client_ref_id is not null or tax_key is not null)
        and name_key is not null
    group by name_key
)

select
    -- the join key back to the staged rows
    import_ref_key(f.client_ref_id, f.client_ref_tax, f.client_ref_name) as client_ref_key,
    f.client_ref_id,
    f.client_ref_tax,
    f.client_ref_name,
    f.first_activity,
    f.first_record,
    f.tax_key,
    f.name_key,
    coalesce(
        f.existing_id,
        case when f.client_ref_id is null and f.tax_key is null then n.client_id end,
        f.new_id
    ) as client_id,
    f.existing_id is null as is_new,
    case
        when f.id_match is not null then 'id'
        when f.tax_match is not null then 'tax id'
        when f.name_match is not null then 'name'
    end as matched_by
from first_pass as f
left join new_by_name as n on n.name_key = f.name_key
