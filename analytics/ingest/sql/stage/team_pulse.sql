-- one row per data record of an uploaded team pulse file (import_mapped), typed and checked
with mapped as not materialized (select * from import_mapped),

typed as (
    select
        record_no,
        first_cell,
        COLUMNS('^c[0-9]+$'),
        extra_value,
        import_blank(client_id) as client_ref_id,
        import_blank(client_tax_id) as client_ref_tax,
        import_blank(client_name) as client_ref_name,
        quarter as quarter_text,
        import_parse_quarter(quarter) as quarter,
        import_blank(account_manager) as account_manager,
        morale as morale_text,
        import_parse_number(morale, $morale_decimal) as morale_value,
        import_blank(note) as note
    from mapped
),

reasons as (
    select
        *,
        import_skip_reason(
            first_cell, list_filter([*COLUMNS('^c[0-9]+$')], lambda x: trim(x) <> ''),
            $summary_pattern, $footer_pattern
        ) as skip_reason,
        nullif(concat_ws('; ',
            import_extra_problem(extra_value),
            case when client_ref_id is null and client_ref_tax is null and client_ref_name is null
                then 'no client: client_id and client_name are empty' end,
            case when import_blank(quarter_text) is null then 'quarter is empty'
                when quarter is null then 'quarter "' || trim(quarter_text)
                    || '" is not a quarter (write it like 2025Q3)' end,
            case when import_blank(morale_text) is null then 'morale is empty'
                when morale_value is null or morale_value not in (1, 2, 3, 4, 5)
                    then 'morale "' || trim(morale_text) || '" is not a whole number from 1 to 5' end
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
    quarter,
    account_manager,
    -- try_cast: a rejected morale of 128 must not stop the whole file at the cast
    try_cast(morale_value as tinyint) as morale,
    note,
    cast(left(quarter, 4) || '-' || lpad((3 * right(quarter, 1)::int - 2)::varchar, 2, '0') || '-01' as date)
        as activity_on
from reasons
