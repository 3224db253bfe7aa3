-- one row per client per quarter (the grid of method_client_quarters): every
-- count, sum and trailing window the dimensions, signals and value read.
-- "The 4 quarters before" means the 4 calendar quarters before, counting only
-- quarters the client existed in. The grid holds every quarter of a client from
-- its start to the portfolio's last, with no gaps (tests/test_method_facts_grid.py),
-- so a frame of N rows is a frame of N quarters: rows frames give what range
-- frames over q_index give, at half the cost. Sums of doubles are exact_sum
-- (analytics/method/sql/macros.sql), so that every run gives the same scores.
with grid as (select * from method_client_quarters),

contact_touches as (
    -- touches per client, quarter and contact: only the keys are grouped here,
    -- the tag counts are added up per client and quarter in touch_summary
    select
        client_id,
        year(occurred_at) * 4 + quarter(occurred_at) - 1 as q_index,
        contact_id,
        count(*) as touches
    from interactions
    group by all
),

per_contact as (
    -- the contact's level (null when the contact is unknown for this client)
    select
        ct.*,
        k.level
    from contact_touches as ct
    left join contacts as k
        on k.contact_id = ct.contact_id and k.client_id = ct.client_id
),

-- a complaint is resolved when a later touch of the same client (not itself a
-- complaint) is positive (sentiment >= 1 or praise) within $tr_resolve_days days
-- and within the complaint's quarter: judged as of the quarter's end.
-- Only complaints and positive touches are read here.
complaint_or_positive as (
    select
        client_id,
        year(occurred_at) * 4 + quarter(occurred_at) - 1 as q_index,
        interaction_id,
        occurred_at,
        is_complaint
    from (
        select
            client_id,
            interaction_id,
            occurred_at,
            sentiment,
            list_contains(tags, 'complaint') as is_complaint,
            list_contains(tags, 'praise') as is_praise
        from interactions
    )
    where is_complaint or sentiment >= 1 or is_praise
),

complaint_status as (
    -- "later" is the order (occurred_at, interaction_id). The first positive touch
    -- after a complaint is within the window exactly when any positive touch after
    -- it is, so a semi join on the client and quarter replaces a window sorted over
    -- every complaint and positive touch
    select
        client_id,
        q_index,
        count(*) filter (where resolved) as count_resolved,
        count(*) filter (where not resolved) as count_unresolved
    from (
        select
            c.client_id,
            c.q_index,
            exists (
                select 1
                from complaint_or_positive as p
                where
                    not p.is_complaint
                    and p.client_id = c.client_id
                    and p.q_index = c.q_index
                    and (
                        p.occurred_at > c.occurred_at
                        or (p.occurred_at = c.occurred_at and p.interaction_id > c.interaction_id)
                    )
                    and p.occurred_at <= c.occurred_at + to_days($tr_resolve_days::int)
            ) as resolved
        from complaint_or_positive as c
        where c.is_complaint
    )
    group by client_id, q_index
),

contact_summary as (
    -- per client and quarter from the per-contact rows, in one pass. Single-thread
    -- risk is measured among contacts below executive level: an executive sponsor
    -- is the remedy DOMAIN section 4 recommends. contact_id is the key of
    -- contacts, so a contact has one level and its per-contact rows count the
    -- distinct contacts touched
    select
        client_id,
        q_index,
        count(*) filter (where contact_id is not null) as contacts_touched,
        max(touches) filter (
            where contact_id is not null and coalesce(level, '') <> 'executive'
        ) as top_thread_touches,
        -- ties go to the first contact_id, so the name is the same on every run
        arg_min(contact_id, (-touches, contact_id)) filter (
            where contact_id is not null and coalesce(level, '') <> 'executive'
        ) as top_thread_contact_id,
        -- the per-contact touches added up (cast back to the bigint a count gives)
        coalesce(sum(touches) filter (where contact_id is not null), 0)::bigint
            as touches_with_contact,
        -- the levels present (contacts.level is one of these four or null)
        (count(*) filter (where level = 'executive') > 0)::int
        + (count(*) filter (where level = 'director') > 0)::int
        + (count(*) filter (where level = 'manager') > 0)::int
        + (count(*) filter (where level = 'staff') > 0)::int as levels_covered,
        coalesce(sum(touches) filter (where level in ('executive', 'director')), 0)::bigint
            as delt
    from per_contact
    group by client_id, q_index
),

