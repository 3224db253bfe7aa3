-- load the checked deals (import_ok): insert new ones, update known ones by deal_id.
-- A column the file does not have ($has_x false) keeps the stored value.
-- amount_base is the amount in the reporting currency; null while the rate is missing.
insert into deals (
    deal_id, client_id, title, stage, status, amount, currency, amount_base,
    created_on, closed_on, discount_pct, source, batch_id
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
    $batch_id as batch_id
from import_ok as o
left join fx_rates as fx on fx.currency = o.currency
on conflict (deal_id) do update set
    client_id = excluded.client_id,
    title = case when $has_title then excluded.title else title end,
    stage = case when $has_stage then excluded.stage else stage end,
    status = excluded.status,
    amount = case when $has_amount then excluded.amount else amount end,
    currency = excluded.currency,
    amount_base = case when $has_amount then excluded.amount_base else amount_base end,
    created_on = case when $has_created_on then excluded.created_on else created_on end,
    closed_on = case when $has_closed_on then excluded.closed_on else closed_on end,
    discount_pct = case when $has_discount_pct then excluded.discount_pct else discount_pct end,
    source = excluded.source,
    batch_id = excluded.batch_id
