"""Corrections on the Client page under AppTest, on private copies of the demo portfolio:
a touch logged after a meeting with the tags suggested from its note and edited before
saving, a stored touch's tags corrected, a contact's level, champion flag and leaving
day set. Each saved correction is read back from the database file.
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

import analytics.access as access
from analytics.db import open_database
from analytics.demo import planted_stories
from tests.conftest import DEMO_CLIENTS

TIMEOUT = 180
ROOT = Path(__file__).resolve().parent.parent
CLIENT = planted_stories(DEMO_CLIENTS)["micromanagement"][0]
LOG = f"log_touch::{CLIENT}"
TAGS = f"touch_tags::{CLIENT}"
CONTACT = f"contact_fix::{CLIENT}"
NOTE = "Klient prosi o dodatkowy rabat na licencje."


@pytest.fixture
def app(demo_copy, monkeypatch) -> AppTest:
    monkeypatch.setenv("CONTINUUM_DB", str(demo_copy))
    page = AppTest.from_file(str(ROOT / "pages" / "client.py"), default_timeout=TIMEOUT)
    page.session_state["continuum_access"] = access.OPERATOR
    page.query_params["client"] = CLIENT
    page.run()
    assert not page.exception, page.exception
    return page


def read(path: Path, query: str, params: dict | None = None) -> list[tuple]:
    db = open_database(path)
    try:
        return db.cursor().execute(query, params or {}).fetchall()
    finally:
        db.close()


def test_a_touch_logged_gets_the_tags_suggested_from_its_note_as_edited_before_saving(app, demo_copy):
    app.text_area(key=f"{LOG}::note").input(NOTE).run()
    assert app.multiselect(key=f"{LOG}::tags").value == ["discount_request"]
    suggested = [c.value for c in app.caption if c.value.startswith("Suggested from the note")]
    assert suggested and "prosi o dodatkowy rabat" in suggested[0] and "prosi o rabat" in suggested[0]

    app.multiselect(key=f"{LOG}::tags").set_value(["discount_request", "praise"])
    app.selectbox(key=f"{LOG}::channel").set_value("call")
    app.radio(key=f"{LOG}::by").set_value("client")
    app.radio(key=f"{LOG}::answered").set_value("yes")
    app.selectbox(key=f"{LOG}::sentiment").set_value(-1)
    app.button(key=f"{LOG}::save").click().run()
    assert not app.exception, app.exception
    assert any("Saved the touch" in s.value and "Discount request, Praise" in s.value for s in app.success)
    assert app.text_area(key=f"{LOG}::note").value == ""  # the form is empty for the next touch

    rows = read(demo_copy, "select interaction_id, channel, initiated_by, answered, sentiment, tags, batch_id "
                           "from interactions where notes = $n", {"n": NOTE})
    assert len(rows) == 1
    touch_id, channel, by, answered, sentiment, tags, batch = rows[0]
    assert (channel, by, answered, sentiment, sorted(tags), batch) == (
        "call", "client", True, -1, ["discount_request", "praise"], None)
    # the suggested tag kept has its rule; the tag added by hand is recorded as manual
    assert read(demo_copy, "select tag, rule_name, matched from interaction_tags where interaction_id = $i",
                {"i": touch_id}) == [("discount_request", "prosi o rabat", "prosi o dodatkowy rabat")]
    changes = read(demo_copy, "select field, old_value, new_value, changed_by from manual_changes "
                              "where row_key = $i order by change_no", {"i": touch_id})
    assert [c[0] for c in changes] == ["logged", "tags"]
    assert json.loads(changes[1][1]) == ["discount_request"]
    assert json.loads(changes[1][2]) == ["discount_request", "praise"]
    assert changes[1][3] == ""  # local use: no email


def test_a_stored_touch_s_tags_are_corrected_in_the_editor_and_the_reason_is_shown(app, demo_copy):
    tagged = read(demo_copy, "select interaction_id, list_sort(tags) from interactions "
                             "where client_id = $c and len(tags) > 0 order by occurred_at desc limit 1", {"c": CLIENT})
    touch_id, tags = tagged[0]
    app.selectbox(key=f"{TAGS}::touch").set_value(touch_id).run()
    reasons = [m.value for m in app.markdown if "given by the imported file" in m.value]
    assert reasons  # the demo's tags came with the file
    kept = list(tags[1:]) + ([] if "referral" in tags else ["referral"])  # one removed, one added
    app.multiselect(key=f"{TAGS}::tags::{touch_id}").set_value(kept).run()
    app.button(key=f"{TAGS}::save").click().run()
    assert not app.exception, app.exception
    assert any(s.value.startswith("Saved:") for s in app.success)
    assert read(demo_copy, "select list_sort(tags) from interactions where interaction_id = $i",
                {"i": touch_id}) == [(sorted(kept),)]
    old, new = read(demo_copy, "select old_value, new_value from manual_changes where row_key = $i "
                               "and field = 'tags'", {"i": touch_id})[0]
    assert (json.loads(old), json.loads(new)) == (sorted(tags), sorted(kept))
    # the editor now says why the added tag is there, and which tag was removed by hand
    if "referral" not in tags:
        assert any("Referral" in m.value and "added by hand" in m.value for m in app.markdown)
    assert any(c.value.startswith("Removed by hand") for c in app.caption)


def test_a_contact_s_level_champion_flag_and_leaving_day_are_set_on_the_page(app, demo_copy):
    contact_id, name = read(demo_copy, "select contact_id, name from contacts where client_id = $c "
                                       "and active_to is null and not is_champion order by name limit 1",
                            {"c": CLIENT})[0]
    app.selectbox(key=f"{CONTACT}::who").set_value(contact_id).run()
    app.selectbox(key=f"{CONTACT}::level::{contact_id}").set_value("unknown")
    app.checkbox(key=f"{CONTACT}::champion::{contact_id}").check()
    app.checkbox(key=f"{CONTACT}::left::{contact_id}").check().run()
    app.date_input(key=f"{CONTACT}::left_on::{contact_id}").set_value(dt.date(2026, 9, 1))
    app.button(key=f"{CONTACT}::save").click().run()
    assert not app.exception, app.exception
    assert any("Saved" in s.value and "champion" in s.value for s in app.success)
    assert read(demo_copy, "select level, is_champion, active_to from contacts where contact_id = $p",
                {"p": contact_id}) == [(None, True, dt.date(2026, 9, 1))]
    assert sorted(r[0] for r in read(demo_copy, "select field from manual_changes where row_key = $p",
                                     {"p": contact_id})) == ["active_to", "is_champion", "level"]
    # the table of contacts says the level was set by hand
    table = [d.value for d in app.dataframe if "level_why" in d.value.columns][0]
    assert table.set_index("name").loc[name, "level_why"].startswith("set by hand")


AUTH = {  # sign-in on, as tests/test_sign_in_app.py turns it on
    "redirect_uri": "http://localhost:8501/oauth2callback",
    "cookie_secret": "a-long-random-secret-for-the-tests-only-0123456789",
    "client_id": "continuum", "client_secret": "secret",
    "server_metadata_url": "http://localhost:9/.well-known/openid-configuration",
}


def test_a_viewer_sees_the_corrections_but_cannot_save_them(demo_copy, monkeypatch):
    db = open_database(demo_copy)
    access.add_user(db, "head@firm.pl", "head-of-sales")
    access.add_user(db, "viewer@firm.pl", "viewer")
    db.close()
    monkeypatch.setenv("CONTINUUM_DB", str(demo_copy))
    page = AppTest.from_file(str(ROOT / "pages" / "client.py"), default_timeout=TIMEOUT)
    page.secrets["auth"] = AUTH
    page.user = {"is_logged_in": True, "email": "viewer@firm.pl", "name": "Viewer"}
    page.query_params["client"] = CLIENT
    page.run()
    assert not page.exception, page.exception
    assert page.title[0].value  # the client is shown
    assert page.button(key=f"{LOG}::save").disabled
    assert page.button(key=f"{CONTACT}::save").disabled
    assert page.button(key=f"{TAGS}::save").disabled