touch_summary as (
    -- each tag read once per interaction, counted per client and quarter
    select
        client_id,
        q_index,
        count(*) as touches,
        count(*) filter (where initiated_by = 'client') as client_initiated,
        count(*) filter (where initiated_by = 'us' and answered is not null) as us_outreach,
        count(*) filter (where initiated_by = 'us' and answered) as us_answered,
        count(*) filter (where not is_complaint) as other_touches,
        sum(sentiment) filter (where not is_complaint) as sentiment_sum,
        count(sentiment) filter (where not is_complaint) as sentiment_n,
        count(*) filter (where is_complaint) as complaints,
        count(*) filter (where is_praise) as praise,
        count(*) filter (where is_improvement_request) as improvement_requests,
        count(*) filter (where is_improvement_request or is_complaint) as voice_touches,
        count(*) filter (where is_referral) as referrals,
        count(*) filter (where is_advance_notice) as advance_notices,
        count(*) filter (where is_learned_from_market) as learned_from_market,
        count(*) filter (where is_advance_notice or is_learned_from_market)
            as notice_or_market_touches,
        count(*) filter (where is_status_request) as status_requests,
        count(*) filter (where is_escalation) as escalations,
        count(*) filter (where is_status_request or is_escalation)
            as status_or_escalation_touches,
        count(*) filter (where is_deadline_pressure) as deadline_pressure,
        count(*) filter (where is_scope_request or is_discount_request)
            as scope_or_discount_requests,
        count(*) filter (
            where is_deadline_pressure or is_scope_request or is_discount_request
        ) as pressure_touches,
        count(*) filter (where channel in ('workshop', 'event')) as workshops_events
    from (
        select
            client_id,
            year(occurred_at) * 4 + quarter(occurred_at) - 1 as q_index,
            channel,
            initiated_by,
            answered,
            sentiment,
            list_contains(tags, 'complaint') as is_complaint,
            list_contains(tags, 'praise') as is_praise,
            list_contains(tags, 'improvement_request') as is_improvement_request,
            list_contains(tags, 'referral') as is_referral,
            list_contains(tags, 'advance_notice') as is_advance_notice,
            list_contains(tags, 'learned_from_market') as is_learned_from_market,
            list_contains(tags, 'status_request') as is_status_request,
            list_contains(tags, 'escalation') as is_escalation,
            list_contains(tags, 'deadline_pressure') as is_deadline_pressure,
            list_contains(tags, 'scope_request') as is_scope_request,
            list_contains(tags, 'discount_request') as is_discount_request
        from interactions
    )
    group by client_id, q_index
),

feedback_summary as (
    -- NPS is 0-10, CSAT / survey / interview scores 1-5; both are put on 0-1
    select
        client_id,
        year(received_on) * 4 + quarter(received_on) - 1 as q_index,
        count(*) as feedback_rows,
        count(score) as feedback_scored,
        exact_sum(
            case
                when kind = 'nps' then greatest(0, least(1, score / 10))
                else greatest(0, least(1, (score - 1) / 4))
            end
        ) as feedback_norm_sum
    from feedback
    group by all
),

reporting as (
    -- the reporting currency (a text setting): its own amounts convert at 1
    select coalesce(max(value), 'EUR') as currency from settings where key = 'reporting_currency'
),

deal_rows as (
    -- revenue in the reporting currency: amount x the rate of the deal's quarter
    -- (fx_rate_ranges, migration 0007), the reporting currency at 1; a currency without
    -- a rate falls back to the amount_base the import stored, and without one the
    -- amount is unknown (NULL), never 0
    select
        d.deal_id,
        d.client_id,
        d.status,
        d.discount_pct,
        d.amount,
        coalesce(
            d.amount * fx.rate_to_base, case when d.currency = r.currency then d.amount end, d.amount_base
        ) as amount_in_base,
        year(d.closed_on) * 4 + quarter(d.closed_on) - 1 as closed_q,
        year(d.created_on) * 4 + quarter(d.created_on) - 1 as created_q
    from deals as d
    cross join reporting as r
    left join fx_rate_ranges as fx on fx.currency = d.currency
        and deal_rate_q(d.closed_on, d.created_on) between fx.q_from and fx.q_to
),

