-- the import's parsing rules as macros, created on the import's own connection
-- (temp: they live only as long as that connection). Every value arrives as text.

-- an empty or blank cell is no value
create or replace temp macro import_blank(t) as nullif(trim(t), '');

-- whether trim changes a cell. Trimming a million cells costs more than reading them,
-- so each text column is tested once, cheaply: a leading or trailing ' ', else (for
-- cells that are not plain ASCII, whose only space is ' ') trim itself
create or replace temp macro import_needs_trim(t) as case
    when t like ' %' or t like '% ' then true
    when strlen(t) = length(t) then false
    else trim(t) <> t
end;
-- import_blank for a column import_needs_trim tested: needs_trim is one value for the
-- whole column (a parameter), and false means no cell of it changes when trimmed
create or replace temp macro import_blank_cell(t, needs_trim) as case
    when needs_trim then nullif(trim(t), '') else nullif(t, '')
end;

-- a word as the value vocabularies store it: lower case, accents stripped (ą→a, ł→l),
-- any run of punctuation or spaces as one space
create or replace temp macro import_word_key(t) as trim(regexp_replace(
    lower(strip_accents(replace(replace(t, 'ł', 'l'), 'Ł', 'l'))), '[^\pL\pN%$€£₽¥]+', ' ', 'g'
));

-- a tax id (NIP, VAT, INN) as digits and letters only, without a country prefix:
-- "606-969-81-50", "PL 6069698150" and "6069698150" are the same key
create or replace temp macro import_tax_key(t) as nullif(regexp_replace(
    regexp_replace(upper(t), '[^0-9A-Z]', '', 'g'), '^[A-Z]{2}([0-9])', '\1'
), '');

-- one text key for a client reference (id, tax id, name); blanks are null before this,
-- so '' cannot be confused with a value
create or replace temp macro import_ref_key(ref_id, ref_tax, ref_name) as
    coalesce(ref_id, '') || chr(31) || coalesce(ref_tax, '') || chr(31) || coalesce(ref_name, '');

-- a company name without case, accents, quotes, punctuation and legal forms:
-- "ACME Sp. z o.o.", "Acme sp.z o.o" and "„Acme”" share the key "acme";
-- "ООО «Ромашка»" and "Ромашка АО" share "ромашка"
create or replace temp macro import_name_spaced(t) as ' ' || trim(regexp_replace(
    lower(strip_accents(replace(replace(t, 'ł', 'l'), 'Ł', 'l'))), '[^\pL\pN]+', ' ', 'g'
)) || ' ';
create or replace temp macro import_name_stripped(s) as trim(regexp_replace(regexp_replace(
    s,
    '^ (ооо|оао|зао|пао|нао|ао|ип|тоо|ooo) ', ' '),
    '( (sp z o o|sp zoo|sp z oo|spzoo|sp j|sp k|sp p|s k a|ska|sp komandytowa|spolka z ograniczona odpowiedzialnoscia|spolka akcyjna|spolka jawna|s a|sa|gmbh|mbh|ag|kg|co kg|ohg|se|inc|incorporated|llc|llp|ltd|limited|plc|corp|corporation|co|ab|as|asa|oy|oyj|bv|nv|srl|sas|sarl|spa|ооо|оао|зао|пао|ао))+ $',
    ' '
));
create or replace temp macro import_name_key(t) as coalesce(
    nullif(import_name_stripped(import_name_spaced(t)), ''),
    nullif(trim(import_name_spaced(t)), '')
);

