"""Which quarters the data covers: the range every question about a quarter is checked
against, and the default quarter when none is asked for."""

from __future__ import annotations

import duckdb

from analytics.sql_files import sql_reader

sql = sql_reader(__package__)


def quarters_with_data(con: duckdb.DuckDBPyConnection) -> list[str]:
    """Every quarter with any interaction, deal or cost, oldest first."""
    return [row[0] for row in con.execute(sql("quarters_with_data")).fetchall()]
