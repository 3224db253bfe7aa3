"""The seven signals on hand-built clients: at, just under and just over each default
threshold, the guard against thin baselines, the reason and the evidence rows."""

from __future__ import annotations

import pytest

from analytics.method.signals import SIGNALS, UnknownSignal, signal_evidence
from tests.tiny import Tiny

QUARTERS_BEFORE = {  # a day in each quarter before 2025Q4
    "2024Q3": "2024-08-01", "2024Q4": "2024-11-01", "2025Q1": "2025-02-01",
    "2025Q2": "2025-05-01", "2025Q3": "2025-08-01",
}


@pytest.fixture
def tiny(db):
    return Tiny(db)


def fired(tiny, signal_id: str, client: str = "A", quarter: str = "2025Q4"):
    """(severity, reason) of the signal for the client, or None when it does not fire."""
    row = tiny.signals(quarter, signal_id).get(client)
    return None if row is None else (row["severity"], row["reason"])


def evidence_matches_its_count(tiny, signal_id: str, client: str = "A", quarter: str = "2025Q4") -> bool:
    row = tiny.signals(quarter, signal_id)[client]
    return len(signal_evidence(tiny.db.cursor(), signal_id, client, quarter)) == row["evidence_count"]


# ---- access_decline: DELT this quarter vs the average of the 4 before (low 0.5, medium 0.6,
# high 0.8; the trailing average must be at least 5)

def delt_client(tiny, before: int, now: int, answered: bool | None = None) -> None:
    tiny.client("A")
    director = tiny.contact("A", "director", name="Dora Director")
    for on in ("2025-02-01", "2025-05-01", "2025-08-01"):
        tiny.touches("A", on, before, contact=director)
    tiny.touches("A", "2025-11-01", now, contact=director, by="us", answered=answered)
    tiny.touches("A", "2025-11-02", 1)


@pytest.mark.parametrize("now,expected", [
    (6, None),  # drop 0.4: just under
    (5, "low"),  # drop 0.5: at the threshold
    (4, "medium"),  # 0.6
    (3, "medium"),  # 0.7
    (2, "high"),  # 0.8
])
def test_access_decline_fires_from_a_halved_delt(tiny, now, expected):
    delt_client(tiny, 10, now)
    result = fired(tiny, "access_decline")
    assert (result[0] if result else None) == expected


def test_access_decline_says_why_and_shows_every_senior_touch(tiny):
    delt_client(tiny, 10, 5, answered=True)
    assert fired(tiny, "access_decline") == (
        "low", "DELT 5 this quarter vs 10 a quarter on average over the 3 before (−50%); "
        "5 of 5 of our messages answered")
    assert tiny.signals("2025Q4", "access_decline")["A"]["evidence_count"] == 35
    assert evidence_matches_its_count(tiny, "access_decline")


@pytest.mark.parametrize("before,expected", [(4, None), (5, "high")])
def test_access_decline_needs_a_baseline_of_five_senior_touches(tiny, before, expected):
    delt_client(tiny, before, 0)
    result = fired(tiny, "access_decline")
    assert (result[0] if result else None) == expected


def test_one_senior_touch_a_year_never_declines(tiny):
    tiny.client("A")
    director = tiny.contact("A", "director")
    tiny.touches("A", "2024-11-01", 1, contact=director)
    tiny.touches("A", "2025-11-01", 1)
    assert fired(tiny, "access_decline") is None


# ---- no_advance_info: learned from the market this quarter (low 2, medium 3, high 5),
# only when it outnumbers the advance notices

@pytest.mark.parametrize("learned,notices,expected", [
    (1, 0, None), (2, 0, "low"), (3, 0, "medium"), (4, 0, "medium"), (5, 0, "high"),
    (2, 2, None),  # as much news from the client as from the market
])
def test_no_advance_info_counts_news_learned_from_the_market(tiny, learned, notices, expected):
    tiny.client("A")
    tiny.touches("A", "2025-10-01", learned, by="us", tags=("learned_from_market",))
    tiny.touches("A", "2025-10-02", notices, tags=("advance_notice",))
    tiny.touches("A", "2025-10-03", 1)
    result = fired(tiny, "no_advance_info")
    assert (result[0] if result else None) == expected


