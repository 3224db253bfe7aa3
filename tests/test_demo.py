"""The demo portfolio: deterministic, realistic, and every planted story is in the raw data."""

from __future__ import annotations

import pytest

from analytics.db import open_memory
from analytics.demo import build_demo, planted_stories
from tests.conftest import DEMO_CLIENTS, DEMO_END_QUARTER

STORY = planted_stories(DEMO_CLIENTS)
TABLES = ("clients", "contacts", "interactions", "deals", "feedback", "service_costs", "team_pulse")


def fingerprint(db) -> dict[str, tuple]:
    """Row count and an order-independent hash of every row, per table."""
    cur = db.cursor()
    return {
        t: cur.execute(f"select count(*), sum(hash(t::varchar)) from {t} as t").fetchone()  # noqa: S608
        for t in TABLES
    }


def demo(seed: int, clients: int = 20):
    db = open_memory()
    build_demo(db, clients=clients, quarters=6, seed=seed, end_quarter="2025Q4")
    return db


def test_the_same_seed_builds_the_same_portfolio():
    assert fingerprint(demo(3)) == fingerprint(demo(3))


def test_another_seed_builds_another_portfolio():
    a, b = fingerprint(demo(3)), fingerprint(demo(4))
    assert all(a[t] != b[t] for t in ("interactions", "deals", "contacts"))


def test_rebuilding_replaces_instead_of_adding():
    db = demo(3)
    build_demo(db, clients=20, quarters=6, seed=3, end_quarter="2025Q4")
    assert db.client_count() == 20


def test_every_story_has_its_client_and_there_are_several_partnerships():
    assert set(STORY) == {
        "partnership", "access_decline", "no_advance_info", "revenue_decline",
        "feedback_silence", "micromanagement", "team_morale", "squeeze",
        "single_thread_champion_left", "new_client",
    }
    assert len(STORY["partnership"]) >= 5


def test_history_ends_with_the_requested_quarter_and_has_every_channel_tag_and_currency(demo_db):
    cur = demo_db.cursor()
    last = cur.execute("select max(occurred_at)::date, min(occurred_at)::date from interactions").fetchone()
    assert str(last[0]) <= "2026-09-30" and str(last[1]) >= "2023-10-01"
    channels = {r[0] for r in cur.execute("select distinct channel from interactions").fetchall()}
    assert channels == {"meeting", "call", "email", "qbr", "workshop", "support", "event"}
    tags = {r[0] for r in cur.execute("select distinct unnest(tags) from interactions").fetchall()}
    assert len(tags) == 11
    currencies = {r[0] for r in cur.execute("select distinct currency from deals").fetchall()}
    assert currencies == {"PLN", "EUR", "USD"}
    levels = {r[0] for r in cur.execute("select distinct level from contacts").fetchall()}
    assert levels == {"executive", "director", "manager", "staff"}


def per_quarter(cur, sql: str, client: str) -> dict[str, float]:
    return dict(cur.execute(sql, [client]).fetchall())


QUARTER = "year(occurred_at) || 'Q' || quarter(occurred_at)"


def test_access_decline_client_loses_director_and_executive_touches(demo_db):
    cur = demo_db.cursor()
    delt = per_quarter(cur, f"""
        select {QUARTER}, count(*) filter (where k.level in ('executive', 'director'))
        from interactions i join contacts k using (contact_id)
        where i.client_id = ? group by 1""", STORY["access_decline"][0])
    assert delt["2026Q3"] <= 3 and delt["2025Q4"] >= 8


def test_no_advance_info_client_learns_from_the_market(demo_db):
    cur = demo_db.cursor()
    market = per_quarter(cur, f"""
        select {QUARTER}, count(*) filter (where list_contains(tags, 'learned_from_market'))
        from interactions where client_id = ? group by 1""", STORY["no_advance_info"][0])
    assert market.get("2026Q3", 0) >= 2 and market.get("2025Q4", 0) == 0


