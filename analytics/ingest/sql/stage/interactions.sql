-- one row per data record of an uploaded interactions file (import_mapped), typed and checked
with mapped as not materialized (select * from import_mapped),

words as (select * from import_words),

channel_words as (
    select d.channel_text, w.value as channel
    from (select distinct channel as channel_text from mapped) as d
    left join words as w on w.field = 'channel' and w.word_key = import_word_key(d.channel_text)
),

initiator_words as (
    select d.initiated_text, w.value as initiated_by
    from (select distinct initiated_by as initiated_text from mapped) as d
    left join words as w on w.field = 'initiated_by' and w.word_key = import_word_key(d.initiated_text)
),

answered_words as (
    select d.answered_text, w.value as answered
    from (select distinct answered as answered_text from mapped) as d
    left join words as w on w.field = 'bool' and w.word_key = import_word_key(d.answered_text)
),

typed as (
    select
        m.record_no,
        m.first_cell,
        COLUMNS('^c[0-9]+$'),
        m.extra_value,
        import_blank(m.interaction_id) as interaction_id_text,
        import_blank(m.client_id) as client_ref_id,
        import_blank(m.client_tax_id) as client_ref_tax,
        import_blank(m.client_name) as client_ref_name,
        import_blank(m.contact_id) as contact_id,
        m.occurred_at as occurred_text,
        import_parse_timestamp(m.occurred_at, $occurred_at_order) as occurred_at,
        m.channel as channel_text,
        chw.channel,
        m.initiated_by as initiated_text,
        iw.initiated_by,
        m.answered as answered_text,
        aw.answered::boolean as answered,
        m.sentiment as sentiment_text,
        import_parse_number(m.sentiment, $sentiment_decimal) as sentiment_value,
        coalesce(list_transform(
            list_filter(regexp_split_to_array(coalesce(m.tags, ''), '[;,|]'), lambda x: trim(x) <> ''),
            lambda x: trim(regexp_replace(lower(trim(x)), '[^\pL\pN]+', '_', 'g'), '_')
        ), []) as tags,
        import_blank(m.notes) as notes
    from mapped as m
    left join channel_words as chw on chw.channel_text = m.channel
    left join initiator_words as iw on iw.initiated_text = m.initiated_by
    left join answered_words as aw on aw.answered_text = m.answered
),

checked as (
    select
        *,
        coalesce(interaction_id_text, case when $derive_key then 'I-' || left(md5(concat_ws(
            chr(31), coalesce(client_ref_id, client_ref_tax, lower(client_ref_name)),
            occurred_at::varchar, channel, contact_id
        )), 12) end) as interaction_id,
        import_skip_reason(
            first_cell, list_filter([*COLUMNS('^c[0-9]+$')], lambda x: trim(x) <> ''),
            $summary_pattern, $footer_pattern
        ) as skip_reason
    from typed
),

reasons as (
    select
        *,
        case
            -- the common, valid row passes these cheap tests; only the others get every
            -- problem spelled out
            when extra_value is null
                and interaction_id is not null
                and coalesce(client_ref_id, client_ref_tax, client_ref_name) is not null
                and occurred_at::date between $min_date and $max_date
                and (channel_text is null or channel_text = '' or channel is not null)
                and (initiated_text is null or initiated_text = '' or initiated_by is not null)
                and (answered_text is null or answered_text = '' or answered is not null)
                and (sentiment_text is null or sentiment_text = '' or sentiment_value in (-2, -1, 0, 1, 2))
                then null
            else nullif(concat_ws('; ',
            import_extra_problem(extra_value),
            case when interaction_id is null then 'interaction_id is empty' end,
            case when client_ref_id is null and client_ref_tax is null and client_ref_name is null
                then 'no client: client_id and client_name are empty' end,
            case when import_blank(occurred_text) is null then 'occurred_at is empty' end,
            import_date_problem('occurred_at', occurred_text, occurred_at::date, $occurred_at_order, $min_date, $max_date),
            import_word_problem('channel', channel_text, channel,
                'meeting, call, email, qbr, workshop, support or event'),
            import_word_problem('initiated_by', initiated_text, initiated_by, 'us or client'),
            import_word_problem('answered', answered_text, answered, 'yes or no'),
            case when import_blank(sentiment_text) is not null and (
                sentiment_value is null or sentiment_value not in (-2, -1, 0, 1, 2)
            ) then 'sentiment "' || trim(sentiment_text) || '" is not a whole number from -2 to 2' end
            ), '')
        end as reject_reason
    from checked
)

select
    record_no,
    skip_reason,
    case when skip_reason is null then reject_reason end as reject_reason,
    interaction_id,
    client_ref_id,
    client_ref_tax,
    client_ref_name,
    contact_id,
    occurred_at,
    channel,
    initiated_by,
    answered,
    case when sentiment_value in (-2, -1, 0, 1, 2) then sentiment_value::tinyint end as sentiment,
    tags,
    notes,
    occurred_at::date as activity_on
from reasons
