-- one row for the client $client_id: who they are and who looks after them
with clients as (select * from clients)

select
    -- ids
    client_id,
    name,
    -- descriptors
    segment,
    industry,
    region,
    account_manager,
    service_tier,
    first_seen
from clients
where client_id = $client_id