-- a number as written in exports: "12 500,50", "12.500,50", "12,500.50", "USD 12,500.00",
-- "$1,234,567", "1 234 zł", "15%". decimal_mark is the column's decimal mark ('.' or ','),
-- decided from the whole column. Returns the number, or null when the text is not one.
create or replace temp macro import_money_parts(t) as regexp_extract(
    trim(t),
    '^([^\d\s.,+\-]*)\s*([+\-]?\s*\d[\d.,\s''\x{a0}\x{202f}]*?)\s*([^\d\s]*)$',
    ['prefix', 'digits', 'suffix']
);
create or replace temp macro import_digits_value(d, decimal_mark) as case
    when decimal_mark = '.' and regexp_full_match(
        d, '[+\-]?\s*(\d+|\d{1,3}([, ''\x{a0}\x{202f}]\d{3})+)(\.\d+)?'
    ) then try_cast(regexp_replace(d, '[^\d.+\-]', '', 'g') as double)
    when decimal_mark = ',' and regexp_full_match(
        d, '[+\-]?\s*(\d+|\d{1,3}([. ''\x{a0}\x{202f}]\d{3})+)(,\d+)?'
    ) then try_cast(replace(regexp_replace(d, '[^\d,+\-]', '', 'g'), ',', '.') as double)
end;
create or replace temp macro import_parse_number(t, decimal_mark) as case when t <> '' then coalesce(
    -- fast path: a plain number ("12500.5", or "12500,5" in a decimal-comma column)
    case when decimal_mark = '.' then try_cast(t as double) end,
    case when decimal_mark = ',' and not contains(t, '.') then try_cast(replace(t, ',', '.') as double) end,
    case when import_blank(t) is not null
        then import_digits_value(import_money_parts(t).digits, decimal_mark) end
) end;
-- the currency written around a number ("USD 12,500.00" -> "USD", "1 234 zł" -> "zł")
create or replace temp macro import_number_affix(t) as case
    when try_cast(t as double) is not null then null
    else nullif(trim(
        import_money_parts(t).prefix || ' ' || replace(import_money_parts(t).suffix, '%', '')
    ), '')
end;

-- dates and times: ISO first (fast), then the column's order ('dmy' or 'mdy'), then
-- month names. Impossible dates (31.02.2024) give null.
-- An empty cell is checked first: a failed cast costs ten times a comparison, and
-- half the cells of a column like closed_on are empty.
create or replace temp macro import_parse_timestamp(t, date_order) as case when t <> '' then coalesce(
    try_cast(t as timestamp),
    case when import_blank(t) is not null then coalesce(
        try_cast(trim(t) as timestamp),
        case date_order
            when 'dmy' then try_strptime(trim(t), [
                '%d.%m.%Y', '%d/%m/%Y', '%d-%m-%Y', '%d.%m.%y', '%d/%m/%y', '%d-%m-%y',
                '%d.%m.%Y %H:%M', '%d.%m.%Y %H:%M:%S', '%d/%m/%Y %H:%M', '%d/%m/%Y %H:%M:%S',
                '%d-%m-%Y %H:%M', '%d-%m-%Y %H:%M:%S', '%d.%m.%Y, %H:%M', '%d.%m.%Y г.'
            ])
            when 'mdy' then try_strptime(trim(t), [
                '%m/%d/%Y', '%m/%d/%y', '%m-%d-%Y', '%m/%d/%Y %H:%M', '%m/%d/%Y %H:%M:%S',
                '%m/%d/%Y %I:%M %p', '%m/%d/%Y %I:%M:%S %p', '%m/%d/%y %I:%M %p', '%m/%d/%y %H:%M'
            ])
        end,
        try_strptime(trim(t), [
            '%Y/%m/%d', '%Y.%m.%d', '%Y.%m.%d %H:%M', '%Y/%m/%d %H:%M', '%Y/%m/%d %H:%M:%S',
            '%d %b %Y', '%d %B %Y', '%b %d, %Y', '%B %d, %Y', '%b %d %Y', '%d-%b-%Y', '%d-%b-%y',
            '%b %d, %Y %I:%M %p', '%d %b %Y %H:%M'
        ])
    ) end
) end;
create or replace temp macro import_parse_date(t, date_order) as
    cast(import_parse_timestamp(t, date_order) as date);

