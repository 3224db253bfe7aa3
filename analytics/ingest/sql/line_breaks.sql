-- one row per record of a file with quoted line breaks: how many line breaks the
-- records before it hold inside their cells (so a record's line number is exact)
with raw as (select * from import_raw),

breaks as (
    select
        ordinality as record_no,
        len(concat_ws('', *COLUMNS('^c[0-9]+$')))
            - len(replace(concat_ws('', *COLUMNS('^c[0-9]+$')), chr(10), '')) as breaks_in_record
    from raw
)

select
    record_no,
    coalesce(sum(breaks_in_record) over (
        order by record_no rows between unbounded preceding and 1 preceding
    ), 0) as breaks_before
from breaks
