-- one row per client per quarter: the five dimension scores (50 plus their
-- contributions, clamped to 0..100), the weighted composite, the stage on the
-- continuum and the change since the client's previous quarter.
with grid as (select * from method_client_quarters),

dimension_scores as (
    -- each dimension's points total, from its one row per client and quarter; the five
    -- are joined on the key (each has a row for every row of method_facts, so no client
    -- quarter is lost), which costs less than grouping method_contributions' ~23 rows
    -- per client and quarter
    select
        h.client_id,
        h.q_index,
        greatest(0, least(100, 50 + h.points)) as high_wide,
        greatest(0, least(100, 50 + d.points)) as dialogue,
        greatest(0, least(100, 50 + t.points)) as trust,
        greatest(0, least(100, 50 + b.points)) as balance,
        greatest(0, least(100, 50 + v.points)) as value
    from dimension_high_wide_points as h
    join dimension_dialogue_points as d on d.client_id = h.client_id and d.q_index = h.q_index
    join dimension_trust_points as t on t.client_id = h.client_id and t.q_index = h.q_index
    join dimension_balance_points as b on b.client_id = h.client_id and b.q_index = h.q_index
    join dimension_value_points as v on v.client_id = h.client_id and v.q_index = h.q_index
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
