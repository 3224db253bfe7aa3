"""What a CRM or time-tracker preset reads beyond the mapped fields, over the whole file
in DuckDB: whether an activity was done (Pipedrive's Done, Zoho's Outgoing Call Status,
Bitrix24's Выполнено / Статус), and a time report's project (the client when the client
column is empty) and the text that gives its category (cost_categories.toml).

The columns are found by their headers (analytics/ingest/vocabulary.py: "done" of an
activity preset, "project" and "text" of a cost preset) and read from the raw cells of
import_mapped by position: every name put into SQL is c<integer>, never a header.
"""

from __future__ import annotations

import duckdb
import pandas as pd

from analytics.ingest.cost_categories import DEFAULT_CATEGORY, infer_categories
from analytics.ingest.mapping import preset_column
from analytics.ingest.vocabulary import COST_PRESETS, CURRENCY_CODES, INTERACTION_PRESETS
from analytics.settings import reporting_currency

# descriptions no category rule matches, named in the result so a rule can be added
UNMATCHED_SHOWN = 8
# a time report's money columns that are what the client is billed, never a cost
BILLABLE_AMOUNTS = ["Amount", "Billable Amount"]


def skip_not_done(cur: duckdb.DuckDBPyConnection, preset: str, headers: list[str]) -> None:
    """Skip and report the staged touches of an activity export that did not happen yet:
    a Done column saying no (Pipedrive "To do"), a call still scheduled, overdue or
    cancelled (Zoho), an activity not completed (Bitrix24 "Нет", "Не выполнено")."""
    names = [h for h in INTERACTION_PRESETS.get(preset, {}).get("done", [])]
    column = preset_column(headers, names)
    if column is None:
        return
    cell = f"m.c{int(column)}"
    cur.execute(
        f"""
        update import_staged as s
        set skip_reason = 'not done ("' || trim({cell}) || '"): a planned activity, not a touch yet',
            reject_reason = null
        from import_mapped as m, (
            select distinct word_key from import_words where field in ('done', 'bool') and value = 'false'
        ) as w
        where m.record_no = s.record_no and s.skip_reason is null
            and import_word_key({cell}) = w.word_key
        """
    )


def stage_time_report(cur: duckdb.DuckDBPyConnection, preset: str, headers: list[str]) -> None:
    """Temp table import_time_report (record_no, project, note, category, rule_name,
    matched) for sql/stage/costs_time_report.sql: each entry's project, its text (the
    preset's text columns joined) and the category the rules give that text. The rules
    run once per distinct text, not once per entry."""
    spec = COST_PRESETS[preset]
    project = preset_column(headers, spec.get("project", []))
    texts = [i for i in (preset_column(headers, [h]) for h in spec.get("text", [])) if i is not None]
    project_cell = f"nullif(trim(c{int(project)}), '')" if project is not None else "null::varchar"
    text_cells = ", ".join(f"nullif(trim(c{int(i)}), '')" for i in texts)
    note = f"nullif(concat_ws(' — ', {text_cells}), '')" if texts else "null::varchar"
    cur.execute(
        f"""
        create or replace temp table import_time_text as
        select record_no, {project_cell} as project, {note} as note
        from import_mapped
        """
    )
    cur.execute(
        """
        create or replace temp table import_time_distinct as
        select row_number() over (order by note) as text_id, note
        from (select distinct note from import_time_text where note is not null)
        """
    )
    infer_categories(cur, "import_time_distinct", "import_time_categories")
    cur.execute(
        """
        create or replace temp table import_time_report as
        select t.record_no, t.project, t.note, c.category, c.rule_name, c.matched
        from import_time_text as t
        left join import_time_distinct as d on d.note = t.note
        left join import_time_categories as c on c.text_id = d.text_id
        """
    )
    for name in ("import_time_text", "import_time_distinct", "import_time_categories"):
        cur.execute(f"drop table temp.{name}")  # the module's own constants


