-- one row per client: who they are and their activity in the quarter $quarter
-- ($q_start .. $q_end) and won revenue in the four quarters ending with it
-- ($year_start .. $q_end), in the reporting currency.
with clients as (select * from clients),

quarter_touches as (
    select
        client_id,
        count(*) as count_touches,
        count(distinct contact_id) as count_contacts_touched
    from interactions
    where occurred_at >= $q_start and occurred_at < $q_end + interval 1 day
    group by client_id
),

won_last_year as (
    select
        client_id,
        sum(amount_base) as revenue_4q
    from deals
    where status = 'won' and closed_on between $year_start and $q_end
    group by client_id
)

select
    -- ids
    c.client_id,
    c.name,
    -- descriptors
    c.segment,
    c.region,
    c.account_manager,
    c.service_tier,
    c.first_seen,
    -- numerics
    coalesce(w.revenue_4q, 0) as revenue_4q,
    coalesce(t.count_touches, 0) as count_touches,
    coalesce(t.count_contacts_touched, 0) as count_contacts_touched
from clients as c
left join quarter_touches as t on t.client_id = c.client_id
left join won_last_year as w on w.client_id = c.client_id
where c.first_seen is null or c.first_seen <= $q_end
order by revenue_4q desc, c.name
