-- one row per data record of an uploaded cost-to-serve file (import_mapped), typed and checked
with mapped as not materialized (select * from import_mapped),

words as (select * from import_words),

category_words as (
    select d.category_text, w.value as category
    from (select distinct category as category_text from mapped) as d
    left join words as w on w.field = 'category' and w.word_key = import_word_key(d.category_text)
),

typed as (
    select
        m.record_no,
        m.first_cell,
        COLUMNS('^c[0-9]+$'),
        m.extra_value,
        import_blank(m.client_id) as client_ref_id,
        import_blank(m.client_tax_id) as client_ref_tax,
        import_blank(m.client_name) as client_ref_name,
        m.day as day_text,
        import_parse_date(m.day, $day_order) as day,
        m.hours as hours_text,
        import_parse_number(m.hours, $hours_decimal) as hours,
        m.cost as cost_text,
        import_parse_number(m.cost, $cost_decimal) as cost,
        m.category as category_text,
        case when import_blank(m.category) is null then 'other' else cw.category end as category
    from mapped as m
    left join category_words as cw on cw.category_text = m.category
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
            case when import_blank(day_text) is null then 'day is empty' end,
            import_date_problem('day', day_text, day, $day_order, $min_date, $max_date),
            import_number_problem('hours', hours_text, hours),
            import_number_problem('cost', cost_text, cost),
            case when import_blank(hours_text) is null and import_blank(cost_text) is null
                then 'hours and cost are both empty' end,
            import_word_problem('category', category_text, category, 'support, rework, free_scope or other')
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
    day,
    hours,
    cost,
    category,
    day as activity_on
from reasons