def test_revenue_decline_client_falls_while_its_segment_grows(demo_db):
    cur = demo_db.cursor()
    client = STORY["revenue_decline"][0]
    revenue = per_quarter(cur, """
        select year(closed_on) || 'Q' || quarter(closed_on), sum(amount_base)
        from deals where status = 'won' and client_id = ? group by 1""", client)
    earlier = sum(revenue.get(q, 0) for q in ("2025Q2", "2025Q3", "2025Q4", "2026Q1")) / 4
    assert revenue.get("2026Q3", 0) < 0.6 * earlier
    trend = dict(cur.execute(
        "select quarter, index from market_trend m join clients c on c.segment = m.segment where c.client_id = ?",
        [client]).fetchall())
    assert trend["2026Q3"] > trend["2025Q3"]


def test_feedback_silence_client_stops_asking_and_answering(demo_db):
    cur = demo_db.cursor()
    client = STORY["feedback_silence"][0]
    asks = per_quarter(cur, f"""
        select {QUARTER}, count(*) filter (where list_has_any(tags, ['improvement_request', 'complaint']))
        from interactions where client_id = ? group by 1""", client)
    assert asks["2026Q3"] == 0 and asks["2026Q2"] == 0 and asks["2025Q4"] >= 3
    surveys = cur.execute(
        "select count(*) from feedback where client_id = ? and received_on >= '2026-04-01'", [client]
    ).fetchone()[0]
    assert surveys == 0


def test_micromanagement_client_floods_us_with_status_requests(demo_db):
    cur = demo_db.cursor()
    share = per_quarter(cur, f"""
        select {QUARTER}, avg(list_contains(tags, 'status_request')::int)
        from interactions where client_id = ? group by 1""", STORY["micromanagement"][0])
    assert share["2026Q3"] > 0.2 and share["2025Q4"] < 0.12


def test_team_morale_falls_on_its_account(demo_db):
    cur = demo_db.cursor()
    morale = dict(cur.execute(
        "select quarter, morale from team_pulse where client_id = ?", [STORY["team_morale"][0]]
    ).fetchall())
    assert morale["2026Q3"] <= 2 and morale["2025Q4"] >= 4


def test_squeeze_client_discount_rises_and_free_work_grows(demo_db):
    cur = demo_db.cursor()
    client = STORY["squeeze"][0]
    discount = per_quarter(cur, """
        select year(created_on) || 'Q' || quarter(created_on), avg(discount_pct)
        from deals where client_id = ? group by 1""", client)
    assert discount["2026Q3"] > discount["2024Q3"] + 15
    free = per_quarter(cur, """
        select year(day) || 'Q' || quarter(day), sum(cost)
        from service_costs where client_id = ? and category = 'free_scope' group by 1""", client)
    assert free.get("2026Q3", 0) > 3 * free.get("2025Q3", 1)


def test_single_threaded_client_depends_on_a_champion_who_leaves(demo_db):
    cur = demo_db.cursor()
    client = STORY["single_thread_champion_left"][0]
    champion, left = cur.execute(
        "select contact_id, active_to from contacts where client_id = ? and is_champion", [client]
    ).fetchone()
    assert str(left) >= "2026-07-01"
    share = cur.execute("""
        select avg((contact_id = ?)::int) from interactions
        where client_id = ? and occurred_at < '2026-07-01'""", [champion, client]).fetchone()[0]
    assert share > 0.75
    after = cur.execute(
        "select count(*) from interactions where contact_id = ? and occurred_at > ?", [champion, left]
    ).fetchone()[0]
    assert after == 0


def test_new_client_starts_in_the_last_quarter(demo_db):
    cur = demo_db.cursor()
    first_seen, first_touch = cur.execute("""
        select c.first_seen, min(i.occurred_at)::date from clients c
        join interactions i using (client_id) where c.client_id = ? group by 1""",
        [STORY["new_client"][0]]).fetchone()
    assert str(first_seen) >= "2026-07-01" and str(first_touch) >= "2026-07-01"


@pytest.mark.parametrize("client", STORY["partnership"])
def test_partnerships_are_wide_warm_and_well_paid(demo_db, client):
    cur = demo_db.cursor()
    exec_share, praise = cur.execute("""
        select avg((k.level in ('executive', 'director'))::int),
               avg(list_contains(tags, 'praise')::int)
        from interactions i join contacts k using (contact_id) where i.client_id = ?""",
        [client]).fetchone()
    assert exec_share > 0.25 and praise > 0.07
    assert DEMO_END_QUARTER == "2026Q3"
