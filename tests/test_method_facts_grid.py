"""method_facts computes its trailing windows with rows frames, which equal quarter
frames only while the grid of client quarters has no gaps: these tests pin that,
and that a quarter with no activity at all still counts in "the 4 quarters before"."""

from __future__ import annotations

import duckdb
import pytest

from analytics.db import open_memory
from analytics.method.continuum import compute
from tests.tiny import Tiny


def _gaps(con: duckdb.DuckDBPyConnection, table: str) -> int:
    return con.execute(
        f"""
        select count(*) from (
            select q_index - lag(q_index) over (partition by client_id order by q_index) as step
            from {table}
        ) where step <> 1
        """  # noqa: S608 - fixed table names
    ).fetchone()[0]


@pytest.fixture
def tiny():
    db = open_memory()
    yield Tiny(db)
    db.close()


def test_a_quarter_without_activity_is_a_row_of_the_grid_and_of_the_windows(tiny):
    tiny.client("A", first_seen="2025-01-01")
    director = tiny.contact("A", "director")
    tiny.touches("A", "2025-02-01", 4, contact=director)   # 2025Q1: DELT 4
    tiny.touches("A", "2025-11-01", 2, contact=director)   # 2025Q4: DELT 2; Q2 and Q3 are empty
    tiny.touches("A", "2026-02-01", 1, contact=director)   # 2026Q1: DELT 1
    con = tiny.db.cursor()
    compute(con)
    rows = con.execute(
        "select quarter, delt, history_quarters, delt_trailing, delt_5q "
        "from method_facts where client_id = 'A' order by q_index"
    ).fetchall()
    assert rows == [
        ("2025Q1", 4, 0, None, 4),
        ("2025Q2", 0, 1, 4.0, 4),
        ("2025Q3", 0, 2, 2.0, 4),
        ("2025Q4", 2, 3, 4 / 3, 6),
        ("2026Q1", 1, 4, 1.5, 7),
    ]
    assert _gaps(con, "method_client_quarters") == 0


def test_the_demo_grid_has_no_gaps(demo_db):
    con = demo_db.cursor()
    compute(con)
    assert _gaps(con, "method_client_quarters") == 0
    assert _gaps(con, "method_facts") == 0
