-- 0011: tags from what people wrote (issue 16). The interactions import (and
-- analytics.ingest.tagging.retag_interactions, after the rules change) infers tags
-- from a touch's note by the rules of analytics/ingest/tags.toml; each inferred tag
-- keeps here the rule that gave it and the words it matched, one row per touch and
-- tag, so the evidence can say why ("Discount request: 'prosi o dodatkowy rabat'
-- in the note"). Only inferred tags have a row: a tag the file gave has none, and
-- re-tagging removes only tags that have one. interactions.tags stays the list the
-- method reads. A side table rather than new columns: the demo writes interactions
-- by position.
create table interaction_tags (
    interaction_id varchar not null,
    tag varchar not null,
    rule_name varchar not null,
    matched varchar,
    batch_id varchar,
    primary key (interaction_id, tag)
);

-- the prior image of rows an import overwrote or removed (as 0002 keeps for every data table)
create table import_prior_interaction_tags as
    select null::varchar as undo_batch_id, * from interaction_tags where false;
