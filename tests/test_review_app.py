"""The Review and Reviews pages under Streamlit's AppTest, on copies of the demo portfolio.

A full review is driven step by step, saved, saved again and reloaded; the next
quarter's review picks up the plan; a lower investment without a reason is refused;
a closed quarter is read-only; the Client page's table of open actions saves statuses.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from analytics.db import open_database
from analytics.demo import planted_stories
from analytics.review.store import (
    follow_up_actions,
    load_review,
    reopen_quarter,
    review_actions,
    team_pulse_for,
)
from analytics.review.strategy import load_strategy
from tests.conftest import DEMO_CLIENTS
from ui.text import plain

TIMEOUT = 180
ROOT = Path(__file__).resolve().parent.parent
STORIES = planted_stories(DEMO_CLIENTS)
ACCESS = STORIES["access_decline"][0]  # reviewed in 2026Q2, due in 2026Q3
STEPS = ["1 · Where we stand", "2 · What works", "3 · What is slipping", "4 · Options", "5 · The plan",
         "6 · Last quarter"]


def review_page(db_path: Path, client: str, quarter: str = "2026Q3") -> AppTest:
    app = AppTest.from_file(str(ROOT / "pages/review.py"), default_timeout=TIMEOUT)
    app.query_params["client"] = client
    app.query_params["quarter"] = quarter
    return app


def step(app: AppTest, number: int) -> AppTest:
    app.segmented_control(key="review_step").set_value(STEPS[number - 1]).run()
    assert not app.exception, app.exception
    return app


def prefix(db_path: Path, client: str, quarter: str) -> str:
    return f"review::{db_path}::{client}::{quarter}"


def with_db(path: Path, fn):
    db = open_database(path)
    try:
        return fn(db.cursor()) if callable(fn) else None
    finally:
        db.close()


@pytest.fixture
def copy_env(demo_copy, monkeypatch) -> Path:
    monkeypatch.setenv("CONTINUUM_DB", str(demo_copy))
    return demo_copy


def test_a_full_review_is_filled_step_by_step_saved_twice_and_reloaded(copy_env):
    path, key = copy_env, prefix(copy_env, ACCESS, "2026Q3")
    app = review_page(path, ACCESS).run()
    assert not app.exception, app.exception
    assert app.title[0].value == "Review"
    assert app.selectbox(key="review_client").value == ACCESS
    assert "not saved yet" in app.info[0].value
    assert app.text_area(key=f"{key}::goals").value.startswith("Renew the frame agreement")  # carried strategy

    # 1 where we stand
    app.text_input(key=f"{key}::reviewer").set_value("Ola Test")
    app.date_input(key=f"{key}::held_on").set_value(dt.date(2026, 10, 7)).run()
    assert "Unsaved changes in: Where we stand" in app.warning[0].value
    # 2 what works
    step(app, 2)
    assert app.text_area(key=f"{key}::what_works").value  # pre-filled from the data
    app.text_area(key=f"{key}::what_works").set_value("Delivery is praised by operations.")
    app.text_area(key=f"{key}::what_to_keep").set_value("The weekly operations call.")
    app.text_area(key=f"{key}::successes").set_value("Route optimisation live on time").run()
    # 3 what is slipping, and the team's pulse
    step(app, 3)
    app.text_area(key=f"{key}::what_slips").set_value("No meeting with the COO this quarter.")
    app.segmented_control(key=f"{key}::morale").set_value(2)
    app.text_input(key=f"{key}::pulse_note").set_value("Frustrated by unanswered mails").run()
    # 4 options: take one from the playbook
    step(app, 4)
    app.button(key=f"{key}::add_executive_sponsor_meeting").click().run()
    assert not app.exception
    assert any("In the plan" in c.value for c in app.caption)
    app.text_area(key=f"{key}::options_notes").set_value("A joint workshop, later.").run()
    # 5 the plan: one more action of our own, then the investment level
    step(app, 5)
    app.text_area(key=f"{key}::new_0_description").set_value("Invite the CFO to the QBR")
    app.text_input(key=f"{key}::new_0_effect").set_value("A second executive contact.")
    app.button(key=f"{key}::new_0_add").click().run()
    assert not app.exception
    assert app.data_editor[0].value["description"].tolist()[-1] == "Invite the CFO to the QBR"
    app.radio(key=f"{key}::investment").set_value("reduce_investment").run()
    app.button(key="review_save_bottom").click().run()
    assert "needs a reason" in app.error[0].value  # refused, and nothing typed is lost
    assert with_db(path, lambda con: load_review(con, ACCESS, "2026Q3")) is None
    assert app.text_area(key=f"{key}::investment_reason").label == "Reason for this level (required)"
    app.text_area(key=f"{key}::investment_reason").set_value("Margin fell; keep the team, fewer extras.")
    app.text_area(key=f"{key}::summary").set_value("Win back the COO before the renewal.").run()
    # 6 last quarter: record how last quarter's plan went
    step(app, 6)
    follow = with_db(path, lambda con: follow_up_actions(con, ACCESS, "2026Q3"))
    first = follow[0].action_id
    app.selectbox(key=f"{key}::fu_{first}_status").set_value("done")
    app.text_input(key=f"{key}::fu_{first}_outcome").set_value("Met the COO on 2 October.")
    # the strategy beside the steps
    app.text_area(key=f"{key}::goals").set_value("Renew for three years.")
    app.number_input(key=f"{key}::plan_executive").set_value(3).run()
    assert "Account strategy" in app.warning[0].value

    app.button(key="review_save_top").click().run()
    assert not app.exception, app.exception
    assert app.success[0].value.startswith("Saved the 2026Q3 review of Vistula Freight")
    assert not app.warning  # nothing unsaved any more

    def saved(con):
        review = load_review(con, ACCESS, "2026Q3")
        return review, review_actions(con, ACCESS, "2026Q3"), follow_up_actions(con, ACCESS, "2026Q3"), \
            team_pulse_for(con, ACCESS, "2026Q3"), load_strategy(con, ACCESS, "2026Q3")

    review, actions, follow, pulse, strategy = with_db(path, saved)
    assert (review.reviewer, review.held_on, review.what_works, review.investment_level) == (
        "Ola Test", dt.date(2026, 10, 7), "Delivery is praised by operations.", "reduce_investment")
    assert review.investment_reason == "Margin fell; keep the team, fewer extras."
    assert review.evidence_snapshot["quarter"] == "2026Q3" and review.position_at_review is not None
    assert [a.playbook_entry for a in actions] == ["executive_sponsor_meeting", None]
    assert actions[1].description == "Invite the CFO to the QBR" and actions[1].owner
    assert (follow[0].status, follow[0].outcome) == ("done", "Met the COO on 2 October.")
    assert (pulse.morale, pulse.note) == (2, "Frustrated by unanswered mails")
    assert (strategy.carried_from, strategy.goals, strategy.contact_plan["executive"]) == (None, "Renew for three years.", 3)

    # save again: the same one review, the same two actions
    app.button(key="review_save_top").click().run()
    assert not app.exception
    counts = with_db(path, lambda con: con.execute(
        "select (select count(*) from reviews where client_id = $c and quarter = '2026Q3'), "
        "(select count(*) from actions a join reviews r using (review_id) where r.client_id = $c and r.quarter = '2026Q3')",
        {"c": ACCESS}).fetchone())
    assert counts == (1, 2)

    # reload in a new session: every value is there
    again = review_page(path, ACCESS).run()
    assert not again.exception
    assert any(c.value.startswith("Saved") for c in again.caption)
    assert again.text_input(key=f"{key}::reviewer").value == "Ola Test"
    step(again, 2)
    assert again.text_area(key=f"{key}::what_works").value == "Delivery is praised by operations."
    step(again, 3)
    assert again.segmented_control(key=f"{key}::morale").value == 2
    step(again, 5)
    assert again.data_editor[0].value["description"].tolist() == [actions[0].description, "Invite the CFO to the QBR"]
    assert again.radio(key=f"{key}::investment").value == "reduce_investment"
    step(again, 6)
    assert again.selectbox(key=f"{key}::fu_{first}_status").value == "done"


def test_the_next_quarters_review_shows_the_actions_planned_the_quarter_before(copy_env):
    client = "C00002"  # a typical client without demo reviews
    db = open_database(copy_env)
    reopen_quarter(db, "2026Q2")
    db.close()
    key = prefix(copy_env, client, "2026Q2")
    app = review_page(copy_env, client, "2026Q2").run()
    step(app, 5)
    app.text_area(key=f"{key}::new_0_description").set_value("Quarterly check-in with the sponsor")
    app.button(key=f"{key}::new_0_add").click().run()
    app.button(key="review_save_bottom").click().run()
    assert app.success[0].value.startswith("Saved the 2026Q2 review")

    app.sidebar.selectbox(key="quarter").set_value("2026Q3").run()
    step(app, 6)
    assert app.subheader[0].value == "Last quarter (2026Q2)"
    assert plain("Quarterly check-in with the sponsor") in [m.value.strip("*") for m in app.markdown]
    later = prefix(copy_env, client, "2026Q3")
    action_id = with_db(copy_env, lambda con: follow_up_actions(con, client, "2026Q3"))[0].action_id
    assert app.selectbox(key=f"{later}::fu_{action_id}_status").value == "planned"


def test_the_demo_review_due_first_opens_on_last_quarters_follow_up(demo_db_file, monkeypatch):
    monkeypatch.setenv("CONTINUUM_DB", str(demo_db_file))
    app = review_page(demo_db_file, ACCESS).run()
    step(app, 6)
    texts = [m.value.strip("*") for m in app.markdown]
    assert plain("Executive sponsor meeting: our head of sales meets the COO to review this year's results") in texts
    assert "Moved forward: 2 of 3 actions (1 done, 1 partial progress, 1 in progress)." in app.get("progress")[0].proto.text


def test_a_closed_quarter_is_read_only(demo_db_file, monkeypatch):
    monkeypatch.setenv("CONTINUUM_DB", str(demo_db_file))
    key = prefix(demo_db_file, ACCESS, "2026Q2")
    app = review_page(demo_db_file, ACCESS, "2026Q2").run()
    assert not app.exception
    assert "Quarter 2026Q2 is closed" in app.info[0].value
    assert app.button(key="review_save_top").disabled
    assert app.text_input(key=f"{key}::reviewer").disabled
    assert app.text_input(key=f"{key}::reviewer").value == "Filip Jasiński"  # the demo's saved review


def test_the_reviews_page_shows_who_was_reviewed_and_the_follow_through(demo_db_file, monkeypatch):
    monkeypatch.setenv("CONTINUUM_DB", str(demo_db_file))
    app = AppTest.from_file(str(ROOT / "pages/reviews_overview.py"), default_timeout=TIMEOUT).run()
    assert not app.exception, app.exception
    assert app.title[0].value == "Reviews"
    metrics = {m.label: m.value for m in app.metric}
    assert metrics["Clients reviewed for 2026Q3"] == "2 of 60"
    assert metrics["Actions agreed in 2026Q3"] == "4"
    assert metrics["Follow-through, 2026Q2 plans"].endswith("%")
    assert app.button(key="reviews_close").disabled  # not before saying the reviews are final
    app.checkbox(key="reviews_close_sure").check().run()
    assert not app.button(key="reviews_close").disabled


def test_a_quarter_without_a_saved_review_has_nothing_to_close(demo_db_file, monkeypatch):
    monkeypatch.setenv("CONTINUUM_DB", str(demo_db_file))
    app = AppTest.from_file(str(ROOT / "pages/reviews_overview.py"), default_timeout=TIMEOUT)
    app.query_params["quarter"] = "2024Q1"  # the demo's reviews start in 2025Q4
    app.run()
    assert not app.exception, app.exception
    assert not [b for b in app.button if b.key == "reviews_close"]
    assert any("Nothing to close yet: no review of 2024Q1 is saved." in m.value for m in app.markdown)


def test_the_client_pages_table_saves_a_status_changed_between_reviews(copy_env):
    def script(db_path: str, client_id: str) -> None:
        import streamlit as st

        from analytics.access import OPERATOR
        from analytics.db import open_database
        from ui.actions import open_actions_editor
        from ui.data import ACCESS_KEY

        st.session_state[ACCESS_KEY] = OPERATOR  # local use, as the page frame would say

        open_actions_editor(open_database(db_path), client_id, key="t")

    app = AppTest.from_function(script, args=(str(copy_env), ACCESS), default_timeout=TIMEOUT).run()
    assert not app.exception, app.exception
    table = app.data_editor[0].value
    assert table["status"].tolist() == ["In progress"]  # the demo's one open action of this client
    assert app.button[0].disabled
    app.session_state["t::0"] = {"edited_rows": {0: {"status": "Partial progress", "outcome": "Date agreed"}},
                                 "added_rows": [], "deleted_rows": []}
    app.run()
    assert app.button[0].label == "Save 1 change"
    app.button[0].click().run()
    assert not app.exception
    action = with_db(copy_env, lambda con: review_actions(con, ACCESS, "2026Q2"))[0]
    assert (action.status, action.outcome) == ("partial", "Date agreed")


def test_the_client_pages_pulse_form_records_the_teams_morale(copy_env):
    def script(db_path: str, client_id: str) -> None:
        import streamlit as st

        from analytics.access import OPERATOR
        from analytics.db import open_database
        from ui.actions import team_pulse_form
        from ui.data import ACCESS_KEY

        st.session_state[ACCESS_KEY] = OPERATOR  # local use, as the page frame would say

        team_pulse_form(open_database(db_path), client_id, "2026Q3", key="p")

    app = AppTest.from_function(script, args=(str(copy_env), ACCESS), default_timeout=TIMEOUT).run()
    assert not app.exception, app.exception
    app.segmented_control(key="p::morale").set_value(1)
    app.text_input(key="p::note").set_value("Exhausted after the audit").run()
    app.button(key="p::save").click().run()
    assert not app.exception
    pulse = with_db(copy_env, lambda con: team_pulse_for(con, ACCESS, "2026Q3"))
    assert (pulse.morale, pulse.note) == (1, "Exhausted after the audit")


def test_edits_in_the_plan_table_survive_switching_steps(copy_env):
    key = prefix(copy_env, ACCESS, "2026Q3")
    app = review_page(copy_env, ACCESS).run()
    step(app, 4)
    app.button(key=f"{key}::add_delt_plan").click().run()
    step(app, 5)
    rev = app.session_state[key]["editors"]["plan"]["rev"]
    app.session_state[f"{key}::plan_{rev}"] = {
        "edited_rows": {0: {"owner": "Piotr Nowak"}}, "added_rows": [], "deleted_rows": [],
    }
    app.run()
    step(app, 2)
    step(app, 5)
    assert app.data_editor[0].value["owner"].tolist() == ["Piotr Nowak"]
    assert "The plan" in app.warning[0].value  # unsaved, and said so
    app.sidebar.selectbox(key="quarter").set_value("2026Q2").run()  # away and back: the draft waits
    app.sidebar.selectbox(key="quarter").set_value("2026Q3").run()
    step(app, 5)
    assert app.data_editor[0].value["owner"].tolist() == ["Piotr Nowak"]


def test_opening_a_review_changes_nothing_even_when_a_champion_has_left(demo_db_file, monkeypatch):
    monkeypatch.setenv("CONTINUUM_DB", str(demo_db_file))
    client = STORIES["single_thread_champion_left"][0]
    app = review_page(demo_db_file, client).run()
    assert not app.exception
    assert not [w.value for w in app.warning if "Unsaved" in w.value]
    assert any("champion) left during 2026Q3" in w.value for w in app.warning)
    app.run()  # a second run, after the stakeholder table has drawn once
    assert not [w.value for w in app.warning if "Unsaved" in w.value]


@pytest.mark.parametrize("story", ["access_decline", "partnership"])
def test_walking_through_every_step_without_typing_leaves_nothing_unsaved(demo_db_file, monkeypatch, story):
    monkeypatch.setenv("CONTINUUM_DB", str(demo_db_file))
    app = review_page(demo_db_file, STORIES[story][0]).run()  # partnership[0] is already reviewed
    for number in range(1, 7):
        step(app, number)
        assert not [w.value for w in app.warning if "Unsaved" in w.value], STEPS[number - 1]


def test_the_review_link_for_other_pages_points_at_the_client_and_quarter():
    def script() -> None:
        from ui.actions import review_link

        review_link("C00005", "2026Q3")

    app = AppTest.from_function(script, default_timeout=TIMEOUT).run()
    assert not app.exception
    assert app.markdown[0].value == "[Open this client's review](review?client=C00005&quarter=2026Q3)"


def test_the_reviews_table_shows_the_stage_of_reviews_saved_without_one(demo_db_file, monkeypatch):
    monkeypatch.setenv("CONTINUUM_DB", str(demo_db_file))
    app = AppTest.from_file(str(ROOT / "pages/reviews_overview.py"), default_timeout=TIMEOUT).run()
    table = app.dataframe[0].value
    assert table["Client"].tolist() == ["Amber Logistics S.A.", "Warta Pharma S.A."]
    assert table["Stage"].notna().all() and set(table["Stage"]) <= {"Partnership", "Working trust", "Rapport"}
    assert table["Reason"].tolist() == ["", ""]


def test_hostile_names_and_texts_render_as_text_on_the_review_page(copy_env):
    """A client named like a Markdown image and an action written in Markdown and HTML
    read as written: every data string reaches Markdown backslash-escaped (ui.text.plain)."""
    name, text = "![p](http://attacker/x.png)", "**big** <b>x</b>"
    db = open_database(copy_env)
    try:
        first = review_actions(db.cursor(), ACCESS, "2026Q2")[0]
        with db.write() as cur:
            cur.execute("update clients set name = $n where client_id = $c", {"n": name, "c": ACCESS})
            cur.execute("update actions set description = $d, status = 'done', outcome = $d where action_id = $a",
                        {"d": text, "a": first.action_id})
    finally:
        db.close()
    key = prefix(copy_env, ACCESS, "2026Q3")
    app = review_page(copy_env, ACCESS).run()
    assert not app.exception, app.exception
    step(app, 6)
    escaped = r"\*\*big\*\* \<b\>x\</b\>"
    assert f"**{escaped}**" in [m.value for m in app.markdown]
    step(app, 2)
    assert f"- {escaped} (done): {escaped}" in [m.value for m in app.markdown]  # progress from the last review
    app.text_area(key=f"{key}::successes").set_value(text).run()
    # the "show the client" tick of that success (a success line loses its leading list marks)
    assert [c.label for c in app.checkbox] == [r"big\*\* \<b\>x\</b\>"]
    app.button(key="review_save_top").click().run()
    assert not app.exception, app.exception
    assert app.success[0].value == r"Saved the 2026Q3 review of \!\[p\]\(http\://attacker/x.png\)."
    assert not [m.value for m in app.markdown if "](http" in m.value or "<b>" in m.value]
