-- one row per time entry of a time tracker's detailed report (Toggl Track, Clockify,
-- Harvest: import_mapped), typed and checked like sql/stage/costs.sql, and read as such a
-- report is written (temp table import_time_report, analytics/ingest/preset_columns.py):
-- - the client is the Client column, else the entry's project (a project with no client);
--   an entry with neither is internal time, skipped and reported;
-- - hours are decimal (1.5) or a duration (01:30:00, 1:30);
-- - a cost of 0 on an entry with hours is no cost (a tracker with no cost rate set
--   writes 0): its hours are valued at the method's hourly_cost;
-- - the category is the mapped column when it holds a category word, else the first rule
--   of cost_categories.toml that matches the entry's text, else other.
with mapped as not materialized (select * from import_mapped),

report as (select * from import_time_report),

words as (select * from import_words),

category_words as (
    select d.category_text, w.value as category
    from (select distinct category as category_text from mapped) as d
    join words as w on w.field = 'category' and w.word_key = import_word_key(d.category_text)
),

typed as (
    select
        m.record_no,
        m.first_cell,
        COLUMNS('^c[0-9]+$'),
        m.extra_value,
        import_blank(m.client_id) as client_ref_id,
        import_blank(m.client_tax_id) as client_ref_tax,
        coalesce(import_blank(m.client_name), r.project) as client_ref_name,
        m.day as day_text,
        import_parse_date(m.day, $day_order) as day,
        m.hours as hours_text,
        case
            when regexp_full_match(trim(m.hours), '\d+:[0-5]?\d(:[0-5]?\d)?') then
                string_split(trim(m.hours), ':')[1]::double
                + string_split(trim(m.hours), ':')[2]::double / 60
                + coalesce(string_split(trim(m.hours), ':')[3]::double, 0) / 3600
            else import_parse_number(m.hours, $hours_decimal)
        end as hours,
        m.cost as cost_text,
        import_parse_number(m.cost, $cost_decimal) as cost_value,
        coalesce(cw.category, r.category, 'other') as category,
        r.rule_name as category_rule
    from mapped as m
    left join report as r on r.record_no = m.record_no
    left join category_words as cw on cw.category_text = m.category
),

reasons as (
    select
        *,
        case when cost_value = 0 and hours > 0 then null else cost_value end as cost,
        import_skip_reason(
            first_cell, list_filter([*COLUMNS('^c[0-9]+$')], lambda x: trim(x) <> ''),
            $summary_pattern, $footer_pattern
        ) as line_skip_reason,
        case when client_ref_id is null and client_ref_tax is null and client_ref_name is null
            and import_blank(day_text) is not null
            then 'no client and no project: internal time, not a cost of a client' end as internal_reason,
        nullif(concat_ws('; ',
            import_extra_problem(extra_value),
            case when client_ref_id is null and client_ref_tax is null and client_ref_name is null
                then 'no client: client_id and client_name are empty' end,
            case when import_blank(day_text) is null then 'day is empty' end,
            import_date_problem('day', day_text, day, $day_order, $min_date, $max_date),
            import_number_problem('hours', hours_text, hours),
            import_number_problem('cost', cost_text, cost_value),
            case when import_blank(hours_text) is null and import_blank(cost_text) is null
                then 'hours and cost are both empty' end
        ), '') as reject_reason
    from typed
),

skips as (
    select *, coalesce(line_skip_reason, internal_reason) as skip_reason
    from reasons
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
from skips
