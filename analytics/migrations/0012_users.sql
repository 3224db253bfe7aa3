-- The team of a shared server: each person known by the email they sign in with, and a
-- role. An account manager also carries the manager name their clients' account_manager
-- column holds: that is what "their own clients" means (analytics/access.py).
create table users (
    email varchar primary key,          -- lower-case, as signed in
    role varchar not null check (role in ('head_of_sales', 'account_manager', 'viewer')),
    manager_name varchar,               -- account managers only
    added_at timestamp not null default current_timestamp,
    added_by varchar
);
