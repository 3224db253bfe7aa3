-- one row per client, quarter and component of High and Wide (DOMAIN section 4):
-- the points it adds to the base of 50 and a sentence with the numbers behind it.
with facts as (select * from method_facts),

measures as (
    select
        client_id,
        q_index,
        touches,
        contacts_touched,
        levels_covered,
        delt,
        delt_trailing,
        history_quarters >= $min_history_quarters as has_history,
        top_thread_touches,
        top_thread_contact,
        touches_with_contact,
        top_thread_touches / nullif(touches_with_contact, 0) as thread_share,
        champions_lost,
        champions_lost_text
    from facts
),

contacts_part as (
    select
        client_id, q_index, 1 as ordinal, 'contacts' as component,
        ramp(contacts_touched, $hw_contacts_ref, $hw_contacts_scale, $hw_contacts_points, -1) as points,
        plural(contacts_touched, 'distinct contact', 'distinct contacts') || ' touched (' || num($hw_contacts_ref)
        || ' scores 0)' as said
    from measures
),

levels_part as (
    select
        client_id, q_index, 2, 'levels',
        ramp(levels_covered, $hw_levels_ref, $hw_levels_scale, $hw_levels_points, -1),
        num(levels_covered) || ' of 4 seniority levels covered'
    from measures
),

delt_part as (
    select
        client_id, q_index, 3, 'delt',
        case
            when has_history
                then ramp((delt - delt_trailing) / greatest(delt_trailing, 1), 0, $hw_delt_scale, $hw_delt_points, -1)
            else 0
        end,
        case
            when has_history
                then 'DELT ' || num(delt) || ' this quarter vs ' || num(round(delt_trailing, 1))
                || ' trailing average'
            else 'DELT ' || num(delt) || ' this quarter; no trailing average yet (short history), not scored'
        end
    from measures
),

thread_part as (
    select
        client_id, q_index, 4, 'single_thread',
        coalesce(ramp(thread_share, $hw_thread_share_ref, $hw_thread_scale, -$hw_thread_points, 0), 0),
        case
            when thread_share is null then 'no touches with a named contact below executive level'
            else pct(thread_share) || ' of touches with one contact ('
                || coalesce(top_thread_contact, 'unnamed') || ', ' || num(top_thread_touches)
                || ' of ' || num(touches_with_contact) || '); single-thread risk above '
                || pct($hw_thread_share_ref)
        end
    from measures
),

champion_part as (
    select
        client_id, q_index, 5, 'champion_lost',
        -$hw_champion_lost_points,
        'Champion lost: ' || champions_lost_text
    from measures
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
    client_id,
    q_index,
    'high_wide' as dimension,
    ordinal,
    component,
    points,
    said || ': ' || signed(points) as sentence
from parts
