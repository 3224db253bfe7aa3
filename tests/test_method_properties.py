"""Properties of the method on random small portfolios (hypothesis): scores stay within
0..100, an executive touch never lowers High and Wide, a complaint never raises Trust."""

from __future__ import annotations

import datetime as dt

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from analytics.db import open_memory
from analytics.method.continuum import score_all
from tests.tiny import Tiny

QUARTER_DAYS = ("2025-02-10", "2025-05-10", "2025-08-10", "2025-11-10")
LEVELS = ("executive", "director", "manager", "staff")
TAGS = ("status_request", "improvement_request", "complaint", "praise", "referral", "advance_notice",
        "learned_from_market", "scope_request", "discount_request", "deadline_pressure", "escalation")

touch = st.fixed_dictionaries({
    "client": st.sampled_from(("A", "B")),
    "quarter": st.integers(0, 3),
    "day": st.integers(0, 40),
    "contact": st.integers(0, 4),  # 4: no contact
    "by": st.sampled_from(("us", "client")),
    "answered": st.sampled_from((None, True, False)),
    "sentiment": st.sampled_from((None, -2, -1, 0, 1, 2)),
    "tags": st.lists(st.sampled_from(TAGS), max_size=3, unique=True),
    "channel": st.sampled_from(("email", "call", "meeting", "workshop")),
})
deal = st.fixed_dictionaries({
    "client": st.sampled_from(("A", "B")),
    "quarter": st.integers(0, 3),
    "amount": st.floats(0, 50_000),
    "status": st.sampled_from(("won", "lost")),
    "discount": st.one_of(st.none(), st.floats(0, 60)),
})
cost = st.fixed_dictionaries({
    "client": st.sampled_from(("A", "B")),
    "quarter": st.integers(0, 3),
    "cost": st.floats(0, 5_000),
    "category": st.sampled_from(("support", "rework", "free_scope", "other")),
})
portfolio = st.fixed_dictionaries({
    "levels": st.lists(st.sampled_from(LEVELS), min_size=4, max_size=4),
    "champion_left": st.booleans(),
    "touches": st.lists(touch, min_size=1, max_size=40),
    "deals": st.lists(deal, max_size=8),
    "costs": st.lists(cost, max_size=6),
    "feedback": st.lists(st.tuples(st.sampled_from(("A", "B")), st.integers(0, 3), st.integers(0, 10)), max_size=4),
    "pulses": st.lists(st.tuples(st.sampled_from(("A", "B")), st.integers(0, 3), st.integers(1, 5)), max_size=6),
})
where = st.fixed_dictionaries({
    "client": st.sampled_from(("A", "B")),
    "quarter": st.integers(0, 3),
    "day": st.integers(0, 40),
    "sentiment": st.sampled_from((None, -2, -1, 0, 1, 2)),
    "by": st.sampled_from(("us", "client")),
    "answered": st.sampled_from((None, True, False)),
    "existing_contact": st.booleans(),
})

PROPERTY = settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def on(quarter: int, day: int) -> str:
    return (dt.date.fromisoformat(QUARTER_DAYS[quarter]) + dt.timedelta(days=day)).isoformat()


def build(spec: dict) -> Tiny:
    tiny = Tiny(open_memory())
    contacts = {}
    for client in ("A", "B"):
        tiny.client(client, first_seen="2024-06-01")
        contacts[client] = [
            tiny.contact(client, level, champion=i == 1,
                         left="2025-09-01" if i == 1 and spec["champion_left"] else None)
            for i, level in enumerate(spec["levels"])
        ]
        contacts[client].append(None)
    for t in spec["touches"]:
        tiny.touches(t["client"], on(t["quarter"], t["day"]), contact=contacts[t["client"]][t["contact"]],
                     by=t["by"], answered=t["answered"], sentiment=t["sentiment"], tags=tuple(t["tags"]),
                     channel=t["channel"])
    for d in spec["deals"]:
        tiny.deal(d["client"], on(d["quarter"], 5), d["amount"], status=d["status"], discount=d["discount"])
    for c in spec["costs"]:
        tiny.cost(c["client"], on(c["quarter"], 7), c["cost"], c["category"])
    for client, quarter, score in spec["feedback"]:
        tiny.feedback(client, on(quarter, 9), "nps", score)
    for client, quarter, morale in {(c, q): (c, q, m) for c, q, m in spec["pulses"]}.values():
        tiny.pulse(client, f"2025Q{quarter + 1}", morale)
    tiny.contacts = contacts
    return tiny


def scores(tiny: Tiny) -> dict[tuple[str, str], dict]:
    frame = score_all(tiny.db.cursor())
    return {(r["client_id"], r["quarter"]): r for r in frame.to_dict("records")}


@PROPERTY
@given(portfolio)
def test_every_score_stays_within_0_and_100(spec):
    for row in scores(build(spec)).values():
        for column in ("score", "high_wide", "dialogue", "trust", "balance", "value"):
            assert 0 <= row[column] <= 100, (column, row)


@PROPERTY
@given(portfolio, where)
def test_adding_an_executive_touch_never_lowers_high_and_wide(spec, at):
    tiny = build(spec)
    before = scores(tiny)
    client = at["client"]
    executives = [c for c, lv in zip(tiny.contacts[client], spec["levels"], strict=False) if lv == "executive"]
    contact = executives[0] if executives and at["existing_contact"] else tiny.contact(client, "executive")
    tiny.touches(client, on(at["quarter"], at["day"]), contact=contact, by=at["by"],
                 answered=at["answered"], sentiment=at["sentiment"])
    after = scores(tiny)
    key = (client, f"2025Q{at['quarter'] + 1}")
    if key in before:
        assert after[key]["high_wide"] >= before[key]["high_wide"]


@PROPERTY
@given(portfolio, where)
def test_adding_a_complaint_never_raises_trust(spec, at):
    tiny = build(spec)
    before = scores(tiny)
    client = at["client"]
    contact = tiny.contacts[client][0] if at["existing_contact"] else None
    tiny.touches(client, on(at["quarter"], at["day"]), contact=contact, by=at["by"],
                 answered=at["answered"], sentiment=at["sentiment"], tags=("complaint",))
    after = scores(tiny)
    for key, row in before.items():
        if key[0] == client and key[1] == f"2025Q{at['quarter'] + 1}":
            assert after[key]["trust"] <= row["trust"]
