"""Every saved change of a review records who made it and when, and the history lists
it: from analytics (review_history), on the command line (review history) and for a
review saved before the history was kept (migration 0009, the demo)."""

from __future__ import annotations

import datetime as dt

import pytest

import analytics.db
from analytics.cli.main import main
from analytics.db import open_database
from analytics.demo import planted_stories
from analytics.review.history import review_history
from analytics.review.store import (
    Action,
    Pulse,
    Review,
    load_review,
    record_team_pulse,
    reopen_quarter,
    review_actions,
    save_review,
    update_action_status,
)
from tests.conftest import DEMO_CLIENTS

ACCESS = planted_stories(DEMO_CLIENTS)["access_decline"][0]  # the demo reviewed it in 2026Q2


@pytest.fixture
def book(db):
    with db.write() as cur:
        cur.execute("insert into clients (client_id, name, account_manager) values ('C1', 'Acme', 'Ala Nowak')")
    return db


def test_every_save_status_and_pulse_is_a_version_with_who_when_and_what_changed(book):
    review = Review("C1", "2026Q3", reviewer="Ala Nowak", held_on=dt.date(2026, 10, 7), summary="Win back the COO.")
    plan = [Action("Call the COO", owner="Ala Nowak", due_on=dt.date(2026, 12, 31))]
    first = save_review(book, review, plan, base_version=None)  # saved_by: the reviewer
    action_id = first.action_ids[0]
    save_review(book, review, [Action("Call the COO", owner="Jan Lis", due_on=dt.date(2026, 12, 31),
                                      action_id=action_id)],
                pulse=Pulse(morale=4, note="Good energy"), base_version=1, saved_by="Jan Lis")
    update_action_status(book, action_id, "in_progress")  # from the Client page: nobody named
    record_team_pulse(book, "C1", "2026Q3", 2, "Tired", saved_by="Ala Nowak")
    update_action_status(book, action_id, "in_progress")  # nothing changes: no new version

    history = review_history(book.cursor(), "C1", "2026Q3")
    assert history.columns.tolist() == ["version", "saved_at", "saved_by", "kind", "what_changed"]
    assert history[["version", "saved_by", "kind", "what_changed"]].values.tolist() == [
        [4, "Ala Nowak", "pulse", "Changed Team morale, Pulse note"],
        [3, None, "status", 'Action "Call the COO": status Planned → In progress'],
        [2, "Jan Lis", "saved", 'Changed Team morale, Pulse note; Action "Call the COO": owner Ala Nowak → Jan Lis'],
        [1, "Ala Nowak", "created", "Created the review"],
    ]
    assert history["saved_at"].notna().all()
    assert load_review(book.cursor(), "C1", "2026Q3").version == 4


def test_a_review_saved_before_its_history_was_kept_lists_and_keeps_that_version(demo_copy):
    db = open_database(demo_copy)
    try:
        con = db.cursor()
        demo = review_history(con, ACCESS, "2026Q2")
        assert demo[["version", "saved_by", "what_changed"]].values.tolist() == [
            [1, None, "Saved before its history was kept"]
        ]
        saved_at = demo["saved_at"].iloc[0]
        assert saved_at == load_review(con, ACCESS, "2026Q2").updated_at
        first = review_actions(con, ACCESS, "2026Q2")[0]
        update_action_status(db, first.action_id, "done", "Met the COO", saved_by="Ola Test")
        history = review_history(db.cursor(), ACCESS, "2026Q2")
    finally:
        db.close()
    assert history[["version", "saved_by", "kind"]].values.tolist() == [
        [2, "Ola Test", "status"], [1, None, "before_history"],
    ]
    assert history["saved_at"].iloc[1] == saved_at  # the first version keeps its own time


def test_migration_0009_gives_reviews_saved_before_it_version_1(monkeypatch):
    import duckdb

    every = [m for m in analytics.db.migrations() if m[0] <= 9]  # later migrations are not this test's
    assert every[-1][:2] == (9, "review_versions")
    con = duckdb.connect(":memory:")
    monkeypatch.setattr(analytics.db, "migrations", lambda: [m for m in every if m[0] < 9])
    analytics.db.migrate(con)
    con.execute("insert into clients (client_id, name) values ('C1', 'Acme')")
    con.execute("insert into reviews (review_id, client_id, quarter) values ('R-C1-2026Q2', 'C1', '2026Q2')")
    monkeypatch.setattr(analytics.db, "migrations", lambda: every)
    assert analytics.db.migrate(con) == [9]
    assert con.execute("select version, saved_by from reviews").fetchall() == [(1, None)]
    assert con.execute("select count(*) from review_history").fetchone()[0] == 0


def test_the_command_line_lists_a_reviews_history_newest_first(demo_copy, capsys):
    db = open_database(demo_copy)
    try:
        reopen_quarter(db, "2026Q2")  # the demo closed it
        base = load_review(db.cursor(), ACCESS, "2026Q2")
        actions = review_actions(db.cursor(), ACCESS, "2026Q2")
        save_review(db, Review(**{**base.__dict__, "summary": "Renewal first."}), actions,
                    base_version=base.version, saved_by="Ola Test")
        stamps = review_history(db.cursor(), ACCESS, "2026Q2")["saved_at"].dt.strftime("%Y-%m-%d %H:%M").tolist()
    finally:
        db.close()
    code = main(["review", "history", "--db", str(demo_copy), "--client", ACCESS, "--quarter", "2026q2"])
    out = capsys.readouterr()
    assert code == 0, out.err
    assert out.out.splitlines() == [
        "version  saved at          saved by      what changed",
        f"2        {stamps[0]}  Ola Test      Changed Summary for the meeting",
        f"1        {stamps[1]}  not recorded  Saved before its history was kept",
    ]


def test_the_command_line_says_when_there_is_no_review_to_list(demo_copy, capsys):
    code = main(["review", "history", "--db", str(demo_copy), "--client", "C00002", "--quarter", "2026Q3"])
    assert code == 1
    assert capsys.readouterr().err == (
        "Error: No review of client C00002 is saved for 2026Q3. Start it on the Review page and save it, "
        "or choose a quarter with a saved review.\n"
    )
    code = main(["review", "history", "--db", str(demo_copy), "--client", "NOPE", "--quarter", "2026Q3"])
    assert code == 1
    assert capsys.readouterr().err == 'Error: No client with id "NOPE" in this database.\n'
