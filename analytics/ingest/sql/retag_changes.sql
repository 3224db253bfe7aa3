-- one row per stored touch that had inferred tags or has them now (temp table
-- retag_inferred: interaction_id, tag, rule_name, matched, from tag_notes): its tags
-- before, the tags a file gave (base_tags: the tags before without the inferred ones,
-- which have a row in interaction_tags) and its tags after (base_tags and the tags
-- inferred now); changed when the set differs
with inferred_before as (
    select interaction_id, list(tag) as old_tags
    from interaction_tags
    group by interaction_id
),

inferred_now as (
    select interaction_id, list(tag) as new_tags
    from retag_inferred
    group by interaction_id
),

touched as (
    select
        i.interaction_id,
        i.tags as tags_before,
        coalesce(b.old_tags, []) as old_tags,
        coalesce(n.new_tags, []) as new_tags
    from interactions as i
    left join inferred_before as b on b.interaction_id = i.interaction_id
    left join inferred_now as n on n.interaction_id = i.interaction_id
    where b.interaction_id is not null or n.interaction_id is not null
),

based as (
    select
        *,
        list_filter(tags_before, lambda x: not list_contains(old_tags, x)) as base_tags
    from touched
)

select
    interaction_id,
    tags_before,
    base_tags,
    list_sort(list_distinct(base_tags || new_tags)) as tags_after,
    list_sort(list_distinct(tags_before)) is distinct from list_sort(list_distinct(base_tags || new_tags))
        as changed
from based
