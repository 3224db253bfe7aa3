-- one row per touch and tag inferred from its note: the rule that gave the tag (the
-- first in the file among those that matched) and the words it matched, folded.
-- Reads temp view tag_input (interaction_id, note). The rules of tags.toml arrive as
-- parameters, one per pattern, because DuckDB compiles a constant pattern once but a
-- pattern read from a table once per row (200,000 notes: 0.03 s against 5 s).
-- tagging.tag_query fills the two marked lists with expressions over those parameters
-- and integers only: /*tag_checks*/ one per tag (all its phrases in one pattern, so a
-- note is read phrase by phrase only for the tags it can have), /*phrase_checks*/ one
-- branch per tag with a struct per phrase. A phrase counts when it has more matches
-- than matches with a negation close to them ("no discount needed", "bez rabatu",
-- "скидка не нужна").
with input as (
    select interaction_id, import_word_key(note) as note_key
    from tag_input
    where note is not null
),

candidates as (
    select
        interaction_id,
        note_key,
        unnest(list_filter([/*tag_checks*/], lambda x: x is not null)) as tag
    from input
),

phrase_checks as (
    select
        interaction_id,
        tag,
        unnest(case tag /*phrase_checks*/ end) as p
    from candidates
)

select
    interaction_id,
    tag,
    arg_min(p.rule_name, (p.rule_no, p.phrase_no)) as rule_name,
    arg_min(p.matched, (p.rule_no, p.phrase_no)) as matched
from phrase_checks
where p.count_matches > p.count_negated
group by interaction_id, tag