def test_no_advance_info_says_why(tiny):
    tiny.client("A")
    tiny.touches("A", "2025-10-01", 2, by="us", tags=("learned_from_market",))
    tiny.touches("A", "2025-10-02", 1, tags=("advance_notice",))
    tiny.touches("A", "2025-10-03", 1, tags=("advance_notice", "learned_from_market"))
    assert fired(tiny, "no_advance_info") == (
        "medium", "learned of 3 client initiatives from the market vs 2 advance notices from the client this quarter")
    assert evidence_matches_its_count(tiny, "no_advance_info")
    assert tiny.signals("2025Q4", "no_advance_info")["A"]["evidence_count"] == 4


# ---- revenue_decline: won revenue of the last 2 quarters vs the 4 before, net of the market
# (low 0.5, medium 0.6, high 0.75; at least 8 deals won in the base window; both recent
# quarters below the base average)

def revenue_client(tiny, recent: tuple[float, float], deals_per_quarter: int = 2, market: float = 100) -> None:
    tiny.client("A")
    for quarter in ("2024Q3", "2024Q4", "2025Q1", "2025Q2"):
        for _ in range(deals_per_quarter):
            tiny.deal("A", QUARTERS_BEFORE[quarter], 1000 / deals_per_quarter)
        tiny.market("Enterprise", quarter, 100)
    tiny.deal("A", "2025-08-01", recent[0])
    tiny.deal("A", "2025-11-01", recent[1])
    tiny.market("Enterprise", "2025Q3", market)
    tiny.market("Enterprise", "2025Q4", market)


@pytest.mark.parametrize("recent,expected", [
    ((510, 510), None),  # 0.49
    ((500, 500), "low"),  # 0.5
    ((400, 400), "medium"),  # 0.6
    ((250, 250), "high"),  # 0.75
])
def test_revenue_decline_fires_when_revenue_halves_in_a_flat_market(tiny, recent, expected):
    revenue_client(tiny, recent)
    result = fired(tiny, "revenue_decline")
    assert (result[0] if result else None) == expected


def test_revenue_decline_is_net_of_the_market_and_says_so(tiny):
    revenue_client(tiny, (600, 600), market=120)  # 0.6 against a market at 1.2: 0.5 unexplained
    assert fired(tiny, "revenue_decline") == (
        "low", "won revenue −40% (last 2 quarters vs the 4 before, 8 deals won before) while market trend "
        "moved +20%: −50% unexplained")
    assert evidence_matches_its_count(tiny, "revenue_decline")


def test_revenue_decline_needs_eight_deals_in_the_base_window(tiny):
    tiny.client("A")
    for quarter in ("2024Q3", "2024Q4", "2025Q1"):
        tiny.deal("A", QUARTERS_BEFORE[quarter], 500)
        tiny.deal("A", QUARTERS_BEFORE[quarter], 500)
    tiny.deal("A", QUARTERS_BEFORE["2025Q2"], 1000)  # 7 deals, 1000 a quarter
    tiny.deal("A", "2025-08-01", 100)
    tiny.deal("A", "2025-11-01", 100)
    assert fired(tiny, "revenue_decline") is None


def test_a_single_bad_quarter_is_not_a_lasting_decline(tiny):
    revenue_client(tiny, (1000, 0))
    assert fired(tiny, "revenue_decline") is None


# ---- feedback_silence: the client's voice in the last 2 quarters vs the 4 before
# (low 0.65, medium 0.8, high 0.95; at least 4 a quarter before)

def voice_client(tiny, before: int, recent: tuple[int, int]) -> None:
    tiny.client("A")
    for quarter in ("2024Q3", "2024Q4", "2025Q1", "2025Q2"):
        tiny.touches("A", QUARTERS_BEFORE[quarter], before, tags=("improvement_request",))
    tiny.touches("A", "2025-08-01", recent[0], tags=("complaint",))
    tiny.feedback("A", "2025-11-01", "csat", 4) if recent[1] else None
    tiny.touches("A", "2025-11-02", max(recent[1] - 1, 0), tags=("improvement_request",))
    tiny.touches("A", "2025-11-03", 1)


