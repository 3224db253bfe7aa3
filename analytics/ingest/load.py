"""Load one CSV file in one transaction, set-based in DuckDB SQL from end to end.

The hot path never loops over rows in Python: DuckDB reads the file (every column as
text) into a temporary table, the kind's staging query types and checks every row and
writes its reason, rejected and skipped rows go to import_rejects with insert…select,
and the rows that pass are upserted by natural key. The row an import overwrites is
kept in import_prior_<table> first, so the batch can be undone exactly.

A dry run does all of it and rolls back: the page's preview and validation summary are
the import itself, not an imitation of it.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import duckdb
import pandas as pd

from analytics.access import administers
from analytics.db import Database
from analytics.ingest.errors import BadMapping, UnreadableFile
from analytics.ingest.formats import Formats, decide
from analytics.ingest.kinds import KINDS, Kind, kind
from analytics.ingest.manual import keep_manual_changes
from analytics.ingest.mapping import check_mapping, interaction_variant, stage_decides, value_words
from analytics.ingest.preset_columns import skip_not_done, stage_time_report, time_report_summary
from analytics.ingest.seniority import level_checks
from analytics.ingest.sniff import Sniffed, utf8_copy
from analytics.ingest.tagging import infer_tags
from analytics.ingest.vocabulary import (
    CONTACT_PRESETS,
    COST_PRESETS,
    FOOTER_PATTERN,
    INTERACTION_PRESETS,
    PRESETS,
    SUMMARY_PATTERN,
)
from analytics.settings import change_reporting_currency, reporting_currency, reporting_currency_is_set
from analytics.sql_files import sql_reader

sql = sql_reader(__package__)

FUTURE_YEARS = 5  # a date more than this many years ahead is a typo, not a plan
OWN_KEYS = ("deal_id", "contact_id", "interaction_id", "feedback_id")  # ids the file itself carries
PREVIEW_ROWS = 20
# tables whose key the importer keeps unique itself (no primary key index since 0005,
# which halves the cost of loading them): update by key, then insert the rest
TABLES_WITHOUT_KEY_INDEX = ("deals",)
# how an order-lines file (an order id column) becomes deals
ORDER_LINES = ("per-order", "per-line")
# kinds of problem shown one row per value in the reasons table, before they are folded
REASON_VALUES_SHOWN = 12


@dataclass
class Plan:
    """Everything needed to import one file: what it is and how its columns map."""

    kind: str
    sniffed: Sniffed
    preset: str
    mapping: dict[str, int]
    values: dict[str, dict[str, str]] = field(default_factory=dict)  # field -> {word: value}
    default_currency: str | None = None
    overrides: dict = field(default_factory=dict)  # date_orders / decimals / fractions per field
    mapping_source: str = "suggested"  # suggested | saved | file | edited
    warnings: list[str] = field(default_factory=list)
    # deals with an order_id column: "per-order" (the lines of an order summed into one
    # deal, the default) or "per-line" (each line a deal); ignored without that column
    order_lines: str | None = None

    @property
    def file_name(self) -> str:
        return self.sniffed.file_name

    @property
    def order_mode(self) -> str:
        """none, per-order or per-line: how the rows become deals."""
        if self.kind != "deals" or "order_id" not in self.mapping:
            return "none"
        return self.order_lines if self.order_lines in ORDER_LINES else "per-order"


@dataclass
class ImportResult:
    """What happened to every row of one file."""

    batch_id: str
    kind: str
    file_name: str
    rows_in: int
    loaded: int
    updated: int
    rejected: int
    skipped: int
    new_clients: list[str]
    warnings: list[str]
    detection: dict
    dry_run: bool
    preview: pd.DataFrame
    reasons: pd.DataFrame  # outcome, reason, rows
    unknown_values: pd.DataFrame  # field, value, rows
    rejects: pd.DataFrame  # line_no, outcome, reason, raw (first rows only for a dry run)
    records_read: int = 0  # records in the file, counted apart from the outcomes above
    # the currency the amounts were taken in, the reporting currency a first import set,
    # account managers set from deal owners, order lines read as deals
    notes: list[str] = field(default_factory=list)
    # stage words no mapping knew, whose deals loaded as open: value, rows
    open_stages: pd.DataFrame = field(default_factory=lambda: pd.DataFrame({"value": [], "rows": []}))
    account_managers_set: int = 0  # clients whose account manager came from their deals' owner
    deals_written: int = 0  # deals the batch wrote (one per order when lines are summed)
    # contacts whose title no seniority rule matches (level unknown): title, rows
    unknown_titles: pd.DataFrame = field(default_factory=lambda: pd.DataFrame({"title": [], "rows": []}))

    def summary_line(self) -> str:
        return "; ".join([
            f"loaded {self.loaded}, updated {self.updated}, rejected {self.rejected}, "
            f"skipped {self.skipped}, new clients {len(self.new_clients)}",
            *self.notes,
        ])


@administers
def run_import(db: Database, plan: Plan, *, dry_run: bool = False,
               progress: Callable[[float, str], None] | None = None,
               tag_inference: bool = True) -> ImportResult:
    """Import the planned file; with dry_run, do everything and roll it back.

    tag_inference=False skips inferring tags from the notes (tags.toml): the touches get
    the tags the file gives and no interaction_tags rows (the benchmark's baseline)."""
    k = kind(plan.kind)
    problems = check_mapping(plan.kind, plan.sniffed.headers, plan.mapping)
    if problems:
        raise BadMapping(f'"{plan.file_name}": ' + " ".join(problems))
    report = progress or (lambda _f, _t: None)
    report(0.02, "Reading the file")
    path, temporary = utf8_copy(plan.sniffed)
    try:
        try:
            return _transaction(db, k, plan, path, dry_run=dry_run, parallel=True, report=report,
                                tag_inference=tag_inference)
        except _QuotedLineBreaks:
            # DuckDB reads a file with line breaks inside quoted cells with one thread
            return _transaction(db, k, plan, path, dry_run=dry_run, parallel=False, report=report,
                                tag_inference=tag_inference)
    finally:
        if temporary:
            os.unlink(path)


class _QuotedLineBreaks(Exception):
    """The parallel CSV reader met a quoted line break: read again with one thread."""


def _transaction(db: Database, k: Kind, plan: Plan, path: str, *, dry_run: bool, parallel: bool,
                 report, tag_inference: bool = True) -> ImportResult:
    if dry_run:
        cur = db.cursor()
        cur.execute("begin transaction")
        try:
            return _run(cur, k, plan, path, dry_run=True, parallel=parallel, report=report,
                        tag_inference=tag_inference)
        finally:
            cur.execute("rollback")
            _drop_temp(cur)
            cur.close()
    with db.write() as cur:
        try:
            result = _run(cur, k, plan, path, dry_run=False, parallel=parallel, report=report,
                          tag_inference=tag_inference)
        finally:
            _drop_temp(cur)
    report(1.0, "Done")
    return result


def _drop_temp(cur: duckdb.DuckDBPyConnection) -> None:
    """Drop the working tables and views (an aborted transaction has dropped them already).

    A failing statement would abort the transaction, so each object is looked up first."""
    try:
        views = {r[0] for r in cur.execute("select view_name from duckdb_views() where temporary").fetchall()}
        tables = {r[0] for r in cur.execute("select table_name from duckdb_tables() where temporary").fetchall()}
    except duckdb.Error:
        return
    for name in ("import_ok", "import_mapped", "import_raw"):
        if name in views:
            cur.execute(f"drop view temp.{name}")
    for name in ("import_ok", "import_client_map", "import_staged", "import_words", "import_line_breaks",
                 "import_raw_cells", "import_inferred_tags", "import_foreign_contacts"):
        if name in tables:
            cur.execute(f"drop table temp.{name}")


_READ_CELLS = """
    create or replace temp table import_raw_cells as
    select * from read_csv(
        $path, header = false, skip = $skip, delim = $delim, quote = '"', escape = '"',
        columns = $columns, auto_detect = false, null_padding = true, nullstr = chr(1),
        comment = '', strict_mode = true, store_rejects = true,
        rejects_table = 'import_reader_errors', rejects_scan = 'import_reader_scans',
        parallel = $parallel
    )
"""


def _read_raw(cur: duckdb.DuckDBPyConnection, plan: Plan, path: str, parallel: bool) -> None:
    """Read every record into temp table import_raw_cells: c0..cN as text (cN catches values
    beyond the header's columns), missing trailing cells as null, empty cells as ''; the
    temp view import_raw adds ordinality, the record's number in the file.

    The number is the row's position in import_raw_cells (DuckDB stores the rows of one
    insert in the order read, and gives them consecutive row ids), not read_csv's
    `with ordinality`, which makes DuckDB read the file with a single thread: on two cores
    that read took twice as long. Should the row ids not be consecutive, or insertion
    order not be kept, the file is read again with `with ordinality`."""
    n = len(plan.sniffed.headers)
    columns = {f"c{i}": "varchar" for i in range(n + 1)}
    params = {"path": path, "skip": plan.sniffed.header_line, "delim": plan.sniffed.delimiter,
              "columns": columns, "parallel": parallel}
    cells = ", ".join(f"c{i}" for i in range(n + 1))  # column names made from integers
    try:
        cur.execute(_READ_CELLS, params)
        first, last, count = cur.execute(
            "select coalesce(min(rowid), 0), coalesce(max(rowid), -1), count(*) from import_raw_cells"
        ).fetchone()
        ordered = cur.execute("select current_setting('preserve_insertion_order')").fetchone()[0]
        if ordered and last - first + 1 == count:
            cur.execute(f"create or replace temp view import_raw as select {cells}, "
                        f"rowid - {int(first)} + 1 as ordinality from import_raw_cells")
            return
        cur.execute(_READ_CELLS.rstrip() + " with ordinality", params)
        cur.execute(f"create or replace temp view import_raw as select {cells}, ordinality from import_raw_cells")
    except duckdb.Error as exc:
        text = str(exc)
        if parallel and "quoted new lines" in text:
            raise _QuotedLineBreaks() from None
        first_line = text.splitlines()[0] if text else "DuckDB could not read it"
        raise UnreadableFile(plan.file_name, f"it could not be read as CSV ({first_line}).") from None


def _create_mapped_view(cur: duckdb.DuckDBPyConnection, k: Kind, plan: Plan) -> None:
    """import_mapped: one text column per field of the kind, named for the field.

    The view is built from the kind's field names (constants) and column positions
    (integers): nothing from the file's text reaches the SQL."""
    n = len(plan.sniffed.headers)
    parts = ["ordinality as record_no"]
    for name in k.field_names:
        index = plan.mapping.get(name)
        parts.append(f"c{int(index)} as {name}" if index is not None else f"null::varchar as {name}")
    parts.append(f"c{n} as extra_value")
    parts.append(f"c{n - 1} is null as is_short")
    if plan.order_mode == "per-line" and "deal_id" not in plan.mapping:
        # a line's place in its order makes its deal id (the order id alone repeats)
        order = int(plan.mapping["order_id"])
        parts.append(f"row_number() over (partition by trim(c{order}) order by ordinality) as order_line")
    else:
        parts.append("null::bigint as order_line")
    cols = ", ".join(f"c{i}" for i in range(n + 1))
    parts.append("c0 as first_cell")
    parts.append(cols)  # the raw cells, for telling empty, summary and footer rows
    cur.execute("create or replace temp view import_mapped as select " + ", ".join(parts) + " from import_raw")


def _create_words(cur: duckdb.DuckDBPyConnection, plan: Plan) -> None:
    fields, keys, values = value_words(cur, plan.values, plan.preset)
    cur.execute("create or replace temp table import_words (field varchar, word_key varchar, value varchar)")
    cur.execute(
        "insert into import_words select unnest($f), unnest($k), unnest($v)",
        {"f": fields, "k": keys, "v": values},
    )


def _stage_params(k: Kind, plan: Plan, formats: Formats, currency: str) -> dict:
    today = dt.date.today()
    params: dict = {
        "summary_pattern": SUMMARY_PATTERN,
        "footer_pattern": FOOTER_PATTERN,
        "min_date": dt.date(1900, 1, 1),
        "max_date": today.replace(year=today.year + FUTURE_YEARS),
        "derive_key": k.key[0] not in plan.mapping and bool(k.derived_key) and plan.order_mode == "none",
    }
    for f in k.fields:
        if f.type in ("date", "timestamp"):
            params[f"{f.name}_order"] = formats.date_orders[f.name]
        if f.type in ("number", "int"):
            params[f"{f.name}_decimal"] = formats.decimals[f.name]
        if f.name == "discount_pct":
            params["discount_pct_fraction"] = formats.fractions[f.name]
    if k.name == "deals":
        params["default_currency"] = plan.default_currency or currency
        params["status_source"] = (
            "status" if "status" in plan.mapping else "stage" if "stage" in plan.mapping else "none"
        )
        params["stage_decides"] = stage_decides(plan.preset)
        params["order_mode"] = plan.order_mode
    if k.name == "interactions":
        # a CRM activity export: the channel of its variant, and a company found through
        # the contact (sql/interaction_contacts.sql) before a row without one is skipped
        variant = interaction_variant(plan.preset, plan.sniffed.headers) if plan.preset in INTERACTION_PRESETS \
            else None
        params["default_channel"] = (variant or {}).get("channel")
        params["crm_export"] = variant is not None
    if k.name == "contacts":
        # a CRM export's e-mail is the contact's key (activities find contacts by it)
        params["email_key"] = plan.preset in CONTACT_PRESETS and "email" in plan.mapping
    return params


def _trim_flags(cur: duckdb.DuckDBPyConnection, k: Kind, query: str) -> dict[str, bool]:
    """<field>_trim for each column the staging query reads with import_blank_cell: whether
    any of its cells changes when trimmed. One scan tests them all; a clean column (the
    usual case) is then not trimmed cell by cell."""
    names = [f for f in k.field_names if f"${f}_trim" in query]  # constants of the kind
    if not names:
        return {}
    row = cur.execute(
        "select " + ", ".join(f"coalesce(bool_or(import_needs_trim({n})), false)" for n in names)
        + " from import_mapped"
    ).fetchone()
    return {f"{n}_trim": bool(v) for n, v in zip(names, row, strict=True)}


def _used(params: dict, query: str) -> dict:
    """Only the parameters the query names (DuckDB refuses unused ones)."""
    return {key: value for key, value in params.items() if f"${key}" in query}


def _run(cur, k: Kind, plan: Plan, path: str, *, dry_run: bool, parallel: bool, report,
         tag_inference: bool = True) -> ImportResult:
    batch_id = dt.datetime.now().strftime("%Y%m%d-%H%M%S-") + uuid.uuid4().hex[:6]
    warnings = list(plan.sniffed.warnings) + list(plan.warnings)
    cur.execute(sql("macros"))
    cur.execute("drop table if exists temp.import_reader_errors")
    cur.execute("drop table if exists temp.import_reader_scans")
    _read_raw(cur, plan, path, parallel)
    multiline = not parallel
    report(0.3, "Checking every row")
    _create_mapped_view(cur, k, plan)
    _create_words(cur, plan)
    currency = reporting_currency(cur)
    formats = decide(cur, k, plan.mapping, plan.sniffed, plan.preset, plan.overrides)
    warnings += formats.warnings
    params = _stage_params(k, plan, formats, currency)
    stage = sql(f"stage/{k.name}")
    time_report = k.name == "costs" and plan.preset in COST_PRESETS
    if time_report:
        # a time tracker's report: each entry's project and category (preset_columns.py)
        stage_time_report(cur, plan.preset, plan.sniffed.headers)
        stage = sql("stage/costs_time_report")
    if k.name == "contacts":
        checks, level_params = level_checks()
        stage = stage.replace("/*level_checks*/", checks)
        params.update(level_params)
    params.update(_trim_flags(cur, k, stage))
    cur.execute("create or replace temp table import_staged as " + stage, _used(params, stage))
    if plan.preset in PRESETS:
        _skip_report_footer(cur, plan)
    time_notes: list[str] = []
    if time_report:
        time_notes, time_warnings = time_report_summary(cur, plan.sniffed.headers, plan.mapping,
                                                        dry_run=dry_run)
        warnings += time_warnings
    if k.name == "interactions" and params.get("crm_export"):
        skip_not_done(cur, plan.preset, plan.sniffed.headers)  # planned activities are no touch
        _find_contacts(cur)
    infer = tag_inference and ("notes" in plan.mapping or "subject" in plan.mapping)
    if k.name == "interactions" and infer:
        _infer_tags(cur)
    if params.get("derive_key"):
        warnings.append(
            f"The file has no {k.key[0]} column: rows are identified by "
            f"{', '.join(k.derived_key)}, so re-importing the same rows still updates them."
        )

    report(0.5, "Matching clients")
    base = {"batch_id": batch_id, "header_line": plan.sniffed.header_line}
    resolve = sql("client_map")
    cur.execute("create or replace temp table import_client_map as " + resolve,
                _used({"is_clients": k.name == "clients"}, resolve))
    if k.name == "interactions":
        warnings += _drop_foreign_contacts(cur)
    ok = sql("ok_costs" if k.name == "costs" else "ok")
    if plan.order_mode == "per-order":
        _reject_mixed_currency_lines(cur)
        cur.execute("create or replace temp table import_ok as " + sql("ok_orders"))
        keyed = "import_ok"
    elif k.key[0] in OWN_KEYS:
        # the key is in the file: duplicates and prior rows are found in import_staged, and
        # the join to the clients happens once, inside the upsert (no million-row copy)
        cur.execute("create or replace temp view import_ok as " + ok)
        keyed = "(select *, 1 as input_rows from import_staged where skip_reason is null and reject_reason is null)"
    else:
        cur.execute("create or replace temp table import_ok as " + ok)
        keyed = "import_ok"
    _reject_duplicates(cur, k, keyed)
    notes: list[str] = time_notes
    open_stages = pd.DataFrame({"value": [], "rows": []})
    if k.name == "deals":
        currency, notes = _settle_currency(cur, plan, keyed, currency, dry_run=dry_run)
        params["default_currency"] = plan.default_currency or currency
        open_stages = _open_stages(cur)
        warnings += _stage_warnings(cur, open_stages)

    report(0.7, "Loading")
    new_clients = [r[0] for r in cur.execute(
        "select coalesce(arg_min(client_ref_name, first_record) filter (where client_ref_name is not null), "
        "min(client_ref_id), min(client_ref_tax)) "
        "from import_client_map where is_new group by client_id order by 1"
    ).fetchall()]
    if k.name != "clients":
        cur.execute(sql("new_clients"), {"batch_id": batch_id})
    if k.name == "deals" and "person" in plan.mapping:
        _flag_person_clients(cur, batch_id)
    updated = _keep_prior_rows(cur, k, batch_id, keyed)
    upsert = sql(f"upsert/{k.name}")
    upsert_params = {"batch_id": batch_id, "source": plan.preset, "reporting_currency": currency}
    for f in k.field_names:
        upsert_params[f"has_{f}"] = f in plan.mapping
    if k.table in TABLES_WITHOUT_KEY_INDEX:
        # no primary key index (migration 0005): update the stored rows, insert the rest
        if updated:
            update = sql(f"update/{k.name}")
            cur.execute(update, _used(upsert_params, update))
        else:
            # nothing stored matches (the first import of a file): no anti-join needed
            upsert = upsert.split("\n-- only the")[0]
    elif updated == 0:
        # nothing to update: a plain insert skips the conflict checks (the first import of a file)
        upsert = upsert.split("\non conflict")[0]
    cur.execute(upsert, _used(upsert_params, upsert))
    unknown_titles = pd.DataFrame({"title": [], "rows": []})
    has_text = "notes" in plan.mapping or "subject" in plan.mapping
    if k.name == "interactions" and (has_text or "tags" in plan.mapping):
        _load_tag_provenance(cur, batch_id, has_notes=has_text, inferred=infer)
    if k.name == "contacts":
        _load_contact_details(cur, batch_id, upsert_params)
        unknown_titles = _unknown_titles(cur)
        warnings += _unknown_title_warnings(unknown_titles)
    keep_manual_changes(cur, k.name, batch_id)  # corrections made in the app win (manual.py)
    loaded_total = cur.execute(
        "select count(*) from import_staged where skip_reason is null and reject_reason is null"
    ).fetchone()[0]
    managers_set = deals_written = 0
    if k.name == "deals":
        deals_written = cur.execute(f"select count(*) from {keyed}").fetchone()[0]
        if plan.order_mode == "per-order" and loaded_total:
            notes.append(f"{loaded_total:,} order lines {'will load' if dry_run else 'loaded'} as "
                         f"{deals_written:,} deals, one per order")
        if "owner" in plan.mapping:
            managers_set = _account_managers_from_owners(cur, batch_id)
            if managers_set:
                notes.append(f"account manager {'will be ' if dry_run else ''}set for {managers_set:,} "
                             f"client{'' if managers_set == 1 else 's'} from their deals' owner")

    _store_rejects(cur, plan, batch_id, multiline, base)
    counts = dict(cur.execute(
        "select outcome, count(*) from import_rejects where batch_id = $b group by 1", {"b": batch_id}
    ).fetchall())
    rejected, skipped = counts.get("rejected", 0), counts.get("skipped", 0)
    short_rows = cur.execute(  # lines skipped as titles, footers or totals are short by nature
        "select count(*) from import_mapped where is_short and record_no not in "
        "(select record_no from import_staged where skip_reason is not null)"
    ).fetchone()[0]
    if short_rows:
        warnings.append(f"{short_rows} rows had fewer values than the header; their missing values were "
                        "taken as empty.")
    if k.name == "deals":
        warnings += _fx_warnings(cur, batch_id, currency)

    detection = {
        "encoding": plan.sniffed.encoding_label,
        "delimiter": plan.sniffed.delimiter_label,
        "line_endings": plan.sniffed.newline,
        "header_line": plan.sniffed.header_line,
        "preset": plan.preset,
        "mapping": {f: plan.sniffed.headers[i] for f, i in plan.mapping.items()},
        "formats": formats.notes,
        "default_currency": params.get("default_currency"),
    }
    rows_in = loaded_total + rejected + skipped
    # counted independently of the outcomes: records DuckDB read, rows it could not
    # read, and title lines above the header
    records_read = cur.execute("select count(*) from import_raw").fetchone()[0] + _reader_error_rows(cur) \
        + len(plan.sniffed.title_lines)
    if rows_in == 0:
        warnings.append("The file has a header but no data rows: nothing to import.")
    cur.execute(
        """
        insert into import_batches (batch_id, kind, file_name, sha256, imported_at, rows_read,
            rows_loaded, rows_rejected, preset, mapping, rows_updated, rows_skipped, clients_created,
            detection, warnings)
        values ($batch_id, $kind, $file_name, $sha, now(), $rows_in, $loaded, $rejected, $preset,
            $mapping, $updated, $skipped, $clients, $detection, $warnings)
        """,
        {"batch_id": batch_id, "kind": k.name, "file_name": plan.file_name, "sha": _sha256(plan.sniffed.path),
         "rows_in": rows_in, "loaded": loaded_total - updated, "rejected": rejected, "preset": plan.preset,
         "mapping": json.dumps(detection["mapping"], ensure_ascii=False), "updated": updated,
         "skipped": skipped, "clients": len(new_clients),
         "detection": json.dumps(detection, ensure_ascii=False, default=str),
         "warnings": json.dumps(warnings, ensure_ascii=False)},
    )
    report(0.95, "Summarising")
    preview = cur.execute(f"select * exclude (batch_id) from {k.table} where batch_id = $b limit {PREVIEW_ROWS}",
                          {"b": batch_id}).df()
    reasons = cur.execute(sql("reason_summary"), {"batch_id": batch_id, "max_values": REASON_VALUES_SHOWN}).df()
    unknown = _unknown_values(cur, k)
    rejects = cur.execute(
        "select line_no, outcome, reason, raw from import_rejects where batch_id = $b order by line_no"
        + (" limit 1000" if dry_run else ""),
        {"b": batch_id},
    ).df()
    return ImportResult(
        batch_id=batch_id, kind=k.name, file_name=plan.file_name, rows_in=rows_in,
        loaded=loaded_total - updated, updated=updated, rejected=rejected, skipped=skipped,
        records_read=records_read,
        new_clients=new_clients, warnings=warnings, detection=detection, dry_run=dry_run,
        preview=preview, reasons=reasons, unknown_values=unknown, rejects=rejects, notes=notes,
        open_stages=open_stages, account_managers_set=managers_set, deals_written=deals_written,
        unknown_titles=unknown_titles,
    )


def _find_contacts(cur) -> None:
    """A CRM activity export names contacts by the CRM's id, e-mail or name: each touch
    gets the stored contact they name, a touch without a company takes its contact's
    client, and a touch with neither is skipped and reported (not a touch of a client)."""
    cur.execute(
        """
        update import_staged as s
        set contact_id = f.contact_id,
            client_ref_id = case
                when s.client_ref_id is null and s.client_ref_tax is null and s.client_ref_name is null
                    then f.client_id
                else s.client_ref_id
            end
        from (""" + sql("interaction_contacts") + """) as f
        where f.record_no = s.record_no
        """
    )
    cur.execute(
        """
        update import_staged
        set skip_reason = 'no company and no known contact: not a touch with a client'
        where skip_reason is null and reject_reason is null
            and client_ref_id is null and client_ref_tax is null and client_ref_name is null
        """
    )


def _drop_foreign_contacts(cur) -> list[str]:
    """A touch keeps the client its row names; a contact stored under another client
    (sql/foreign_contacts.sql) is not linked to it, and the result says how often."""
    cur.execute("create or replace temp table import_foreign_contacts as " + sql("foreign_contacts"))
    count = cur.execute("select count(*) from import_foreign_contacts").fetchone()[0]
    if not count:
        return []
    cur.execute(
        "update import_staged as s set contact_id = null from import_foreign_contacts as f "
        "where f.record_no = s.record_no"
    )
    example = cur.execute("select min(contact_id) from import_foreign_contacts").fetchone()[0]
    touches = "touch names" if count == 1 else "touches name"
    return [
        f"{count:,} {touches} a contact stored under another client (e.g. {example}): they load on the "
        "client the row names, without that contact. Check the company of those activities, or the "
        "contact's company in the contacts export."
    ]


def _infer_tags(cur) -> None:
    """The tags of every note of the file, inferred at once (tags.toml, sql/tag_notes.sql)
    and added to the tags the file gives; import_inferred_tags keeps the rule and the
    words of each tag the file did not give itself, for interaction_tags."""
    infer_tags(
        cur,
        "(select interaction_id, notes as note from import_staged "
        "where skip_reason is null and reject_reason is null)",
        "import_inferred_tags",
    )
    cur.execute(
        """
        delete from import_inferred_tags as t
        using import_staged as s
        where s.interaction_id = t.interaction_id and list_contains(s.tags, t.tag)
        """
    )
    cur.execute(
        """
        update import_staged as s set tags = list_distinct(s.tags || t.tags)
        from (
            select interaction_id, list(tag order by tag) as tags
            from import_inferred_tags
            group by interaction_id
        ) as t
        where t.interaction_id = s.interaction_id
        """
    )


def _load_tag_provenance(cur, batch_id: str, *, has_notes: bool, inferred: bool = True) -> None:
    """interaction_tags of the loaded touches: with notes, the tags inferred now replace
    the ones inferred before (none, when not `inferred`); with a tags column only, a tag
    the file no longer gives loses its provenance. The rows replaced are kept first, so
    undo puts them back."""
    stale = "true" if has_notes else "not list_contains(o.tags, t.tag)"
    condition = f"""
        from import_ok as o
        where o.interaction_id = t.interaction_id and {stale}
    """  # stale is one of two constants
    cur.execute(
        f"""
        insert into import_prior_interaction_tags
        select $b as undo_batch_id, t.*
        from interaction_tags as t
        where exists (select 1 {condition})
        """,
        {"b": batch_id},
    )
    cur.execute(f"delete from interaction_tags as t where exists (select 1 {condition})")
    if has_notes and inferred:
        cur.execute(
            """
            insert into interaction_tags (interaction_id, tag, rule_name, matched, batch_id)
            select t.interaction_id, t.tag, t.rule_name, t.matched, $b
            from import_inferred_tags as t
            where t.interaction_id in (select interaction_id from import_ok)
            """,
            {"b": batch_id},
        )


def _load_contact_details(cur, batch_id: str, upsert_params: dict) -> None:
    """contact_details of the loaded contacts (e-mail, reports to, how the level was
    decided), its overwritten rows kept first so that undo puts them back."""
    cur.execute(
        """
        insert into import_prior_contact_details
        select $b as undo_batch_id, t.*
        from contact_details as t
        where t.contact_id in (select contact_id from import_ok)
        """,
        {"b": batch_id},
    )
    query = sql("upsert/contact_details")
    cur.execute(query, _used(upsert_params, query))


def _unknown_titles(cur) -> pd.DataFrame:
    """Titles of loaded contacts that no seniority rule matches: title, rows, most first."""
    return cur.execute(
        """
        select title, count(*) as rows
        from import_staged
        where level_source = 'unknown' and title is not null
            and skip_reason is null and reject_reason is null
        group by title
        order by rows desc, title
        """
    ).df()


def _unknown_title_warnings(titles: pd.DataFrame, shown: int = 10) -> list[str]:
    """One line naming the titles of unknown level, so a rule can be added for them."""
    if titles.empty:
        return []
    total = int(titles["rows"].sum())
    words = ", ".join(f'"{r.title}" ({r.rows:,})' for r in titles.head(shown).itertuples())
    more = f" and {len(titles) - shown:,} more titles" if len(titles) > shown else ""
    return [f"{total:,} contact{'' if total == 1 else 's'} of unknown level (no seniority rule matches the "
            f"title): {words}{more}. Add a rule to analytics/ingest/seniority.toml or set the level, "
            "and import the file again."]


def _fresh_for_deals(cur) -> bool:
    """Whether this deals import is the first of a fresh database, which then takes the
    currency of most of its deals as the reporting currency.

    Fresh means: the reporting currency was never set (its settings row is absent:
    ensure_defaults writes only the numeric method settings, so the row exists only once
    a person, the demo or an earlier first import chose the currency), no deals are stored
    yet, and no exchange rate is stored either (rates are to the reporting currency in
    force, so a database with rates has already settled on it)."""
    if reporting_currency_is_set(cur):
        return False
    return not cur.execute(
        "select exists (select 1 from deals) or exists (select 1 from fx_rates)"
    ).fetchone()[0]


def _settle_currency(cur, plan: Plan, keyed: str, currency: str, *, dry_run: bool) -> tuple[str, list[str]]:
    """The reporting currency the deals load in, and the notes on currencies for the
    result line: the currency that amounts naming none were taken in (when neither
    --currency nor a mapping gave one), and the reporting currency a first import set."""
    notes: list[str] = []
    chosen = plan.default_currency is not None
    if _fresh_for_deals(cur):
        # the most common currency the rows name (or that --currency / the mapping gives them)
        named = "" if chosen else " and not currency_defaulted"
        row = cur.execute(
            f"select currency from {keyed} where currency is not null{named} "
            "group by currency order by count(*) desc, min(record_no) limit 1"
        ).fetchone()
        if row:
            previous = currency
            currency = change_reporting_currency(cur, row[0]).currency
            if not chosen and currency != previous:
                # rows naming no currency take the reporting currency, which is now this one
                cur.execute("update import_staged set currency = $c where currency_defaulted", {"c": currency})
                if keyed == "import_ok":  # the orders summed from those rows, already a table
                    cur.execute("update import_ok set currency = $c where currency_defaulted", {"c": currency})
            notes.append(f"reporting currency {'will be ' if dry_run else ''}set to {currency}, "
                         "the currency of most deals")
    if not chosen:
        defaulted, total = cur.execute(
            f"select count(*) filter (where currency_defaulted), count(*) from {keyed}"
        ).fetchone()
        if defaulted:
            what = "amounts" if defaulted == total else \
                f"{defaulted} amount{'' if defaulted == 1 else 's'} naming no currency"
            notes.insert(0, f"{what} taken in {currency}, the reporting currency; use --currency to choose")
    return currency, notes


def _skip_report_footer(cur, plan: Plan) -> None:
    """A recognised CRM export ends in a footer block: after its last row that loads, a
    line with at most one filled cell (the report's name, the organisation, "Generated
    By: …" and the like) is a footer line and is skipped, never rejected. The patterns
    (Grand Totals, Confidential Information, Copyright…) are skipped anywhere already."""
    last = cur.execute(
        "select coalesce(max(record_no), 0) from import_staged where skip_reason is null and reject_reason is null"
    ).fetchone()[0]
    n = len(plan.sniffed.headers)
    cells = ", ".join(f"m.c{i}" for i in range(n + 1))  # column names made from integers
    cur.execute(
        f"""
        update import_staged as s
        set skip_reason = 'a report footer line ("' || f.cell || '"), not data', reject_reason = null
        from (
            select m.record_no, list_filter([{cells}], lambda x: trim(x) <> '') as filled,
                filled[1] as cell
            from import_mapped as m
            where m.record_no > $last
        ) as f
        where f.record_no = s.record_no and s.record_no > $last
            and s.skip_reason is null and s.reject_reason is not null and len(f.filled) = 1
        """,
        {"last": last},
    )


def _reject_mixed_currency_lines(cur) -> None:
    """One deal per order has one currency: a line in another currency than its order's
    first line is rejected (summing it would add two currencies)."""
    cur.execute(
        """
        update import_staged as s
        set reject_reason = 'order ' || s.deal_id || ' is in ' || o.currency || ', this line in '
            || s.currency || ': one deal per order needs one currency'
        from (
            select deal_id, arg_min(currency, record_no) as currency
            from import_staged
            where skip_reason is null and reject_reason is null
            group by deal_id
            having count(distinct currency) > 1
        ) as o
        where s.deal_id = o.deal_id and s.skip_reason is null and s.reject_reason is null
            and s.currency is distinct from o.currency
        """
    )


def _open_stages(cur) -> pd.DataFrame:
    """Stage words no mapping knew, whose deals load as open: value, rows."""
    return cur.execute(
        """
        select stage as value, count(*) as rows
        from import_staged
        where stage_unknown and skip_reason is null and reject_reason is null
        group by stage
        order by rows desc, value
        """
    ).df()


def _stage_warnings(cur, open_stages: pd.DataFrame) -> list[str]:
    warnings = []
    if not open_stages.empty:
        words = ", ".join(f'"{r.value}" ({r.rows:,})' for r in open_stages.itertuples())
        warnings.append(f"Stages no mapping knows loaded as open deals: {words}. If one of them means won or "
                        "lost, say so on the Import page (or in the mapping file) and import the file again.")
    assumed = cur.execute(
        "select count(*) from import_staged where status_assumed and skip_reason is null and reject_reason is null"
    ).fetchone()[0]
    if assumed:
        warnings.append(f"{assumed:,} deal{'' if assumed == 1 else 's'} name{'s' if assumed == 1 else ''} "
                        "no status or stage: loaded as open.")
    return warnings


def _flag_person_clients(cur, batch_id: str) -> None:
    """Clients this batch created from a deal's contact person (the deal named no
    organisation) are people: is_person."""
    cur.execute(
        """
        update clients set is_person = true
        where batch_id = $b and client_id in (
            select m.client_id
            from import_staged as s
            join import_client_map as m
                on m.client_ref_id is null and m.client_ref_tax is null
                and m.client_ref_name = s.client_ref_name
            where s.client_ref_is_person and m.is_new
                and s.skip_reason is null and s.reject_reason is null
        )
        """,
        {"b": batch_id},
    )


def _account_managers_from_owners(cur, batch_id: str) -> int:
    """A client of this batch's deals whose account manager is not set takes the owner
    of most of its deals (all its stored deals; a tie goes to the owner of its latest
    deal). A client stored before the batch keeps its prior image, so undo puts it back."""
    cur.execute(
        """
        create or replace temp table import_owner_choice as
        with mine as (
            select distinct client_id from deals where batch_id = $b
        ),
        unmanaged as (
            select c.client_id from clients as c
            join mine as m on m.client_id = c.client_id
            where nullif(trim(c.account_manager), '') is null
        ),
        tallies as (
            select d.client_id, d.owner, count(*) as deals,
                max(coalesce(d.closed_on, d.created_on)) as latest
            from deals as d
            join unmanaged as u on u.client_id = d.client_id
            where nullif(trim(d.owner), '') is not null
            group by all
        )
        select client_id, owner
        from tallies
        qualify row_number() over (
            partition by client_id order by deals desc, latest desc nulls last, owner
        ) = 1
        """,
        {"b": batch_id},
    )
    cur.execute(
        """
        insert into import_prior_clients
        select $b as undo_batch_id, c.*
        from clients as c
        join import_owner_choice as o on o.client_id = c.client_id
        where c.batch_id is distinct from $b
        """,
        {"b": batch_id},
    )
    changed = cur.execute(
        """
        update clients as c set account_manager = o.owner, batch_id = $b
        from import_owner_choice as o
        where o.client_id = c.client_id
        """,
        {"b": batch_id},
    ).fetchone()[0]
    cur.execute("drop table temp.import_owner_choice")
    return int(changed)


def _reject_duplicates(cur, k: Kind, keyed: str) -> None:
    """Two rows with the same natural key in one file: the later one loads, the earlier is rejected."""
    keys = ", ".join(k.key)  # constants of the kind
    total, distinct = cur.execute(
        f"select count(*), count(distinct ({keys})) from {keyed}"
    ).fetchone()
    if total == distinct:
        return
    cur.execute(
        f"""
        create or replace temp table import_duplicates as
        select record_no, last_record_no from (
            select record_no,
                max(record_no) over (partition by {keys}) as last_record_no
            from {keyed}
        ) where record_no < last_record_no
        """
    )
    cur.execute(
        """
        update import_staged as s
        set reject_reason = 'the same ' || $key || ' appears again further down the file '
            || '(record ' || d.last_record_no || '), which was loaded instead'
        from import_duplicates as d
        where d.record_no = s.record_no
        """,
        {"key": " and ".join(k.key)},
    )
    if keyed == "import_ok":
        cur.execute("delete from import_ok where record_no in (select record_no from import_duplicates)")
    cur.execute("drop table temp.import_duplicates")


def _keep_prior_rows(cur, k: Kind, batch_id: str, keyed: str) -> int:
    """Copy every stored row this batch is about to overwrite into import_prior_<table>;
    return how many input rows update a stored row."""
    match = " and ".join(f"o.{c} = t.{c}" for c in k.key)  # constants of the kind
    updated = cur.execute(
        f"select coalesce(sum(o.input_rows), 0) from {keyed} as o "
        f"where exists (select 1 from {k.table} as t where {match})"
    ).fetchone()[0]
    cur.execute(
        f"""
        insert into import_prior_{k.table}
        select $batch_id as undo_batch_id, t.*
        from {k.table} as t
        where exists (select 1 from {keyed} as o where {match})
        """,
        {"batch_id": batch_id},
    )
    return int(updated)


def _store_rejects(cur, plan: Plan, batch_id: str, multiline: bool, base: dict) -> None:
    params = {"batch_id": batch_id, "header_line": plan.sniffed.header_line,
              "delim": plan.sniffed.delimiter}
    if multiline:
        cur.execute("create or replace temp table import_line_breaks as " + sql("line_breaks"))
    else:
        cur.execute("create or replace temp table import_line_breaks (record_no bigint, breaks_before bigint)")
    query = sql("store_rejects")
    cur.execute(query, _used(params, query))
    reader_errors = cur.execute(
        "select count(*) from information_schema.tables where table_name = 'import_reader_errors'"
    ).fetchone()[0]
    if reader_errors:
        cur.execute(
            """
            insert into import_rejects (batch_id, line_no, raw, reason, outcome)
            select $batch_id, line::integer + $header_line - 1, csv_line,
                case when error_type = 'INVALID ENCODING' or error_type = 'INVALID_ENCODING'
                    then 'the line is not UTF-8 text while the file is read as UTF-8 (the file mixes '
                        || 'encodings): save it as CSV UTF-8 and import it again'
                    else 'the row could not be read: ' || lower(replace(error_type, '_', ' '))
                        || ' (' || error_message || ')'
                end,
                'rejected'
            from temp.import_reader_errors
            qualify row_number() over (partition by line order by byte_position) = 1
            """,
            {"batch_id": batch_id, "header_line": plan.sniffed.header_line},
        )
    for line_no, text in plan.sniffed.title_lines:
        cur.execute(
            "insert into import_rejects (batch_id, line_no, raw, reason, outcome) "
            "values ($b, $line, $raw, $reason, 'skipped')",
            {"b": batch_id, "line": line_no, "raw": text,
             "reason": "a title line above the header, not data"},
        )


def _reader_error_rows(cur) -> int:
    exists = cur.execute(
        "select count(*) from information_schema.tables where table_name = 'import_reader_errors'"
    ).fetchone()[0]
    if not exists:
        return 0
    return cur.execute("select count(distinct line) from temp.import_reader_errors").fetchone()[0]


def _fx_warnings(cur, batch_id: str, currency: str) -> list[str]:
    rows = cur.execute(
        """
        select currency, count(*) from deals
        where batch_id = $b and amount is not null and amount_base is null
        group by 1 order by 1
        """,
        {"b": batch_id},
    ).fetchall()
    return [
        f"No exchange rate for {cur_} to {currency} yet: {n:,} deal{' was' if n == 1 else 's were'} loaded "
        f"without an amount in {currency}. Add the rate (Import page → Exchange rates, or: python -m "
        f"analytics rates set {cur_} RATE) and {'it is' if n == 1 else 'they are'} converted."
        for cur_, n in rows
    ]


def _unknown_values(cur, k: Kind) -> pd.DataFrame:
    """Words the vocabularies do not know, with how many rows they block."""
    return cur.execute(sql("unknown_values")).df()


def _sha256(path: str) -> str:
    import hashlib

    digest = hashlib.sha256()
    with open(path, "rb") as fh:
        while chunk := fh.read(1 << 22):
            digest.update(chunk)
    return digest.hexdigest()


def kinds() -> list[str]:
    return list(KINDS)


def file_size_mb(path: str | Path) -> float:
    return Path(path).stat().st_size / 1e6
