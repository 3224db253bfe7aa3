"""The figures of the Portfolio and Signals pages, as pure functions of a hand-built view.

`portfolio_view` joins what the method computes; everything the pages draw is then a
function of that frame, so these tests build the frame by hand with numbers chosen so
every figure is known in advance.
"""

from __future__ import annotations

import datetime as dt

import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st

from analytics.method import portfolio as pf


def view_of(rows: list[dict]) -> pd.DataFrame:
    base = {
        "segment": "Enterprise", "region": "DACH", "account_manager": "Alicja", "score": 50.0,
        "change": None, "previous_stage": None, "revenue_4q": 0.0, "cost_to_serve_4q": 0.0,
        "margin_4q": 0.0, "ltv": 0.0, "signal_ids": [], "count_signals": 0, "count_high_signals": 0,
        "count_overdue_actions": 0,
    }
    return pd.DataFrame([{**base, **r} for r in rows])


# five clients: two partnerships (one moved up from working trust), a rapport client
# that fell from working trust, a strained client with a high signal and two overdue
# actions, and a new client at contact
VIEW = view_of([
    dict(client_id="C1", name="Amber", stage="partnership", previous_stage="partnership",
         revenue_4q=500.0, cost_to_serve_4q=50.0, margin_4q=450.0),
    dict(client_id="C2", name="Birch", stage="partnership", previous_stage="working_trust",
         revenue_4q=300.0, cost_to_serve_4q=30.0, margin_4q=270.0),
    dict(client_id="C3", name="Cedar", stage="rapport", previous_stage="working_trust",
         revenue_4q=100.0, cost_to_serve_4q=20.0, margin_4q=80.0),
    dict(client_id="C4", name="Dune", stage="strained", previous_stage="contact",
         revenue_4q=60.0, cost_to_serve_4q=200.0, margin_4q=-140.0,
         signal_ids=["squeeze", "team_morale"], count_signals=2, count_high_signals=1,
         count_overdue_actions=2),
    dict(client_id="C5", name="Elm", stage="contact", previous_stage=None,
         revenue_4q=40.0, cost_to_serve_4q=0.0, margin_4q=40.0, segment="Small business"),
])


def test_the_headline_counts_clients_revenue_stages_high_signals_and_overdue_actions():
    top = pf.headline(VIEW)
    assert top == pf.Headline(
        clients=5,
        revenue_4q=1000.0,
        stage_counts={"partnership": 2, "rapport": 1, "strained": 1, "contact": 1},
        clients_with_high_signal=1,
        actions_overdue=2,
    )
    assert top.stage_share("partnership") == 0.4
    assert top.stage_share("working_trust") == 0.0


def test_the_headline_of_no_clients_is_all_zero():
    top = pf.headline(VIEW.iloc[0:0])
    assert (top.clients, top.revenue_4q, top.stage_share("rapport")) == (0, 0.0, 0.0)


def test_last_quarters_stages_count_only_clients_placed_then():
    assert pf.stage_counts(VIEW, "previous_stage").to_dict() == {
        "working_trust": 2, "partnership": 1, "contact": 1,
    }


def test_the_stage_flow_pairs_last_quarters_stage_with_this_one_and_new_clients_come_from_new():
    flows = pf.stage_flow(VIEW)
    assert flows.to_dict("records") == [
        {"from_stage": "contact", "to_stage": "strained", "clients": 1},
        {"from_stage": "new", "to_stage": "contact", "clients": 1},
        {"from_stage": "partnership", "to_stage": "partnership", "clients": 1},
        {"from_stage": "working_trust", "to_stage": "partnership", "clients": 1},
        {"from_stage": "working_trust", "to_stage": "rapport", "clients": 1},
    ]


def test_the_revenue_pareto_curve_adds_clients_from_the_largest():
    curve = pf.concentration_curve(VIEW, "revenue")
    assert curve["client_share"].tolist() == [0.0, 0.2, 0.4, 0.6, 0.8, 1.0]
    assert curve["cumulative_share"].tolist() == pytest.approx([0.0, 0.5, 0.8, 0.9, 0.96, 1.0])
    assert pf.top_share(curve) == pytest.approx(0.5)  # the top 20% is one client of five


def test_the_cost_pareto_curve_shows_the_costly_client_first():
    curve = pf.concentration_curve(VIEW, "cost")
    assert curve["cumulative_share"].tolist() == pytest.approx([0, 0.6666667, 0.8333333, 0.9333333, 1.0, 1.0])


def test_a_measure_that_sums_to_zero_has_no_curve_and_no_top_share():
    curve = pf.concentration_curve(view_of([dict(client_id="C1", name="A", stage="contact")]), "cost")
    assert curve.empty
    assert pf.top_share(curve) is None


