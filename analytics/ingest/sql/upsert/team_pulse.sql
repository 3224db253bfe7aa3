-- load the checked team pulse rows (import_ok) by client and quarter
insert into team_pulse (client_id, quarter, account_manager, morale, note, batch_id)
select client_id, quarter, account_manager, morale, note, $batch_id
from import_ok
on conflict (client_id, quarter) do update set
    account_manager = case when $has_account_manager then excluded.account_manager else account_manager end,
    morale = excluded.morale,
    note = case when $has_note then excluded.note else note end,
    batch_id = excluded.batch_id
