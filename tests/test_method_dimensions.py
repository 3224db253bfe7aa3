"""Each dimension on a hand-built client: every component's points and sentence, exactly.

Points follow docs/method.md: ramp(x, ref, scale, P) = P x clamp((x - ref) / scale, lo, 1),
rounded; a dimension is 50 plus its components, clamped to 0..100.
"""

from __future__ import annotations

import pandas as pd
import pytest

from analytics.settings import save_settings
from tests.tiny import Tiny


@pytest.fixture
def tiny(db):
    return Tiny(db)


def test_high_and_wide_reads_contacts_levels_delt_and_single_thread(tiny):
    tiny.client("A")
    director = tiny.contact("A", "director", name="Dora Director")
    manager = tiny.contact("A", "manager", name="Mark Manager")
    for on in ("2025-02-01", "2025-05-01", "2025-08-01"):  # DELT 4 in each of 2025Q1..Q3
        tiny.touches("A", on, 4, contact=director)
    tiny.touches("A", "2025-11-01", 1, contact=director)  # 2025Q4: DELT 1
    tiny.touches("A", "2025-11-02", 3, contact=manager)  # ... and the manager carries the rest

    assert tiny.parts("A", "high_wide", "2025Q4") == [
        # 10 x (2 - 4) / 3 = -6.7
        ("contacts", -7, "2 distinct contacts touched (4 scores 0): −7"),
        ("levels", 0, "2 of 4 seniority levels covered: 0"),
        # 20 x (1 - 4) / 4 = -15
        ("delt", -15, "DELT 1 this quarter vs 4 trailing average: −15"),
        # -20 x (0.75 - 0.4) / 0.5 = -14
        ("single_thread", -14,
         "75% of touches with one contact (Mark Manager, 3 of 4); single-thread risk above 40%: −14"),
    ]
    assert tiny.scores("2025Q4")["A"]["high_wide"] == 50 - 7 + 0 - 15 - 14


def test_a_champion_who_leaves_costs_points_in_the_quarter_they_leave(tiny):
    tiny.client("A")
    champion = tiny.contact("A", "director", name="Cleo Champion", title="IT Director",
                            champion=True, left="2025-11-15")
    tiny.touches("A", "2025-08-01", 2, contact=champion)
    tiny.touches("A", "2025-10-01", 2, contact=champion)
    lost = [p for p in tiny.parts("A", "high_wide", "2025Q4") if p[0] == "champion_lost"]
    assert lost == [("champion_lost", -15,
                     "Champion lost: Cleo Champion (IT Director) left on 2025-11-15: −15")]
    assert [p for p in tiny.parts("A", "high_wide", "2025Q3") if p[0] == "champion_lost"] == []


def test_a_new_client_is_flagged_and_not_scored_on_history_it_does_not_have(tiny):
    tiny.client("OLD")
    tiny.touches("OLD", "2025-02-01", 3)
    tiny.client("NEW", first_seen="2025-10-10")
    director = tiny.contact("NEW", "director")
    tiny.touches("NEW", "2025-10-20", 2, contact=director)
    row = tiny.scores("2025Q4")["NEW"]
    assert (row["is_new"], row["tenure_quarters"], row["change"] != row["change"]) == (True, 0, True)
    delt = [p for p in tiny.parts("NEW", "high_wide", "2025Q4") if p[0] == "delt"]
    assert delt == [("delt", 0, "DELT 2 this quarter; no trailing average yet (short history), not scored: 0")]
    assert not tiny.scores("2025Q4")["OLD"]["is_new"]


