-- one row per client, quarter and component of Dialogue (DOMAIN sections 2, 5, 6):
-- who starts the conversation, whether we are answered, whether the client still
-- speaks up (silence is a drop), and whether we hear news from the client first.
with facts as (select * from method_facts),

measures as (
    select
        client_id,
        q_index,
        touches,
        client_initiated,
        client_initiated / nullif(touches, 0) as initiative_share,
        us_outreach,
        us_answered,
        us_answered / nullif(us_outreach, 0) as response_share,
        voice,
        voice_trailing,
        history_quarters >= $min_history_quarters as has_history,
        advance_notices,
        learned_from_market
    from facts
),

initiative_part as (
    select
        client_id, q_index, 1 as ordinal, 'client_initiated' as component,
        coalesce(ramp(initiative_share, $dl_initiative_ref, $dl_initiative_scale, $dl_initiative_points, -1), 0)
            as points,
        case
            when touches = 0 then 'no touches this quarter, so no client-initiated share'
            else num(client_initiated) || ' of ' || plural(touches, 'touch', 'touches') || ' started by the client ('
                || pct(initiative_share) || ', ' || pct($dl_initiative_ref) || ' scores 0)'
        end as said
    from measures
),

response_part as (
    select
        client_id, q_index, 2, 'response',
        coalesce(ramp(response_share, $dl_response_ref, $dl_response_scale, $dl_response_points, -1), 0),
        case
            when us_outreach = 0 then 'no outreach from us with a known answer this quarter'
            else num(us_answered) || ' of ' || num(us_outreach) || ' of our messages answered ('
                || pct(response_share) || ', ' || pct($dl_response_ref) || ' scores 0)'
        end
    from measures
),

voice_part as (
    select
        client_id, q_index, 3, 'voice',
        case
            when has_history
                then ramp((voice - voice_trailing) / greatest(voice_trailing, 1), 0, $dl_voice_scale, $dl_voice_points, -1)
            else 0
        end,
        case
            when has_history
                then num(voice) || ' improvement requests, complaints and feedback answers vs '
                || num(round(voice_trailing, 1)) || ' trailing average'
            else num(voice) || ' improvement requests, complaints and feedback answers; '
                || 'no trailing average yet (short history), not scored'
        end
    from measures
),

notice_part as (
    select
        client_id, q_index, 4, 'advance_notice',
        ramp(advance_notices - learned_from_market, 0, $dl_notice_scale, $dl_notice_points, -1),
        plural(advance_notices, 'advance notice', 'advance notices') || ' from the client vs '
        || plural(learned_from_market, 'thing', 'things') || ' learned from the market'
    from measures
),

parts as (
    select * from initiative_part
    union all select * from response_part
    union all select * from voice_part
    union all select * from notice_part
)

select
    client_id,
    q_index,
    'dialogue' as dimension,
    ordinal,
    component,
    points,
    said || ': ' || signed(points) as sentence
from parts