won_summary as (
    select
        client_id,
        closed_q as q_index,
        exact_sum(amount_in_base) as won_revenue,
        count(*) as won_deals,
        count(*) filter (where amount is not null and amount_in_base is null) as unknown_won_deals
    from deal_rows
    where status = 'won' and closed_q is not null
    group by all
),

offer_summary as (
    select
        client_id,
        created_q as q_index,
        count(*) as deals_created,
        exact_sum(discount_pct) as discount_sum,
        count(discount_pct) as discount_n
    from deal_rows
    where created_q is not null
    group by all
),

cost_summary as (
    select
        client_id,
        year(day) * 4 + quarter(day) - 1 as q_index,
        exact_sum(coalesce(cost, hours * $hourly_cost)) as cost_to_serve,
        exact_sum(
            case when category in ('free_scope', 'rework') then coalesce(cost, hours * $hourly_cost) end
        ) as cost_free_rework,
        count(*) filter (where category in ('free_scope', 'rework')) as free_rework_rows
    from service_costs
    group by all
),

pulse as (
    select
        client_id,
        left(quarter, 4)::int * 4 + right(quarter, 1)::int - 1 as q_index,
        morale
    from team_pulse
    where regexp_full_match(quarter, '\d{4}Q[1-4]')
),

champions_lost as (
    select
        client_id,
        year(active_to) * 4 + quarter(active_to) - 1 as q_index,
        count(*) as champions_lost,
        string_agg(
            coalesce(name, contact_id) || coalesce(' (' || title || ')', '')
            || ' left on ' || strftime(active_to, '%Y-%m-%d'),
            '; ' order by active_to, contact_id
        ) as champions_lost_text
    from contacts
    where is_champion and active_to is not null
    group by all
),

deal_activity as (
    -- the quarters with a deal (closed, or created when still open); with a touch
    -- (touch_summary) or a cost (cost_summary) they are the client's active quarters:
    -- a client without any for dormant_quarters quarters is dormant
    select client_id, q_index, count(*) as deal_rows
    from (
        select client_id, case when status = 'open' then created_q else coalesce(closed_q, created_q) end as q_index
        from deal_rows
    )
    where q_index is not null
    group by all
),

market as (
    select
        segment,
        left(quarter, 4)::int * 4 + right(quarter, 1)::int - 1 as q_index,
        index as market_index
    from market_trend
    where regexp_full_match(quarter, '\d{4}Q[1-4]')
),

