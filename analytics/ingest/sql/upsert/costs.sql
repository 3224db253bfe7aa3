-- load the checked cost rows (import_ok) by cost_id (client, day, category)
insert into service_costs (cost_id, client_id, day, hours, cost, category, batch_id)
select cost_id, client_id, day, hours, cost, category, $batch_id
from import_ok
on conflict (cost_id) do update set
    hours = case when $has_hours then excluded.hours else hours end,
    cost = case when $has_cost then excluded.cost else cost end,
    batch_id = excluded.batch_id
