"""`python -m analytics report quarter`: the quarter report for the head of sales, as a
PowerPoint deck or the printable HTML page it mirrors, for the same quarter and filters
as the Portfolio page."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from analytics.cli.common import add_db_argument
from analytics.db import open_database
from analytics.errors import ContinuumError
from analytics.quarters import parse_quarter


def register(sub: argparse._SubParsersAction) -> None:
    parser = sub.add_parser(
        "report",
        help="portfolio reports (the quarter report for the head of sales)",
        description="Portfolio reports.",
    )
    kinds = parser.add_subparsers(dest="report_command", required=True, metavar="REPORT")
    quarter = kinds.add_parser(
        "quarter",
        help="the quarter report: stages and their flow, movers, signals, reviews, follow-through, Pareto",
        description="The quarter report for the head of sales: where clients stand and how they moved, the "
        "clients who moved most and why, the signals by severity with the revenue at stake, which reviews "
        "are done and due, follow-through by owner, overdue actions and the Pareto of revenue and cost to "
        "serve. The filters are the Portfolio page's; each may be given more than once.\n\n"
        "Example: python -m analytics report quarter --db data/demo.duckdb --quarter 2026Q3 "
        '--manager "Greta Holm" --format pptx --out report.pptx',
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    add_db_argument(quarter)
    quarter.add_argument("--quarter", required=True, help="the quarter, like 2026Q3")
    quarter.add_argument("--manager", action="append", default=[], metavar="NAME",
                         help="only the clients of this account manager")
    quarter.add_argument("--segment", action="append", default=[], metavar="S", help="only this segment")
    quarter.add_argument("--region", action="append", default=[], metavar="R", help="only this region")
    quarter.add_argument("--format", choices=("pptx", "html"), default="pptx", help="pptx (default) or html")
    quarter.add_argument("--out", "--output", dest="output", required=True, help="the file to write")
    quarter.set_defaults(handler=run_quarter)


def run_quarter(args: argparse.Namespace) -> int:
    from analytics.review.quarter_report import ReportFilters
    from analytics.review.quarter_report_files import report_file

    year, q = parse_quarter(args.quarter)
    filters = ReportFilters(tuple(args.segment), tuple(args.region), tuple(args.manager))
    db = open_database(args.db, create=False)
    try:
        _, data = report_file(db.cursor(), f"{year}Q{q}", args.format, filters)
    finally:
        db.close()
    target = Path(args.output)
    try:
        target.write_bytes(data)
    except OSError as exc:
        raise ContinuumError(f'Cannot write "{target}": {exc.strerror or exc}.') from None
    print(f"Wrote the {year}Q{q} quarter report ({filters.describe()}) to {target}", file=sys.stderr)
    return 0
