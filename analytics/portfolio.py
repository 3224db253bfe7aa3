"""Portfolio-wide facts that every page starts from: quarters, clients, totals."""

from __future__ import annotations

from dataclasses import dataclass

import duckdb
import pandas as pd

from analytics.quarters import quarter_end, quarter_start, shift_quarter
from analytics.sql_files import sql


def quarters_with_data(con: duckdb.DuckDBPyConnection) -> list[str]:
    """Every quarter with any interaction, deal or cost, oldest first."""
    return [row[0] for row in con.execute(sql("quarters_with_data")).fetchall()]


def reporting_currency(con: duckdb.DuckDBPyConnection) -> str:
    row = con.execute("select value from settings where key = 'reporting_currency'").fetchone()
    return row[0] if row else "EUR"


def clients_overview(con: duckdb.DuckDBPyConnection, quarter: str) -> pd.DataFrame:
    """One row per client known by the end of `quarter`: descriptors, touches in the
    quarter, won revenue in the four quarters ending with it (reporting currency)."""
    return con.execute(sql("clients_overview"), _quarter_params(quarter)).df()


@dataclass(frozen=True)
class PortfolioTotals:
    clients: int
    revenue_4q: float
    touches: int
    currency: str


def portfolio_totals(con: duckdb.DuckDBPyConnection, quarter: str) -> PortfolioTotals:
    """The honest headline numbers of the Portfolio page for `quarter`."""
    overview = clients_overview(con, quarter)
    return PortfolioTotals(
        clients=len(overview),
        revenue_4q=float(overview["revenue_4q"].sum()),
        touches=int(overview["count_touches"].sum()),
        currency=reporting_currency(con),
    )


def _quarter_params(quarter: str) -> dict:
    return {
        "q_start": quarter_start(quarter),
        "q_end": quarter_end(quarter),
        "year_start": quarter_start(shift_quarter(quarter, -3)),
    }
