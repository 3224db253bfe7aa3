-- one row per data record of an uploaded contacts file (import_mapped), typed and checked.
-- The level is the file's level column where it has one, else it comes from the job
-- title by the rules of seniority.toml: every distinct title is matched once, the
-- first rule that matches decides, and a title no rule matches leaves the level
-- unknown (null, never staff). The rules arrive as parameters, one pattern per rule
-- ($level_rule_N, all its phrases in one pattern), because DuckDB compiles a constant
-- pattern once but a pattern read from a table once per row; seniority.level_checks
-- fills the marked list with one regexp_matches per rule over those parameters.
with mapped as not materialized (select * from import_mapped),

words as (select * from import_words),

titles as (
    select distinct import_word_key(title) as title_key
    from mapped
    where import_blank(title) is not null
),

title_rules as (
    -- the number of the first rule that matches the folded title (null: none)
    select title_key, list_position([/*level_checks*/], true) as rule_no
    from titles
),

title_levels as (
    select
        title_key,
        ($level_rule_names)[rule_no] as rule_name,
        ($level_rule_levels)[rule_no] as level
    from title_rules
    where rule_no is not null
),

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
        coalesce(
            import_blank(m.name),
            nullif(concat_ws(' ', import_blank(m.first_name), import_blank(m.last_name)), '')
        ) as name,
        import_blank(m.title) as title,
        m.level as level_text,
        lw.level as file_level,
        tl.level as title_level,
        tl.rule_name as title_rule,
        lower(import_blank(m.email)) as email,
        import_blank(m.reports_to) as reports_to,
        m.is_champion as champion_text,
        cw.is_champion::boolean as is_champion,
        m.active_from as active_from_text,
        import_parse_date(m.active_from, $active_from_order) as active_from,
        m.active_to as active_to_text,
        import_parse_date(m.active_to, $active_to_order) as active_to
    from mapped as m
    left join level_words as lw on lw.level_text = m.level
    left join title_levels as tl on tl.title_key = import_word_key(m.title)
    left join champion_words as cw on cw.champion_text = m.is_champion
),

checked as (
    select
        *,
        coalesce(file_level, title_level) as level,
        case
            when file_level is not null then 'file'
            when title_level is not null then 'rule'
            else 'unknown'
        end as level_source,
        -- in a CRM export with an e-mail column the e-mail is the contact's key (so
        -- activities can find the contact by it); else the file's id, else derived
        coalesce(
            case when $email_key then email end,
            contact_id_text,
            email,
            case when $derive_key then 'P-' || left(md5(concat_ws(
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
            import_word_problem('level', level_text, file_level, 'executive, director, manager or staff'),
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
    active_from as activity_on,
    -- contact_details: the e-mail, "Reports to", and how the level was decided
    email,
    contact_id_text as source_id,
    reports_to,
    level_source,
    case when level_source = 'rule' then title_rule end as level_rule,
    case level_source
        when 'file' then '"' || trim(level_text) || '" in the level column → ' || level
        when 'rule' then title || ' → ' || level || ', rule ''' || title_rule || ''''
        when 'unknown' then coalesce('no rule matches the title "' || title || '"', 'no title and no level')
    end as level_reason
from reasons
