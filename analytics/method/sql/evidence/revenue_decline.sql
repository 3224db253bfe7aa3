-- evidence of revenue_decline: the deals won in the quarter $q_index and the 5
-- before (the base window and the recent window), in the reporting currency
select
    year(d.closed_on)::varchar || 'Q' || quarter(d.closed_on)::varchar as quarter,
    d.closed_on as day,
    'deal' as source,
    d.deal_id as row_id,
    coalesce(d.title, 'deal') || ', ' || printf('%,.0f', d.amount) || ' ' || coalesce(d.currency, '') as detail,
    coalesce(d.amount * fx.rate_to_base, d.amount_base) as value
from deals as d
left join fx_rate_ranges as fx on fx.currency = d.currency
    and deal_rate_q(d.closed_on, d.created_on) between fx.q_from and fx.q_to
where d.client_id = $client_id
    and d.status = 'won'
    and year(d.closed_on) * 4 + quarter(d.closed_on) - 1 between $q_index - 5 and $q_index
order by d.closed_on, d.deal_id
