"""What a number stands on (docs/method.md): a kind of data the portfolio lacks is not
measured, never a neutral 50; the position is the mean of the measured dimensions with
their coverage; revenue in a currency without a rate is unknown, never 0; LTV ties share
the middle rank. Hand-built portfolios with exact expected numbers."""

from __future__ import annotations

import pandas as pd
import pytest

from analytics.method.continuum import run_method
from analytics.method.coverage import coverage_of, coverage_sentence, unknown_revenue_of
from analytics.method.value import client_value
from analytics.settings import save_settings
from tests.tiny import Tiny

DIMS = ("high_wide", "dialogue", "trust", "balance", "value")


@pytest.fixture
def tiny(db):
    return Tiny(db)


def deals_only(tiny: Tiny) -> None:
    """Two clients with won deals in six quarters, and nothing else."""
    for client, amount in (("A", 1000), ("B", 3000)):
        tiny.client(client)
        for on in ("2024-08-01", "2024-11-01", "2025-02-01", "2025-05-01", "2025-08-01", "2025-11-01"):
            tiny.deal(client, on, amount)


def test_a_deals_only_portfolio_is_measured_on_value_alone(tiny):
    deals_only(tiny)
    rows = tiny.scores("2025Q4")
    for row in rows.values():
        assert [pd.isna(row[d]) for d in DIMS] == [True, True, True, True, False]
        assert row["coverage"] == pytest.approx(0.2)  # the weight of Value, 0.2 of 1.0
        assert row["provisional"]
        assert row["score"] == pytest.approx(row["value"])  # the one measured dimension
    # B's LTV is above A's: +10 points; A's below: -10; no trend (flat), no margin (no costs)
    assert (rows["A"]["value"], rows["B"]["value"]) == (40, 60)
    assert [p[:2] for p in tiny.parts("B", "value", "2025Q4")] == [
        ("revenue_trend", 0), ("margin", None), ("ltv", 10), ("referral", None), ("strategic", None),
    ]
    assert tiny.parts("B", "trust", "2025Q4")[1] == ("nps_csat", None, "NPS/CSAT: not measured, needs feedback")


def test_a_deals_only_portfolio_judges_only_revenue_decline(tiny):
    deals_only(tiny)
    coverage = coverage_of(run_method(tiny.db.cursor(), "2025Q4"))
    assert [s["id"] for s in coverage.not_judged] == [
        "access_decline", "no_advance_info", "feedback_silence", "micromanagement", "team_morale", "squeeze",
    ]
    assert coverage.not_judged[0]["needs"] == (
        "contacts and touches: import a contacts export and an activity export (calls, meetings, emails)"
    )
    assert list(coverage.not_measured) == ["high_wide", "dialogue", "trust", "balance"]


def test_a_kind_the_portfolio_has_is_a_real_zero_for_a_client_without_it(tiny):
    tiny.client("A")
    tiny.client("B")
    director = tiny.contact("A", "director")
    tiny.touches("A", "2025-11-01", 4, contact=director)
    tiny.touches("B", "2025-11-01", 4)  # B has touches but no contact: 0 contacts touched
    rows = tiny.scores("2025Q4")
    assert not pd.isna(rows["B"]["high_wide"]) and not pd.isna(rows["A"]["high_wide"])
    contacts = tiny.parts("B", "high_wide", "2025Q4")[0]
    assert contacts[0] == "contacts" and contacts[2].startswith("0 distinct contacts touched")
    # touches and contacts, no deals, costs, feedback or discounts: Value stands on touches
    # (referrals, strategic), Balance on touches (deadlines, status requests), Trust on
    # touches: every dimension is measured
    assert rows["A"]["coverage"] == pytest.approx(1.0) and not rows["A"]["provisional"]


def test_the_position_is_the_mean_of_the_measured_dimensions_with_weights_renormalised(tiny):
    tiny.client("A")
    tiny.touches("A", "2025-11-01", 3, sentiment=2, tags=("praise",))
    row = tiny.scores("2025Q4")["A"]
    assert pd.isna(row["high_wide"])  # no contacts anywhere
    weights = {"dialogue": 0.2, "trust": 0.2, "balance": 0.15, "value": 0.2}
    expected = round(sum(w * row[d] for d, w in weights.items()) / sum(weights.values()), 1)
    assert row["score"] == pytest.approx(expected)
    assert row["coverage"] == pytest.approx(0.75)


@pytest.mark.parametrize(("min_coverage", "provisional"), [(0.2, False), (0.21, True)])
def test_the_stage_is_provisional_below_min_coverage(tiny, min_coverage, provisional):
    deals_only(tiny)
    save_settings(tiny.db, {"min_coverage": min_coverage})
    assert bool(tiny.scores("2025Q4")["A"]["provisional"]) is provisional


