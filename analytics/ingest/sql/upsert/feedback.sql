-- load the checked feedback (import_ok) by feedback_id; a column the file does not have
-- ($has_x false) keeps the stored value
insert into feedback (feedback_id, client_id, contact_id, received_on, kind, score, comment, batch_id)
select feedback_id, client_id, contact_id, received_on, kind, score, comment, $batch_id
from import_ok
on conflict (feedback_id) do update set
    client_id = excluded.client_id,
    contact_id = case when $has_contact_id then excluded.contact_id else contact_id end,
    received_on = excluded.received_on,
    kind = case when $has_kind then excluded.kind else kind end,
    score = case when $has_score then excluded.score else score end,
    comment = case when $has_comment then excluded.comment else comment end,
    batch_id = excluded.batch_id
