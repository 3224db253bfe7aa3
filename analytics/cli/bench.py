"""`python -m analytics bench`: measure Continuum at portfolio scale (see analytics/bench/)."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from analytics.errors import ContinuumError


def register(sub: argparse._SubParsersAction) -> None:
    parser = sub.add_parser(
        "bench",
        help="build a synthetic portfolio in a temporary database and time scoring, pages, imports "
        "and re-tagging",
        description="Benchmark at portfolio scale. Prints a table, then as its last line\n"
        "score_vs_scan=R1 import_vs_read_csv=R2 slowest_page_warm_s=T peak_rss_mb=M\n"
        "score_tags_vs_scan=R3 score_tags_vs_no_tags=R4 activity_import_vs_read_csv=R5\n"
        "activity_plain_vs_read_csv=R6 retag_s=S retag_vs_scan=R7 (the last four when those parts run)\n\n"
        "Example: python -m analytics bench --clients 10000 --out bench.json",
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--clients", type=int, default=10_000, help="clients (default 10,000)")
    parser.add_argument("--quarters", type=int, default=12, help="quarters of history (default 12)")
    parser.add_argument("--runs", type=int, default=3, help="timed runs per measure (default 3)")
    parser.add_argument(
        "--import-rows", type=int, default=None,
        help="rows of the deals CSV to import (default 100 x clients, at most 1,000,000)",
    )
    parser.add_argument(
        "--activity-rows", type=int, default=None,
        help="rows of the HubSpot calls export imported with and without tag inference "
        "(default 100 x clients, at most 1,000,000; 0 leaves it out)",
    )
    parser.add_argument(
        "--retag-rows", type=int, default=None,
        help="stored touches to re-tag (default 500 x clients, at most 5,000,000; 0 leaves it out)",
    )
    parser.add_argument("--out", help="also write the figures as JSON to this file")
    parser.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    from analytics.bench.run import run_bench

    if args.clients < 15 or args.quarters < 4 or args.runs < 1:
        raise ContinuumError("bench needs --clients >= 15, --quarters >= 4 and --runs >= 1.")
    if (args.activity_rows or 0) < 0 or (args.retag_rows or 0) < 0:
        raise ContinuumError("bench needs --activity-rows >= 0 and --retag-rows >= 0.")
    import_rows = args.import_rows or min(1_000_000, 100 * args.clients)
    activity_rows = min(1_000_000, 100 * args.clients) if args.activity_rows is None else args.activity_rows
    retag_rows = min(5_000_000, 500 * args.clients) if args.retag_rows is None else args.retag_rows
    report = run_bench(
        clients=args.clients,
        quarters=args.quarters,
        runs=args.runs,
        import_rows=import_rows,
        activity_rows=activity_rows,
        retag_rows=retag_rows,
        progress=lambda text: print(f"… {text}", file=sys.stderr, flush=True),
    )
    if args.out:
        Path(args.out).write_text(report.to_json(), encoding="utf-8")
    print(report.table())
    print(report.last_line())
    return 0
