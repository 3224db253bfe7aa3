-- one row per data record of an uploaded clients file (import_mapped), typed and
-- checked: skip_reason for lines that are not data, reject_reason for rows that cannot load
with mapped as not materialized (select * from import_mapped),

typed as (
    select
        -- position
        record_no,
        first_cell,
        COLUMNS('^c[0-9]+$'),
        extra_value,
        -- ids: a client is its own reference
        import_blank(client_id) as client_ref_id,
        import_blank(tax_id) as client_ref_tax,
        import_blank(name) as client_ref_name,
        -- descriptors
        import_blank(segment) as segment,
        import_blank(industry) as industry,
        import_blank(region) as region,
        import_blank(account_manager) as account_manager,
        import_blank(service_tier) as service_tier,
        -- dates
        first_seen as first_seen_text,
        import_parse_date(first_seen, $first_seen_order) as first_seen
    from mapped
),

checked as (
    select
        *,
        import_skip_reason(
            first_cell, list_filter([*COLUMNS('^c[0-9]+$')], lambda x: trim(x) <> ''),
            $summary_pattern, $footer_pattern
        ) as skip_reason,
        nullif(concat_ws('; ',
            import_extra_problem(extra_value),
            case when client_ref_name is null then 'name is empty' end,
            import_date_problem('first_seen', first_seen_text, first_seen, $first_seen_order, $min_date, $max_date)
        ), '') as reject_reason
    from typed
)

select
    record_no,
    skip_reason,
    case when skip_reason is null then reject_reason end as reject_reason,
    client_ref_id,
    client_ref_tax,
    client_ref_name,
    client_ref_name as name,
    client_ref_tax as tax_id,
    segment,
    industry,
    region,
    account_manager,
    service_tier,
    first_seen,
    first_seen as activity_on
from checked
