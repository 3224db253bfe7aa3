-- one row per touch of the client $client_id, newest first ($limit of them): what it
-- was, its tags, and why each tag is there: the rule that inferred it and the words it
-- matched (interaction_tags), added by hand (manual_changes), or given by the file; and
-- the tags a person removed by hand.
with touches as (
    select * from interactions
    where client_id = $client_id
    order by occurred_at desc, interaction_id
    limit $limit
),

contacts as (select contact_id, name from contacts where client_id = $client_id),

inferred as (
    select interaction_id, tag, rule_name, matched
    from interaction_tags
    where interaction_id in (select interaction_id from touches)
),

tag_edits as (
    select
        row_key as interaction_id,
        change_no,
        changed_at,
        changed_by,
        from_json(coalesce(old_value, '[]'), '["VARCHAR"]') as tags_old,
        from_json(coalesce(new_value, '[]'), '["VARCHAR"]') as tags_new
    from manual_changes
    where table_name = 'interactions' and field = 'tags' and client_id = $client_id
),

tag_actions as (
    select interaction_id, change_no, changed_at, changed_by, is_present, tag
    from (
        select *, unnest(list_filter(tags_new, lambda x: not list_contains(tags_old, x))) as tag,
            true as is_present
        from tag_edits
        union all by name
        select *, unnest(list_filter(tags_old, lambda x: not list_contains(tags_new, x))) as tag,
            false as is_present
        from tag_edits
    )
    qualify row_number() over (partition by interaction_id, tag order by change_no desc) = 1
),

tag_rows as (
    select
        t.interaction_id,
        t.tag,
        coalesce(
            case when a.is_present then
                'added by hand' || coalesce(' by ' || nullif(a.changed_by, ''), '')
                || ' on ' || strftime(a.changed_at, '%Y-%m-%d')
            end,
            case when i.tag is not null then
                '''' || i.matched || ''' in the note, rule ''' || i.rule_name || ''''
            end,
            'given by the imported file'
        ) as why
    from (select interaction_id, unnest(tags) as tag from touches) as t
    left join inferred as i on i.interaction_id = t.interaction_id and i.tag = t.tag
    left join tag_actions as a on a.interaction_id = t.interaction_id and a.tag = t.tag
),

removed as (
    select
        interaction_id,
        list(tag order by tag) as tags_removed_by_hand
    from tag_actions
    where not is_present
    group by interaction_id
),

per_touch as (
    select
        interaction_id,
        list(struct_pack(tag := tag, why := why) order by tag) as tag_reasons
    from tag_rows
    group by interaction_id
)

select
    -- ids
    t.interaction_id,
    -- when and how
    t.occurred_at,
    t.channel,
    t.initiated_by,
    c.name as contact_name,
    t.owner,
    -- what
    t.notes,
    list_sort(t.tags) as tags,
    coalesce(p.tag_reasons, []) as tag_reasons,
    coalesce(r.tags_removed_by_hand, []) as tags_removed_by_hand,
    t.batch_id is null and t.interaction_id like 'M-%' as is_logged_by_hand
from touches as t
left join contacts as c on c.contact_id = t.contact_id
left join per_touch as p on p.interaction_id = t.interaction_id
left join removed as r on r.interaction_id = t.interaction_id
order by t.occurred_at desc, t.interaction_id
