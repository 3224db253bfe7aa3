-- the deals of an order-lines file read one deal per order: the checked lines of each
-- order (its id is the deal id) summed into one deal, with the client and words of its
-- first line, the order's dates, and the discount weighted by the lines' amounts
with staged as (select * from import_staged),

client_map as (select * from import_client_map),

lines as (
    select
        s.*,
        m.client_id
    from staged as s
    join client_map as m
        on coalesce(m.client_ref_id, '') = coalesce(s.client_ref_id, '')
        and coalesce(m.client_ref_tax, '') = coalesce(s.client_ref_tax, '')
        and coalesce(m.client_ref_name, '') = coalesce(s.client_ref_name, '')
    where s.skip_reason is null and s.reject_reason is null
)

select
    deal_id,
    arg_min(client_id, record_no) as client_id,
    arg_min(title, record_no) || case
        when count(*) = 2 then ' and 1 more line'
        when count(*) > 2 then ' and ' || (count(*) - 1) || ' more lines'
        else ''
    end as title,
    arg_min(owner, record_no) as owner,
    arg_min(stage, record_no) as stage,
    arg_min(status, record_no) as status,
    sum(amount) as amount,
    arg_min(currency, record_no) as currency,
    bool_or(currency_defaulted) as currency_defaulted,
    sum(amount * discount_pct) / nullif(sum(amount) filter (where discount_pct is not null), 0)
        as discount_pct,
    min(created_on) as created_on,
    max(closed_on) as closed_on,
    min(record_no) as record_no,
    count(*) as input_rows
from lines
group by deal_id
