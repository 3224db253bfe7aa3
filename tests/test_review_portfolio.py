"""Reviews across the portfolio on hand-built data with exact counts: who was reviewed,
actions by owner and status, what is overdue, follow-through per quarter."""

from __future__ import annotations

import datetime as dt

import pytest

from analytics.review.portfolio import (
    actions_by_owner,
    follow_through,
    overdue_actions,
    review_status_by_client,
    reviews_of_quarter,
)
from analytics.review.store import Action, Review, save_review


@pytest.fixture
def reviewed(db):
    with db.write() as cur:
        cur.execute("""
            insert into clients (client_id, name, account_manager) values
                ('C1', 'Acme', 'Ala'), ('C2', 'Borg', 'Jan'), ('C3', 'Cyan', 'Ala')
        """)
    d = dt.date
    # 2026Q1: C1 with 4 actions: done, partial, not done, still planned (due long ago)
    save_review(db, Review("C1", "2026Q1", reviewer="Ala"), [
        Action("a", "Ala", d(2026, 6, 30), status="done"),
        Action("b", "Ala", d(2026, 6, 30), status="partial"),
        Action("c", "Jan", d(2026, 6, 30), status="not_done"),
        Action("d", "Jan", d(2026, 5, 31), status="planned"),
    ])
    # 2026Q2: C1 and C2; C2's review planned nothing
    save_review(db, Review("C1", "2026Q2", reviewer="Ala", investment_level="invest_more"), [
        Action("e", "Ala", d(2026, 9, 30), status="in_progress"),
        Action("f", "Ala", d(2026, 8, 31), status="done"),
    ])
    save_review(db, Review("C2", "2026Q2", reviewer="Jan", investment_level="reduce_investment",
                           investment_reason="Margin below zero"), [])
    return db


def test_follow_through_counts_done_and_partial_as_progress_per_review_quarter(reviewed):
    rates = follow_through(reviewed.cursor())
    assert rates.to_dict("records") == [
        {"quarter": "2026Q1", "count_reviews": 1, "count_actions": 4, "count_done": 1, "count_partial": 1,
         "count_not_done": 1, "count_open": 1, "follow_through_rate": 0.5},
        {"quarter": "2026Q2", "count_reviews": 2, "count_actions": 2, "count_done": 1, "count_partial": 0,
         "count_not_done": 0, "count_open": 1, "follow_through_rate": 0.5},
    ]


def test_a_quarter_whose_reviews_planned_nothing_has_no_rate_rather_than_zero(db):
    with db.write() as cur:
        cur.execute("insert into clients (client_id, name) values ('C1', 'Acme')")
    save_review(db, Review("C1", "2026Q2"), [])
    assert follow_through(db.cursor())["follow_through_rate"].isna().tolist() == [True]


def test_actions_by_owner_and_status_for_chosen_quarters_or_all(reviewed):
    q2 = actions_by_owner(reviewed.cursor(), ["2026Q2"])
    assert q2.values.tolist() == [["Ala", "done", 1], ["Ala", "in_progress", 1]]
    everything = actions_by_owner(reviewed.cursor())
    assert everything.groupby("owner")["count_actions"].sum().to_dict() == {"Ala": 4, "Jan": 2}


def test_overdue_actions_are_open_ones_due_before_the_day(reviewed):
    late = overdue_actions(reviewed.cursor(), as_of=dt.date(2026, 9, 1))
    assert late[["description", "name", "review_quarter", "days_overdue"]].values.tolist() == [
        ["d", "Acme", "2026Q1", 93],
    ]
    assert overdue_actions(reviewed.cursor(), as_of=dt.date(2026, 10, 1))["description"].tolist() == ["d", "e"]
    assert overdue_actions(reviewed.cursor(), as_of=dt.date(2026, 5, 31)).empty  # due that day is not late


def test_reviews_of_the_quarter_with_their_decision_and_plan_size(reviewed):
    q2 = reviews_of_quarter(reviewed.cursor(), "2026Q2").fillna({"investment_reason": ""})
    assert q2[["client_id", "reviewer", "investment_level", "investment_reason", "count_actions"]].values.tolist() == [
        ["C1", "Ala", "invest_more", "", 2],
        ["C2", "Jan", "reduce_investment", "Margin below zero", 0],
    ]


def test_review_status_per_client(reviewed):
    status = review_status_by_client(reviewed.cursor(), "2026Q2", as_of=dt.date(2026, 9, 1))
    status = status.fillna({"last_review_quarter": ""})
    assert status[["client_id", "is_reviewed", "last_review_quarter", "count_open_actions",
                   "count_overdue_actions"]].values.tolist() == [
        ["C1", True, "2026Q1", 2, 1],
        ["C2", True, "", 0, 0],
        ["C3", False, "", 0, 0],
    ]
