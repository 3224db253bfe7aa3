-- every staged row that did not load, with its line in the file, its text as read
-- and the reason; line numbers count the header's line and, for files with quoted
-- line breaks, the breaks inside earlier rows
insert into import_rejects (batch_id, line_no, raw, reason, outcome)
with staged as (select * from import_staged),

raw as (select * from import_raw),

line_breaks as (select * from import_line_breaks),

not_loaded as (
    select record_no, skip_reason, reject_reason
    from staged
    where skip_reason is not null or reject_reason is not null
)

select
    $batch_id as batch_id,
    $header_line + n.record_no + coalesce(b.breaks_before, 0) as line_no,
    rtrim(array_to_string(
        list_transform([*COLUMNS('^c[0-9]+$')], lambda x: import_csv_cell(x, $delim)), $delim
    ), $delim) as raw,
    coalesce(n.skip_reason, n.reject_reason) as reason,
    case when n.skip_reason is not null then 'skipped' else 'rejected' end as outcome
from not_loaded as n
join raw as r on r.ordinality = n.record_no
left join line_breaks as b on b.record_no = n.record_no