joined as (
    select
        g.*,
        coalesce(t.touches, 0) as touches,
        coalesce(ls.touches_with_contact, 0) as touches_with_contact,
        coalesce(ls.contacts_touched, 0) as contacts_touched,
        coalesce(ls.levels_covered, 0) as levels_covered,
        coalesce(ls.delt, 0) as delt,
        coalesce(t.client_initiated, 0) as client_initiated,
        coalesce(t.us_outreach, 0) as us_outreach,
        coalesce(t.us_answered, 0) as us_answered,
        coalesce(t.other_touches, 0) as other_touches,
        t.sentiment_sum,
        coalesce(t.sentiment_n, 0) as sentiment_n,
        coalesce(t.complaints, 0) as complaints,
        coalesce(cs.count_resolved, 0) as complaints_resolved,
        coalesce(cs.count_unresolved, 0) as complaints_unresolved,
        coalesce(t.praise, 0) as praise,
        coalesce(t.improvement_requests, 0) as improvement_requests,
        coalesce(t.voice_touches, 0) + coalesce(f.feedback_rows, 0) as voice,
        coalesce(t.referrals, 0) as referrals,
        coalesce(t.advance_notices, 0) as advance_notices,
        coalesce(t.learned_from_market, 0) as learned_from_market,
        coalesce(t.notice_or_market_touches, 0) as notice_or_market_touches,
        coalesce(t.status_requests, 0) as status_requests,
        coalesce(t.escalations, 0) as escalations,
        coalesce(t.status_or_escalation_touches, 0) as status_or_escalation_touches,
        coalesce(t.deadline_pressure, 0) as deadline_pressure,
        coalesce(t.scope_or_discount_requests, 0) as scope_or_discount_requests,
        coalesce(t.pressure_touches, 0) as pressure_touches,
        coalesce(t.workshops_events, 0) as workshops_events,
        ls.top_thread_touches,
        ls.top_thread_contact_id,
        coalesce(f.feedback_scored, 0) as feedback_scored,
        coalesce(f.feedback_norm_sum, 0) as feedback_norm_sum,
        coalesce(w.won_revenue, 0) as won_revenue,
        coalesce(w.won_deals, 0) as won_deals,
        coalesce(w.unknown_won_deals, 0) as unknown_won_deals,
        coalesce(o.deals_created, 0) as deals_created,
        coalesce(o.discount_sum, 0) as discount_sum,
        coalesce(o.discount_n, 0) as discount_n,
        coalesce(c.cost_to_serve, 0) as cost_to_serve,
        coalesce(c.cost_free_rework, 0) as cost_free_rework,
        coalesce(c.free_rework_rows, 0) as free_rework_rows,
        p.morale,
        coalesce(cl.champions_lost, 0) as champions_lost,
        cl.champions_lost_text,
        m.market_index,
        coalesce(t.touches, 0) > 0 or a.client_id is not null or c.client_id is not null as active,
        fw.first_won_q
    from grid as g
    -- the portfolio's first quarter with a won deal: revenue windows start there, so a
    -- quarter the deals export does not cover (engagements only) is no zero of revenue
    cross join (select min(q_index) as first_won_q from won_summary) as fw
    left join touch_summary as t on t.client_id = g.client_id and t.q_index = g.q_index
    left join complaint_status as cs on cs.client_id = g.client_id and cs.q_index = g.q_index
    left join contact_summary as ls on ls.client_id = g.client_id and ls.q_index = g.q_index
    left join feedback_summary as f on f.client_id = g.client_id and f.q_index = g.q_index
    left join won_summary as w on w.client_id = g.client_id and w.q_index = g.q_index
    left join offer_summary as o on o.client_id = g.client_id and o.q_index = g.q_index
    left join cost_summary as c on c.client_id = g.client_id and c.q_index = g.q_index
    left join pulse as p on p.client_id = g.client_id and p.q_index = g.q_index
    left join deal_activity as a on a.client_id = g.client_id and a.q_index = g.q_index
    left join champions_lost as cl on cl.client_id = g.client_id and cl.q_index = g.q_index
    left join market as m on m.segment = g.segment and m.q_index = g.q_index
),

segment_quarters as (
    -- the segment's own won revenue per quarter: the market when market_trend has no rows
    select segment, q_index, exact_sum(won_revenue) as segment_revenue
    from joined
    group by segment, q_index
),

