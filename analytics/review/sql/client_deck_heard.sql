-- what $client_id told us in the quarter $q_start..$q_end: each distinct feedback
-- comment with its latest day and kind (no scores: the client deck shows words), and
-- how many improvement requests and complaints the touches of the quarter carried
with feedback as (
    select * from feedback
    where client_id = $client_id and received_on between $q_start and $q_end
        and nullif(trim(comment), '') is not null
),

interactions as (
    select * from interactions
    where client_id = $client_id and occurred_at::date between $q_start and $q_end
),

requests as (
    select
        count(*) filter (where list_contains(tags, 'improvement_request')) as count_requests,
        count(*) filter (where list_contains(tags, 'complaint')) as count_complaints
    from interactions
)

select
    f.comment,
    max(f.received_on) as received_on,
    count(*) as count_times,
    (select count_requests from requests) as count_requests,
    (select count_complaints from requests) as count_complaints
from (select comment, received_on from feedback union all select null, null where not exists (select 1 from feedback)) as f
group by f.comment
order by received_on desc nulls last, f.comment
