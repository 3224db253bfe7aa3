"""No lost review (issue 18): two people saving the same review at once.

A race of two threads saving the same new review gives one review and a ReviewConflict
for the other, never a duplicate key; a save from an older version is refused inside the
write transaction with nothing written, and says what changed; the Review page shows the
conflict with its two choices (keep theirs, save mine over it) to two AppTest sessions.
"""

from __future__ import annotations

import datetime as dt
import threading
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from analytics.db import open_database
from analytics.demo import planted_stories
from analytics.review.errors import ReviewConflict
from analytics.review.history import conflict_rows, review_history
from analytics.review.store import (
    Action,
    Review,
    load_review,
    review_actions,
    review_state,
    save_review,
    state_of,
    update_action_status,
)
from tests.browser import SCREENSHOTS, launch_chromium, serve_copy, settle
from tests.conftest import DEMO_CLIENTS

ROUNDS = 12
TIMEOUT = 180
ROOT = Path(__file__).resolve().parent.parent
ACCESS = planted_stories(DEMO_CLIENTS)["access_decline"][0]  # reviewed in 2026Q2, due in 2026Q3


@pytest.fixture
def book(db):
    """One client, Acme, whose reviews two managers write."""
    with db.write() as cur:
        cur.execute("insert into clients (client_id, name, account_manager) values ('C1', 'Acme', 'Ala Nowak')")
    return db


def review(quarter: str = "2026Q3", **texts: str) -> Review:
    return Review("C1", quarter, reviewer=texts.pop("reviewer", "Ala Nowak"), held_on=dt.date(2026, 10, 7), **texts)


def action(description: str, owner: str = "Ala Nowak", **more) -> Action:
    return Action(description, owner=owner, due_on=dt.date(2026, 12, 31), **more)


def race(db, saves: list) -> list:
    """Run each save in its own thread, released together by a barrier; what each returned or raised."""
    barrier = threading.Barrier(len(saves))
    outcomes: list = [None] * len(saves)

    def run(i: int) -> None:
        barrier.wait()
        try:
            outcomes[i] = saves[i]()
        except Exception as exc:  # noqa: BLE001 - the test asserts what was raised
            outcomes[i] = exc

    threads = [threading.Thread(target=run, args=(i,)) for i in range(len(saves))]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=60)
    return outcomes


def test_two_threads_saving_the_same_new_review_give_one_review_and_a_conflict_for_the_other(book):
    for round_number in range(ROUNDS):
        quarter = f"{2020 + round_number // 4}Q{round_number % 4 + 1}"  # a new review each round
        outcomes = race(book, [
            lambda q=quarter, who=who: save_review(
                book, review(q, reviewer=who, summary=f"{who}'s summary"), [action(f"{who}'s action", who)],
                base_version=None, saved_by=who,
            )
            for who in ("Ala Nowak", "Jan Lis")
        ])
        saved = [o for o in outcomes if not isinstance(o, Exception)]
        refused = [o for o in outcomes if isinstance(o, Exception)]
        assert len(saved) == 1 and len(refused) == 1, outcomes
        assert isinstance(refused[0], ReviewConflict), repr(refused[0])  # never a ConstraintException
        winner = "Ala Nowak" if outcomes[0] is saved[0] else "Jan Lis"
        con = book.cursor()
        assert con.execute(
            "select count(*) from reviews where client_id = 'C1' and quarter = $q", {"q": quarter}
        ).fetchone()[0] == 1
        kept = load_review(con, "C1", quarter)
        assert (kept.summary, kept.version) == (f"{winner}'s summary", 1)
        assert [a.description for a in review_actions(con, "C1", quarter)] == [f"{winner}'s action"]
        assert review_history(con, "C1", quarter)[["version", "saved_by", "kind"]].values.tolist() == [
            [1, winner, "created"]
        ]
        conflict = refused[0]
        assert (conflict.base_version, conflict.current_version, conflict.saved_by) == (None, 1, winner)
        assert str(conflict).startswith(f"{winner} saved a review of Acme for {quarter} at ")
        assert str(conflict).endswith(
            "while you were writing yours. Nothing of yours was saved and your draft is kept. Look at what "
            "changed, then keep their version, or save yours over it."
        )
        assert conflict.theirs.fields["Summary for the meeting"] == f"{winner}'s summary"


