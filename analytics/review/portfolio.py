"""Reviews across the portfolio: who was reviewed, who owns which actions, what is
overdue, and whether we follow through quarter after quarter.

Follow-through is the share of a quarter's actions that are done or partly done:
partial progress counts as progress (DOMAIN §1), and "not done" is a fact to learn
from, not a verdict on the client.
"""

from __future__ import annotations

import datetime as dt

import duckdb
import pandas as pd

from analytics.access import aggregate, per_client
from analytics.quarters import parse_quarter
from analytics.sql_files import sql_reader

sql = sql_reader(__package__)


@per_client
def reviews_of_quarter(con: duckdb.DuckDBPyConnection, quarter: str) -> pd.DataFrame:
    """One row per review held for `quarter`: review_id, client_id, name,
    account_manager, reviewer, held_on, position_at_review, stage_at_review,
    investment_level, investment_reason, updated_at, count_actions."""
    parse_quarter(quarter)
    return con.execute(sql("reviews_of_quarter"), {"quarter": quarter}).df()


@per_client
def review_status_by_client(
    con: duckdb.DuckDBPyConnection, quarter: str, as_of: dt.date | None = None
) -> pd.DataFrame:
    """One row per client: client_id, is_reviewed (for `quarter`), reviewed_at,
    investment_level, last_review_quarter (before `quarter`), count_open_actions,
    count_overdue_actions (open and due before `as_of`, default today)."""
    parse_quarter(quarter)
    params = {"quarter": quarter, "as_of": as_of or dt.date.today()}
    return con.execute(sql("status_by_client"), params).df()


@aggregate
def actions_by_owner(con: duckdb.DuckDBPyConnection, quarters: list[str] | None = None) -> pd.DataFrame:
    """One row per owner and status: owner, status, count_actions, over the actions of
    the reviews of `quarters` (all reviews when None or empty)."""
    for q in quarters or []:
        parse_quarter(q)
    return con.execute(sql("actions_by_owner"), {"quarters": list(quarters or [])}).df()


@per_client
def overdue_actions(con: duckdb.DuckDBPyConnection, as_of: dt.date | None = None) -> pd.DataFrame:
    """One row per action still planned or in progress and due before `as_of` (default
    today), the longest overdue first: action_id, client_id, name, review_quarter,
    description, owner, addresses, due_on, status, days_overdue."""
    return con.execute(sql("overdue_actions"), {"as_of": as_of or dt.date.today()}).df()


@aggregate
def follow_through(con: duckdb.DuckDBPyConnection) -> pd.DataFrame:
    """One row per review quarter: quarter, count_reviews, count_actions, count_done,
    count_partial, count_not_done, count_open, follow_through_rate (done or partial
    over all actions; null for a quarter whose reviews planned nothing)."""
    return con.execute(sql("follow_through")).df()
