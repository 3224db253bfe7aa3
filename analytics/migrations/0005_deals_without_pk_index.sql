-- 0005: deals without the PRIMARY KEY index on deal_id (issue 7: import speed).
-- Keeping that index up to date doubles the cost of loading a million deals. deal_id
-- stays unique: the importer is the only writer that can meet a stored deal again, and
-- it updates the deals whose id is stored and inserts only the others (set-based, see
-- import_update_deals.sql), after rejecting repeated ids within one file. Same columns,
-- same order, same checks (import_prior_deals copies rows with t.*).
create table deals_0005 (
    deal_id varchar not null,
    client_id varchar not null,
    title varchar,
    stage varchar,
    status varchar check (status in ('open', 'won', 'lost')),
    -- the amount and currency as exported; amount_base is in the reporting currency
    amount double,
    currency varchar,
    amount_base double,
    created_on date,
    closed_on date,
    discount_pct double,
    source varchar,
    batch_id varchar
);
insert into deals_0005 select * from deals;
drop table deals;
alter table deals_0005 rename to deals;
