"""`python -m analytics bench`: measure Continuum at portfolio scale (see analytics/bench.py)."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from analytics.errors import ContinuumError


def register(sub: argparse._SubParsersAction) -> None:
    parser = sub.add_parser(
        "bench",
        help="build a synthetic portfolio in a temporary database and time scoring, pages and import",
        description="Benchmark at portfolio scale. Prints a table, then as its last line\n"
        "score_vs_scan=R1 import_vs_read_csv=R2 slowest_page_warm_s=T peak_rss_mb=M\n\n"
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
    parser.add_argument("--out", help="also write the figures as JSON to this file")
    parser.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    from analytics.bench.run import run_bench

    if args.clients < 15 or args.quarters < 4 or args.runs < 1:
        raise ContinuumError("bench needs --clients >= 15, --quarters >= 4 and --runs >= 1.")
    import_rows = args.import_rows or min(1_000_000, 100 * args.clients)
    report = run_bench(
        clients=args.clients,
        quarters=args.quarters,
        runs=args.runs,
        import_rows=import_rows,
        progress=lambda text: print(f"… {text}", file=sys.stderr, flush=True),
    )
    if args.out:
        Path(args.out).write_text(report.to_json(), encoding="utf-8")
    print(report.table())
    print(report.last_line())
    return 0