def test_the_top_20_percent_rounds_up_to_whole_clients_as_the_method_counts_them():
    six = view_of([dict(client_id=f"C{i}", name=str(i), stage="contact", revenue_4q=float(v))
                   for i, v in enumerate([40, 30, 10, 10, 5, 5])])
    # 20% of 6 clients is 1.2: the top 2 clients, 40% + 30%
    assert pf.top_share(pf.concentration_curve(six, "revenue")) == pytest.approx(0.7)


def test_the_whale_curve_adds_profit_from_the_most_profitable_and_ends_at_the_total():
    whale = pf.whale_points(VIEW)
    assert whale["cumulative_profit"].tolist() == [0.0, 450.0, 720.0, 800.0, 840.0, 700.0]
    assert whale["client_share"].iloc[-1] == 1.0


@given(st.lists(st.floats(min_value=0, max_value=1e9, allow_nan=False), min_size=1, max_size=40))
def test_a_pareto_curve_rises_from_zero_to_one_and_never_falls(values):
    frame = view_of([dict(client_id=f"C{i}", name=str(i), stage="contact", revenue_4q=v)
                     for i, v in enumerate(values)])
    curve = pf.concentration_curve(frame, "revenue")
    if sum(values) == 0:
        assert curve.empty
        return
    shares = curve["cumulative_share"].tolist()
    assert shares[0] == 0.0
    assert shares[-1] == pytest.approx(1.0)
    assert all(b >= a - 1e-12 for a, b in zip(shares, shares[1:], strict=False))
    # concave: the top 20% hold at least 20% of the revenue
    assert pf.top_share(curve) >= 0.2 - 1e-9


def test_signals_fold_to_one_row_per_client_most_severe_first():
    signals = pd.DataFrame({
        "client_id": ["C4", "C4", "C4", "C2"],
        "quarter": ["2026Q3"] * 4,
        "signal_id": ["team_morale", "squeeze", "access_decline", "feedback_silence"],
        "severity": ["medium", "high", "low", "low"],
        "reason": ["r"] * 4,
        "evidence_count": [1, 2, 3, 4],
    })
    folded = pf._signals_per_client(signals)
    assert folded.to_dict("records") == [
        {"client_id": "C2", "signal_ids": ["feedback_silence"], "count_signals": 1,
         "count_high_signals": 0, "top_severity": "low"},
        {"client_id": "C4", "signal_ids": ["squeeze", "team_morale", "access_decline"], "count_signals": 3,
         "count_high_signals": 1, "top_severity": "high"},
    ]


def test_the_inbox_puts_high_severity_first_then_the_most_revenue_at_stake():
    signals = pd.DataFrame({
        "client_id": ["C3", "C1", "C4", "C9"],
        "quarter": ["2026Q3"] * 4,
        "signal_id": ["feedback_silence", "revenue_decline", "squeeze", "squeeze"],
        "severity": ["low", "high", "high", "high"],
        "reason": ["r3", "r1", "r4", "not in view"],
        "evidence_count": [1, 1, 1, 1],
    })
    inbox = pf.signal_inbox(signals, VIEW)
    assert inbox["client_id"].tolist() == ["C1", "C4", "C3"]  # C9 is filtered out of the view
    assert inbox["name"].tolist() == ["Amber", "Dune", "Cedar"]


def test_review_status_counts_open_and_overdue_actions_per_client(db):
    with db.write() as cur:
        cur.execute("""
            insert into reviews (review_id, client_id, quarter, held_on) values
            ('R1', 'C1', '2026Q2', '2026-07-03'), ('R2', 'C1', '2026Q3', '2026-10-02')
        """)
        cur.execute("""
            insert into actions (action_id, review_id, client_id, description, due_on, status) values
            ('A1', 'R2', 'C1', 'overdue', '2026-10-10', 'planned'),
            ('A2', 'R2', 'C1', 'due on the day: not overdue yet', '2026-10-15', 'in_progress'),
            ('A3', 'R1', 'C1', 'done late is not overdue', '2026-08-01', 'done'),
            -- an action without a review (added between reviews) still counts
            ('A4', null, 'C2', 'overdue too', '2026-09-01', 'planned')
        """)
    status = pf.review_status(db.cursor(), dt.date(2026, 10, 15))
    status["last_review_quarter"] = status["last_review_quarter"].astype(object).where(
        status["last_review_quarter"].notna(), None
    )
    assert status.to_dict("records") == [
        {"client_id": "C1", "last_review_quarter": "2026Q3", "last_reviewed_on": pd.Timestamp("2026-10-02"),
         "count_open_actions": 2, "count_overdue_actions": 1},
        {"client_id": "C2", "last_review_quarter": None, "last_reviewed_on": pd.NaT,
         "count_open_actions": 1, "count_overdue_actions": 1},
    ]


