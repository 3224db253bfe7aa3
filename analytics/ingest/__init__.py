"""Import CSV exports of clients, contacts, interactions, deals, feedback, costs and team
pulse, from HubSpot, Salesforce, Pipedrive, Zoho or anything else — nothing silently lost.

    plan = prepare(db.cursor(), "export.csv")          # sniff, detect, suggest a mapping
    result = run_import(db, plan, dry_run=True)       # preview + validation, rolled back
    result = run_import(db, plan)                     # the import, in one transaction
    undo_batch(db, result.batch_id)                   # and back

Every row read ends up loaded, updated, rejected (with a reason) or skipped (a title,
footer or summary line, with a reason): rows in = loaded + updated + rejected + skipped.
The page and the command line call these same functions.
"""

from __future__ import annotations

import json
from pathlib import Path

import duckdb

from analytics.access import administers, aggregate
from analytics.errors import ContinuumError
from analytics.ingest.batches import (
    batch_rejects,
    import_history,
    merge_clients,
    near_duplicate_clients,
    rejects_csv,
    undo_batch,
    undo_counts,
    undo_description,
)
from analytics.ingest.errors import BadMapping, ImportError_, UnreadableFile
from analytics.ingest.fx import delete_fx_rate, exchange_rates, missing_fx_rates, set_fx_rate
from analytics.ingest.kinds import KINDS, kind
from analytics.ingest.load import ORDER_LINES, ImportResult, Plan, run_import
from analytics.ingest.mapping import (
    PRESET_CHOICES,
    detect_kind,
    fields_by_header,
    save_mapping,
    save_value_mapping,
    saved_mapping,
    suggest_mapping,
)
from analytics.ingest.sniff import Sniffed, sniff
from analytics.settings import check_currency_code

DEFAULT_UPLOAD_LIMIT_MB = 200.0

__all__ = [
    "KINDS", "ORDER_LINES", "PRESET_CHOICES", "BadMapping", "ImportError_", "ImportResult", "Plan", "Sniffed",
    "UnreadableFile", "batch_rejects", "exchange_rates", "import_file", "import_history", "load_mapping_file",
    "merge_clients", "missing_fx_rates", "near_duplicate_clients", "prepare", "rejects_csv",
    "delete_fx_rate", "run_import", "save_mapping", "save_value_mapping", "set_fx_rate", "undo_batch", "undo_counts", "undo_description",
    "upload_limit_mb",
]


def load_mapping_file(path: str | Path) -> dict:
    """A --mapping FILE.json: {"fields": {field: header}, "values": {field: {word: value}},
    "options": {"currency": "USD", "date_orders": {field: "dmy"}, "decimals": {field: ","},
    "order_lines": "per-order" | "per-line"}}."""
    try:
        data = json.loads(Path(path).read_text(encoding="utf-8-sig"))
    except FileNotFoundError:
        raise BadMapping(f'No mapping file at "{path}".') from None
    except (json.JSONDecodeError, UnicodeDecodeError) as exc:
        raise BadMapping(f'The mapping file "{path}" is not valid JSON ({exc}).') from None
    if not isinstance(data, dict) or not isinstance(data.get("fields", {}), dict):
        raise BadMapping(f'The mapping file "{path}" must hold an object with "fields": {{field: column}}.')
    return data


@administers
def prepare(con: duckdb.DuckDBPyConnection, path: str | Path, kind_name: str | None = None,
            preset: str = "auto", mapping: dict | None = None, file_name: str | None = None,
            currency: str | None = None, order_lines: str | None = None) -> Plan:
    """Sniff a file and plan its import: kind (detected unless given), preset, mapping.

    The mapping comes from `mapping` (a --mapping file's content) when given, else from
    the one saved for these headers, else from the preset and synonyms. `currency` (an
    ISO code, --currency) is the currency of deals rows that name none, over the
    mapping's option "currency"; with neither, those rows take the reporting currency.
    `order_lines` (--order-lines) is how a deals file with an order id column becomes
    deals: "per-order" (the default: lines summed, one deal per order) or "per-line",
    over the mapping's option "order_lines"."""
    if currency is not None:
        currency = check_currency_code(currency)
    if order_lines is not None and order_lines not in ORDER_LINES:
        raise BadMapping(f'"{order_lines}" is not a way to read order lines; use per-order or per-line.')
    sniffed = sniff(path, file_name)
    name = kind_name or (mapping or {}).get("kind") or detect_kind(sniffed.headers)
    k = kind(name)
    options: dict = {}
    values: dict = {}
    if mapping is not None:
        chosen, _ = suggest_mapping(k.name, sniffed.headers, preset)
        fields = fields_by_header(sniffed.headers, mapping.get("fields", {}))
        if not mapping.get("fields"):
            _, fields = suggest_mapping(k.name, sniffed.headers, preset)
        source = "file"
        options = mapping.get("options", {}) or {}
        values = mapping.get("values", {}) or {}
    else:
        saved = saved_mapping(con, k.name, sniffed.headers) if preset == "auto" else None
        if saved:
            chosen = saved.get("options", {}).get("preset") or suggest_mapping(k.name, sniffed.headers)[0]
            fields = fields_by_header(sniffed.headers, saved["fields"])
            options = saved.get("options", {})
            source = "saved"
        else:
            chosen, fields = suggest_mapping(k.name, sniffed.headers, preset)
            source = "suggested"
    unknown = [f for f in fields if f not in k.field_names]
    if unknown:
        raise BadMapping(f'{", ".join(unknown)} is not a field of {k.label.lower()}; '
                         f'the fields are: {", ".join(k.field_names)}.')
    lines = order_lines or options.get("order_lines")
    if lines is not None and lines not in ORDER_LINES:
        raise BadMapping(f'The mapping\'s option "order_lines" is "{lines}"; use per-order or per-line.')
    if order_lines is not None and "order_id" not in fields:
        raise BadMapping(f'"{sniffed.file_name}" has no column mapped to order_id, so it has no order lines '
                         "to read per order or per line.")
    return Plan(
        kind=k.name, sniffed=sniffed, preset=chosen, mapping=fields, values=values,
        default_currency=currency or _option_currency(options),
        overrides={key: options[key] for key in ("date_orders", "decimals", "fractions") if key in options},
        mapping_source=source,
        order_lines=(lines or "per-order") if k.name == "deals" and "order_id" in fields else None,
    )


def _option_currency(options: dict) -> str | None:
    """The mapping's option "currency", checked: an ISO code, or None when it gives none."""
    value = options.get("currency")
    if not value:
        return None
    try:
        return check_currency_code(value)
    except ContinuumError as exc:
        raise BadMapping(f'The mapping\'s option "currency": {exc}') from None


def import_file(db, kind_name: str | None, path: str | Path, *, preset: str = "auto",
                mapping: dict | None = None, file_name: str | None = None, dry_run: bool = False,
                progress=None, currency: str | None = None, order_lines: str | None = None) -> ImportResult:
    """Plan and import one file in one go (the command line's path); `currency` and
    `order_lines` as in prepare."""
    plan = prepare(db.cursor(), path, kind_name, preset, mapping, file_name, currency, order_lines)
    return run_import(db, plan, dry_run=dry_run, progress=progress)


@aggregate
def upload_limit_mb(con: duckdb.DuckDBPyConnection) -> float:
    """The largest file the Import page accepts (setting import_max_upload_mb)."""
    row = con.execute("select value from settings where key = 'import_max_upload_mb'").fetchone()
    try:
        return float(row[0]) if row else DEFAULT_UPLOAD_LIMIT_MB
    except ValueError:
        return DEFAULT_UPLOAD_LIMIT_MB
