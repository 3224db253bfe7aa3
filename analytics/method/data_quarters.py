"""Which quarters the data covers: the range every question about a quarter is checked
against, and the default quarter when none is asked for."""

from __future__ import annotations

import datetime as dt

import duckdb

from analytics.access import aggregate
from analytics.sql_files import sql_reader

sql = sql_reader(__package__)


@aggregate
def quarters_with_data(con: duckdb.DuckDBPyConnection) -> list[str]:
    """Every quarter with any interaction, deal or cost, oldest first."""
    return [row[0] for row in con.execute(sql("quarters_with_data")).fetchall()]


@aggregate
def default_quarter(con: duckdb.DuckDBPyConnection, today: dt.date | None = None) -> str | None:
    """The quarter to open on: the last complete quarter (ended before `today`) with a
    won deal or a touch, never one that only an open deal's expected close date reaches;
    else the last quarter with data; None when there is none."""
    quarters = quarters_with_data(con)
    if not quarters:
        return None
    row = con.execute(sql("default_quarter"), {"today": today or dt.date.today()}).fetchone()
    chosen = row[0] if row else None
    return chosen if chosen in quarters else quarters[-1]
