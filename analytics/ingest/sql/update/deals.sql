-- update the stored deals that checked rows (import_ok) name by deal_id; the others
-- are inserted next by import_upsert_deals. A column the file does not have
-- ($has_x false) keeps the stored value.
update deals as t set
    client_id = o.client_id,
    title = case when $has_title then o.title else t.title end,
    stage = case when $has_stage then o.stage else t.stage end,
    status = o.status,
    amount = case when $has_amount then o.amount else t.amount end,
    currency = o.currency,
    amount_base = case when $has_amount then o.amount_base else t.amount_base end,
    created_on = case when $has_created_on then o.created_on else t.created_on end,
    closed_on = case when $has_closed_on then o.closed_on else t.closed_on end,
    discount_pct = case when $has_discount_pct then o.discount_pct else t.discount_pct end,
    owner = case when $has_owner then o.owner else t.owner end,
    source = $source,
    batch_id = $batch_id
from (
    select
        ok.*,
        ok.amount * coalesce(fx.rate_to_base, case when ok.currency = $reporting_currency then 1 end)
            as amount_base
    from import_ok as ok
    left join fx_rate_ranges as fx on fx.currency = ok.currency
        and deal_rate_q(ok.closed_on, ok.created_on) between fx.q_from and fx.q_to
) as o
where t.deal_id = o.deal_id
