-- one row per client, quarter and component of Dialogue (DOMAIN sections 2, 5, 6):
-- who starts the conversation, whether we are answered, whether the client still
-- speaks up (silence is a drop), and whether we hear news from the client first.
-- The points come from dimension_dialogue_points (one row per client and quarter).
with points as (select * from dimension_dialogue_points),

initiative_part as (
    select
        client_id, q_index, 1 as ordinal, 'client_initiated' as component,
        client_initiated_points as points,
        case
            when touches = 0 then 'no touches this quarter, so no client-initiated share'
            else num(client_initiated) || ' of ' || plural(touches, 'touch', 'touches') || ' started by the client ('
                || pct(initiative_share) || ', ' || pct($dl_initiative_ref) || ' scores 0)'
        end as said
    from points
),

response_part as (
    select
        client_id, q_index, 2, 'response',
        response_points,
        case
            when us_outreach = 0 then 'no outreach from us with a known answer this quarter'
            else num(us_answered) || ' of ' || num(us_outreach) || ' of our messages answered ('
                || pct(response_share) || ', ' || pct($dl_response_ref) || ' scores 0)'
        end
    from points
),

voice_part as (
    select
        client_id, q_index, 3, 'voice',
        voice_points,
        case
            when has_history
                then num(voice) || ' improvement requests, complaints and feedback answers vs '
                || num(round(voice_trailing, 1)) || ' trailing average'
            else num(voice) || ' improvement requests, complaints and feedback answers; '
                || 'no trailing average yet (short history), not scored'
        end
    from points
),

notice_part as (
    select
        client_id, q_index, 4, 'advance_notice',
        advance_notice_points,
        plural(advance_notices, 'advance notice', 'advance notices') || ' from the client vs '
        || plural(learned_from_market, 'thing', 'things') || ' learned from the market'
    from points
),

parts as (
    select * from initiative_part
    union all select * from response_part
    union all select * from voice_part
    union all select * from notice_part
)

select
    p.client_id,
    p.q_index,
    'dialogue' as dimension,
    p.ordinal,
    p.component,
    p.points,
    -- a component the portfolio's data cannot measure says what it needs instead
    case
        when not n.measured then n.label || ': not measured, needs ' || n.needs
        else p.said || ': ' || signed(p.points)
    end as sentence
from parts as p
join method_component_needs as n on n.dimension = 'dialogue' and n.component = p.component
