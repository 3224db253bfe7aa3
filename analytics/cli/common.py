"""What every command of the command line shares: the --db argument."""

from __future__ import annotations

import argparse

from analytics.db import default_db_path


def add_db_argument(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--db",
        default=str(default_db_path()),
        help="DuckDB file of the portfolio (default: $CONTINUUM_DB or data/demo.duckdb)",
    )