def test_a_small_portfolio_is_drawn_whole_on_the_map():
    assert pf.map_sample(VIEW, limit=5).equals(VIEW)


def test_a_large_portfolio_is_sampled_stage_by_stage_and_keeps_its_largest_clients():
    stages = ["strained"] * 100 + ["rapport"] * 600 + ["partnership"] * 300
    big = view_of([dict(client_id=f"C{i:04d}", name=str(i), stage=s, revenue_4q=float(i))
                   for i, s in enumerate(stages)])
    sample = pf.map_sample(big, limit=120, largest=20)
    assert set(big.nlargest(20, "revenue_4q")["client_id"]) <= set(sample["client_id"])
    rest = sample[~sample["client_id"].isin(big.nlargest(20, "revenue_4q")["client_id"])]
    # 100 of the 980 others: about a tenth of each stage
    assert rest["stage"].value_counts().to_dict() == {"rapport": 61, "partnership": 29, "strained": 10}
    assert sample["client_id"].tolist() == pf.map_sample(big, limit=120, largest=20)["client_id"].tolist()


def test_money_reads_in_thousands_millions_and_billions():
    from ui.theme import money

    assert [money(v, "EUR") for v in (9_999, 350_000, 1_234_567, 1_827_030_000)] == [
        "€9,999", "€350k", "€1.23M", "€1.83B",
    ]
    assert money(350_000, "PLN") == "350k zł"


def test_a_missing_date_is_written_as_words_not_none():
    from ui.theme import date_text

    values = [pd.Timestamp("2026-10-02"), pd.NaT, None, dt.date(2025, 1, 31)]
    assert date_text(values, "not yet").tolist() == ["2026-10-02", "not yet", "not yet", "2025-01-31"]


# --------------------------------------------------------------------------- against the method, on the demo

DEMO_QUARTER = "2026Q3"


def test_the_view_has_one_row_per_scored_client_with_last_quarters_stage(demo_db):
    from analytics.method.continuum import score_clients

    view = pf.portfolio_view(demo_db.cursor(), DEMO_QUARTER, dt.date(2026, 10, 15))
    now = score_clients(demo_db.cursor(), DEMO_QUARTER)
    before = score_clients(demo_db.cursor(), "2026Q2").set_index("client_id")["stage"]
    assert sorted(view["client_id"]) == sorted(now["client_id"])
    assert view["client_id"].is_unique
    expected = view["client_id"].map(before)
    assert view["previous_stage"].fillna("-").tolist() == expected.fillna("-").tolist()


def test_unfiltered_curves_equal_the_methods_pareto_and_whale_curves(demo_db):
    from analytics.method.value import concentration, pareto_curve, whale_curve

    view = pf.portfolio_view(demo_db.cursor(), DEMO_QUARTER, dt.date(2026, 10, 15))
    for measure in ("revenue", "cost"):
        mine = pf.concentration_curve(view, measure)
        theirs = pareto_curve(demo_db.cursor(), DEMO_QUARTER, measure)
        assert mine["client_share"].tolist() == pytest.approx(theirs["client_share"].tolist())
        assert mine["cumulative_share"].tolist() == pytest.approx(theirs["cumulative_share"].tolist())
    shares = concentration(demo_db.cursor(), DEMO_QUARTER)
    assert pf.top_share(pf.concentration_curve(view, "revenue")) == pytest.approx(shares.top_revenue_share)
    assert pf.top_share(pf.concentration_curve(view, "cost")) == pytest.approx(shares.top_cost_share)
    whale = whale_curve(demo_db.cursor(), DEMO_QUARTER)
    assert pf.whale_points(view)["cumulative_profit"].tolist() == pytest.approx(whale["cumulative_profit"].tolist())


def test_the_interaction_timeline_names_channels_and_who_started_in_words():
    from ui.charts import interaction_timeline

    timeline = pd.DataFrame({
        "occurred_at": pd.to_datetime(["2026-07-01", "2026-07-02"]),
        "channel": ["qbr", "email"], "initiated_by": ["client", "us"], "sentiment": [1, None],
        "tags": [["praise"], []], "contact_name": ["Ann", None],
    })
    fig = interaction_timeline(timeline, ["meeting", "email", "qbr"])
    assert list(fig.layout.yaxis.categoryarray) == ["Business review (QBR)", "Email"]
    points = {tuple(t.y): (t.name, list(t.customdata[0])) for t in fig.data if t.y and t.y[0]}
    assert points[("Business review (QBR)",)] == ("sentiment positive", ["Ann", "praise", "the client"])
    assert points[("Email",)] == ("sentiment not recorded", ["unknown contact", "no tags", "us"])