def test_a_portfolio_with_clients_only_has_no_score_and_no_stage(tiny):
    tiny.client("A")
    tiny.touches("A", "2025-11-01", 1)  # a quarter with data, so the client is scored
    tiny.cur.execute("delete from interactions")
    tiny.deal("A", "2025-11-01", 0, status="lost")  # data, but nothing any component reads
    row = tiny.scores("2025Q4")["A"]
    assert pd.isna(row["score"]) and row["stage"] is None and row["coverage"] == 0
    assert coverage_sentence(row["coverage"], {d: row[d] for d in DIMS}) == "not measured: no dimension has data"


def test_coverage_in_words():
    assert coverage_sentence(0.2, {"value": 55}) == "measured on Value only (20 % of the weight)"
    assert coverage_sentence(0.45, {"high_wide": 40, "value": 55}) == (
        "measured on High and Wide and Value (45 % of the weight)"
    )
    assert coverage_sentence(1.0, dict.fromkeys(DIMS, 50)) == "measured on all five dimensions"


def test_a_deal_in_a_currency_without_a_rate_makes_revenue_unknown_until_the_rate_is_set(tiny):
    deals_only(tiny)
    tiny.deal("A", "2025-10-15", 500, currency="USD")  # no USD rate
    con = tiny.db.cursor()
    value = client_value(con, "2025Q4").set_index("client_id")
    assert pd.isna(value.loc["A", "revenue_4q"]) and pd.isna(value.loc["A", "ltv"])
    assert value.loc["B", "revenue_4q"] == 12000
    assert value.loc["B", "ltv"] > 0
    unknown = unknown_revenue_of(run_method(con, "2025Q4"))
    assert unknown.sentence == (
        "Revenue of 1 client is unknown: no rate for USD → EUR. Add it on Import → Exchange rates "
        "(or: python -m analytics rates set CODE RATE)."
    )
    a_value = [p[:2] for p in tiny.parts("A", "value", "2025Q4")]
    assert a_value[:3] == [("revenue_trend", None), ("margin", None), ("ltv", None)]
    assert pd.isna(tiny.scores("2025Q4")["A"]["value"])  # nothing else of Value is measured
    # B is alone in the LTV ranking: 0.5, no points
    assert value.loc["B", "ltv_rank"] == 0.5
    tiny.cur.execute("insert into fx_rates values ('USD', 0.9)")
    value = client_value(con, "2025Q4").set_index("client_id")
    assert value.loc["A", "revenue_4q"] == pytest.approx(4000 + 450)
    assert unknown_revenue_of(run_method(con, "2025Q4")).clients == 0


def test_the_reporting_currency_converts_at_1_without_a_rate_row(tiny):
    tiny.cur.execute("delete from fx_rates")
    tiny.cur.execute("insert or replace into settings values ('reporting_currency', 'PLN', current_timestamp)")
    tiny.client("A")
    tiny.deal("A", "2025-11-01", 1234.5, currency="PLN")
    assert client_value(tiny.db.cursor(), "2025Q4").iloc[0]["revenue_4q"] == 1234.5


@pytest.mark.parametrize(("amounts", "ranks"), [
    ((1000, 1000), (0.5, 0.5)),  # all tied: the middle
    ((1000, 1000, 1000), (0.5, 0.5, 0.5)),
    ((500, 1000, 1000), (0.0, 0.75, 0.75)),  # the tied pair shares ranks 1 and 2 of 0..2
    ((500, 1000), (0.0, 1.0)),
])
def test_ltv_ties_share_the_middle_rank(tiny, amounts, ranks):
    for i, amount in enumerate(amounts):
        tiny.client(f"C{i}")
        tiny.deal(f"C{i}", "2025-11-01", amount)
    value = client_value(tiny.db.cursor(), "2025Q4").set_index("client_id")
    assert tuple(value.loc[f"C{i}", "ltv_rank"] for i in range(len(amounts))) == ranks


def test_the_market_base_of_revenue_trend_uses_the_clients_own_quarters(tiny):
    """The segment's revenue is averaged over the client's own base quarters: two quarters
    of the segment without deals, before the client started, no longer halve the market's
    base (they read 'segment revenue +100%' and cost a flat client its trend points)."""
    tiny.client("A", first_seen="2024-01-01")
    tiny.touches("A", "2024-02-01", 1)  # the segment exists from 2024Q1, with no deals
    tiny.client("B", first_seen=None)  # starts with its first deal, in 2024Q3
    for on in ("2024-08-01", "2024-11-01", "2025-02-01", "2025-05-01"):
        tiny.deal("B", on, 1000)
    trend = tiny.parts("B", "value", "2025Q2")[0]
    assert trend[0] == "revenue_trend" and trend[1] == 0
    assert trend[2].startswith("won revenue 0% (last 2 quarters vs the 4 before) against segment revenue 0%")