def time_report_summary(cur: duckdb.DuckDBPyConnection, headers: list[str], mapping: dict[str, int], *,
                        dry_run: bool) -> tuple[list[str], list[str]]:
    """(notes, warnings) on the entries that load: how many hours each category got and
    from how many entries, the most frequent texts no rule matched (their entries are
    "other"), how the money was read (a billable amount is not a cost; a cost in another
    currency than the reporting one); drops import_time_report."""
    rows = cur.execute(
        """
        select s.category, count(*) as entries, coalesce(sum(s.hours), 0) as hours,
            count(*) filter (where r.rule_name is not null) as by_rule
        from import_staged as s
        join import_time_report as r using (record_no)
        where s.skip_reason is null and s.reject_reason is null
        group by s.category
        order by hours desc, s.category
        """
    ).fetchall()
    unmatched: pd.DataFrame = cur.execute(
        """
        select r.note, count(*) as rows
        from import_staged as s
        join import_time_report as r using (record_no)
        where s.skip_reason is null and s.reject_reason is null and r.rule_name is null
            and s.category = $other and r.note is not null
        group by r.note
        order by rows desc, r.note
        """,
        {"other": DEFAULT_CATEGORY},
    ).df()
    cur.execute("drop table temp.import_time_report")
    notes: list[str] = []
    if rows:
        parts = ", ".join(f"{category.replace('_', ' ')} {hours:,.2f} h ({entries:,} "
                          f"entr{'y' if entries == 1 else 'ies'})" for category, entries, hours, _ in rows)
        verb = "will be" if dry_run else "were"
        notes.append(f"categories {verb} read from the descriptions (cost_categories.toml): {parts}")
    warnings: list[str] = []
    if not unmatched.empty:
        total = int(unmatched["rows"].sum())
        shown = ", ".join(f'"{r.note}" ({r.rows:,})' for r in unmatched.head(UNMATCHED_SHOWN).itertuples())
        more = f" and {len(unmatched) - UNMATCHED_SHOWN:,} more" if len(unmatched) > UNMATCHED_SHOWN else ""
        warnings.append(
            f"{total:,} time entr{'y' if total == 1 else 'ies'} no category rule matches, counted as other: "
            f"{shown}{more}. Add a rule to analytics/ingest/cost_categories.toml and import the file again."
        )
    notes += _money_notes(cur, headers, mapping, warnings)
    return notes, warnings


def _money_notes(cur: duckdb.DuckDBPyConnection, headers: list[str], mapping: dict[str, int],
                 warnings: list[str]) -> list[str]:
    """What the money columns were read as: without a cost column, a billable amount is
    left out (hours are valued at hourly_cost); a cost in a currency the export names
    (a header ending in "(USD)", a Currency column) other than the reporting currency is
    taken as it is, and said so in `warnings`."""
    notes: list[str] = []
    billed = preset_column(headers, BILLABLE_AMOUNTS)
    if "cost" not in mapping:
        if billed is not None:
            notes.append(f'"{headers[billed]}" is what the client is billed, not a cost to serve: it is not read; '
                         "hours are valued at the hourly_cost setting")
        return notes
    column = mapping["cost"]
    named = {word for word in headers[column].replace("(", " ").replace(")", " ").upper().split()
             if word in CURRENCY_CODES}
    currency_column = preset_column(headers, ["Currency"])
    if currency_column is not None:
        cell = f"c{int(currency_column)}"  # a column position, never a header
        named |= {row[0] for row in cur.execute(
            f"select distinct upper(regexp_extract(trim({cell}), '([A-Za-z]{{3}})$', 1)) from import_mapped "
            f"where trim({cell}) <> ''"
        ).fetchall() if row[0] in CURRENCY_CODES}
    base = reporting_currency(cur)
    others = sorted(named - {base})
    if others:
        warnings.append(f"The costs are in {', '.join(others)}; cost to serve is reported in {base}, and these "
                        f"amounts are taken as {base} amounts as they are. Convert them before the import, or "
                        "change the reporting currency.")
    return notes
