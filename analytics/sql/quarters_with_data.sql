-- one row per quarter that has any interaction, deal or cost, oldest first
with activity_days as (
    select occurred_at::date as day from interactions
    union all
    select coalesce(closed_on, created_on) as day from deals
    union all
    select day from service_costs
),

quarters as (
    select distinct
        year(day)::varchar || 'Q' || quarter(day)::varchar as quarter
    from activity_days
    where day is not null
)

select quarter from quarters order by quarter
