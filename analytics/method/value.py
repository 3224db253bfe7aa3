"""Value and concentration (DOMAIN section 7): who brings value, who costs, and how
concentrated both are.

All figures are over the 4 quarters ending with the chosen quarter, in the reporting
currency (deal amounts x fx_rates). client_value.sql computes them for every client
and quarter with the rest of the method; value_concentration.sql ranks one quarter.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import duckdb
import pandas as pd

from analytics.access import per_client
from analytics.method.continuum import MethodRun, run_method
from analytics.sql_files import sql_reader

sql = sql_reader(__package__)

QUADRANTS = {
    "high_value_low_cost": "High value · low cost",
    "high_value_high_cost": "High value · high cost",
    "low_value_low_cost": "Low value · low cost",
    "low_value_high_cost": "Low value · high cost",
}
TOP_SHARE = 0.2  # "the top 20% of clients"


@per_client
def client_value(con: duckdb.DuckDBPyConnection, quarter: str | None = None) -> pd.DataFrame:
    """One row per client scored in `quarter` (default: the default quarter).

    Columns: client_id, name, quarter, stage, score, revenue_4q, cost_to_serve_4q,
    margin_4q (revenue minus cost to serve), margin_pct (margin over revenue; -1 when
    there is cost but no revenue), ltv, ltv_rank (0..1 among the clients of known
    revenue; ties share the middle), active_quarters_4q, quadrant_id and quadrant
    (value vs cost: revenue and cost to serve each against the portfolio's median in
    the quarter; null when the portfolio has no service costs). Highest revenue first.
    """
    return value_of(run_method(con, quarter))


def value_of(run: MethodRun) -> pd.DataFrame:
    """client_value of the run's quarter, read from the run's results."""
    return run.con.execute(
        """
        with value as (select * from client_value where q_index = $q_index),

        medians as (
            select median(revenue_4q) as revenue_median, median(cost_4q) as cost_median from value
        )

        select
            v.client_id,
            c.name,
            v.quarter,
            p.stage,
            p.score,
            v.revenue_4q,
            v.cost_4q as cost_to_serve_4q,
            v.margin_4q,
            v.margin_share as margin_pct,
            v.ltv,
            v.ltv_rank,
            v.active_quarters_4q,
            -- no service costs in the portfolio: the cost half is not measured, so no quadrant
            case when exists (select 1 from service_costs) then
                (case when v.revenue_4q > m.revenue_median then 'high_value' else 'low_value' end)
                || (case when v.cost_4q > m.cost_median then '_high_cost' else '_low_cost' end)
            end as quadrant_id
        from value as v
        cross join medians as m
        join clients as c on c.client_id = v.client_id
        join client_positions as p on p.client_id = v.client_id and p.q_index = v.q_index
        order by v.revenue_4q desc, v.client_id
        """,
        {"q_index": run.q_index},
    ).df().assign(quadrant=lambda df: df["quadrant_id"].map(QUADRANTS))


def _concentration(con: duckdb.DuckDBPyConnection, quarter: str | None) -> pd.DataFrame:
    run = run_method(con, quarter)
    return run.con.execute(sql("portfolio/concentration"), {"q_index": run.q_index}).df()


def pareto_curve(con: duckdb.DuckDBPyConnection, quarter: str | None, measure: str) -> pd.DataFrame:
    """The Pareto curve of `measure` ("revenue" or "cost" to serve): one row per
    client, largest first, after a (0, 0) start: rank, client_id, amount, client_share
    (rank / clients) and cumulative_share (of the measure held by the top `rank`)."""
    if measure not in ("revenue", "cost"):
        raise ValueError(f'measure must be "revenue" or "cost", not "{measure}"')
    ranked = _concentration(con, quarter)
    column = "revenue_4q" if measure == "revenue" else "cost_4q"
    curve = pd.DataFrame({
        "rank": ranked[f"{measure}_rank"],
        "client_id": ranked["client_id"],
        "amount": ranked[column],
        "client_share": ranked[f"{measure}_rank"] / ranked["clients"],
        "cumulative_share": ranked[f"{measure}_cum_share"],
    }).sort_values("rank")
    start = pd.DataFrame({"rank": [0], "client_id": [None], "amount": [0.0], "client_share": [0.0],
                          "cumulative_share": [0.0]})
    return pd.concat([start, curve], ignore_index=True)


def whale_curve(con: duckdb.DuckDBPyConnection, quarter: str | None = None) -> pd.DataFrame:
    """Cumulative profit (margin after cost to serve) as clients are added from the
    most to the least profitable, after a (0, 0) start: rank, client_id, profit,
    client_share, cumulative_profit, cumulative_profit_share (of the total; it peaks
    above 1 when some clients lose money)."""
    ranked = _concentration(con, quarter).sort_values("profit_rank")
    curve = pd.DataFrame({
        "rank": ranked["profit_rank"],
        "client_id": ranked["client_id"],
        "profit": ranked["margin_4q"],
        "client_share": ranked["profit_rank"] / ranked["clients"],
        "cumulative_profit": ranked["profit_cumulative"],
        "cumulative_profit_share": ranked["profit_cum_share"],
    })
    start = pd.DataFrame({"rank": [0], "client_id": [None], "profit": [0.0], "client_share": [0.0],
                          "cumulative_profit": [0.0], "cumulative_profit_share": [0.0]})
    return pd.concat([start, curve], ignore_index=True)


@dataclass(frozen=True)
class Concentration:
    clients: int
    top_clients: int  # ceil(20% of clients)
    top_revenue_share: float | None  # share of revenue held by the top 20% of clients by revenue
    top_cost_share: float | None  # share of cost to serve caused by the top 20% of clients by cost
    peak_profit_share: float | None  # the whale curve's peak, as a share of total profit


def concentration(con: duckdb.DuckDBPyConnection, quarter: str | None = None) -> Concentration:
    """The headline shares of the Pareto and whale curves for `quarter`. The top 20%
    is ceil(0.2 x clients) clients; a share is None when its total is zero."""
    ranked = _concentration(con, quarter)
    n = len(ranked)
    top = math.ceil(TOP_SHARE * n) if n else 0

    def share_at(rank_column: str, share_column: str) -> float | None:
        row = ranked[ranked[rank_column] == top]
        if row.empty or pd.isna(row.iloc[0][share_column]):
            return None
        return float(row.iloc[0][share_column])

    peak = ranked["profit_cum_share"].max() if n else None
    return Concentration(
        clients=n,
        top_clients=top,
        top_revenue_share=share_at("revenue_rank", "revenue_cum_share"),
        top_cost_share=share_at("cost_rank", "cost_cum_share"),
        peak_profit_share=None if peak is None or pd.isna(peak) else float(peak),
    )
