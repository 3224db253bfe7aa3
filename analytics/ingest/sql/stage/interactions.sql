-- one row per data record of an uploaded interactions file (import_mapped), typed and checked.
-- CRM activity exports ($crm_export): the channel a variant's rows have when no column
-- says ($default_channel: a HubSpot calls export is calls; a type of call or meeting
-- that is a channel word, "QBR", "Support", "Warsztat", says more), the subject kept with the
-- notes, the contact as the export names it (contact_name may hold "Name (e-mail)"),
-- internal activities skipped, and a row without a company left for
-- sql/interaction_contacts.sql, which finds the client through the contact.
with mapped as not materialized (select * from import_mapped),

words as (select * from import_words),

channel_words as (
    select d.channel_text, w.value as channel
    from (select distinct channel as channel_text from mapped) as d
    left join words as w on w.field = 'channel' and w.word_key = import_word_key(d.channel_text)
),

type_words as (
    select d.type_text, w.value as channel
    from (select distinct channel_type as type_text from mapped) as d
    join words as w on w.field = 'channel' and w.word_key = import_word_key(d.type_text) and w.value <> 'skip'
),

initiator_words as (
    select d.initiated_text, w.value as initiated_by
    from (select distinct initiated_by as initiated_text from mapped) as d
    left join words as w on w.field = 'initiated_by' and w.word_key = import_word_key(d.initiated_text)
),

answered_words as (
    select d.answered_text, w.value as answered
    from (select distinct answered as answered_text from mapped) as d
    left join words as w
        on w.field in ('bool', 'outcome') and w.word_key = import_word_key(d.answered_text)
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
        case
            when import_blank(m.channel) is null then coalesce(tw.channel, $default_channel)
            when chw.channel <> 'skip' then chw.channel
        end as channel,
        chw.channel = 'skip' or iw.initiated_by = 'skip' as is_internal,
        m.initiated_by as initiated_text,
        case when iw.initiated_by <> 'skip' then iw.initiated_by end as initiated_by,
        m.answered as answered_text,
        aw.answered as answered_word,
        case when aw.answered in ('true', 'false') then aw.answered::boolean end as answered,
        m.sentiment as sentiment_text,
        import_parse_number(m.sentiment, $sentiment_decimal) as sentiment_value,
        coalesce(list_transform(
            list_filter(regexp_split_to_array(coalesce(m.tags, ''), '[;,|]'), lambda x: trim(x) <> ''),
            lambda x: trim(regexp_replace(lower(trim(x)), '[^\pL\pN]+', '_', 'g'), '_')
        ), []) as tags,
        nullif(concat_ws(' — ', import_blank(m.subject), import_blank(m.notes)), '') as notes,
        lower(coalesce(
            import_blank(m.contact_email),
            nullif(regexp_extract(m.contact_name, '[^\s(<>;,]+@[^\s)<>;,]+'), '')
        )) as contact_email,
        nullif(trim(regexp_replace(m.contact_name, '\s*[(<].*$', '')), '') as contact_name,
        import_blank(m.owner) as owner
    from mapped as m
    left join channel_words as chw on chw.channel_text = m.channel
    left join type_words as tw on tw.type_text = m.channel_type
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
        coalesce(
            import_skip_reason(
                first_cell, list_filter([*COLUMNS('^c[0-9]+$')], lambda x: trim(x) <> ''),
                $summary_pattern, $footer_pattern
            ),
            case when is_internal then 'an internal activity ("' || trim(coalesce(
                nullif(trim(initiated_text), ''), channel_text)) || '"), not a touch with the client' end
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
                and ($crm_export or coalesce(client_ref_id, client_ref_tax, client_ref_name) is not null)
                and occurred_at::date between $min_date and $max_date
                and (channel_text is null or channel_text = '' or channel is not null)
                and (initiated_text is null or initiated_text = '' or initiated_by is not null)
                and (answered_text is null or answered_text = '' or answered_word is not null)
                and (sentiment_text is null or sentiment_text = '' or sentiment_value in (-2, -1, 0, 1, 2))
                then null
            else nullif(concat_ws('; ',
            import_extra_problem(extra_value),
            case when interaction_id is null then 'interaction_id is empty' end,
            case when client_ref_id is null and client_ref_tax is null and client_ref_name is null
                and not $crm_export then 'no client: client_id and client_name are empty' end,
            case when import_blank(occurred_text) is null then 'occurred_at is empty' end,
            import_date_problem('occurred_at', occurred_text, occurred_at::date, $occurred_at_order, $min_date, $max_date),
            import_word_problem('channel', channel_text, channel,
                'meeting, call, email, qbr, workshop, support or event'),
            import_word_problem('initiated_by', initiated_text, initiated_by, 'us or client'),
            import_word_problem('answered', answered_text, answered_word, 'yes or no'),
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
    occurred_at::date as activity_on,
    contact_email,
    contact_name,
    owner
from reasons
