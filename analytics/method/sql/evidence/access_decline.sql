-- evidence of access_decline: every touch with an executive or director of the
-- client in the quarter $q_index and the 4 quarters before (the DELT series)
select
    year(i.occurred_at)::varchar || 'Q' || quarter(i.occurred_at)::varchar as quarter,
    i.occurred_at::date as day,
    'interaction' as source,
    i.interaction_id as row_id,
    k.level || ' ' || coalesce(k.name, k.contact_id) || coalesce(' (' || k.title || ')', '') || ', '
    || i.channel || ', started by ' || coalesce(i.initiated_by, '?')
    || case when i.answered = false then ', unanswered' else '' end as detail,
    null::double as value
from interactions as i
join contacts as k on k.contact_id = i.contact_id and k.client_id = i.client_id
where i.client_id = $client_id
    and k.level in ('executive', 'director')
    and year(i.occurred_at) * 4 + quarter(i.occurred_at) - 1 between $q_index - 4 and $q_index
order by i.occurred_at, i.interaction_id
