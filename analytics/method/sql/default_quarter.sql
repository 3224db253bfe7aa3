-- the quarter a page or `score` opens on when none is asked for: the last complete
-- quarter (ended before $today) with a won deal or a touch; NULL when there is none
-- (the caller then takes the last quarter with data)
with active as (
    select year(closed_on) * 4 + quarter(closed_on) - 1 as q_index
    from deals
    where status = 'won' and closed_on is not null
    union all
    select year(occurred_at) * 4 + quarter(occurred_at) - 1 from interactions
)

select (max(q_index) // 4)::varchar || 'Q' || (max(q_index) % 4 + 1)::varchar as quarter
from active
where make_date((q_index // 4)::int, (q_index % 4 * 3 + 1)::int, 1) + interval 3 month <= $today
