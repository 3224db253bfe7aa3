-- 0004: what the quarterly review needs beyond 0001's reviews and actions tables
-- (DESIGN.md "The review", DOMAIN.md §1 and §6).

-- the review's own words for the steps 0001 has no column for, and the evidence
-- as it stood at the last save (JSON text: position, path, dimensions, signals)
alter table reviews add column what_slips varchar;
alter table reviews add column successes varchar;
alter table reviews add column options_notes varchar;
alter table reviews add column follow_up_note varchar;
alter table reviews add column evidence_snapshot varchar;
alter table reviews add column created_at timestamp;

-- what an action is expected to change, and the playbook entry it came from
alter table actions add column expected_effect varchar;
alter table actions add column playbook_entry varchar;
alter table actions add column created_at timestamp;

-- a closed quarter's reviews are final; their actions' statuses still move
create table closed_quarters (
    quarter varchar primary key,
    closed_at timestamp not null,
    closed_by varchar
);

-- the account strategy for key accounts (DOMAIN §6), one version per client per
-- review quarter; the latest version carries forward to the next quarter
create table account_strategies (
    client_id varchar not null,
    quarter varchar not null,
    goals varchar,
    risks varchar,
    proactive_actions varchar,
    -- people we have no relationship with yet who are not in the CRM
    people_to_reach varchar,
    updated_at timestamp,
    primary key (client_id, quarter)
);

-- the stakeholder map: a role for a contact, in the strategy of one quarter
create table stakeholder_roles (
    client_id varchar not null,
    quarter varchar not null,
    contact_id varchar not null,
    role varchar check (
        role in ('sponsor', 'champion', 'decision_maker', 'influencer', 'detractor')
    ),
    note varchar,
    primary key (client_id, quarter, contact_id)
);

-- the contact plan set in the review of `quarter` for the quarter after it
-- (plan_quarter): planned touches per level; executive + director is the DELT
-- target that the next review checks against what happened
create table contact_plans (
    client_id varchar not null,
    quarter varchar not null,
    plan_quarter varchar not null,
    level varchar not null check (level in ('executive', 'director', 'manager', 'staff')),
    planned_touches integer not null check (planned_touches >= 0),
    note varchar,
    primary key (client_id, quarter, level)
);
