-- 0013: corrections made in the app win (issue 16, item 5). Every change a person
-- makes by hand (a touch logged after a meeting, a touch's tags, a contact's level,
-- champion flag or leaving date, an edited rules file) is one row here: what (table,
-- row key, field, old and new value), when, and by whom (the signed-in email; '' for
-- local use). analytics/ingest/manual.py applies the latest value of every field again
-- after each import of contacts or interactions and after re-tagging, so a re-import of
-- the same rows does not undo a correction; the manual values are also written into
-- the import_prior_ images of those rows, so undoing an import keeps them too.
--
-- Values are text: a level ('director', null for unknown), a flag ('true'/'false'), a
-- date ('2025-03-31', null for none); field 'tags' holds JSON lists of tags
-- ('["complaint","praise"]'): the tags added are new minus old, the tags removed old
-- minus new; field 'logged' marks a touch created by hand (new_value: its note).
create table manual_changes (
    change_no bigint primary key,       -- the order the changes were made in
    table_name varchar not null check (table_name in ('contacts', 'interactions', 'rule_files')),
    row_key varchar not null,           -- contact_id, interaction_id, or the rules' kind
    client_id varchar,                  -- whose data it is (null for rules)
    field varchar not null,
    old_value varchar,
    new_value varchar,
    changed_at timestamp not null,
    changed_by varchar not null default ''
);

-- the tag rules and the seniority rules as edited on the Rules page (the TOML text of
-- the packaged file's format); without a row, the packaged file is in force
create table rule_files (
    kind varchar primary key check (kind in ('tags', 'levels')),
    rules_text varchar not null,
    saved_at timestamp not null,
    saved_by varchar not null default ''
);