def test_dialogue_reads_initiative_response_voice_and_advance_notice(tiny):
    tiny.client("A")
    for on in ("2025-02-01", "2025-05-01", "2025-08-01"):  # voice 6 a quarter before
        tiny.touches("A", on, 6, tags=("improvement_request",))
    tiny.touches("A", "2025-10-01", 2, by="client", tags=("improvement_request",))  # voice 2 now
    tiny.touches("A", "2025-10-02", 1, by="client", tags=("advance_notice",))
    tiny.touches("A", "2025-10-03", 1, by="client")
    tiny.touches("A", "2025-10-04", 3, by="us", answered=True)
    tiny.touches("A", "2025-10-05", 1, by="us", answered=False, tags=("learned_from_market",))
    tiny.touches("A", "2025-10-06", 1, by="us", answered=False, tags=("learned_from_market",))
    tiny.touches("A", "2025-10-07", 1, by="us")  # answer unknown: not counted either way

    assert tiny.parts("A", "dialogue", "2025Q4") == [
        # 15 x (0.4 - 0.35) / 0.2 = 3.75
        ("client_initiated", 4, "4 of 10 touches started by the client (40%, 35% scores 0): +4"),
        # 15 x (0.6 - 0.8) / 0.2 = -15
        ("response", -15, "3 of 5 of our messages answered (60%, 80% scores 0): −15"),
        # 15 x (2 - 6) / 6 = -10
        ("voice", -10, "2 improvement requests, complaints and feedback answers vs 6 trailing average: −10"),
        # 15 x (1 - 2) / 3 = -5
        ("advance_notice", -5, "1 advance notice from the client vs 2 things learned from the market: −5"),
    ]
    assert tiny.scores("2025Q4")["A"]["dialogue"] == 50 + 4 - 15 - 10 - 5


def test_trust_reads_sentiment_feedback_complaints_and_praise(tiny):
    tiny.client("A")
    tiny.touches("A", "2025-10-01", sentiment=-2, tags=("complaint",))  # resolved by the praise of 10-05
    tiny.touches("A", "2025-10-05", sentiment=1, tags=("praise",))
    tiny.touches("A", "2025-10-10", sentiment=2)
    tiny.touches("A", "2025-10-12", sentiment=1)
    tiny.touches("A", "2025-10-15", sentiment=0)
    tiny.touches("A", "2025-10-25", tags=("praise",))
    tiny.touches("A", "2025-11-01", 15)
    tiny.touches("A", "2025-12-20", sentiment=-1, tags=("complaint",))  # nothing positive after it: open
    tiny.feedback("A", "2025-11-10", "nps", 8)

    assert tiny.parts("A", "trust", "2025Q4") == [
        # sentiment of the non-complaint touches: (1 + 2 + 1 + 0) / 4 = 1.0; 20 x 1 / 1.5 = 13.3
        ("sentiment", 13, "average sentiment +1.00 over 4 touches (-2..+2): +13"),
        # NPS 8 -> 0.8; 15 x (0.8 - 0.7) / 0.25 = 6
        ("nps_csat", 6, "NPS/CSAT 0.80 on a 0-1 scale from 1 answer in the last 4 quarters (0.70 scores 0): +6"),
        # (1 open + 0.5 x 1 resolved) / 20 other touches = 0.075; -20 x 0.075 / 0.15 = -10
        ("complaints", -10, "2 complaints (1 resolved, 1 open) against 20 other touches: −10"),
        # 2 / 20 = 0.1 -> the full 15
        ("praise", 15, "2 touches with praise of 20 (10%): +15"),
    ]
    assert tiny.scores("2025Q4")["A"]["trust"] == 50 + 13 + 6 - 10 + 15


def test_a_complaint_resolved_after_its_quarter_ended_still_counts_as_open(tiny):
    tiny.client("A")
    tiny.touches("A", "2025-12-30", sentiment=-2, tags=("complaint",))
    tiny.touches("A", "2026-01-03", sentiment=2)
    tiny.touches("A", "2025-10-01", 10)
    complaints = [p for p in tiny.parts("A", "trust", "2025Q4") if p[0] == "complaints"]
    # 1 open / 10 other touches = 0.1; -20 x 0.1 / 0.15 = -13.3
    assert complaints == [("complaints", -13, "1 complaint (0 resolved, 1 open) against 10 other touches: −13")]


