-- one row per saved version of the review of $client_id for $quarter, newest first:
-- who saved it, when, and what it changed (JSON, worded by history.py). A review
-- saved before migration 0009, or written by the demo, has no row for its version
-- until its next save; it is listed as saved before its history was kept.
with review as (
    select * from reviews
    where client_id = $client_id and quarter = $quarter
),

kept as (
    select h.*
    from review_history as h
    join review as r on r.review_id = h.review_id
),

before_history as (
    select
        r.review_id,
        r.version,
        coalesce(r.updated_at, r.created_at) as saved_at,
        r.saved_by,
        'before_history' as kind,
        null::varchar as changes
    from review as r
    where not exists (select 1 from kept as k where k.version = r.version)
),

versions as (
    select review_id, version, saved_at, saved_by, kind, changes from kept
    union all
    select review_id, version, saved_at, saved_by, kind, changes from before_history
)

select
    version,
    saved_at,
    saved_by,
    kind,
    changes
from versions
order by version desc
