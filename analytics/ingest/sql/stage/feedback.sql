-- one row per data record of an uploaded feedback file (import_mapped), typed and checked
with mapped as not materialized (select * from import_mapped),

words as (select * from import_words),

kind_words as (
    select d.kind_text, w.value as kind
    from (select distinct kind as kind_text from mapped) as d
    left join words as w on w.field = 'kind' and w.word_key = import_word_key(d.kind_text)
),

typed as (
    select
        m.record_no,
        m.first_cell,
        COLUMNS('^c[0-9]+$'),
        m.extra_value,
        import_blank(m.feedback_id) as feedback_id_text,
        import_blank(m.client_id) as client_ref_id,
        import_blank(m.client_tax_id) as client_ref_tax,
        import_blank(m.client_name) as client_ref_name,
        import_blank(m.contact_id) as contact_id,
        m.received_on as received_text,
        import_parse_date(m.received_on, $received_on_order) as received_on,
        m.kind as kind_text,
        kw.kind,
        m.score as score_text,
        import_parse_number(m.score, $score_decimal) as score,
        import_blank(m.comment) as comment
    from mapped as m
    left join kind_words as kw on kw.kind_text = m.kind
),

checked as (
    select
        *,
        coalesce(feedback_id_text, case when $derive_key then 'F-' || left(md5(concat_ws(
            chr(31), coalesce(client_ref_id, client_ref_tax, lower(client_ref_name)),
            received_on::varchar, kind, contact_id
        )), 12) end) as feedback_id,
        import_skip_reason(
            first_cell, list_filter([*COLUMNS('^c[0-9]+$')], lambda x: trim(x) <> ''),
            $summary_pattern, $footer_pattern
        ) as skip_reason
    from typed
),

reasons as (
    select
        *,
        nullif(concat_ws('; ',
            import_extra_problem(extra_value),
            case when feedback_id is null then 'feedback_id is empty' end,
            case when client_ref_id is null and client_ref_tax is null and client_ref_name is null
                then 'no client: client_id and client_name are empty' end,
            case when import_blank(received_text) is null then 'received_on is empty' end,
            import_date_problem('received_on', received_text, received_on, $received_on_order, $min_date, $max_date),
            import_word_problem('kind', kind_text, kind, 'nps, csat, survey or interview'),
            case when import_blank(score_text) is not null and score is null
                then 'score "' || trim(score_text) || '" is not a number' end,
            -- a score off its own scale would move Trust on an impossible number
            case when score is not null and (isnan(score) or isinf(score))
                    then 'score "' || trim(score_text) || '" is not a finite number'
                when score is not null and kind = 'nps' and not score between 0 and 10
                    then 'score ' || trim(score_text) || ' is off the NPS scale of 0 to 10'
                when score is not null and kind in ('csat', 'survey', 'interview') and not score between 1 and 5
                    then 'score ' || trim(score_text) || ' is off the ' || kind || ' scale of 1 to 5' end
        ), '') as reject_reason
    from checked
)

select
    record_no,
    skip_reason,
    case when skip_reason is null then reject_reason end as reject_reason,
    feedback_id,
    client_ref_id,
    client_ref_tax,
    client_ref_name,
    contact_id,
    received_on,
    kind,
    score,
    comment,
    received_on as activity_on
from reasons
