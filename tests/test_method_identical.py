"""Speed work on the method must not move a single number: a digest of every method
table on the session demo portfolio, recorded from the unoptimised queries, must stay
the same."""

from __future__ import annotations

import hashlib

import duckdb
import pandas as pd

from analytics.method.continuum import compute

# table -> its key columns; the digest reads every column, rows ordered by the key
METHOD_TABLES = {
    "client_positions": ["client_id", "q_index"],
    "client_signals": ["client_id", "q_index", "signal_id"],
    "method_contributions": ["client_id", "q_index", "dimension"],
    "client_value": ["client_id", "q_index"],
    "method_facts": ["client_id", "q_index"],
}

# recorded from the method before the speed work (commit 6a04ef0), with two fixes:
# - the top thread contact (arg_max over equally touched contacts) took whichever tied row
#   came first, so the digest flipped between runs; ties now go to the first contact_id;
# - sums of doubles (revenue, discounts, costs, feedback) are exact_sum: a plain sum's last
#   bits follow the order the threads add the rows, and at 10,000 clients a discount
#   average on a rounding edge scored differently from one run to the next. On this demo
#   two discount components sit on such an edge (-2.5 points rounds to -3, not -2).
# The digest was checked by running 6a04ef0's SQL with both fixes applied: it gave
# 1fc246d61459414629585f5ba25e974c249f17e11cbda11f901e1cd79b8b4c01.
# Re-recorded once since (issue 14): the segment's revenue, the market where market_trend
# has no rows, is now averaged over the client's own recent and base quarters (a segment
# quarter before the client started weighed on the market's base only). On the demo that
# moved method_facts' segment_recent (3 rows), segment_base (9) and market_ratio (4: client
# quarters with no base of their own, which no component reads); every score, stage,
# contribution, signal and value is the same as under the old digest, column by column
# (checked on parquet dumps of both), and the columns added since are left out below.
# Re-recorded again (issue 15, money in the currency chosen): the Value sentences name the
# reporting currency beside each amount ("LTV 9,486 EUR", "3,100 EUR revenue"). Checked on
# parquet dumps of every method table before and after: only method_contributions.sentence
# changed (1,399 rows), and each is the old sentence once " EUR" is taken out.
EXPECTED_DIGEST = "406d87360c5c87ad99521d11413c456a8923be8677ec93a3095f1b06cb455722"
# columns added after the digest was recorded, left out of it so that it still proves the
# demo's figures unchanged; test_the_columns_added_since_hold_on_a_demo_with_every_kind
# checks them exactly. What a number stands on (issue 14): coverage and provisional;
# revenue of unknown amount (a currency without a rate)
ADDED_SINCE = {
    "client_positions": ["coverage", "provisional", "dormant", "quiet_quarters", "last_active_q"],
    "client_value": ["revenue_known", "trend_known"],
    "method_facts": [
        "unknown_won_deals", "unknown_deals_4q", "unknown_deals_6q", "recent_quarters",
        "active", "last_active_q", "quiet_quarters", "first_won_q", "revenue_base_quarters",
    ],
}


def _table_text(con: duckdb.DuckDBPyConnection, table: str, keys: list[str]) -> str:
    """The table as CSV, rows in a fixed order. Sums of doubles differ in their last bits
    with the order rows arrive in (the demo is built and read in parallel), so floats are
    rounded to 6 decimals and the numbers inside sentences, rounded for reading and so
    able to flip on a boundary (10.45% as 10.4 or 10.5), are left to the float columns."""
    added = ", ".join(ADDED_SINCE.get(table, []))
    frame = con.execute(f"select * {f'exclude ({added})' if added else ''} from {table}").df()  # noqa: S608
    frame = frame[sorted(frame.columns)]
    frame = frame.sort_values(sorted(frame.columns, key=lambda c: (c not in keys, c)), kind="stable")
    for column in frame.columns:
        if pd.api.types.is_float_dtype(frame[column]):
            frame[column] = frame[column].round(6)
        elif column not in keys and pd.api.types.is_string_dtype(frame[column]):
            frame[column] = frame[column].str.replace(r"[-+]?\d[\d.,]*", "#", regex=True)
    return frame.to_csv(index=False)


def method_digest(con: duckdb.DuckDBPyConnection) -> str:
    """One sha256 over every method table of the computed method."""
    compute(con)
    digest = hashlib.sha256()
    for table, keys in METHOD_TABLES.items():
        digest.update(table.encode())
        digest.update(_table_text(con, table, keys).encode())
    return digest.hexdigest()


def test_every_method_table_is_identical_to_the_unoptimised_method(demo_db):
    assert method_digest(demo_db.cursor()) == EXPECTED_DIGEST


def test_the_columns_added_since_hold_on_a_demo_with_every_kind(demo_db):
    """The demo has every kind of data and a rate for every currency: every position is
    measured on the full weight, none is provisional, no revenue is unknown."""
    con = demo_db.cursor()
    compute(con)
    positions = con.execute(
        "select count(*), min(coverage), max(coverage), count(*) filter (where provisional) from client_positions"
    ).fetchone()
    assert positions[0] > 0 and positions[1:] == (1.0, 1.0, 0)
    value = con.execute(
        "select count(*) filter (where not revenue_known or not trend_known) from client_value"
    ).fetchone()
    facts = con.execute("select max(unknown_won_deals + unknown_deals_4q + unknown_deals_6q) from method_facts").fetchone()
    assert value == (0,) and facts == (0,)


def test_every_market_ratio_a_score_reads_on_the_demo_is_the_market_trend(demo_db):
    """The market ratio left out of the digest is the market_trend's wherever a trend is scored."""
    con = demo_db.cursor()
    compute(con)
    rows = con.execute(
        "select count(*), count(*) filter (where market_ratio = market_recent / market_base) "
        "from method_facts where base_quarters >= 2 and market_base is not null"
    ).fetchone()
    assert rows[0] > 0 and rows[0] == rows[1]