def test_two_threads_saving_over_the_latest_at_once_give_one_review_in_two_versions(book):
    save_review(book, review(summary="First"), [], saved_by="Ala Nowak")
    outcomes = race(book, [
        lambda who=who: save_review(book, review(summary=f"By {who}"), [], saved_by=who)
        for who in ("Ala Nowak", "Jan Lis")
    ])
    assert not [o for o in outcomes if isinstance(o, Exception)], outcomes
    assert sorted(o.version for o in outcomes) == [2, 3]
    con = book.cursor()
    assert con.execute("select count(*) from reviews").fetchone()[0] == 1
    assert review_history(con, "C1", "2026Q3")["version"].tolist() == [3, 2, 1]


def test_a_save_from_an_older_version_is_refused_with_nothing_written(book):
    save_review(book, review(summary="Win back the COO.", what_works="Delivery."), [action("Call the COO")],
                base_version=None, saved_by="Ala Nowak")
    opened = review_state(book.cursor(), "C1", "2026Q3")  # B opens version 1
    assert opened.version == 1
    # A adds an action, changes the summary and saves version 2
    kept = review_actions(book.cursor(), "C1", "2026Q3")
    save_review(book, review(summary="Win back the COO before the renewal.", what_works="Delivery."),
                [*kept, action("Invite the CFO to the QBR")], base_version=1, saved_by="Ala Nowak")
    before = book.cursor().execute("select count(*) from review_history").fetchone()[0]
    data_version = book.data_version()

    # B, still on version 1, removes the action and rewrites what works
    with pytest.raises(ReviewConflict) as refused:
        save_review(book, review(summary="Win back the COO.", what_works="Delivery is praised.", reviewer="Jan Lis"),
                    [], base_version=1, saved_by="Jan Lis")
    conflict = refused.value
    assert (conflict.base_version, conflict.current_version, conflict.saved_by) == (1, 2, "Ala Nowak")
    assert "Ala Nowak saved this review of Acme for 2026Q3 at " in str(conflict)
    assert "(version 2) after you opened version 1. Nothing of yours was saved" in str(conflict)
    # nothing written: A's version stands, no history row, the data version did not move
    con = book.cursor()
    saved = load_review(con, "C1", "2026Q3")
    assert (saved.version, saved.summary, saved.what_works, saved.reviewer) == (
        2, "Win back the COO before the renewal.", "Delivery.", "Ala Nowak")
    assert [a.description for a in review_actions(con, "C1", "2026Q3")] == ["Call the COO", "Invite the CFO to the QBR"]
    assert con.execute("select count(*) from review_history").fetchone()[0] == before
    assert book.data_version() == data_version

    # what B is shown: what A changed since B opened it, with B's own version beside it
    mine = state_of(review(summary="Win back the COO.", what_works="Delivery is praised.", reviewer="Jan Lis"), [])
    new_id = review_actions(con, "C1", "2026Q3")[1].action_id
    assert conflict_rows(opened, conflict.theirs, mine) == [
        {"What": "Summary for the meeting", "Change": "changed", "When you opened it": "Win back the COO.",
         "Saved since": "Win back the COO before the renewal.", "Yours": "Win back the COO.",
         "You changed it too": False},
        {"What": 'Action "Invite the CFO to the QBR"', "Change": "added", "When you opened it": "—",
         "Saved since": "Invite the CFO to the QBR (owner Ala Nowak, due 2026-12-31, status Planned)",
         "Yours": "—", "You changed it too": False},
    ]
    assert new_id in conflict.theirs.actions

    # B decides to save over it knowingly: version 3, and A's version stays in the history
    result = save_review(book, review(summary="Win back the COO.", what_works="Delivery is praised.", reviewer="Jan Lis"),
                         [], base_version=conflict.current_version, saved_by="Jan Lis")
    assert result.version == 3
    assert review_history(book.cursor(), "C1", "2026Q3")[["version", "saved_by", "what_changed"]].values.tolist() == [
        [3, "Jan Lis", 'Changed Reviewer, What works, Summary for the meeting; Removed action "Call the COO"; '
                       'Removed action "Invite the CFO to the QBR"'],
        [2, "Ala Nowak", 'Changed Summary for the meeting; Added action "Invite the CFO to the QBR"'],
        [1, "Ala Nowak", "Created the review"],
    ]


