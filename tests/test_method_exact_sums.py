"""The method's sums of doubles are exact, so every run gives the same scores.

A plain `sum()` over doubles depends on the order DuckDB's threads meet the rows: at
10,000 clients a discount average on a rounding edge scored -1 on one run and 0 on the
next. `exact_sum` (analytics/method/sql/macros.sql) adds decimals instead. These tests use sums whose
double result depends on the order of addition, so a plain `sum()` fails them.
"""

from __future__ import annotations

import duckdb
import pytest

from analytics.db import open_memory
from analytics.method.continuum import compute
from analytics.sql_files import sql_reader
from tests.tiny import Tiny


@pytest.fixture
def tiny():
    db = open_memory()
    yield Tiny(db)
    db.close()


def _exact_sum(values: list[float]) -> float:
    con = duckdb.connect()
    con.execute(sql_reader("analytics.method")("macros"))
    return con.execute("select exact_sum(x) from (select unnest($v::double[]) as x)", {"v": values}).fetchone()[0]


def test_exact_sum_does_not_depend_on_the_order_of_the_rows():
    # as doubles, (1e16 + 1) - 1e16 is 0 while (1e16 - 1e16) + 1 is 1
    assert _exact_sum([1e16, 1.0, -1e16]) == 1.0
    assert _exact_sum([1e16, -1e16, 1.0]) == 1.0
    # 0.1 + 0.2 + 0.3 is 0.6000000000000001 as doubles, 0.3 + 0.2 + 0.1 is 0.6
    assert _exact_sum([0.1, 0.2, 0.3]) == 0.6
    assert _exact_sum([0.3, 0.2, 0.1]) == 0.6
    assert 0.1 + 0.2 + 0.3 != 0.6  # the case above is a real one


def test_exact_sum_of_no_values_is_null_like_sum():
    assert _exact_sum([]) is None


def test_exact_sum_counts_below_a_tenth_of_a_billionth_as_zero_and_keeps_huge_values():
    assert _exact_sum([1e-25, 1e-25]) == 0.0
    assert _exact_sum([4e-11, 6e-11]) == 1e-10  # each rounds to 1e-10 at 10 places, then 0 + 1e-10
    assert _exact_sum([1e18, 1.0]) == 1e18 + 1.0  # too large for the decimal: added as doubles
    assert _exact_sum([9.9e17, 9.9e17]) == 1.98e18  # just below the limit: exact, no overflow


def test_revenue_discounts_and_costs_of_a_quarter_are_summed_exactly(tiny):
    tiny.client("A", first_seen="2025-01-01")
    for amount, discount, cost in ((0.1, 0.1, 0.1), (0.2, 0.2, 0.2), (0.3, 0.3, 0.3)):
        tiny.deal("A", "2025-02-01", amount, discount=discount)
        tiny.cost("A", "2025-02-01", cost, category="rework")
    con = tiny.db.cursor()
    compute(con)
    row = con.execute(
        "select won_revenue, discount_sum, cost_to_serve, cost_free_rework, segment_recent "
        "from method_facts where client_id = 'A' and q_index = 2025 * 4"
    ).fetchone()
    # exactly 0.6 each, not 0.6000000000000001 (rows inserted in that order); the
    # segment's revenue is this client's alone, in the client's first quarter
    assert row[:4] == (0.6, 0.6, 0.6, 0.6)
    assert row[4] == 0.6
