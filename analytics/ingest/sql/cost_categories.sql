-- one row per time-entry text a category rule matches: the category of the first rule
-- in cost_categories.toml's order ($rule_names) among those that matched, with the
-- words it matched. Reads temp table cost_category_matches (interaction_id: the text's
-- number, tag: a category, rule_name, matched), which sql/tag_notes.sql wrote.
with matches as (select * from cost_category_matches),

ranked as (
    select
        interaction_id as text_id,
        tag as category,
        rule_name,
        matched,
        list_position($rule_names, rule_name) as rule_no
    from matches
)

select
    text_id,
    arg_min(category, rule_no) as category,
    arg_min(rule_name, rule_no) as rule_name,
    arg_min(matched, rule_no) as matched
from ranked
group by text_id