def test_a_status_changed_on_the_client_page_makes_an_open_draft_stale(book):
    save_review(book, review(), [action("Call the COO")], base_version=None)
    action_id = review_actions(book.cursor(), "C1", "2026Q3")[0].action_id
    update_action_status(book, action_id, "done", "Met on 2 October", saved_by="Jan Lis")
    with pytest.raises(ReviewConflict) as refused:
        save_review(book, review(), [action("Call the COO", action_id=action_id)], base_version=1)
    assert refused.value.current_version == 2
    assert review_actions(book.cursor(), "C1", "2026Q3")[0].status == "done"  # not written back to planned
    assert review_history(book.cursor(), "C1", "2026Q3")["what_changed"].tolist()[0] == (
        'Action "Call the COO": status Planned → Done, outcome'
    )


# --------------------------------------------------------------------------- the Review page


def review_page(client: str) -> AppTest:
    app = AppTest.from_file(str(ROOT / "pages/review.py"), default_timeout=TIMEOUT)
    app.query_params["client"] = client
    app.query_params["quarter"] = "2026Q3"
    return app


def goto(app: AppTest, label: str) -> AppTest:
    app.segmented_control(key="review_step").set_value(label).run()
    assert not app.exception, app.exception
    return app


@pytest.fixture
def copy_env(demo_copy, monkeypatch) -> Path:
    monkeypatch.setenv("CONTINUUM_DB", str(demo_copy))
    return demo_copy


def table_with(app: AppTest, column: str):
    """The first table on the page with `column` (st.dataframe keeps no key without a selection)."""
    return next(t.value for t in app.dataframe if column in t.value.columns)


def two_saves_of_one_new_review(path: Path) -> tuple[AppTest, AppTest, str]:
    """A and B open the same unsaved review; A saves first; B then saves another summary."""
    key = f"review::{path}::{ACCESS}::2026Q3"
    a, b = review_page(ACCESS).run(), review_page(ACCESS).run()
    for app, who, summary in ((a, "Ala Nowak", "A: win back the COO."), (b, "Jan Lis", "B: keep the weekly call.")):
        app.text_input(key=f"{key}::reviewer").set_value(who).run()
        goto(app, "5 · The plan")
        app.text_area(key=f"{key}::summary").set_value(summary).run()
    a.button(key="review_save_top").click().run()
    assert a.success[0].value.startswith("Saved the 2026Q3 review of Vistula Freight")
    b.button(key="review_save_top").click().run()
    assert not b.exception, b.exception
    return a, b, key


def test_the_second_saver_on_the_review_page_sees_what_changed_and_can_keep_theirs(copy_env):
    _, b, key = two_saves_of_one_new_review(copy_env)
    assert not b.success
    assert b.warning[0].value.startswith(r"Ala Nowak saved a review of Vistula Freight S.A. for 2026Q3 at ")
    assert "Nothing of yours was saved and your draft is kept" in b.warning[0].value
    changes = table_with(b, "Saved since")
    # only what A changed: the texts both started from (pre-filled from the data) are not listed
    assert changes["What"].tolist() == ["Reviewer", "Summary for the meeting"]
    summary = changes[changes["What"] == "Summary for the meeting"].iloc[0]
    assert (summary["Saved since"], summary["Yours"], bool(summary["You changed it too"])) == (
        "A: win back the COO.", "B: keep the weekly call.", True)
    assert b.button(key="review_keep_theirs").label == "Keep their version"
    assert b.button(key="review_save_over").label == "Save mine over it"
    assert b.text_area(key=f"{key}::summary").value == "B: keep the weekly call."  # the draft is kept

    b.button(key="review_keep_theirs").click().run()
    assert not b.exception, b.exception
    assert b.success[0].value.startswith("Reloaded the review as saved by Ala Nowak \\(version 1\\)")
    assert b.text_area(key=f"{key}::summary").value == "A: win back the COO."
    assert not [x for x in b.button if x.key == "review_save_over"]
    db = open_database(copy_env)
    try:
        assert load_review(db.cursor(), ACCESS, "2026Q3").summary == "A: win back the COO."
    finally:
        db.close()


