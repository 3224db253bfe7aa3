"""The descriptive facts behind the Client page: people, touches, value, timeline, reviews.

Nothing here scores anything (the continuum, the signals and the value curves live in
continuum.py, signals.py and value.py): these are the plain numbers a manager checks
the score against. Every function reads one client over a window of quarters ending
with the chosen quarter, in one query from analytics/method/sql/profile/.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

import duckdb
import pandas as pd

from analytics.access import client_detail
from analytics.errors import UnknownClient
from analytics.quarters import quarter_end, quarter_start, shift_quarter
from analytics.sql_files import sql_reader

sql = sql_reader(__package__)

# How many quarters the trend charts of the Client page look back (the chosen one included).
TREND_QUARTERS = 8

LEVELS: list[tuple[str, str]] = [
    ("executive", "Executive"),
    ("director", "Director"),
    ("manager", "Manager"),
    ("staff", "Staff"),
    ("unknown", "Unknown contact"),
]
COST_CATEGORIES: list[tuple[str, str]] = [
    ("support", "Support"),
    ("rework", "Rework"),
    ("free_scope", "Free scope"),
    ("other", "Other"),
]
CHANNELS: list[str] = ["meeting", "call", "email", "qbr", "workshop", "support", "event"]
TAGS: list[tuple[str, str]] = [
    ("status_request", "Status request"),
    ("improvement_request", "Improvement request"),
    ("complaint", "Complaint"),
    ("praise", "Praise"),
    ("referral", "Referral"),
    ("advance_notice", "Advance notice"),
    ("learned_from_market", "Learned from the market"),
    ("scope_request", "Scope request"),
    ("discount_request", "Discount request"),
    ("deadline_pressure", "Deadline pressure"),
    ("escalation", "Escalation"),
]


@client_detail("client_id")
def client_card(con: duckdb.DuckDBPyConnection, client_id: str) -> dict:
    """Who the client is: id, name, segment, industry, region, account manager, tier,
    first seen. Raises UnknownClient for an id the database does not hold."""
    frame = con.execute(sql("profile/card"), {"client_id": client_id}).df()
    if frame.empty:
        raise UnknownClient(client_id)
    return frame.iloc[0].to_dict()


@client_detail("client_id")
def client_contacts(con: duckdb.DuckDBPyConnection, client_id: str, quarter: str) -> pd.DataFrame:
    """One row per contact known by the end of `quarter`, the people still there first
    (by seniority, then touches): contact_id, name, title, level, is_champion,
    active_from, active_to, has_left (left by the quarter's end), count_touches_quarter,
    count_touches_4q (the four quarters ending with `quarter`), last_touched_at."""
    params = {
        "client_id": client_id,
        "q_start": quarter_start(quarter),
        "q_end": quarter_end(quarter),
        "year_start": quarter_start(shift_quarter(quarter, -3)),
    }
    return con.execute(sql("profile/contacts"), params).df()


def champions(contacts: pd.DataFrame) -> pd.DataFrame:
    """The champion rows of `client_contacts` (there may be none, or one who has left)."""
    return contacts[contacts["is_champion"].astype(bool)].reset_index(drop=True)


def who_has_left(contacts: pd.DataFrame) -> pd.DataFrame:
    """The contacts of `client_contacts` who left by the quarter's end, latest first."""
    left = contacts[contacts["has_left"].astype(bool)]
    return left.sort_values("active_to", ascending=False).reset_index(drop=True)


@client_detail("client_id")
def touches_by_level(
    con: duckdb.DuckDBPyConnection, client_id: str, quarter: str, quarters: int = TREND_QUARTERS
) -> pd.DataFrame:
    """One row per quarter (the `quarters` ending with `quarter`) and seniority level:
    quarter, level, count_touches, count_contacts_touched. Every level appears in every
    quarter (zero when untouched); level "unknown" only where a touch had no known contact."""
    return con.execute(sql("profile/touches_by_level"), _window(client_id, quarter, quarters)).df()


@client_detail("client_id")
def delt_by_quarter(
    con: duckdb.DuckDBPyConnection, client_id: str, quarter: str, quarters: int = TREND_QUARTERS
) -> pd.DataFrame:
    """One row per quarter: quarter, count_delt (touches with director or executive
    level contacts), count_touches, avg_delt_prior_4q (DELT's mean over the four
    quarters before, for the trend line)."""
    return con.execute(sql("profile/delt_by_quarter"), _window(client_id, quarter, quarters)).df()


@client_detail("client_id")
def value_by_quarter(
    con: duckdb.DuckDBPyConnection, client_id: str, quarter: str, quarters: int = TREND_QUARTERS
) -> pd.DataFrame:
    """One row per quarter: quarter, revenue (won deals by close date, reporting
    currency), count_deals_won, cost_to_serve, hours, margin (revenue - cost to serve),
    margin_pct (null without revenue)."""
    return con.execute(sql("profile/value_by_quarter"), _window(client_id, quarter, quarters)).df()


@client_detail("client_id")
def cost_by_category(
    con: duckdb.DuckDBPyConnection, client_id: str, quarter: str, quarters: int = TREND_QUARTERS
) -> pd.DataFrame:
    """One row per quarter and cost category (support, rework, free_scope, other):
    quarter, category, cost, hours; zero where nothing was booked."""
    return con.execute(sql("profile/cost_by_category"), _window(client_id, quarter, quarters)).df()


@client_detail("client_id")
def interaction_timeline(
    con: duckdb.DuckDBPyConnection,
    client_id: str,
    quarter: str,
    channels: Sequence[str] = (),
    tags: Sequence[str] = (),
    quarters: int = 4,
) -> pd.DataFrame:
    """One row per interaction in the `quarters` ending with `quarter`, newest first:
    interaction_id, occurred_at, channel, initiated_by, contact_name, contact_level,
    answered, sentiment, tags, notes. Only the given channels, and only interactions
    carrying any of the given tags; an empty selection keeps all."""
    params = {
        "client_id": client_id,
        "since": quarter_start(shift_quarter(quarter, -(quarters - 1))),
        "q_end": quarter_end(quarter),
        "channels": list(channels),
        "tags": list(tags),
    }
    return con.execute(sql("profile/interactions"), params).df()


@client_detail("client_id")
def client_reviews(
    con: duckdb.DuckDBPyConnection, client_id: str, as_of: dt.date | None = None
) -> pd.DataFrame:
    """One row per review of the client, newest first, with counts of its actions:
    count_actions, count_done, count_partial, count_open, count_overdue (open and due
    before `as_of`, default today)."""
    params = {"client_id": client_id, "as_of": as_of or dt.date.today()}
    return con.execute(sql("profile/reviews"), params).df()


@client_detail("client_id")
def client_actions(
    con: duckdb.DuckDBPyConnection, client_id: str, as_of: dt.date | None = None
) -> pd.DataFrame:
    """One row per review action of the client, open ones first by due date: action_id,
    review_id, review_quarter, addresses, description, owner, due_on, status, outcome,
    updated_at, is_open, is_overdue (open and due before `as_of`, default today)."""
    params = {"client_id": client_id, "as_of": as_of or dt.date.today()}
    return con.execute(sql("profile/actions"), params).df()


def _window(client_id: str, quarter: str, quarters: int) -> dict:
    if quarters < 1:
        raise ValueError("a window needs at least one quarter")
    return {
        "client_id": client_id,
        "window_start": quarter_start(shift_quarter(quarter, -(quarters - 1))),
        "q_end": quarter_end(quarter),
        "n_quarters": quarters,
    }
