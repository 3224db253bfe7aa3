"""The demo portfolio carries reviews from earlier quarters, so a new user sees a review
with last quarter's follow-up at once; and the review's evidence reads the method."""

from __future__ import annotations

import json

from analytics.demo import planted_stories
from analytics.review.evidence import due_for_review, review_evidence
from analytics.review.portfolio import follow_through
from analytics.review.store import ACTION_STATUSES, closed_quarters, follow_up_actions, load_review
from analytics.review.strategy import contact_plan_check, delt_check, load_strategy, stakeholder_map
from tests.conftest import DEMO_CLIENTS

STORIES = planted_stories(DEMO_CLIENTS)


def test_the_demo_has_reviews_in_earlier_quarters_with_actions_in_every_status(demo_db):
    con = demo_db.cursor()
    by_quarter = dict(con.execute("select quarter, count(*) from reviews group by 1").fetchall())
    assert by_quarter == {"2025Q4": 14, "2026Q1": 14, "2026Q2": 14, "2026Q3": 2}
    statuses = {row[0] for row in con.execute("select distinct status from actions").fetchall()}
    assert statuses == {s for s, _ in ACTION_STATUSES}
    last_plans = {row[0] for row in con.execute(
        "select distinct a.status from actions a join reviews r using (review_id) where r.quarter = '2026Q2'"
    ).fetchall()}
    assert last_plans == statuses  # last quarter's follow-up alone shows every status
    assert closed_quarters(con) == ["2025Q4", "2026Q1", "2026Q2"]


def test_the_access_decline_story_opens_with_last_quarters_plan_to_follow_up(demo_db):
    client = STORIES["access_decline"][0]
    con = demo_db.cursor()
    assert load_review(con, client, "2026Q3") is None  # due now
    follow = follow_up_actions(con, client, "2026Q3")
    assert [a.playbook_entry for a in follow] == ["executive_sponsor_meeting", "delt_plan", "stakeholder_map"]
    assert [a.status for a in follow] == ["in_progress", "partial", "done"]
    strategy = load_strategy(con, client, "2026Q3")
    assert strategy.carried_from == "2026Q2" and strategy.delt_target() == 6
    assert "COO" in strategy.risks
    target, actual = delt_check(contact_plan_check(con, client, "2026Q3"))
    assert target == 6 and actual < target  # the planned executive access did not happen


def test_the_squeeze_story_changed_its_service_model_with_a_reason(demo_db):
    review = load_review(demo_db.cursor(), STORIES["squeeze"][0], "2026Q2")
    assert review.investment_level == "change_service_model" and "priced change-request" in review.investment_reason


def test_the_champion_who_left_is_on_the_stakeholder_map_as_gone(demo_db):
    client = STORIES["single_thread_champion_left"][0]
    people = stakeholder_map(demo_db.cursor(), client, "2026Q3")
    champion = people[people["is_champion"]]
    assert champion["has_left"].tolist() == [True] and champion["role"].tolist() == ["champion"]


def test_follow_through_is_known_for_every_demo_review_quarter(demo_db):
    rates = follow_through(demo_db.cursor())
    assert rates["quarter"].tolist() == ["2025Q4", "2026Q1", "2026Q2", "2026Q3"]
    assert rates["follow_through_rate"].iloc[:3].between(0.3, 0.9).all()
    assert rates["follow_through_rate"].iloc[3] == 0  # this quarter's plans have just started


def test_the_review_evidence_shows_the_story_signal_and_offers_its_options(demo_db):
    client = STORIES["access_decline"][0]
    evidence = review_evidence(demo_db.cursor(), client, "2026Q3")
    assert evidence.position is not None and evidence.previous_quarter == "2026Q2"
    assert "access_decline" in evidence.signals["signal_id"].tolist()
    keys = evidence.option_keys()
    assert keys[0] in evidence.signals["signal_id"].tolist() and len(keys) == len(set(keys))
    assert set(evidence.weakest()["dimension"]) <= set(keys)
    snapshot = json.loads(json.dumps(evidence.snapshot()))  # plain data, stored with the review
    assert snapshot["path"][-1]["quarter"] == "2026Q3" and len(snapshot["path"]) == 8
    assert len(snapshot["stage_bounds"]) == 4


def test_clients_due_come_unreviewed_first_then_by_signals_then_revenue_at_stake(demo_db):
    due = due_for_review(demo_db.cursor(), "2026Q3")
    assert due["client_id"].is_unique
    reviewed = due["is_reviewed"].tolist()
    assert reviewed == sorted(reviewed) and sum(reviewed) == 2
    waiting = due[~due["is_reviewed"]]
    keys = list(zip(-waiting["signal_weight"], -waiting["revenue_4q"], strict=True))
    assert keys == sorted(keys)
    assert waiting["signal_weight"].iloc[0] >= 3  # the top of the list has a high-severity signal


def test_successes_to_tell_the_client_are_in_words_with_the_measure_behind_them(demo_db):
    from analytics.review.evidence import SUCCESS_WORDS, suggest_successes
    from analytics.review.store import Action

    con = demo_db.cursor()
    clients = [r[0] for r in con.execute("select client_id from clients order by client_id").fetchall()]
    for client in clients:
        evidence = review_evidence(con, client, "2026Q3")
        improved = evidence.improved()
        if not improved.empty:
            break
    assert not improved.empty  # the demo has clients whose dimensions rose
    done = Action(description="Workshop with the CFO", owner="Ann", status="done", outcome="held on 3 Sep")
    lines = suggest_successes(evidence, [done]).splitlines()
    assert lines[0] == "- Workshop with the CFO: held on 3 Sep"
    first = improved.iloc[0]
    assert lines[1] == (f"- {SUCCESS_WORDS[first['dimension']]} ({first['label']} up {first['change']:.0f} "
                        f"points since {evidence.previous_quarter}).")
    assert len(lines) == 1 + len(improved)
