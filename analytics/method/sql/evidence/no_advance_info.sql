-- evidence of no_advance_info: the quarter's touches tagged learned_from_market
-- or advance_notice
select
    year(occurred_at)::varchar || 'Q' || quarter(occurred_at)::varchar as quarter,
    occurred_at::date as day,
    'interaction' as source,
    interaction_id as row_id,
    array_to_string(list_filter(tags, lambda t: t in ('learned_from_market', 'advance_notice')), ', ')
    || ' (' || channel || ')' || coalesce(': ' || notes, '') as detail,
    null::double as value
from interactions
where client_id = $client_id
    and list_has_any(tags, ['learned_from_market', 'advance_notice'])
    and year(occurred_at) * 4 + quarter(occurred_at) - 1 = $q_index
order by occurred_at, interaction_id