@pytest.mark.parametrize(("quiet", "dormant"), [(3, False), (4, True)])
def test_a_client_quiet_for_dormant_quarters_is_dormant_and_not_placed(tiny, quiet, dormant):
    from analytics.method.portfolio import dormant_clients

    tiny.client("A")
    tiny.client("B")
    tiny.deal("A", "2024-11-01", 800)  # A's last activity, in 2024Q4
    quarters = ["2025-02-01", "2025-05-01", "2025-08-01", "2025-11-01", "2026-02-01"]
    for on in quarters:
        tiny.touches("B", on, 1)
    quarter = ("2025Q1", "2025Q2", "2025Q3", "2025Q4", "2026Q1")[quiet - 1]
    scores = tiny.scores(quarter)
    assert ("A" not in scores) is dormant
    listed = dormant_clients(tiny.db.cursor(), quarter)
    if dormant:
        assert listed.to_dict("records") == [{
            "client_id": "A", "name": "Client A", "segment": "Enterprise", "account_manager": None,
            "quiet_quarters": 4, "last_activity": pd.Timestamp("2024-11-01"), "revenue_before": 800.0,
        }]
    else:
        assert listed.empty and scores["A"]["client_id"] == "A"


def test_score_warns_on_stderr_of_revenue_it_cannot_convert_and_is_exact_once_the_rate_is_set(tmp_path, capsys):
    import json

    from analytics.cli.main import main
    from analytics.db import open_database

    path = tmp_path / "usd.duckdb"
    db = open_database(path)
    tiny = Tiny(db)
    deals_only(tiny)
    tiny.deal("B", "2025-11-15", 700, currency="USD")
    db.close()
    assert main(["score", "--db", str(path), "--format", "json"]) == 0
    out, err = capsys.readouterr()
    assert "Warning: Revenue of 1 client is unknown: no rate for USD → EUR." in err
    assert {r["client_id"]: r["revenue_4q"] for r in json.loads(out)} == {"A": 4000.0, "B": None}
    assert main(["rates", "set", "USD", "0.5", "--db", str(path)]) == 0
    capsys.readouterr()
    assert main(["score", "--db", str(path), "--format", "json"]) == 0
    out, err = capsys.readouterr()
    assert "Warning" not in err
    assert {r["client_id"]: r["revenue_4q"] for r in json.loads(out)} == {"A": 4000.0, "B": 12000.0 + 350.0}


def test_an_open_deals_expected_close_date_never_makes_the_default_quarter(tiny):
    import datetime as dt

    from analytics.method.data_quarters import default_quarter, quarters_with_data

    tiny.client("A")
    tiny.deal("A", "2025-05-01", 1000)
    tiny.deal("A", "2025-10-15", 5000, status="open", created="2025-06-01")  # expected to close in Q4
    con = tiny.db.cursor()
    assert quarters_with_data(con)[-1] == "2025Q2"
    assert default_quarter(con, dt.date(2026, 12, 2)) == "2025Q2"
    assert tiny.scores()["A"]["quarter"] == "2025Q2"


@pytest.mark.parametrize(("today", "expected"), [("2025-09-30", "2025Q2"), ("2025-10-01", "2025Q3")])
def test_the_default_quarter_is_the_last_complete_one_with_won_deals_or_touches(tiny, today, expected):
    import datetime as dt

    from analytics.method.data_quarters import default_quarter

    tiny.client("A")
    tiny.deal("A", "2025-05-01", 1000)
    tiny.touches("A", "2025-08-01", 2)  # 2025Q3: complete only from 2025-10-01
    assert default_quarter(tiny.db.cursor(), dt.date.fromisoformat(today)) == expected


def test_revenue_windows_start_with_the_portfolios_first_won_deal(tiny):
    """Quarters before any deal was won anywhere (an export of engagements that closed
    later) are not zeros of revenue: the flat client reads 0%, not +100%."""
    tiny.client("A", first_seen=None)
    tiny.deal("A", None, 500, status="open", created="2024-02-01")  # the portfolio starts in 2024Q1
    for on in ("2024-08-01", "2024-11-01", "2025-02-01", "2025-05-01"):
        tiny.deal("A", on, 1000)
    trend = tiny.parts("A", "value", "2025Q2")[0]
    assert trend[2].startswith("won revenue 0% (last 2 quarters vs the 4 before)") and trend[1] == 0
