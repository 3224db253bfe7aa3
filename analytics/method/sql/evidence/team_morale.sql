-- evidence of team_morale: the account team's pulse in the quarter $q_index and
-- the 4 before
select
    quarter,
    null::date as day,
    'team_pulse' as source,
    client_id || '/' || quarter as row_id,
    coalesce(account_manager, 'account team') || coalesce(': ' || note, '') as detail,
    morale::double as value
from team_pulse
where client_id = $client_id
    and regexp_full_match(quarter, '\d{4}Q[1-4]')
    and left(quarter, 4)::int * 4 + right(quarter, 1)::int - 1 between $q_index - 4 and $q_index
    and morale is not null
order by quarter
