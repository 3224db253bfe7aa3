"""The Client page's "Log a touch" form in a real browser (Debian's Chromium): a note
typed in gets its tags suggested by the import's rules, the suggestion is edited, and
the saved touch is confirmed and listed among the corrections made by hand."""

from __future__ import annotations

import pytest

from analytics.demo import planted_stories
from tests.browser import SCREENSHOTS, launch_chromium, serve_copy, settle
from tests.conftest import DEMO_CLIENTS

CLIENT = planted_stories(DEMO_CLIENTS)["micromanagement"][0]
NOTE = "Klient prosi o dodatkowy rabat na licencje."


@pytest.fixture(scope="module")
def server(tmp_path_factory, demo_db_file):
    yield from serve_copy(demo_db_file, tmp_path_factory.mktemp("browser-touch"))


@pytest.fixture(scope="module")
def browser(server):
    yield from launch_chromium()


def test_a_touch_typed_in_the_form_gets_suggested_tags_that_can_be_edited_and_saved(server, browser):
    from playwright.sync_api import expect

    page = browser.new_page(viewport={"width": 1366, "height": 900})
    page.goto(server.url + f"client?client={CLIENT}")
    settle(page)
    main = page.locator('[data-testid="stMain"]')
    form = main.locator('[data-testid="stExpander"]').filter(has_text="Log a touch")
    form.get_by_text("Log a touch").click()
    note = form.get_by_role("textbox", name="Note")
    expect(note).to_be_visible(timeout=30_000)
    note.fill(NOTE)
    note.press("Control+Enter")  # Streamlit sends a text area's value on Ctrl+Enter
    expect(form.get_by_text("Suggested from the note")).to_be_visible(timeout=30_000)
    expect(form.get_by_text("prosi o dodatkowy rabat", exact=False).first).to_be_visible()
    tags = form.locator('[data-testid="stMultiSelect"]').filter(has_text="Tags")
    expect(tags.get_by_text("Discount request")).to_be_visible()

    # add a tag the rules did not suggest
    tags.locator("input").click()
    page.keyboard.type("Praise")
    page.keyboard.press("Enter")
    page.keyboard.press("Escape")
    expect(tags.get_by_text("Praise")).to_be_visible(timeout=15_000)

    form.get_by_role("button", name="Save the touch").click()
    expect(form.get_by_text("Saved the touch", exact=False)).to_be_visible(timeout=30_000)
    expect(form.get_by_text("Discount request, Praise", exact=False)).to_be_visible()
    expect(note).to_have_value("")  # the form is empty for the next touch
    expect(main.get_by_text("Corrections made by hand", exact=False)).to_be_visible(timeout=30_000)
    assert page.locator('[data-testid="stException"]').count() == 0
    page.screenshot(path=str(SCREENSHOTS / "client-log-touch.png"), full_page=True)
    page.close()