def test_balance_reads_discounts_free_work_and_pressure(tiny):
    tiny.client("A")
    for on in ("2025-02-01", "2025-05-01", "2025-08-01"):
        tiny.deal("A", on, 1000, discount=10)
    tiny.deal("A", "2025-10-05", 1000, discount=15)
    tiny.deal("A", "2025-11-05", 1000, discount=15, status="lost")
    tiny.cost("A", "2025-10-10", 600, "support")
    tiny.cost("A", "2025-10-11", 300, "free_scope")
    tiny.cost("A", "2025-10-12", 100, "rework")
    tiny.touches("A", "2025-10-01", 2, tags=("deadline_pressure",))
    tiny.touches("A", "2025-10-02", 4, tags=("status_request",))
    tiny.touches("A", "2025-10-03", 14)

    assert tiny.parts("A", "balance", "2025Q4") == [
        # -15 x (15 - 10) / 15 = -5
        ("discount", -5, "average discount 15.0% on 2 deals offered (10% scores 0): −5"),
        # -10 x (15 - 10) / 10 = -5
        ("discount_trend", -5, "discount 15.0% vs 10.0% in the 4 quarters before: −5"),
        # -15 x (0.4 - 0.3) / 0.3 = -5
        ("free_scope_rework", -5, "free scope and rework 40% of cost to serve (30% scores 0): −5"),
        # -10 x (0.10 - 0.03) / 0.1 = -7
        ("deadline_pressure", -7, "2 touches with deadline pressure (10%, tolerated up to 3%): −7"),
        # -15 x (0.20 - 0.05) / 0.2 = -11.25
        ("status_requests", -11, "4 status requests (20%, tolerated up to 5%): −11"),
    ]
    assert tiny.scores("2025Q4")["A"]["balance"] == 50 - 5 - 5 - 5 - 7 - 11


def test_value_reads_revenue_against_the_market_margin_ltv_and_referrals(tiny):
    tiny.client("A", segment="Enterprise")
    for quarter, on in (("2024Q3", "2024-08-01"), ("2024Q4", "2024-11-01"),
                        ("2025Q1", "2025-02-01"), ("2025Q2", "2025-05-01")):
        tiny.deal("A", on, 1000)
        tiny.market("Enterprise", quarter, 100)
    for quarter, on in (("2025Q3", "2025-08-01"), ("2025Q4", "2025-11-01")):
        tiny.deal("A", on, 2200, currency="PLN")  # 550 EUR at 0.25
        tiny.market("Enterprise", quarter, 110)
    tiny.cost("A", "2025-06-01", 310)
    tiny.touches("A", "2025-10-01", 1, tags=("referral",))
    tiny.touches("A", "2025-10-02", 8, channel="workshop")

    assert tiny.parts("A", "value", "2025Q4") == [
        # client 550 / 1000 = 0.55 against the market 110 / 100 = 1.1: 0.55 / 1.1 - 1 = -0.5 -> -20
        ("revenue_trend", -20,
         "won revenue −45% (last 2 quarters vs the 4 before) against market trend +10%: −20"),
        # revenue 1000 + 1000 + 550 + 550 = 3100, cost 310: margin 0.9; 15 x (0.9 - 0.85) / 0.15 = 5
        ("margin", 5,
         "margin after cost to serve 90% (3,100 EUR revenue, 310 EUR cost over 4 quarters; 85% scores 0): +5"),
        # alone in the portfolio: no rank, 0 points; LTV = 2790 x 0.85 / 0.25
        ("ltv", 0, "LTV 9,486 EUR, above 50% of clients: 0"),
        ("referral", 5, "1 referral in the last 4 quarters: +5"),
        # 8 workshops over 4 quarters = 2 a quarter; 5 x 2 / 10 = 1
        ("strategic", 1,
         "2 improvement requests, workshops and events a quarter (strategic and educational value): +1"),
    ]
    assert tiny.scores("2025Q4")["A"]["value"] == 50 - 20 + 5 + 0 + 5 + 1


