-- load the checked interactions (import_ok) by interaction_id; a column the file does
-- not have ($has_x false) keeps the stored value
insert into interactions (
    interaction_id, client_id, contact_id, occurred_at, channel, initiated_by, answered, sentiment,
    tags, notes, batch_id, owner
)
select
    interaction_id, client_id, contact_id, occurred_at, channel, initiated_by, answered, sentiment,
    tags, notes, $batch_id, owner
from import_ok
on conflict (interaction_id) do update set
    client_id = excluded.client_id,
    contact_id = case when $has_contact_id then excluded.contact_id else contact_id end,
    occurred_at = excluded.occurred_at,
    channel = case when $has_channel or $has_channel_type then excluded.channel else channel end,
    initiated_by = case when $has_initiated_by then excluded.initiated_by else initiated_by end,
    answered = case when $has_answered then excluded.answered else answered end,
    sentiment = case when $has_sentiment then excluded.sentiment else sentiment end,
    -- the tags the file gives and those inferred from its notes (tags.toml)
    tags = case when $has_tags or $has_notes or $has_subject then excluded.tags else tags end,
    notes = case when $has_notes or $has_subject then excluded.notes else notes end,
    batch_id = excluded.batch_id,
    owner = case when $has_owner then excluded.owner else owner end
