"""`python -m analytics import KIND FILE...`: import CSV exports, one summary line per file."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from analytics.cli.common import add_db_argument
from analytics.db import open_database
from analytics.errors import ContinuumError
from analytics.ingest import (
    KINDS,
    ORDER_LINES,
    PRESET_CHOICES,
    batch_rejects,
    import_file,
    load_mapping_file,
    rejects_csv,
)
from analytics.settings import check_currency_code


def register(sub: argparse._SubParsersAction) -> None:
    parser = sub.add_parser(
        "import",
        help="import CSV exports (deals, clients, contacts, interactions, feedback, costs, team_pulse)",
        description="Import CSV exports into the portfolio. Each file is read, checked row by row and "
        "loaded in one transaction; rejected rows are written to FILE.rejects.csv beside it.\n\n"
        "Example: python -m analytics import deals hubspot-deals.csv --db data/portfolio.duckdb",
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("kind", choices=list(KINDS), metavar="KIND", help=f"one of: {', '.join(KINDS)}")
    parser.add_argument("files", nargs="+", metavar="FILE", help="CSV files to import")
    add_db_argument(parser)
    parser.add_argument("--preset", default="auto", choices=PRESET_CHOICES,
                        help="CRM preset for deals exports (default: auto-detect from the headers)")
    parser.add_argument("--mapping", metavar="FILE.json",
                        help='column mapping: {"fields": {"deal_id": "Opp #", ...}, "values": {...}, '
                             '"options": {"currency": "USD"}}')
    parser.add_argument("--currency", metavar="CODE",
                        help="currency of deals rows that name none, an ISO code like PLN (default: the "
                             "mapping's option \"currency\", else the reporting currency)")
    parser.add_argument("--order-lines", choices=ORDER_LINES, metavar="per-order|per-line",
                        help="a deals file of order lines (an order id column, as in Superstore): one deal "
                             "per order with its lines summed (the default), or one deal per line")
    parser.set_defaults(handler=run)


def rejects_path(path: Path) -> Path:
    return path.with_name(path.name + ".rejects.csv")


def run(args: argparse.Namespace) -> int:
    currency = None
    if args.currency is not None:
        if args.kind != "deals":
            raise ContinuumError(f"--currency is the currency of deals rows; {args.kind} have no amounts.")
        currency = check_currency_code(args.currency)
    if args.order_lines is not None and args.kind != "deals":
        raise ContinuumError(f"--order-lines reads order lines as deals; {args.kind} are not deals.")
    mapping = load_mapping_file(args.mapping) if args.mapping else None
    db = open_database(args.db)
    failed = 0
    try:
        for name in args.files:
            path = Path(name)
            try:
                result = import_file(db, args.kind, path, preset=args.preset, mapping=mapping, currency=currency,
                                     order_lines=args.order_lines)
            except ContinuumError as exc:
                print(f"{path.name}: Error: {exc}", file=sys.stderr)
                failed += 1
                continue
            line = f"{path.name}: {result.summary_line()}"
            if result.rejected or result.skipped:
                text = rejects_csv(batch_rejects(db.cursor(), result.batch_id))
                target = rejects_path(path)
                try:
                    target.write_text(text, encoding="utf-8")
                except OSError:  # a read-only folder: write it here instead
                    target = Path.cwd() / target.name
                    target.write_text(text, encoding="utf-8")
                line += f"; rejects in {target}"
            print(line)
            for warning in result.warnings:
                print(f"  warning: {warning}")
    finally:
        db.close()
    return 1 if failed else 0
