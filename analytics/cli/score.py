"""`python -m analytics score`: every client's position, dimensions and signals for a quarter."""

from __future__ import annotations

import argparse
import csv
import io
import json
import sys

from analytics.cli.common import add_db_argument
from analytics.db import open_database
from analytics.method.continuum import DIMENSIONS, score_report

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
    parser.add_argument("--quarter", help="like 2025Q4 (default: the latest quarter with data)")
    parser.add_argument("--client", help="one client id (default: every client)")
    parser.add_argument("--format", choices=FORMATS, default="table", help="output format (default table)")
    parser.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    db = open_database(args.db, create=False)
    try:
        report = score_report(db.cursor(), args.quarter, args.client)
    finally:
        db.close()
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
            *(d for d, _ in DIMENSIONS), "signals")


def _flat(item: dict) -> dict:
    return {
        "client_id": item["client_id"],
        "name": item["name"],
        "quarter": item["quarter"],
        "score": f"{item['score']:.1f}",
        "stage": item["stage"],
        "change": "" if item["change"] is None else f"{item['change']:+.1f}",
        "is_new": "new" if item["is_new"] else "",
        **{d: str(item["dimensions"][d]["score"]) for d, _ in DIMENSIONS},
        "signals": "; ".join(f"{s['id']}:{s['severity']}" for s in item["signals"]),
    }


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
              "balance": "balance", "value": "value", "trust": "trust"}
    cells = [[titles.get(h, h) for h in header]] + [[row[h] for h in header] for row in rows]
    widths = [max(len(r[i]) for r in cells) for i in range(len(header))]
    right = {"score", "change", *(d for d, _ in DIMENSIONS)}
    lines = []
    for r in cells:
        parts = [
            c.rjust(w) if h in right else c.ljust(w) for c, w, h in zip(r, widths, header, strict=True)
        ]
        lines.append("  ".join(parts).rstrip())
    return "\n".join(lines) + "\n"
