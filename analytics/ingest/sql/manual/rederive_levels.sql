-- one row per stored contact whose level a title rule decided, or none did (contact_details
-- level_source 'rule' or 'unknown'; a level the file gave stays), with the level the
-- rules in force give its title now. The rules arrive as parameters exactly as in
-- stage/contacts.sql (seniority.level_checks fills /*level_checks*/). $batch_id limits
-- it to the contacts of one import (null: every contact). A level set by hand is left
-- alone.
with decided as (
    select
        d.contact_id,
        c.title,
        c.level as level_before,
        d.level_rule as rule_before
    from contact_details as d
    join contacts as c on c.contact_id = d.contact_id
    where d.level_source in ('rule', 'unknown')
        and ($batch_id::varchar is null or d.batch_id = $batch_id::varchar)
        -- a level set by hand wins over any rule
        and d.contact_id not in (
            select row_key from manual_changes where table_name = 'contacts' and field = 'level'
        )
),

titles as (
    select distinct import_word_key(title) as title_key
    from decided
    where import_blank(title) is not null
),

title_rules as (
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
)

select
    d.contact_id,
    d.level_before,
    t.level as level_after,
    case when t.level is not null then 'rule' else 'unknown' end as level_source,
    t.rule_name as level_rule,
    case
        when t.level is not null then d.title || ' → ' || t.level || ', rule ''' || t.rule_name || ''''
        else coalesce('no rule matches the title "' || d.title || '"', 'no title and no level')
    end as level_reason,
    d.level_before is distinct from t.level or d.rule_before is distinct from t.rule_name as is_changed
from decided as d
left join title_levels as t on t.title_key = import_word_key(d.title)
