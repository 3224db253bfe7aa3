-- pairs of clients whose name keys are nearly the same: a likely duplicate to merge.
-- With $batch_id, only pairs where one side was created by that batch (not a client it
-- only updated, such as one whose account manager it set: that one has a prior image).
-- Names are compared within blocks sharing their first three letters, so the work stays small.
with clients as (select * from clients),

keyed as (
    select client_id, name, batch_id, import_name_key(name) as name_key
    from clients
),

candidates as (
    select
        a.client_id as new_id,
        a.name as new_name,
        b.client_id as existing_id,
        b.name as existing_name,
        jaro_winkler_similarity(a.name_key, b.name_key) as similarity
    from keyed as a
    join keyed as b
        on left(a.name_key, 3) = left(b.name_key, 3)
        and a.client_id <> b.client_id
    where ($batch_id is null or (a.batch_id = $batch_id and a.client_id not in (
            select client_id from import_prior_clients where undo_batch_id = $batch_id
        )))
        and ($batch_id is not null or a.client_id > b.client_id)
        and (b.batch_id is distinct from $batch_id or a.client_id > b.client_id)
)

select *
from candidates
where similarity >= 0.9
order by similarity desc, new_name
