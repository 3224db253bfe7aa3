-- one row per client, quarter and component of High and Wide (DOMAIN section 4):
-- the points it adds to the base of 50 and a sentence with the numbers behind it.
-- The points come from dimension_high_wide_points (one row per client and quarter).
with points as (select * from dimension_high_wide_points),

contacts_part as (
    select
        client_id, q_index, 1 as ordinal, 'contacts' as component,
        contacts_points as points,
        plural(contacts_touched, 'distinct contact', 'distinct contacts') || ' touched (' || num($hw_contacts_ref)
        || ' scores 0)' as said
    from points
),

levels_part as (
    select
        client_id, q_index, 2, 'levels',
        levels_points,
        num(levels_covered) || ' of 4 seniority levels covered'
    from points
),

delt_part as (
    select
        client_id, q_index, 3, 'delt',
        delt_points,
        case
            when has_history
                then 'DELT ' || num(delt) || ' this quarter vs ' || num(round(delt_trailing, 1))
                || ' trailing average'
            else 'DELT ' || num(delt) || ' this quarter; no trailing average yet (short history), not scored'
        end
    from points
),

thread_part as (
    select
        client_id, q_index, 4, 'single_thread',
        single_thread_points,
        case
            when thread_share is null then 'no touches with a named contact below executive level'
            else pct(thread_share) || ' of touches with one contact ('
                || coalesce(top_thread_contact, 'unnamed') || ', ' || num(top_thread_touches)
                || ' of ' || num(touches_with_contact) || '); single-thread risk above '
                || pct($hw_thread_share_ref)
        end
    from points
),

champion_part as (
    select
        client_id, q_index, 5, 'champion_lost',
        champion_lost_points,
        'Champion lost: ' || champions_lost_text
    from points
    where champions_lost > 0
),

parts as (
    select * from contacts_part
    union all select * from levels_part
    union all select * from delt_part
    union all select * from thread_part
    union all select * from champion_part
)

select
    p.client_id,
    p.q_index,
    'high_wide' as dimension,
    p.ordinal,
    p.component,
    p.points,
    -- a component the portfolio's data cannot measure says what it needs instead
    case
        when not n.measured then n.label || ': not measured, needs ' || n.needs
        else p.said || ': ' || signed(p.points)
    end as sentence
from parts as p
join method_component_needs as n on n.dimension = 'high_wide' and n.component = p.component
