-- 0009: no lost review (issue 18). Two people may edit the same review: each save
-- raises the review's version, checked inside the write transaction, so a save made
-- from an older version is refused and shown what changed instead of overwriting it.
-- Every saved change is kept in review_history: who saved it (a name today, the
-- signed-in user's email once there is sign-in), when, and what it changed.
alter table reviews add column version integer default 1;
update reviews set version = 1 where version is null;
alter table reviews add column saved_by varchar;

create table review_history (
    review_id varchar not null,
    version integer not null,
    saved_at timestamp not null,
    saved_by varchar,
    -- created | saved | status (an action's status between reviews) | pulse |
    -- before_history (the version a review had when its history started)
    kind varchar not null,
    -- JSON list of {what, kind, before, after}: what this save changed, in words
    changes varchar,
    primary key (review_id, version)
);
