-- one row per interaction with the client $client_id between $since and $q_end,
-- newest first, keeping only the channels in $channels and the interactions
-- carrying any tag in $tags (an empty list keeps all).
with interactions as (
    select * from interactions
    where client_id = $client_id
        and occurred_at >= $since
        and occurred_at < $q_end + interval 1 day
),

contacts as (select * from contacts where client_id = $client_id),

filtered as (
    select *
    from interactions
    where (len($channels::varchar[]) = 0 or list_contains($channels::varchar[], channel))
        and (len($tags::varchar[]) = 0 or list_has_any(tags, $tags::varchar[]))
)

select
    -- ids
    f.interaction_id,
    -- when and how
    f.occurred_at,
    f.channel,
    f.initiated_by,
    -- who
    c.name as contact_name,
    c.level as contact_level,
    -- what
    f.answered,
    f.sentiment,
    f.tags,
    f.notes
from filtered as f
left join contacts as c on c.contact_id = f.contact_id
order by f.occurred_at desc, f.interaction_id
