-- evidence of feedback_silence: the client's voice in the quarter $q_index and the
-- 5 before: touches with an improvement request or a complaint, and feedback answers
with voice_touches as (
    select
        year(occurred_at)::varchar || 'Q' || quarter(occurred_at)::varchar as quarter,
        occurred_at::date as day,
        'interaction' as source,
        interaction_id as row_id,
        array_to_string(list_filter(tags, lambda t: t in ('improvement_request', 'complaint')), ', ')
        || ' (' || channel || ')' as detail,
        sentiment::double as value
    from interactions
    where client_id = $client_id
        and list_has_any(tags, ['improvement_request', 'complaint'])
        and year(occurred_at) * 4 + quarter(occurred_at) - 1 between $q_index - 5 and $q_index
),

feedback_answers as (
    select
        year(received_on)::varchar || 'Q' || quarter(received_on)::varchar as quarter,
        received_on as day,
        'feedback' as source,
        feedback_id as row_id,
        kind || coalesce(': ' || comment, '') as detail,
        score as value
    from feedback
    where client_id = $client_id
        and year(received_on) * 4 + quarter(received_on) - 1 between $q_index - 5 and $q_index
)

select * from voice_touches
union all
select * from feedback_answers
order by day, row_id
