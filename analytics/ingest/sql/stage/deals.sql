-- one row per data record of an uploaded deals file (import_mapped), typed and
-- checked: skip_reason for lines that are not data, reject_reason for rows that
-- cannot load (every problem of the row, separated by "; ").
-- A stage word decides the status ($stage_decides: not in a Pipedrive export, whose
-- status column does): a stage no mapping knows is an open deal (stage_unknown, listed
-- for the user to map). A status word nobody knows is rejected. With $order_mode
-- 'per-order' the order id is the deal id (import_ok_orders sums the lines); with
-- 'per-line' each line is a deal, its id the line's own or order id/line in the order.
with mapped as not materialized (select * from import_mapped),

words as (select * from import_words),

-- the status and stage columns hold a few distinct words: they are trimmed here, once
-- per word, rather than once per row
status_words as (
    select distinct_status.status_text, import_blank(distinct_status.status_text) as status_blank,
        w.value as status
    from (select distinct status as status_text from mapped) as distinct_status
    left join words as w
        on w.field = 'status' and w.word_key = import_word_key(distinct_status.status_text)
),

stage_words as (
    select distinct_stage.stage_text, import_blank(distinct_stage.stage_text) as stage_blank,
        w.value as status
    from (select distinct stage as stage_text from mapped) as distinct_stage
    left join words as w
        on w.field = 'stage' and w.word_key = import_word_key(distinct_stage.stage_text)
),

amount_affixes as (
    select distinct import_number_affix(amount) as affix
    from mapped
    where try_cast(amount as double) is null and amount is not null
),

currency_words as (
    select texts.currency_text, w.value as currency
    from (
        select distinct currency as currency_text from mapped
        union
        select affix from amount_affixes
    ) as texts
    left join words as w
        on w.field = 'currency' and w.word_key = import_word_key(texts.currency_text)
),

typed as (
    select
        -- position
        m.record_no,
        m.first_cell,
        COLUMNS('^c[0-9]+$'),
        m.extra_value,
        -- ids
        import_blank_cell(m.deal_id, $deal_id_trim) as deal_id_text,
        import_blank_cell(m.client_id, $client_id_trim) as client_ref_id,
        import_blank_cell(m.client_tax_id, $client_tax_id_trim) as client_ref_tax,
        import_blank_cell(m.client_name, $client_name_trim) as client_name_text,
        import_blank_cell(m.person, $person_trim) as person,
        import_blank_cell(m.order_id, $order_id_trim) as order_id,
        m.order_line,
        -- descriptors
        import_blank_cell(m.title, $title_trim) as title,
        import_blank_cell(m.owner, $owner_trim) as owner,
        gw.stage_blank as stage,
        gw.status as stage_status,
        m.status as status_text,
        sw.status_blank as status_word,
        sw.status as status_mapped,
        -- money
        m.amount as amount_text,
        import_parse_number(m.amount, $amount_decimal) as amount,
        m.currency as currency_text,
        cw.currency as currency_mapped,
        import_number_affix(m.amount) as affix_text,
        m.discount_pct as discount_text,
        import_parse_number(replace(m.discount_pct, '%', ''), $discount_pct_decimal)
            * case when $discount_pct_fraction then 100 else 1 end as discount_pct,
        -- dates
        m.created_on as created_text,
        import_parse_date(m.created_on, $created_on_order) as created_on,
        m.closed_on as closed_text,
        import_parse_date(m.closed_on, $closed_on_order) as closed_on
    from mapped as m
    left join status_words as sw on sw.status_text = m.status
    left join stage_words as gw on gw.stage_text = m.stage
    left join currency_words as cw on cw.currency_text = m.currency
),

with_affix as (
    select
        t.*,
        aw.currency as affix_currency,
        -- a deal with a person but no organisation: the person is the client
        coalesce(t.client_name_text, case
            when t.client_ref_id is null and t.client_ref_tax is null then t.person
        end) as client_ref_name,
        t.client_name_text is null and t.client_ref_id is null and t.client_ref_tax is null
            and t.person is not null as client_ref_is_person
    from typed as t
    left join currency_words as aw on aw.currency_text = t.affix_text
),

