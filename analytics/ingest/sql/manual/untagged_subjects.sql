-- the most frequent subjects of touches that carry no tag ($limit of them): where a tag
-- rule would help. The subject is what an activity export's subject gave (the import
-- keeps it before ' — ' in the note), or a short note itself; subjects that differ only
-- in case and spacing are one.
with untagged as (
    select
        client_id,
        occurred_at,
        trim(split_part(notes, ' — ', 1)) as subject
    from interactions
    where len(tags) = 0 and nullif(trim(notes), '') is not null
),

keyed as (
    select
        *,
        lower(regexp_replace(subject, '\s+', ' ', 'g')) as subject_key
    from untagged
    where subject <> '' and length(subject) <= $max_length
)

select
    arg_max(subject, occurred_at) as subject,
    count(*) as count_touches,
    count(distinct client_id) as count_clients,
    max(occurred_at) as last_touch_at
from keyed
group by subject_key
order by count_touches desc, subject
limit $limit