def test_position_is_the_weighted_composite_with_stage_and_change(tiny):
    tiny.client("A")
    tiny.touches("A", "2025-08-01", 3)
    tiny.touches("A", "2025-11-01", 3)
    tiny.contact("A", "manager")  # the portfolio has contacts: High and Wide is measured
    q3, q4 = tiny.scores("2025Q3")["A"], tiny.scores("2025Q4")["A"]
    dims = [q4[d] for d in ("high_wide", "dialogue", "trust", "balance", "value")]
    expected = round(0.25 * dims[0] + 0.2 * dims[1] + 0.2 * dims[2] + 0.15 * dims[3] + 0.2 * dims[4], 1)
    assert q4["score"] == pytest.approx(expected) and q4["coverage"] == pytest.approx(1.0)
    assert q4["change"] == pytest.approx(round(q4["score"] - q3["score"], 1))


@pytest.mark.parametrize("offset,stage", [(0.0, "rapport"), (0.1, "contact"), (-0.1, "rapport")])
def test_the_stage_cut_off_includes_its_own_score(tiny, offset, stage):
    tiny.client("A")
    tiny.touches("A", "2025-11-01", 3)
    score = tiny.scores("2025Q4")["A"]["score"]
    save_settings(tiny.db, {"stage_contact_min": 1, "stage_rapport_min": score + offset,
                            "stage_working_trust_min": 99, "stage_partnership_min": 100})
    assert tiny.scores("2025Q4")["A"]["stage"] == stage


def test_changing_a_weight_in_the_settings_table_changes_the_score_without_code(tiny):
    tiny.client("A")
    tiny.touches("A", "2025-11-01", 3, sentiment=2, tags=("praise",))
    before = tiny.scores("2025Q4")["A"]
    tiny.cur.execute("update settings set value = '0' where key in "
                     "('weight_high_wide', 'weight_dialogue', 'weight_balance', 'weight_value')")
    after = tiny.scores("2025Q4")["A"]
    assert after["score"] == pytest.approx(after["trust"]) and after["score"] != before["score"]


def test_scores_stay_within_0_and_100_for_an_extreme_client(tiny):
    tiny.client("A")
    tiny.touches("A", "2025-11-01", 30, by="us", answered=False, sentiment=-2,
                 tags=("complaint", "status_request", "deadline_pressure", "learned_from_market"))
    row = tiny.scores("2025Q4")["A"]
    assert all(0 <= row[d] <= 100 for d in ("dialogue", "trust", "balance", "value", "score"))
    assert pd.isna(row["high_wide"])  # no contacts in the portfolio: not measured
    assert row["trust"] == 50 - 20 + 0  # complaints at their full cost, nothing else to read


@pytest.mark.parametrize(("tiny_amount", "said"), [
    # the client is its whole segment, and the segment is its market: flat relative to it
    (1e-9, "won revenue +99999999999900% (last 2 quarters vs the 4 before)"),
    # revenue is added exactly to 10 decimal places (exact_sum): below that it is none
    (1e-25, "no won revenue in the 4 quarters before the last two: trend not scored"),
])
def test_degenerate_amounts_are_scored_and_written_without_error(tiny, tiny_amount, said):
    """Found by hypothesis: a base revenue of 1e-25 made the written percentage overflow."""
    tiny.client("A")
    for on in ("2024-08-01", "2024-11-01", "2025-02-01", "2025-05-01"):
        tiny.deal("A", on, tiny_amount)
    tiny.deal("A", "2025-08-01", 1000)
    tiny.deal("A", "2025-11-01", 1000)
    trend = [p for p in tiny.parts("A", "value", "2025Q4") if p[0] == "revenue_trend"]
    assert trend[0][1] == 0 and trend[0][2].startswith(said)
    assert 0 <= tiny.scores("2025Q4")["A"]["value"] <= 100
