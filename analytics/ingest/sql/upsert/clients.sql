-- load the checked clients (import_ok) by client_id; a column the file does not have
-- ($has_x false) keeps the stored value
insert into clients (
    client_id, name, segment, industry, region, account_manager, first_seen, service_tier, tax_id, batch_id
)
select
    client_id, name, segment, industry, region, account_manager, first_seen, service_tier, tax_id,
    $batch_id as batch_id
from import_ok
on conflict (client_id) do update set
    name = excluded.name,
    segment = case when $has_segment then excluded.segment else segment end,
    industry = case when $has_industry then excluded.industry else industry end,
    region = case when $has_region then excluded.region else region end,
    account_manager = case when $has_account_manager then excluded.account_manager else account_manager end,
    first_seen = case when $has_first_seen then excluded.first_seen else first_seen end,
    service_tier = case when $has_service_tier then excluded.service_tier else service_tier end,
    tax_id = case when $has_tax_id then excluded.tax_id else tax_id end,
    batch_id = excluded.batch_id
