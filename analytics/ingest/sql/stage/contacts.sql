-- one row per data record of an uploaded contacts file (import_mapped), typed and checked
with mapped as not materialized (select * from import_mapped),

words as (select * from import_words),

level_words as (
    select d.level_text, w.value as level
    from (select distinct level as level_text from mapped) as d
    left join words as w on w.field = 'level' and w.word_key = import_word_key(d.level_text)
),

champion_words as (
    select d.champion_text, w.value as is_champion
    from (select distinct is_champion as champion_text from mapped) as d
    left join words as w on w.field = 'bool' and w.word_key = import_word_key(d.champion_text)
),

typed as (
    select
        m.record_no,
        m.first_cell,
        COLUMNS('^c[0-9]+$'),
        m.extra_value,
        import_blank(m.contact_id) as contact_id_text,
        import_blank(m.client_id) as client_ref_id,
        import_blank(m.client_tax_id) as client_ref_tax,
        import_blank(m.client_name) as client_ref_name,
        import_blank(m.name) as name,
        import_blank(m.title) as title,
        m.level as level_text,
        lw.level,
        m.is_champion as champion_text,
        cw.is_champion::boolean as is_champion,
        m.active_from as active_from_text,
        import_parse_date(m.active_from, $active_from_order) as active_from,
        m.active_to as active_to_text,
        import_parse_date(m.active_to, $active_to_order) as active_to
    from mapped as m
    left join level_words as lw on lw.level_text = m.level
    left join champion_words as cw on cw.champion_text = m.is_champion
),

checked as (
    select
        *,
        coalesce(contact_id_text, case when $derive_key then 'P-' || left(md5(concat_ws(
            chr(31), coalesce(client_ref_id, client_ref_tax, lower(client_ref_name)), lower(name)
        )), 12) end) as contact_id,
        import_skip_reason(
            first_cell, list_filter([*COLUMNS('^c[0-9]+$')], lambda x: trim(x) <> ''),
            $summary_pattern, $footer_pattern
        ) as skip_reason
    from typed
),

reasons as (
    select
        *,
        nullif(concat_ws('; ',
            import_extra_problem(extra_value),
            case when contact_id is null then 'contact_id is empty' end,
            case when client_ref_id is null and client_ref_tax is null and client_ref_name is null
                then 'no client: client_id and client_name are empty' end,
            import_word_problem('level', level_text, level, 'executive, director, manager or staff'),
            import_word_problem('is_champion', champion_text, is_champion, 'yes or no'),
            import_date_problem('active_from', active_from_text, active_from, $active_from_order, $min_date, $max_date),
            import_date_problem('active_to', active_to_text, active_to, $active_to_order, $min_date, $max_date),
            case when active_to < active_from then 'active_to is before active_from' end
        ), '') as reject_reason
    from checked
)

select
    record_no,
    skip_reason,
    case when skip_reason is null then reject_reason end as reject_reason,
    contact_id,
    client_ref_id,
    client_ref_tax,
    client_ref_name,
    name,
    title,
    level,
    coalesce(is_champion, false) as is_champion,
    active_from,
    active_to,
    active_from as activity_on
from reasons
