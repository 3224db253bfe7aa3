-- 0010: contacts from real CRM exports (issue 16). Exports give a job title, not a
-- level: the level comes from the title by the editable rules of
-- analytics/ingest/seniority.toml, and how it was decided is kept here, one row per
-- contact an import wrote: the level column of the file ('file'), a title rule
-- ('rule', with the rule's name), or nothing that decides ('unknown': contacts.level
-- stays null, which the method reads as not known, never as staff). level_reason is
-- the sentence shown ("Dyrektor Finansowy → director, rule 'dyrektor'").
-- The export's e-mail (the contact's key in a CRM export that has one), the CRM's own
-- id of the contact (source_id: activity exports name contacts by it) and its
-- "Reports to" live here too.
-- A side table rather than new columns of contacts: the demo writes contacts by
-- position (insert into contacts select …), which a new column would break.
create table contact_details (
    contact_id varchar primary key,
    email varchar,
    source_id varchar,
    reports_to varchar,
    level_source varchar check (level_source in ('file', 'rule', 'unknown')),
    level_rule varchar,
    level_reason varchar,
    batch_id varchar
);

-- the prior image of rows an import overwrote (as 0002 keeps for every data table)
create table import_prior_contact_details as
    select null::varchar as undo_batch_id, * from contact_details where false;
