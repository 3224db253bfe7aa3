"""`python -m analytics demo`: build the demo portfolio into a database file."""

from __future__ import annotations

import argparse

from analytics.cli.common import add_db_argument
from analytics.db import open_database
from analytics.demo import build_demo
from analytics.errors import ContinuumError
from analytics.quarters import parse_quarter


def register(sub: argparse._SubParsersAction) -> None:
    parser = sub.add_parser(
        "demo",
        help="build a demo portfolio (replaces the portfolio in --db)",
        description="Build a deterministic demo portfolio with planted stories.\n\n"
        "Example: python -m analytics demo --db data/demo.duckdb --clients 60 --seed 7",
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    add_db_argument(parser)
    parser.add_argument("--clients", type=int, default=60, help="number of clients (default 60)")
    parser.add_argument("--quarters", type=int, default=12, help="quarters of history, at least 4 (default 12)")
    parser.add_argument("--seed", type=int, default=7, help="random seed (default 7)")
    parser.add_argument(
        "--end-quarter",
        help="last quarter of the history, like 2026Q3 (default: the last complete quarter)",
    )
    parser.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    if args.end_quarter:
        parse_quarter(args.end_quarter)
    if args.clients < 1 or args.quarters < 4:
        raise ContinuumError("--clients must be at least 1 and --quarters at least 4 (the stories need a before and an after).")
    db = open_database(args.db)
    try:
        summary = build_demo(
            db,
            clients=args.clients,
            quarters=args.quarters,
            seed=args.seed,
            end_quarter=args.end_quarter,
        )
    finally:
        db.close()
    print(
        f"Built a demo portfolio in {args.db}: {summary.clients} clients, "
        f"{summary.contacts} contacts, {summary.interactions} interactions, {summary.deals} deals, "
        f"{summary.feedback} feedback, {summary.service_costs} cost rows, "
        f"{summary.quarters[0]}..{summary.quarters[-1]} ({summary.seconds:.1f} s)"
    )
    return 0
