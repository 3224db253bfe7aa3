"""The benchmark, `python -m analytics bench`: run (the portfolio-scale timings of
scoring and of each page) and import_speed (our importer against DuckDB's read_csv).
Its SQL (the bare scan every scoring is compared with) is in sql/. On top, beside cli.
"""

from __future__ import annotations

from analytics.bench.run import run_bench

__all__ = ["run_bench"]
