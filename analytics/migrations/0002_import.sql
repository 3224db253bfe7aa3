-- 0002: what CSV import needs (issue 3): the batch's full counts and detection,
-- skipped lines kept beside rejected ones, saved mappings, client aliases, and the
-- prior image of every row an import overwrote, so any batch can be undone exactly.

alter table import_batches add column rows_updated integer;
alter table import_batches add column rows_skipped integer;
alter table import_batches add column clients_created integer;
-- what was detected (encoding, delimiter, date orders, number formats) and warnings, as JSON
alter table import_batches add column detection varchar;
alter table import_batches add column warnings varchar;

-- 'rejected' (a data row that could not load) or 'skipped' (a title, footer or summary line)
alter table import_rejects add column outcome varchar default 'rejected';

-- a confirmed column mapping, found again by the exact set of headers of an export
create table import_header_mappings (
    header_key varchar primary key,
    kind varchar not null,
    headers varchar not null,
    mapping varchar not null,
    saved_at timestamp
);

-- a confirmed meaning of a word in a column, e.g. stage "Verbal commit" -> status open
create table import_value_mappings (
    field varchar not null,
    word_key varchar not null,
    word varchar not null,
    value varchar not null,
    saved_at timestamp,
    primary key (field, word_key)
);

-- another name (normalised) under which a client appears in exports: kept when two
-- near-duplicate clients are merged, so the next import finds the kept client
create table client_aliases (
    alias_key varchar primary key,
    client_id varchar not null,
    created_at timestamp
);

-- The row as it was before batch undo_batch_id overwrote it. A later migration that
-- adds a column to one of these tables must add it to its import_prior_ table too.
create table import_prior_clients as select null::varchar as undo_batch_id, * from clients where false;
create table import_prior_contacts as select null::varchar as undo_batch_id, * from contacts where false;
create table import_prior_interactions as
    select null::varchar as undo_batch_id, * from interactions where false;
create table import_prior_deals as select null::varchar as undo_batch_id, * from deals where false;
create table import_prior_feedback as select null::varchar as undo_batch_id, * from feedback where false;
create table import_prior_service_costs as
    select null::varchar as undo_batch_id, * from service_costs where false;
create table import_prior_team_pulse as select null::varchar as undo_batch_id, * from team_pulse where false;
