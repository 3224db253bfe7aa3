-- 0001: the core data model of DESIGN.md "Data model".
-- Keys are text ids as they come from the CRM. batch_id links a row to the
-- import batch that last wrote it (null for demo or hand-entered rows).

create table clients (
    client_id varchar primary key,
    name varchar not null,
    segment varchar,
    industry varchar,
    region varchar,
    account_manager varchar,
    first_seen date,
    service_tier varchar,
    tax_id varchar,
    batch_id varchar
);

create table contacts (
    contact_id varchar primary key,
    client_id varchar not null,
    name varchar,
    title varchar,
    level varchar check (level in ('executive', 'director', 'manager', 'staff')),
    is_champion boolean not null default false,
    active_from date,
    active_to date,
    batch_id varchar
);

create table interactions (
    interaction_id varchar primary key,
    client_id varchar not null,
    contact_id varchar,
    occurred_at timestamp not null,
    channel varchar check (
        channel in ('meeting', 'call', 'email', 'qbr', 'workshop', 'support', 'event')
    ),
    initiated_by varchar check (initiated_by in ('us', 'client')),
    answered boolean,
    sentiment tinyint check (sentiment between -2 and 2),
    tags varchar[] not null default [],
    notes varchar,
    batch_id varchar
);

create table deals (
    deal_id varchar primary key,
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

create table feedback (
    feedback_id varchar primary key,
    client_id varchar not null,
    contact_id varchar,
    received_on date not null,
    kind varchar check (kind in ('nps', 'csat', 'survey', 'interview')),
    score double,
    comment varchar,
    batch_id varchar
);

create table service_costs (
    -- costs have no CRM id: cost_id is derived from client, day and category
    cost_id varchar primary key,
    client_id varchar not null,
    day date not null,
    hours double,
    cost double,
    category varchar check (category in ('support', 'rework', 'free_scope', 'other')),
    batch_id varchar
);

create table team_pulse (
    client_id varchar not null,
    quarter varchar not null,
    account_manager varchar,
    morale tinyint check (morale between 1 and 5),
    note varchar,
    batch_id varchar,
    primary key (client_id, quarter)
);

create table market_trend (
    segment varchar not null,
    quarter varchar not null,
    index double not null,
    primary key (segment, quarter)
);

create table fx_rates (
    currency varchar primary key,
    rate_to_base double not null
);

create table reviews (
    review_id varchar primary key,
    client_id varchar not null,
    quarter varchar not null,
    reviewer varchar,
    held_on date,
    position_at_review double,
    stage_at_review varchar,
    what_works varchar,
    what_to_keep varchar,
    investment_level varchar,
    investment_reason varchar,
    summary varchar,
    updated_at timestamp,
    unique (client_id, quarter)
);

create table actions (
    action_id varchar primary key,
    review_id varchar,
    client_id varchar not null,
    addresses varchar,
    description varchar not null,
    owner varchar,
    due_on date,
    status varchar not null default 'planned' check (
        status in ('planned', 'in_progress', 'done', 'partial', 'not_done')
    ),
    outcome varchar,
    updated_at timestamp
);

create table import_batches (
    batch_id varchar primary key,
    kind varchar not null,
    file_name varchar,
    sha256 varchar,
    imported_at timestamp,
    rows_read integer,
    rows_loaded integer,
    rows_rejected integer,
    preset varchar,
    mapping varchar,
    undone_at timestamp
);

create table import_rejects (
    batch_id varchar not null,
    line_no integer,
    raw varchar,
    reason varchar not null
);

create table settings (
    key varchar primary key,
    value varchar not null,
    updated_at timestamp
);

-- bumped by every write so caches can tell the data changed
create table data_version (
    version bigint not null
);
insert into data_version values (0);
