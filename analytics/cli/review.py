"""`python -m analytics review export`: a saved review as Markdown or printable HTML."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from analytics.cli.common import add_db_argument
from analytics.db import open_database
from analytics.quarters import parse_quarter


def register(sub: argparse._SubParsersAction) -> None:
    parser = sub.add_parser(
        "review",
        help="quarterly account reviews (export one for the meeting)",
        description="Quarterly account reviews.",
    )
    actions = parser.add_subparsers(dest="review_command", required=True, metavar="ACTION")
    export = actions.add_parser(
        "export",
        help="export a saved review as Markdown or a printable HTML page",
        description="Export the saved review of one client for one quarter: position, what works, "
        "signals with reasons, the plan, last quarter's follow-up and the account strategy.\n\n"
        "Example: python -m analytics review export --db data/demo.duckdb --client C00002 "
        "--quarter 2026Q2 --format html --output review.html",
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    add_db_argument(export)
    export.add_argument("--client", required=True, help="client id, like C00002")
    export.add_argument("--quarter", required=True, help="review quarter, like 2026Q2")
    export.add_argument("--format", choices=("md", "html"), default="md", help="md (default) or html")
    export.add_argument("--output", help="file to write (default: print to standard output)")
    export.set_defaults(handler=run_export)


def run_export(args: argparse.Namespace) -> int:
    from analytics.review.export import export_review

    year, q = parse_quarter(args.quarter)
    db = open_database(args.db, create=False)
    try:
        text = export_review(db.cursor(), args.client.strip(), f"{year}Q{q}", args.format)
    finally:
        db.close()
    if args.output:
        Path(args.output).write_text(text, encoding="utf-8")
        print(f"Wrote the {args.quarter} review of {args.client} to {args.output}", file=sys.stderr)
    else:
        sys.stdout.write(text)
    return 0