-- per column, over the whole file: evidence for the date order and the decimal mark.
-- They aggregate (value, n) rows: the column's distinct values (dates) or distinct
-- shapes (numbers, digits folded to 9: "12 500,50" -> "99 999,99") with their counts,
-- so the regular expressions run over a few hundred rows, not over every row.
create or replace temp macro import_date_profile(t, n) as struct_pack(
    filled := coalesce(sum(n), 0),
    iso := coalesce(sum(n) filter (where t like '____-__-__%'), 0),
    day_first := coalesce(sum(n) filter (
        where not t like '____-%'
        and regexp_matches(t, '^\s*(1[3-9]|2\d|3[01])[./\-](0?[1-9]|1[0-2])[./\-]\d{2,4}')
    ), 0),
    month_first := coalesce(sum(n) filter (
        where not t like '____-%'
        and regexp_matches(t, '^\s*(0?[1-9]|1[0-2])[./\-](1[3-9]|2\d|3[01])[./\-]\d{2,4}')
    ), 0),
    dotted := coalesce(sum(n) filter (
        where not t like '____-%' and regexp_matches(t, '^\s*\d{1,2}\.\d{1,2}\.\d{2,4}')
    ), 0),
    slashed := coalesce(sum(n) filter (
        where not t like '____-%' and regexp_matches(t, '^\s*\d{1,2}[./\-]\d{1,2}[./\-]\d{2,4}')
    ), 0),
    example := min(trim(t)) filter (where not t like '____-__-__%')
);
-- numbers are profiled with predicates only (no new strings per row): a value whose
-- last separator is a comma followed by one or two digits has a decimal comma, etc.
-- The tests are nested in case…when, which runs a branch only for the rows that reach
-- it (an `and` in a filter runs the regular expressions on every row: 4× slower).
create or replace temp macro import_number_profile(t) as struct_pack(
    filled := count(*) filter (where t <> ''),
    comma_decimal := count(*) filter (
        where case when contains(t, ',') then (
            regexp_matches(t, ',(\d{1,2}|\d{4,})\D*$') or regexp_matches(t, '\.\d{3}[^.]*,')
            or regexp_matches(t, '\d\.\d{3}\.\d{3}')
        ) else false end
    ),
    dot_decimal := count(*) filter (
        where case
            when not contains(t, '.') then false
            when contains(t, ',') then regexp_matches(t, ',\d{3}[^,]*\.') or regexp_matches(t, '\d,\d{3},\d{3}')
                or regexp_matches(t, '\.(\d{1,2}|\d{4,})\D*$')
            when t like '%._' or t like '%.__' then true
            when t like '%.____%' and not t like '%.%.%' then true
            else regexp_matches(t, '\.(\d{1,2}|\d{4,})\D*$')
        end
    ),
    max_value := max(try_cast(t as double)),
    percent_signs := count(*) filter (where contains(t, '%')),
    example := min(t) filter (where t <> '' and try_cast(t as double) is null)
);

-- a cell written back as CSV (for the raw text of a rejected row)
create or replace temp macro import_csv_cell(t, delim) as case
    when t is null then ''
    when contains(t, delim) or contains(t, '"') or contains(t, chr(10)) or contains(t, chr(13))
        then '"' || replace(t, '"', '""') || '"'
    else t
end;

-- a quarter like 2025Q3 from "2025Q3", "2025-Q3", "Q3 2025", "Q3/2025", "3Q2025"
create or replace temp macro import_parse_quarter(t) as case
    when regexp_full_match(trim(t), '(?i)(\d{4})\s*[-/ ]?\s*q\s*([1-4])')
        then regexp_extract(trim(t), '(?i)(\d{4})\s*[-/ ]?\s*q\s*([1-4])', 1) || 'Q'
            || regexp_extract(trim(t), '(?i)(\d{4})\s*[-/ ]?\s*q\s*([1-4])', 2)
    when regexp_full_match(trim(t), '(?i)q\s*([1-4])\s*[-/ ]?\s*(\d{4})')
        then regexp_extract(trim(t), '(?i)q\s*([1-4])\s*[-/ ]?\s*(\d{4})', 2) || 'Q'
            || regexp_extract(trim(t), '(?i)q\s*([1-4])\s*[-/ ]?\s*(\d{4})', 1)
    when regexp_full_match(trim(t), '(?i)([1-4])\s*q\s*(\d{4})')
        then regexp_extract(trim(t), '(?i)([1-4])\s*q\s*(\d{4})', 2) || 'Q'
            || regexp_extract(trim(t), '(?i)([1-4])\s*q\s*(\d{4})', 1)
