-- one row per client per quarter: the five dimension scores (50 plus their
-- contributions, clamped to 0..100; NULL when the data measures none of a dimension's
-- components), the weighted composite of the measured dimensions (their weights
-- renormalised), its coverage (the share of the weight measured), the stage on the
-- continuum (provisional below $min_coverage) and the change since the previous quarter.
with grid as (select * from method_client_quarters),

dimension_scores as (
    -- each dimension's points total, from its one row per client and quarter; the five
    -- are joined on the key (each has a row for every row of method_facts, so no client
    -- quarter is lost), which costs less than grouping method_contributions' ~23 rows
    -- per client and quarter
    select
        h.client_id,
        h.q_index,
        case when h.measured then greatest(0, least(100, 50 + coalesce(h.points, 0))) end as high_wide,
        case when d.measured then greatest(0, least(100, 50 + coalesce(d.points, 0))) end as dialogue,
        case when t.measured then greatest(0, least(100, 50 + coalesce(t.points, 0))) end as trust,
        case when b.measured then greatest(0, least(100, 50 + coalesce(b.points, 0))) end as balance,
        case when v.measured then greatest(0, least(100, 50 + coalesce(v.points, 0))) end as value
    from dimension_high_wide_points as h
    join dimension_dialogue_points as d on d.client_id = h.client_id and d.q_index = h.q_index
    join dimension_trust_points as t on t.client_id = h.client_id and t.q_index = h.q_index
    join dimension_balance_points as b on b.client_id = h.client_id and b.q_index = h.q_index
    join dimension_value_points as v on v.client_id = h.client_id and v.q_index = h.q_index
),

weighed as (
    -- the weight of each measured dimension (0 for one not measured)
    select
        *,
        list_sum([
            $weight_high_wide * (high_wide is not null)::int, $weight_dialogue * (dialogue is not null)::int,
            $weight_trust * (trust is not null)::int, $weight_balance * (balance is not null)::int,
            $weight_value * (value is not null)::int
        ]) as measured_weight
    from dimension_scores
),

composite as (
    select
        *,
        round(
            list_sum([
                $weight_high_wide * high_wide, $weight_dialogue * dialogue, $weight_trust * trust,
                $weight_balance * balance, $weight_value * value
            ]) / nullif(measured_weight, 0),
            1
        ) as score,
        measured_weight
        / ($weight_high_wide + $weight_dialogue + $weight_trust + $weight_balance + $weight_value) as coverage
    from weighed
)

select
    -- ids
    g.client_id,
    g.quarter,
    g.q_index,
    -- position
    c.score,
    case
        when c.score is null then null
        when c.score >= $stage_partnership_min then 'partnership'
        when c.score >= $stage_working_trust_min then 'working_trust'
        when c.score >= $stage_rapport_min then 'rapport'
        when c.score >= $stage_contact_min then 'contact'
        else 'strained'
    end as stage,
    round(c.score - lag(c.score) over (partition by g.client_id order by g.q_index), 1) as change,
    c.coverage,
    c.coverage < $min_coverage as provisional,
    -- no deal, touch or cost for dormant_quarters quarters: not placed on the continuum
    f.quiet_quarters >= $dormant_quarters as dormant,
    f.quiet_quarters,
    f.last_active_q,
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
join method_facts as f on f.client_id = g.client_id and f.q_index = g.q_index
