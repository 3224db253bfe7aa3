"""The method on the demo portfolio: every planted story is found on its client, the
healthy partnerships raise no signal, and the same data scores the same twice."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from analytics.demo import planted_stories
from analytics.method.continuum import contributions, score_clients
from analytics.method.signals import signal_evidence, signals_for_quarter
from analytics.method.value import client_value, concentration, pareto_curve, whale_curve
from tests.conftest import DEMO_CLIENTS, DEMO_END_QUARTER

STORY = planted_stories(DEMO_CLIENTS)
SIGNAL_STORIES = ("access_decline", "no_advance_info", "revenue_decline", "feedback_silence",
                  "micromanagement", "team_morale", "squeeze")


@pytest.fixture(scope="module")
def latest(demo_db):
    cur = demo_db.cursor()
    return {
        "scores": score_clients(cur).set_index("client_id"),
        "signals": signals_for_quarter(cur),
    }


@pytest.mark.parametrize("signal_id", SIGNAL_STORIES)
def test_each_planted_signal_story_fires_on_its_client(latest, signal_id):
    client = STORY[signal_id][0]
    mine = latest["signals"][latest["signals"]["client_id"] == client]
    assert signal_id in set(mine["signal_id"]), mine[["signal_id", "severity", "reason"]].to_string()


@pytest.mark.parametrize("signal_id", SIGNAL_STORIES)
def test_each_planted_story_is_at_least_medium_and_its_evidence_is_all_there(demo_db, latest, signal_id):
    client = STORY[signal_id][0]
    signals = latest["signals"]
    row = signals[(signals["client_id"] == client) & (signals["signal_id"] == signal_id)].iloc[0]
    assert row["severity"] in ("medium", "high")
    evidence = signal_evidence(demo_db.cursor(), signal_id, client, DEMO_END_QUARTER)
    assert len(evidence) == row["evidence_count"] > 0


@pytest.mark.parametrize("client", STORY["partnership"])
def test_healthy_partnerships_raise_no_signal_and_stand_high(latest, client):
    signals = latest["signals"]
    assert signals[signals["client_id"] == client].empty
    assert latest["scores"].loc[client, "stage"] == "partnership"


def test_the_single_threaded_client_loses_its_champion_and_its_breadth(demo_db):
    client = STORY["single_thread_champion_left"][0]
    parts = contributions(demo_db.cursor(), DEMO_END_QUARTER, client).set_index("component")
    assert parts.loc["champion_lost", "points"] < 0
    assert parts.loc["champion_lost", "sentence"].startswith("Champion lost: ")
    assert parts.loc["single_thread", "points"] < 0


def test_the_new_client_is_flagged_new_and_raises_no_signal(latest):
    client = STORY["new_client"][0]
    assert bool(latest["scores"].loc[client, "is_new"])
    assert latest["signals"][latest["signals"]["client_id"] == client].empty


def test_story_clients_sit_below_the_partnerships(latest):
    scores = latest["scores"]["score"]
    troubled = [STORY[s][0] for s in SIGNAL_STORIES]
    assert scores[troubled].max() < scores[STORY["partnership"]].min()


def test_every_client_has_a_score_and_every_dimension_speaks(demo_db, latest):
    assert len(latest["scores"]) == DEMO_CLIENTS
    parts = contributions(demo_db.cursor())
    assert parts.groupby("client_id")["dimension"].nunique().eq(5).all()
    assert parts["sentence"].str.contains(r"[:] (?:[+−]\d+|0)$").all()


def test_value_and_concentration_on_the_demo(demo_db):
    cur = demo_db.cursor()
    value = client_value(cur)
    assert len(value) == DEMO_CLIENTS
    assert (value["margin_4q"] == value["revenue_4q"] - value["cost_to_serve_4q"]).all()
    headline = concentration(cur)
    revenue = pareto_curve(cur, None, "revenue")
    assert headline.top_clients == 12
    assert headline.top_revenue_share == pytest.approx(revenue.loc[12, "cumulative_share"])
    assert 0.2 < headline.top_revenue_share < 1 and 0.2 < headline.top_cost_share < 1
    whale = whale_curve(cur)
    assert whale["cumulative_profit"].iloc[-1] == pytest.approx(value["margin_4q"].sum())
    assert whale["cumulative_profit"].max() == pytest.approx(headline.peak_profit_share * value["margin_4q"].sum())


def test_the_score_output_is_identical_across_two_runs(demo_copy):
    command = [sys.executable, "-m", "analytics", "score", "--db", str(demo_copy), "--format", "json"]
    first = subprocess.run(command, capture_output=True, text=True, check=True).stdout
    second = subprocess.run(command, capture_output=True, text=True, check=True).stdout
    assert first == second
    report = json.loads(first)
    assert len(report) == DEMO_CLIENTS and report[0]["quarter"] == DEMO_END_QUARTER


def test_score_quarters_is_score_all_narrowed_to_those_quarters(demo_db):
    from analytics.method.continuum import score_all, score_quarters

    con = demo_db.cursor()
    every = score_all(con)
    two = score_quarters(con, ("2026Q2", DEMO_END_QUARTER, "1999Q1"))
    expected = every[every["quarter"].isin(["2026Q2", DEMO_END_QUARTER])].reset_index(drop=True)
    assert len(two) == 2 * DEMO_CLIENTS - 1  # the planted new client starts in the last quarter
    assert two.equals(expected)