end;

-- why a row is not data: an empty row, a report footer or a summary ("Total") line
create or replace temp macro import_skip_reason_of(filled_count, first_filled, summary_pattern, footer_pattern) as case
    when filled_count = 0 then 'an empty row'
    when regexp_matches(lower(first_filled), footer_pattern)
        then 'a report footer line ("' || trim(first_filled) || '"), not data'
    when regexp_matches(lower(first_filled), summary_pattern)
        then 'a summary row ("' || trim(first_filled) || '"), not data'
end;
-- first_cell is the row's first column, filled_cells its non-blank cells (a list built
-- only for the few rows whose first cell is blank or looks like a summary or footer)
create or replace temp macro import_skip_reason(first_cell, filled_cells, summary_pattern, footer_pattern) as case
    -- a cheap first look: a first cell that starts with a digit or a letter no summary or
    -- footer word starts with ("D-17", "9001") is data
    -- (a string of letters, not an `in` list: DuckDB runs that as a join per row)
    when ascii(first_cell) between 48 and 57
        or (ascii(first_cell) between 65 and 122
            and not contains('gtsrolcpfGTSROLCPF', left(first_cell, 1)))
        then null
    when import_blank(first_cell) is not null and not regexp_matches(
        first_cell,
        '(?i)^\s*(gra|tot|sub|sum|raz|ogo|ogó|łą|lą|lac|ито|все|общ|con|cop|\(c|©|gen|rep|sal|pow|fil|rec|итог)'
    ) then null
    else import_skip_reason_of(len(filled_cells), filled_cells[1], summary_pattern, footer_pattern)
end;

-- the reason a cell cannot load, or null; the value at fault is quoted in full
create or replace temp macro import_date_problem(name, t, d, date_order, min_date, max_date) as case
    when d between min_date and max_date then null
    when import_blank(t) is null then null
    when d is null then name || ' "' || trim(t) || '" is not a real date'
        || case when not regexp_matches(t, '^\s*\d{1,2}[./\-]\d{1,2}[./\-]') then ''
            when date_order = 'dmy' then ' (this column is read day first)'
            when date_order = 'mdy' then ' (this column is read month first)' else '' end
    when d > max_date then name || ' ' || strftime(d, '%Y-%m-%d') || ' is too far in the future'
    when d < min_date then name || ' ' || strftime(d, '%Y-%m-%d') || ' is before 1900'
end;
-- amounts, costs and hours are finite, not negative and below a trillion: a value of
-- 1e308 would print "LTV inf", and no deal or cost row of a real CRM comes near 1e12
create or replace temp macro import_number_problem(name, t, v) as case
    when v >= 0 and v < 1e12 then null
    when import_blank(t) is null then null
    when v is null or not isfinite(v) then name || ' "' || trim(t) || '" is not a number'
    when v < 0 then name || ' ' || trim(t) || ' is negative'
    else name || ' ' || trim(t) || ' is not a credible value (the limit is 1,000,000,000,000)'
end;
create or replace temp macro import_word_problem(name, t, v, allowed) as case
    when import_blank(t) is not null and v is null
        then name || ' "' || trim(t) || '" is not one of ' || allowed
            || ' (map it on the Import page or in the mapping file)'
end;
create or replace temp macro import_extra_problem(extra_value) as case
    when extra_value is not null then 'the row has more values than the header has columns'
end;
