-- one row per client, quarter and firing warning signal (DOMAIN section 5 plus
-- the squeeze of seed 004): its measure, severity (the highest of the low /
-- medium / high thresholds the measure reaches), a one-line reason with the
-- numbers and the count of evidence rows that signal_evidence returns.
-- Every signal has a guard so it does not fire on noise: a decline needs a
-- baseline worth declining from.
with facts as (select * from method_facts),

access_decline as (
    -- DELT this quarter against the average of the 4 quarters before
    select
        client_id, q_index, 'access_decline' as signal_id,
        1 - delt / delt_trailing as measure,
        history_quarters >= $min_history_quarters
        and delt_trailing >= $access_decline_min_baseline as eligible,
        'DELT ' || num(delt) || ' this quarter vs ' || num(round(delt_trailing, 1))
        || ' a quarter on average over the ' || num(history_quarters) || ' before ('
        || signed(round(-100 * (1 - delt / delt_trailing))) || '%)'
        || case
            when us_outreach > 0
                then '; ' || num(us_answered) || ' of ' || num(us_outreach) || ' of our messages answered'
            else ''
        end as reason,
        delt_5q as evidence_count
    from facts
),

no_advance_info as (
    -- initiatives learned from the market rather than from the client
    select
        client_id, q_index, 'no_advance_info',
        learned_from_market,
        learned_from_market > advance_notices,
        'learned of ' || plural(learned_from_market, 'client initiative', 'client initiatives') || ' from the market vs '
        || plural(advance_notices, 'advance notice', 'advance notices') || ' from the client this quarter',
        notice_or_market_touches
    from facts
),

revenue_decline as (
    -- won revenue of the last 2 quarters against the 4 before, net of the market;
    -- lasting: both recent quarters are below the base average
    select
        client_id, q_index, 'revenue_decline',
        1 - (revenue_recent / revenue_base) / market_ratio,
        revenue_base_quarters >= $min_history_quarters
        and won_deals_base >= $revenue_decline_min_deals
        and revenue_base > 0
        and market_ratio > 0
        and won_revenue < revenue_base
        and revenue_previous < revenue_base
        -- no won deal of unknown amount (a currency without a rate) in the windows
        and unknown_deals_6q = 0,
        'won revenue ' || signed(round(100 * (revenue_recent / revenue_base - 1)))
        || '% (last 2 quarters vs the 4 before, ' || num(won_deals_base) || ' deals won before) while '
        || market_source || ' moved ' || signed(round(100 * (market_ratio - 1))) || '%: '
        || signed(round(-100 * (1 - (revenue_recent / revenue_base) / market_ratio))) || '% unexplained',
        won_deals_6q
    from facts
),

feedback_silence as (
    -- improvement requests, complaints and feedback answers: last 2 quarters
    -- against the 4 before
    select
        client_id, q_index, 'feedback_silence',
        1 - voice_recent / voice_base,
        base_quarters >= $min_history_quarters and voice_base >= $feedback_silence_min_baseline,
        num(round(voice_recent, 1)) || ' improvement requests, complaints and feedback answers a quarter '
        || 'in the last 2 quarters vs ' || num(round(voice_base, 1)) || ' in the 4 before ('
        || signed(round(-100 * (1 - voice_recent / voice_base))) || '%)',
        voice_6q
    from facts
),

micromanagement as (
    -- share of the quarter's touches that are status requests
    select
        client_id, q_index, 'micromanagement',
        status_requests / touches,
        status_requests >= $micromanagement_min_requests,
        num(status_requests) || ' status requests in ' || num(touches) || ' touches ('
        || pct(status_requests / touches) || ') and ' || plural(escalations, 'escalation', 'escalations') || ' this quarter',
        status_or_escalation_touches
    from facts
    where touches > 0
),

team_morale as (
    -- the account team's morale against its average of the 4 quarters before
    select
        client_id, q_index, 'team_morale',
        morale_trailing - morale,
        pulses_prior >= $min_history_quarters and morale <= $team_morale_max,
        'account team morale ' || num(morale) || '/5 this quarter vs ' || num(round(morale_trailing, 1))
        || ' on average before (' || replace(printf('%+.1f', morale - morale_trailing), '-', '−') || ')',
        pulses_5q
    from facts
    where morale is not null
),

squeeze_pressures as (
    select
        *,
        discount_sum / nullif(discount_n, 0) as discount_avg,
        discount_sum_prior / nullif(discount_n_prior, 0) as discount_prior,
        coalesce(
            discount_sum / nullif(discount_n, 0) - discount_sum_prior / nullif(discount_n_prior, 0)
            >= $squeeze_discount_rise, false
        ) as discount_rising,
        coalesce(
            cost_free_rework / nullif(cost_to_serve, 0) >= $squeeze_free_share
            and free_rework_rows >= $squeeze_min_cost_rows, false
        ) as free_work,
        coalesce(deadline_pressure / nullif(touches, 0) >= $squeeze_deadline_share, false) as deadlines,
        coalesce(scope_or_discount_requests / nullif(touches, 0) >= $squeeze_request_share, false)
            as demands
    from facts
),

squeeze as (
    -- LOSE-WIN pressure: how many of four pressures are present this quarter
    select
        client_id, q_index, 'squeeze',
        discount_rising::int + free_work::int + deadlines::int + demands::int,
        true,
        num(discount_rising::int + free_work::int + deadlines::int + demands::int) || ' of 4 pressures: '
        || concat_ws('; ',
            case when discount_rising then 'discount ' || printf('%.1f', discount_avg) || '% vs '
                || printf('%.1f', discount_prior) || '% before' end,
            case when free_work then 'free scope and rework ' || pct(cost_free_rework / cost_to_serve)
                || ' of cost to serve' end,
            case when deadlines then 'deadline pressure in ' || pct(deadline_pressure / touches)
                || ' of touches' end,
            case when demands then 'scope or discount requests in '
                || pct(scope_or_discount_requests / touches) || ' of touches' end
        ),
        deals_created_5q + free_rework_rows + pressure_touches
    from squeeze_pressures
),

measured as (
    select * from access_decline
    union all select * from no_advance_info
    union all select * from revenue_decline
    union all select * from feedback_silence
    union all select * from micromanagement
    union all select * from team_morale
    union all select * from squeeze
),

thresholds as (
    select * from (values
        ('access_decline', $access_decline_low, $access_decline_medium, $access_decline_high),
        ('no_advance_info', $no_advance_info_low, $no_advance_info_medium, $no_advance_info_high),
        ('revenue_decline', $revenue_decline_low, $revenue_decline_medium, $revenue_decline_high),
        ('feedback_silence', $feedback_silence_low, $feedback_silence_medium, $feedback_silence_high),
        ('micromanagement', $micromanagement_low, $micromanagement_medium, $micromanagement_high),
        ('team_morale', $team_morale_low, $team_morale_medium, $team_morale_high),
        ('squeeze', $squeeze_low, $squeeze_medium, $squeeze_high)
    ) as t (signal_id, low, medium, high)
)

select
    m.client_id,
    m.q_index,
    m.signal_id,
    round(m.measure, 4) as measure,
    case
        when round(m.measure, 6) >= t.high then 'high'
        when round(m.measure, 6) >= t.medium then 'medium'
        else 'low'
    end as severity,
    m.reason,
    m.evidence_count
from measured as m
join thresholds as t on t.signal_id = m.signal_id
where m.eligible and round(m.measure, 6) >= t.low