@pytest.mark.parametrize("recent,expected", [
    ((4, 4), None),  # 0.6
    ((4, 3), "low"),  # 0.65
    ((2, 2), "medium"),  # 0.8
    ((1, 0), "high"),  # 0.95
    ((0, 0), "high"),  # 1.0
])
def test_feedback_silence_fires_when_the_client_stops_speaking_up(tiny, recent, expected):
    voice_client(tiny, 10, recent)
    result = fired(tiny, "feedback_silence")
    assert (result[0] if result else None) == expected


def test_feedback_silence_says_why_and_counts_requests_complaints_and_answers(tiny):
    voice_client(tiny, 10, (4, 3))
    assert fired(tiny, "feedback_silence") == (
        "low", "3.5 improvement requests, complaints and feedback answers a quarter in the last 2 quarters "
        "vs 10 in the 4 before (−65%)")
    assert tiny.signals("2025Q4", "feedback_silence")["A"]["evidence_count"] == 47
    assert evidence_matches_its_count(tiny, "feedback_silence")


@pytest.mark.parametrize("before,expected", [(3, None), (4, "high")])
def test_feedback_silence_needs_four_a_quarter_before(tiny, before, expected):
    voice_client(tiny, before, (0, 0))
    result = fired(tiny, "feedback_silence")
    assert (result[0] if result else None) == expected


# ---- micromanagement: status-request share of the quarter's touches (low 0.15, medium 0.22,
# high 0.3; at least 5 status requests)

@pytest.mark.parametrize("requests,touches,expected", [
    (5, 40, None),  # 0.125
    (6, 40, "low"),  # 0.15
    (9, 40, "medium"),  # 0.225
    (12, 40, "high"),  # 0.3
    (4, 10, None),  # 0.4, but only 4 requests: too few to call
])
def test_micromanagement_fires_on_a_flood_of_status_requests(tiny, requests, touches, expected):
    tiny.client("A")
    tiny.touches("A", "2025-10-01", requests, tags=("status_request",))
    tiny.touches("A", "2025-10-02", touches - requests)
    result = fired(tiny, "micromanagement")
    assert (result[0] if result else None) == expected


def test_micromanagement_says_why(tiny):
    tiny.client("A")
    tiny.touches("A", "2025-10-01", 5, tags=("status_request",))
    tiny.touches("A", "2025-10-01", 1, tags=("status_request", "escalation"))
    tiny.touches("A", "2025-10-02", 34)
    assert fired(tiny, "micromanagement") == (
        "low", "6 status requests in 40 touches (15%) and 1 escalation this quarter")
    assert evidence_matches_its_count(tiny, "micromanagement")


# ---- team_morale: drop of the team's morale below its average of the 4 quarters before
# (low 1.25, medium 1.75, high 2.5), only at morale 2 or lower

@pytest.mark.parametrize("before,now,expected", [
    ((3, 3, 3, 3), 2, None),  # drop 1.0
    ((3, 3, 4, 3), 2, "low"),  # drop 1.25
    ((4, 4, 3, 4), 2, "medium"),  # drop 1.75
    ((5, 4, 5, 4), 2, "high"),  # drop 2.5
    ((5, 5, 5, 5), 3, None),  # drop 2, but morale 3 is not low
])
def test_team_morale_fires_when_the_account_team_is_worn_down(tiny, before, now, expected):
    tiny.client("A")
    tiny.touches("A", "2024-11-01", 1)
    for quarter, morale in zip(("2024Q4", "2025Q1", "2025Q2", "2025Q3"), before, strict=True):
        tiny.pulse("A", quarter, morale)
    tiny.pulse("A", "2025Q4", now)
    tiny.touches("A", "2025-11-01", 1)
    result = fired(tiny, "team_morale")
    assert (result[0] if result else None) == expected


