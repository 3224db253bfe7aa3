-- The lower bound for any scoring: read every column the method reads from each
-- raw table once and group it by client and quarter, with no logic at all.
-- One row per client, quarter and source table.
with touches as (
    select
        i.client_id,
        year(i.occurred_at) * 4 + quarter(i.occurred_at) - 1 as q_index,
        'interactions' as source,
        count(*) as n,
        count(i.contact_id) as count_values,
        sum(len(i.tags) + coalesce(i.sentiment, 0) + i.answered::int
            + (i.initiated_by = 'client')::int + (k.level = 'executive')::int
            + length(i.channel)) as checksum
    from interactions as i
    left join contacts as k on k.contact_id = i.contact_id
    group by all
),

deal_rows as (
    select
        client_id,
        year(coalesce(closed_on, created_on)) * 4
        + quarter(coalesce(closed_on, created_on)) - 1 as q_index,
        'deals' as source,
        count(*) as n,
        count(status) as count_values,
        sum(coalesce(amount_base, 0) + coalesce(discount_pct, 0)) as checksum
    from deals
    group by all
),

feedback_rows as (
    select
        client_id,
        year(received_on) * 4 + quarter(received_on) - 1 as q_index,
        'feedback' as source,
        count(*) as n,
        count(kind) as count_values,
        sum(coalesce(score, 0)) as checksum
    from feedback
    group by all
),

cost_rows as (
    select
        client_id,
        year(day) * 4 + quarter(day) - 1 as q_index,
        'service_costs' as source,
        count(*) as n,
        count(category) as count_values,
        sum(cost + hours) as checksum
    from service_costs
    group by all
),

pulse_rows as (
    select
        client_id,
        0 as q_index,
        'team_pulse' as source,
        count(*) as n,
        count(quarter) as count_values,
        sum(morale) as checksum
    from team_pulse
    group by all
)

select * from touches
union all select * from deal_rows
union all select * from feedback_rows
union all select * from cost_rows
union all select * from pulse_rows