resolved as (
    select
        *,
        case $order_mode
            when 'per-order' then order_id
            when 'per-line' then coalesce(deal_id_text, order_id || '/' || order_line)
            else coalesce(
                deal_id_text,
                case when $derive_key then 'H-' || left(md5(concat_ws(
                    chr(31), coalesce(client_ref_id, client_ref_tax, lower(client_ref_name)),
                    title, created_on::varchar
                )), 12) end
            )
        end as deal_id,
        case
            when $status_source = 'none' then case when closed_on is not null then 'won' else 'open' end
            -- a status word: what it means, or null (rejected) when nobody knows
            when status_word is not null then status_mapped
            -- a stage word: the stage's meaning; a stage nobody mapped is an open deal
            when $stage_decides and stage is not null then coalesce(stage_status, 'open')
            -- no status and no stage in this row
            else 'open'
        end as status,
        $status_source <> 'none' and status_word is null and $stage_decides and stage is not null
            and stage_status is null as stage_unknown,
        $status_source <> 'none' and status_word is null and (stage is null or not $stage_decides)
            as status_assumed,
        coalesce(currency_mapped, affix_currency, case
            when import_blank(currency_text) is null and affix_text is null then $default_currency
        end) as currency
    from with_affix
),

checked as (
    select
        *,
        import_skip_reason(
            first_cell, list_filter([*COLUMNS('^c[0-9]+$')], lambda x: trim(x) <> ''),
            $summary_pattern, $footer_pattern
        ) as skip_reason,
        case
            -- the common, valid row passes these cheap tests; only the others get every
            -- problem spelled out (building text for a million good rows is what is slow)
            when extra_value is null
                and deal_id is not null
                and coalesce(client_ref_id, client_ref_tax, client_ref_name) is not null
                and status is not null
                and (amount_text is null or amount_text = '' or (amount >= 0 and amount < 1e12))
                and (currency_text is null or currency_text = '' or currency_mapped is not null)
                and (affix_text is null or (affix_currency is not null
                    and (currency_mapped is null or currency_mapped = affix_currency)))
                and (discount_text is null or discount_text = '' or discount_pct between 0 and 100)
                and (created_text is null or created_text = '' or created_on between $min_date and $max_date)
                and (closed_text is null or closed_text = '' or closed_on between $min_date and $max_date)
                then null
            else nullif(concat_ws('; ',
            import_extra_problem(extra_value),
            case when deal_id is null then
                case when $order_mode <> 'none' then 'order_id is empty' else 'deal_id is empty' end
            end,
            case when client_ref_id is null and client_ref_tax is null and client_ref_name is null
                then 'no client: client_id and client_name are empty' end,
            case when status is null then import_word_problem('status', status_text, status, 'open, won or lost') end,
            import_number_problem('amount', amount_text, amount),
            case when import_blank(currency_text) is not null and currency_mapped is null
                then 'currency "' || trim(currency_text) || '" is not a currency code or symbol' end,
            case when affix_text is not null and affix_currency is null and amount is not null
                then 'amount "' || trim(amount_text) || '" has "' || affix_text || '" around it, which is not a currency' end,
            case when currency_mapped is not null and affix_currency is not null
                and currency_mapped <> affix_currency
                then 'amount says ' || affix_currency || ' but currency says ' || currency_mapped end,
            import_number_problem('discount_pct', discount_text, discount_pct),
            case when discount_pct > 100 then 'discount_pct ' || trim(discount_text) || ' is above 100%' end,
            import_date_problem('created_on', created_text, created_on, $created_on_order, $min_date, $max_date),
            import_date_problem('closed_on', closed_text, closed_on, $closed_on_order, $min_date, $max_date)
            ), '')
        end as reject_reason
    from resolved
)

select
    -- position and outcome
    record_no,
    skip_reason,
    case when skip_reason is null then reject_reason end as reject_reason,
    -- ids
    deal_id,
    client_ref_id,
    client_ref_tax,
    client_ref_name,
    client_ref_is_person,
    -- descriptors
    title,
    owner,
    stage,
    status,
    stage_unknown,
    status_assumed,
    -- money
    amount,
    currency,
    -- the row names no currency (no currency cell, no symbol by the amount): it took $default_currency
    import_blank(currency_text) is null and affix_text is null as currency_defaulted,
    discount_pct,
    -- dates
    created_on,
    closed_on,
    coalesce(created_on, closed_on) as activity_on
from checked
