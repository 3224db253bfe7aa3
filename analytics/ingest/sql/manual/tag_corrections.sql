-- one row per stored touch whose tags a person changed by hand (manual_changes, field
-- 'tags'): the tags added and removed by hand (for each tag, the latest change wins),
-- its tags now, and its tags with those changes applied again (tags_after). A re-import
-- or a re-tagging of the same touch infers its tags anew; this puts the person's back.
with tag_edits as (
    select
        row_key as interaction_id,
        change_no,
        from_json(coalesce(old_value, '[]'), '["VARCHAR"]') as tags_old,
        from_json(coalesce(new_value, '[]'), '["VARCHAR"]') as tags_new
    from manual_changes
    where table_name = 'interactions' and field = 'tags'
),

tag_actions as (
    select
        interaction_id,
        change_no,
        unnest(list_filter(tags_new, lambda x: not list_contains(tags_old, x))) as tag,
        true as is_present
    from tag_edits
    union all
    select
        interaction_id,
        change_no,
        unnest(list_filter(tags_old, lambda x: not list_contains(tags_new, x))) as tag,
        false as is_present
    from tag_edits
),

latest_actions as (
    select interaction_id, tag, is_present
    from tag_actions
    qualify row_number() over (partition by interaction_id, tag order by change_no desc) = 1
),

per_touch as (
    select
        interaction_id,
        coalesce(list(tag order by tag) filter (where is_present), []) as tags_added,
        coalesce(list(tag order by tag) filter (where not is_present), []) as tags_removed
    from latest_actions
    group by interaction_id
),

applied as (
    select
        p.interaction_id,
        p.tags_added,
        p.tags_removed,
        i.tags as tags_before,
        list_sort(list_distinct(
            list_filter(i.tags, lambda x: not list_contains(p.tags_removed, x)) || p.tags_added
        )) as tags_after
    from per_touch as p
    join interactions as i on i.interaction_id = p.interaction_id
)

select
    *,
    list_sort(list_distinct(tags_before)) is distinct from tags_after as is_changed
from applied