def test_the_second_saver_on_the_review_page_can_save_theirs_over_it_knowingly(copy_env):
    _, b, key = two_saves_of_one_new_review(copy_env)
    b.button(key="review_save_over").click().run()
    assert not b.exception, b.exception
    assert b.success[0].value.startswith("Saved the 2026Q3 review of Vistula Freight")
    db = open_database(copy_env)
    try:
        con = db.cursor()
        saved = load_review(con, ACCESS, "2026Q3")
        assert (saved.summary, saved.version) == ("B: keep the weekly call.", 2)
        history = review_history(con, ACCESS, "2026Q3")
    finally:
        db.close()
    assert history[["version", "saved_by"]].values.tolist() == [[2, "Jan Lis"], [1, "Ala Nowak"]]
    assert history["what_changed"].iloc[0] == "Changed Reviewer, Summary for the meeting"
    shown = table_with(b, "What changed")
    assert shown["Saved by"].tolist() == ["Jan Lis", "Ala Nowak"]


# --------------------------------------------------------------------------- in the browser


@pytest.fixture(scope="module")
def browser():
    yield from launch_chromium()


@pytest.fixture(scope="module")
def server(tmp_path_factory, demo_db_file, browser):
    yield from serve_copy(demo_db_file, tmp_path_factory.mktemp("browser-concurrency"))


def open_the_plan(browser, server, reviewer: str, summary: str):
    """A browser session of its own on the review of ACCESS, with a reviewer and a summary typed."""
    from playwright.sync_api import expect

    page = browser.new_context(viewport={"width": 1366, "height": 900}).new_page()
    page.goto(server.url + f"review?client={ACCESS}&quarter=2026Q3")
    settle(page)
    expect(page.get_by_role("heading", name="Where we stand")).to_be_visible(timeout=60_000)
    field = page.get_by_label("Reviewer", exact=True)
    field.fill(reviewer)
    field.press("Tab")
    settle(page)
    page.get_by_text("5 · The plan", exact=True).click()
    settle(page)
    box = page.get_by_label("Summary for the meeting")
    box.fill(summary)
    box.press("Tab")
    settle(page)
    expect(page.get_by_text("Unsaved changes in:", exact=False)).to_be_visible(timeout=30_000)
    return page


def test_two_browser_sessions_saving_one_review_give_the_second_the_conflict_never_an_exception(server, browser):
    from playwright.sync_api import expect

    first = open_the_plan(browser, server, "Ala Nowak", "A: win back the COO.")
    second = open_the_plan(browser, server, "Jan Lis", "B: keep the weekly call.")
    first.get_by_role("button", name="Save review").first.click()
    settle(first)
    expect(first.get_by_text("Saved the 2026Q3 review of Vistula Freight")).to_be_visible(timeout=60_000)

    second.get_by_role("button", name="Save review").first.click()
    settle(second)
    expect(second.get_by_text("Ala Nowak saved a review of Vistula Freight S.A. for 2026Q3", exact=False)).to_be_visible(
        timeout=60_000)
    expect(second.get_by_text("What changed since you opened it", exact=False)).to_be_visible()
    expect(second.get_by_role("button", name="Keep their version")).to_be_visible()
    expect(second.get_by_role("button", name="Save mine over it")).to_be_visible()
    assert second.locator('[data-testid="stException"]').count() == 0
    assert first.locator('[data-testid="stException"]').count() == 0
    second.screenshot(path=str(SCREENSHOTS / "review-save-conflict.png"), full_page=True)

    second.get_by_role("button", name="Save mine over it").click()
    settle(second)
    expect(second.get_by_text("Saved the 2026Q3 review of Vistula Freight")).to_be_visible(timeout=60_000)
    assert second.locator('[data-testid="stException"]').count() == 0
    second.get_by_text("History", exact=True).click()
    expect(second.get_by_text("Every save, and every status changed on the Client page", exact=False)).to_be_visible()
    second.wait_for_timeout(800)  # the expander opens with an animation
    second.screenshot(path=str(SCREENSHOTS / "review-history.png"))
    for page in (first, second):
        page.context.close()
