-- load the checked deals (import_ok) whose deal_id is not stored yet; the stored
-- ones were updated just before by import_update_deals (deals has no primary key
-- index since 0005: this pair keeps deal_id unique).
-- amount_base is the amount in the reporting currency; null while the rate is missing.
insert into deals (
    deal_id, client_id, title, stage, status, amount, currency, amount_base,
    created_on, closed_on, discount_pct, source, batch_id, owner
)
select
    o.deal_id,
    o.client_id,
    o.title,
    o.stage,
    o.status,
    o.amount,
    o.currency,
    o.amount * coalesce(fx.rate_to_base, case when o.currency = $reporting_currency then 1 end)
        as amount_base,
    o.created_on,
    o.closed_on,
    o.discount_pct,
    $source as source,
    $batch_id as batch_id,
    o.owner
from import_ok as o
left join fx_rate_ranges as fx on fx.currency = o.currency
    and deal_rate_q(o.closed_on, o.created_on) between fx.q_from and fx.q_to
-- only the deals not stored yet (left out when no input row matches a stored deal)
where not exists (select 1 from deals as t where t.deal_id = o.deal_id)
