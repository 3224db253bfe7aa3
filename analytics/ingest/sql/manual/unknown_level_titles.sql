-- one row per job title of the contacts whose level is not known (no rule matched the
-- title, or there is no title), most contacts first: where a seniority rule would help
select
    coalesce(nullif(trim(title), ''), '(no title)') as title,
    count(*) as count_contacts,
    count(distinct client_id) as count_clients
from contacts
where level is null
group by 1
order by count_contacts desc, title
