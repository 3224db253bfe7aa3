-- what the export says about each loaded contact beyond the core columns (import_ok):
-- its e-mail, the CRM's id of it, whom it reports to, and how its level was decided. A column the file
-- does not have ($has_x false) keeps the stored value; the level's provenance is
-- rewritten with the level, unless neither a level nor a title column was read
insert into contact_details (
    contact_id, email, source_id, reports_to, level_source, level_rule, level_reason, batch_id
)
select contact_id, email, source_id, reports_to, level_source, level_rule, level_reason, $batch_id
from import_ok
on conflict (contact_id) do update set
    email = case when $has_email then excluded.email else email end,
    source_id = case when $has_contact_id then excluded.source_id else source_id end,
    reports_to = case when $has_reports_to then excluded.reports_to else reports_to end,
    level_source = case when $has_level or $has_title then excluded.level_source else level_source end,
    level_rule = case when $has_level or $has_title then excluded.level_rule else level_rule end,
    level_reason = case when $has_level or $has_title then excluded.level_reason else level_reason end,
    batch_id = excluded.batch_id
