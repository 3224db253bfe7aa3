-- the corrections made by hand to the data of the client $client_id, newest first:
-- what (table, row, field, old and new value), when and by whom
select
    change_no,
    table_name,
    row_key,
    field,
    old_value,
    new_value,
    changed_at,
    changed_by
from manual_changes
where client_id = $client_id
order by change_no desc
limit $limit
