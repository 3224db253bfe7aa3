"""`python -m analytics score`: every client's position, dimensions and signals for a quarter."""

from __future__ import annotations

import argparse
import csv
import io
import json
import sys

from analytics.cli.common import add_db_argument
from analytics.db import open_database
from analytics.method.continuum import DIMENSIONS
from analytics.method.report import report_warnings, score_report

FORMATS = ("table", "csv", "json")


def register(sub: argparse._SubParsersAction) -> None:
    parser = sub.add_parser(
        "score",
        help="score every client on the continuum for a quarter",
        description="Score every client (or one) for a quarter: the position on the continuum, "
        "the stage, the change since the previous quarter, the five dimensions with their "
        "contributions, and the warning signals that fire.\n\n"
        "Example: python -m analytics score --db data/demo.duckdb --quarter 2026Q2 --format json",
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    add_db_argument(parser)
    parser.add_argument("--quarter", help="like 2025Q4 (default: the last complete quarter with won deals or touches)")
    parser.add_argument("--client", help="one client id (default: every client)")
    parser.add_argument("--format", choices=FORMATS, default="table", help="output format (default table)")
    parser.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    db = open_database(args.db, create=False)
    try:
        report = score_report(db.cursor(), args.quarter, args.client)
        warnings = report_warnings(db.cursor(), args.quarter)
    finally:
        db.close()
    for warning in warnings:
        print(f"Warning: {warning}", file=sys.stderr)
    if report and report[0]["not_judged"]:
        judged = ", ".join(s["id"] for s in report[0]["not_judged"])
        print(f"Not judged, for want of the data they stand on: {judged} (--format json says what each needs)",
              file=sys.stderr)
    sys.stdout.write(render(report, args.format))
    return 0


def render(report: list[dict], fmt: str) -> str:
    """The report as text in `fmt` (table, csv or json)."""
    if fmt == "json":
        return json.dumps(report, ensure_ascii=False, indent=2) + "\n"
    rows = [_flat(item) for item in report]
    if fmt == "csv":
        out = io.StringIO()
        writer = csv.DictWriter(out, fieldnames=list(_flat_header()), lineterminator="\n")
        writer.writeheader()
        writer.writerows({k: _safe_cell(v) for k, v in row.items()} for row in rows)
        return out.getvalue()
    return _table(rows)


def _flat_header() -> tuple[str, ...]:
    return ("client_id", "name", "quarter", "score", "stage", "change", "is_new",
            *(d for d, _ in DIMENSIONS), "coverage", "revenue_4q", "signals")


def _flat(item: dict) -> dict:
    return {
        "client_id": item["client_id"],
        "name": item["name"],
        "quarter": item["quarter"],
        "score": NOT_MEASURED if item["score"] is None else f"{item['score']:.1f}",
        "stage": _stage(item),
        "change": "" if item["change"] is None else f"{item['change']:+.1f}",
        "is_new": "new" if item["is_new"] else "",
        **{d: _dimension(item["dimensions"][d]["score"]) for d, _ in DIMENSIONS},
        "coverage": f"{round(100 * item['coverage'])}%",
        "revenue_4q": "unknown" if item["revenue_4q"] is None else f"{item['revenue_4q']:.2f}",
        "signals": "; ".join(f"{s['id']}:{s['severity']}" for s in item["signals"]),
    }


NOT_MEASURED = "n/m"  # a dimension (or a score) the portfolio's data does not measure


def _dimension(score: int | None) -> str:
    return NOT_MEASURED if score is None else str(score)


def _stage(item: dict) -> str:
    """The stage, marked "(provisional)" when too little of the weight was measured."""
    if item["stage"] is None:
        return NOT_MEASURED
    return f"{item['stage']} (provisional)" if item["provisional"] else item["stage"]


def _safe_cell(value: str) -> str:
    """Neutralise spreadsheet formulas in text cells (a name starting with = + - @)."""
    return "'" + value if value[:1] in ("=", "+", "-", "@") and not _is_number(value) else value


def _is_number(value: str) -> bool:
    try:
        float(value)
    except ValueError:
        return False
    return True


def _table(rows: list[dict]) -> str:
    header = list(_flat_header())
    titles = {"client_id": "client", "is_new": "new", "high_wide": "h&w", "dialogue": "dialog",
              "balance": "balance", "value": "value", "trust": "trust", "coverage": "measured",
              "revenue_4q": "revenue 4q"}
    cells = [[titles.get(h, h) for h in header]] + [[row[h] for h in header] for row in rows]
    widths = [max(len(r[i]) for r in cells) for i in range(len(header))]
    right = {"score", "change", "coverage", "revenue_4q", *(d for d, _ in DIMENSIONS)}
    lines = []
    for r in cells:
        parts = [
            c.rjust(w) if h in right else c.ljust(w) for c, w, h in zip(r, widths, header, strict=True)
        ]
        lines.append("  ".join(parts).rstrip())
    return "\n".join(lines) + "\n"