windowed as (
    select
        j.*,
        -- the 4 quarters before this one
        count(*) over prior4 as history_quarters,
        avg(j.delt) over prior4 as delt_trailing,
        avg(j.voice) over prior4 as voice_trailing,
        sum(j.discount_sum) over prior4 as discount_sum_prior,
        sum(j.discount_n) over prior4 as discount_n_prior,
        avg(j.morale) over prior4 as morale_trailing,
        count(j.morale) over prior4 as pulses_prior,
        -- recent (this and the previous quarter) against the 4 quarters before them
        avg(j.won_revenue) over recent2 as revenue_recent,
        lag(j.won_revenue) over by_q as revenue_previous,
        avg(case when j.q_index >= j.first_won_q then j.won_revenue end) over base4 as revenue_base,
        count(case when j.q_index >= j.first_won_q then 1 end) over base4 as revenue_base_quarters,
        sum(j.won_deals) over base4 as won_deals_base,
        count(*) over base4 as base_quarters,
        count(*) over recent2 as recent_quarters,
        -- the last quarter with activity up to this one, and the quarters of silence since
        -- (every quarter of the client so far, when it never had any)
        max(case when j.active then j.q_index end) over to_date as last_active_q,
        coalesce(j.q_index - max(case when j.active then j.q_index end) over to_date, count(*) over to_date)
            as quiet_quarters,
        avg(j.market_index) over recent2 as market_recent,
        avg(j.market_index) over base4 as market_base,
        avg(j.voice) over recent2 as voice_recent,
        avg(j.voice) over base4 as voice_base,
        -- the 4 quarters ending with this one (value, LTV, feedback scores)
        count(*) over last4 as active_quarters_4q,
        sum(j.won_revenue) over last4 as revenue_4q,
        -- won deals of unknown amount (no exchange rate): the revenue of the window is unknown
        sum(j.unknown_won_deals) over last4 as unknown_deals_4q,
        sum(j.unknown_won_deals) over last6 as unknown_deals_6q,
        sum(j.cost_to_serve) over last4 as cost_4q,
        sum(j.feedback_norm_sum) over last4 as feedback_norm_sum_4q,
        sum(j.feedback_scored) over last4 as feedback_scored_4q,
        sum(j.referrals) over last4 as referrals_4q,
        sum(j.improvement_requests + j.workshops_events) over last4 as strategic_4q,
        -- evidence row counts (the evidence queries return exactly these rows)
        sum(j.delt) over last5 as delt_5q,
        sum(j.deals_created) over last5 as deals_created_5q,
        count(j.morale) over last5 as pulses_5q,
        sum(j.won_deals) over last6 as won_deals_6q,
        sum(j.voice) over last6 as voice_6q
    from joined as j
    window
        by_q as (partition by j.client_id order by j.q_index),
        to_date as (partition by j.client_id order by j.q_index rows between unbounded preceding and current row),
        prior4 as (partition by j.client_id order by j.q_index rows between 4 preceding and 1 preceding),
        recent2 as (partition by j.client_id order by j.q_index rows between 1 preceding and current row),
        base4 as (partition by j.client_id order by j.q_index rows between 5 preceding and 2 preceding),
        last4 as (partition by j.client_id order by j.q_index rows between 3 preceding and current row),
        last5 as (partition by j.client_id order by j.q_index rows between 4 preceding and current row),
        last6 as (partition by j.client_id order by j.q_index rows between 5 preceding and current row)
),

segment_revenue as (
    -- the segment's revenue over the client's own windows, quarter for quarter: its
    -- recent quarters and its base quarters (a quarter before the client started is in
    -- neither, so a segment quarter without deals never weighs on one side only).
    -- Averages of exact sums, so every run gives the same ratio
    select
        w.client_id,
        w.q_index,
        exact_sum(case when s.q_index > w.q_index - w.recent_quarters then s.segment_revenue end)
        / nullif(count(*) filter (where s.q_index > w.q_index - w.recent_quarters), 0) as segment_recent,
        exact_sum(
            case when s.q_index between w.q_index - 1 - w.revenue_base_quarters and w.q_index - 2
                then s.segment_revenue end
        )
        / nullif(
            count(*) filter (where s.q_index between w.q_index - 1 - w.revenue_base_quarters and w.q_index - 2), 0
        )
            as segment_base
    from windowed as w
    join segment_quarters as s
        on s.segment is not distinct from w.segment and s.q_index between w.q_index - 5 and w.q_index
    group by w.client_id, w.q_index
)

select
    w.*,
    s.segment_recent,
    s.segment_base,
    -- the market's growth over the same windows: market_trend, else the segment
    coalesce(
        w.market_recent / nullif(w.market_base, 0),
        s.segment_recent / nullif(s.segment_base, 0)
    ) as market_ratio,
    case
        when w.market_recent is not null and w.market_base is not null then 'market trend'
        else 'segment revenue'
    end as market_source,
    k.name as top_thread_contact
from windowed as w
left join segment_revenue as s on s.client_id = w.client_id and s.q_index = w.q_index
left join contacts as k on k.contact_id = w.top_thread_contact_id
