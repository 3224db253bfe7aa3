-- one row per client per quarter: the five dimension scores (50 plus their
-- contributions, clamped to 0..100), the weighted composite, the stage on the
-- continuum and the change since the client's previous quarter.
with contributions as (select * from method_contributions),

grid as (select * from method_client_quarters),

dimension_scores as (
    select
        client_id,
        q_index,
        greatest(0, least(100, 50 + sum(points) filter (where dimension = 'high_wide'))) as high_wide,
        greatest(0, least(100, 50 + sum(points) filter (where dimension = 'dialogue'))) as dialogue,
        greatest(0, least(100, 50 + sum(points) filter (where dimension = 'trust'))) as trust,
        greatest(0, least(100, 50 + sum(points) filter (where dimension = 'balance'))) as balance,
        greatest(0, least(100, 50 + sum(points) filter (where dimension = 'value'))) as value
    from contributions
    group by client_id, q_index
),

composite as (
    select
        *,
        round(
            (
                $weight_high_wide * high_wide + $weight_dialogue * dialogue + $weight_trust * trust
                + $weight_balance * balance + $weight_value * value
            ) / ($weight_high_wide + $weight_dialogue + $weight_trust + $weight_balance + $weight_value),
            1
        ) as score
    from dimension_scores
)

select
    -- ids
    g.client_id,
    g.quarter,
    g.q_index,
    -- position
    c.score,
    case
        when c.score >= $stage_partnership_min then 'partnership'
        when c.score >= $stage_working_trust_min then 'working_trust'
        when c.score >= $stage_rapport_min then 'rapport'
        when c.score >= $stage_contact_min then 'contact'
        else 'strained'
    end as stage,
    round(c.score - lag(c.score) over (partition by g.client_id order by g.q_index), 1) as change,
    g.is_new,
    g.tenure_quarters,
    -- dimensions
    c.high_wide,
    c.dialogue,
    c.trust,
    c.balance,
    c.value
from grid as g
join composite as c on c.client_id = g.client_id and c.q_index = g.q_index
