-- one row per import batch, newest first: what was imported and what happened to its rows
with batches as (select * from import_batches)

select
    batch_id,
    imported_at,
    kind,
    file_name,
    preset,
    rows_read,
    rows_loaded,
    rows_updated,
    rows_rejected,
    rows_skipped,
    clients_created,
    undone_at,
    undone_at is not null as is_undone
from batches
order by imported_at desc, batch_id desc