def test_team_morale_says_why_and_needs_two_earlier_pulses(tiny):
    tiny.client("A")
    tiny.touches("A", "2025-02-01", 1)
    tiny.pulse("A", "2025Q3", 5)
    tiny.pulse("A", "2025Q4", 1)
    tiny.touches("A", "2025-11-01", 1)
    assert fired(tiny, "team_morale") is None  # one earlier pulse only
    tiny.pulse("A", "2025Q2", 4)
    assert fired(tiny, "team_morale") == ("high", "account team morale 1/5 this quarter vs 4.5 on average before (−3.5)")
    assert evidence_matches_its_count(tiny, "team_morale")


# ---- squeeze: pressures present this quarter (low 2, medium 3, high 4): discount up 5
# points or more, free scope and rework half the cost to serve (3 rows at least),
# deadline pressure in 8% of touches, scope or discount requests in 15%

def squeeze_client(tiny, *, rise: float = 0, free: bool = False, free_rows: int = 3,
                   deadline: int = 0, demands: int = 0) -> None:
    tiny.client("A")
    tiny.deal("A", "2025-08-01", 1000, discount=10)
    tiny.deal("A", "2025-11-01", 1000, discount=10 + rise)
    if free:
        for i in range(free_rows):
            tiny.cost("A", f"2025-10-1{i}", 300 / free_rows, "free_scope")
        tiny.cost("A", "2025-10-20", 300, "support")
    tiny.touches("A", "2025-10-01", deadline, tags=("deadline_pressure",))
    tiny.touches("A", "2025-10-02", demands, tags=("scope_request",))
    tiny.touches("A", "2025-10-03", 100 - deadline - demands)


@pytest.mark.parametrize("pressures,expected", [
    (dict(rise=4.9, deadline=8), None),  # one pressure: the rise is just under 5 points
    (dict(rise=5, deadline=8), "low"),  # two, each exactly at its threshold
    (dict(rise=5, deadline=7), None),  # deadline pressure 7%: just under
    (dict(rise=5, deadline=8, free=True), "medium"),
    (dict(rise=5, deadline=8, free=True, demands=15), "high"),
    (dict(rise=5, free=True, free_rows=2), None),  # free work on two cost rows is too thin to count
])
def test_squeeze_counts_the_pressures_of_lose_win(tiny, pressures, expected):
    squeeze_client(tiny, **pressures)
    result = fired(tiny, "squeeze")
    assert (result[0] if result else None) == expected


def test_squeeze_says_which_pressures_and_shows_their_rows(tiny):
    squeeze_client(tiny, rise=5, deadline=8, free=True, demands=15)
    assert fired(tiny, "squeeze") == (
        "high", "4 of 4 pressures: discount 15.0% vs 10.0% before; free scope and rework 50% of cost to serve; "
        "deadline pressure in 8% of touches; scope or discount requests in 15% of touches")
    # 2 deals + 3 free-scope cost rows + 23 pressured touches
    assert tiny.signals("2025Q4", "squeeze")["A"]["evidence_count"] == 28
    assert evidence_matches_its_count(tiny, "squeeze")


# ---- all signals

def test_a_quiet_steady_client_raises_no_signal(tiny):
    tiny.client("A")
    director = tiny.contact("A", "director")
    for on in ("2024-08-01", "2024-11-01", "2025-02-01", "2025-05-01", "2025-08-01", "2025-11-01"):
        tiny.touches("A", on, 6, contact=director)
        tiny.touches("A", on, 5, tags=("improvement_request",))
        tiny.deal("A", on, 1000, discount=10)
        tiny.deal("A", on, 1000, discount=10)
    for quarter in ("2024Q4", "2025Q1", "2025Q2", "2025Q3", "2025Q4"):
        tiny.pulse("A", quarter, 4)
    assert tiny.signals("2025Q4") == {}


def test_evidence_of_an_unknown_signal_is_a_clear_error(tiny):
    tiny.client("A")
    tiny.touches("A", "2025-11-01", 1)
    with pytest.raises(UnknownSignal, match='No signal "churn"; the signals are: access_decline, '):
        signal_evidence(tiny.db.cursor(), "churn", "A", "2025Q4")


def test_the_seven_signal_ids_are_fixed():
    assert [s for s, _ in SIGNALS] == [
        "access_decline", "no_advance_info", "revenue_decline", "feedback_silence",
        "micromanagement", "team_morale", "squeeze",
    ]
