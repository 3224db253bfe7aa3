-- one row per inferred tag of the touches $ids: the rule that gave it, the words it
-- matched (folded, as the rule read them) and the sentence the evidence rows show
with reasons as (
    select * from interaction_tags where list_contains($ids, interaction_id)
),

worded as (
    select
        *,
        upper(left(replace(tag, '_', ' '), 1)) || substr(replace(tag, '_', ' '), 2) as tag_label
    from reasons
)

select
    interaction_id,
    tag,
    rule_name,
    matched,
    tag_label || ': ''' || matched || ''' in the note, rule ''' || rule_name || '''' as reason
from worded
order by interaction_id, tag
