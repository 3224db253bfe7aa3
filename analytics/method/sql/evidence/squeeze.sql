-- evidence of squeeze: deals offered in the quarter $q_index and the 4 before
-- (the discount trend), the quarter's free-scope and rework costs, and the
-- quarter's touches with deadline pressure, scope or discount requests
with offers as (
    select
        year(created_on)::varchar || 'Q' || quarter(created_on)::varchar as quarter,
        created_on as day,
        'deal' as source,
        deal_id as row_id,
        coalesce(title, 'deal') || ', discount ' || coalesce(printf('%.1f%%', discount_pct), 'not given')
        as detail,
        discount_pct as value
    from deals
    where client_id = $client_id
        and year(created_on) * 4 + quarter(created_on) - 1 between $q_index - 4 and $q_index
),

free_work as (
    select
        year(day)::varchar || 'Q' || quarter(day)::varchar as quarter,
        day,
        'service_cost' as source,
        cost_id as row_id,
        category || coalesce(', ' || hours || ' h', '') as detail,
        coalesce(cost, hours * $hourly_cost) as value
    from service_costs
    where client_id = $client_id
        and category in ('free_scope', 'rework')
        and year(day) * 4 + quarter(day) - 1 = $q_index
),

demands as (
    select
        year(occurred_at)::varchar || 'Q' || quarter(occurred_at)::varchar as quarter,
        occurred_at::date as day,
        'interaction' as source,
        interaction_id as row_id,
        array_to_string(
            list_filter(tags, lambda t: t in ('deadline_pressure', 'scope_request', 'discount_request')), ', '
        ) || ' (' || channel || ')' as detail,
        sentiment::double as value
    from interactions
    where client_id = $client_id
        and list_has_any(tags, ['deadline_pressure', 'scope_request', 'discount_request'])
        and year(occurred_at) * 4 + quarter(occurred_at) - 1 = $q_index
)

select * from offers
union all select * from free_work
union all select * from demands
order by day, source, row_id
