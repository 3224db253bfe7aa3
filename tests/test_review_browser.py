"""The review in a real browser (Debian's Chromium): the printable HTML export renders
and prints, and the Review and Reviews pages render with no exception box.
Screenshots land in tests/output/screenshots/."""

from __future__ import annotations

import pytest

from analytics.demo import planted_stories
from analytics.review.export import export_review
from tests.browser import SCREENSHOTS, launch_chromium, serve_copy, settle
from tests.conftest import DEMO_CLIENTS

ACCESS = planted_stories(DEMO_CLIENTS)["access_decline"][0]


@pytest.fixture(scope="module")
def browser():
    yield from launch_chromium()


@pytest.fixture(scope="module")
def server(tmp_path_factory, demo_db_file, browser):
    yield from serve_copy(demo_db_file, tmp_path_factory.mktemp("browser-review"))


def test_the_html_export_renders_and_prints_in_chromium(demo_db, browser, tmp_path):
    from playwright.sync_api import expect

    html_file = tmp_path / "review.html"
    html_file.write_text(export_review(demo_db.cursor(), ACCESS, "2026Q2", "html"), encoding="utf-8")
    page = browser.new_page(viewport={"width": 1000, "height": 900})
    page.goto(html_file.as_uri())
    expect(page.get_by_role("heading", name="Account review: Vistula Freight S.A., 2026Q2")).to_be_visible()
    expect(page.get_by_role("heading", name="6. Last quarter (2026Q1)")).to_be_visible()
    assert page.locator("svg circle").count() == 8  # the path over eight quarters
    assert page.locator("svg rect").count() == 5  # the five stages as bands
    box = page.locator("svg").first.bounding_box()
    assert box["width"] > 400 and box["height"] > 150
    assert page.evaluate("() => document.documentElement.scrollWidth") <= 1000  # nothing spills sideways
    page.screenshot(path=str(SCREENSHOTS / "review-export.png"), full_page=True)
    pdf = page.pdf(format="A4")
    assert pdf.startswith(b"%PDF") and len(pdf) > 10_000
    page.close()


@pytest.mark.parametrize("width,height", [(1366, 768)])
def test_the_review_page_walks_to_last_quarter_in_chromium(server, browser, width, height):
    from playwright.sync_api import expect

    page = browser.new_page(viewport={"width": width, "height": height})
    page.goto(server.url + f"review?client={ACCESS}")
    settle(page)
    expect(page.get_by_role("heading", name="Where we stand")).to_be_visible(timeout=60_000)
    expect(page.get_by_role("heading", name="Account strategy")).to_be_visible()
    page.wait_for_selector(".js-plotly-plot .main-svg", timeout=60_000)
    assert page.locator('[data-testid="stException"]').count() == 0
    page.screenshot(path=str(SCREENSHOTS / f"review-{width}x{height}.png"))
    page.get_by_text("6 · Last quarter", exact=True).click()
    expect(page.get_by_text("Moved forward: 2 of 3 actions", exact=False)).to_be_visible(timeout=60_000)
    expect(page.get_by_text("Contact plan with two director touches a month")).to_be_visible()
    assert page.locator('[data-testid="stException"]').count() == 0
    page.screenshot(path=str(SCREENSHOTS / f"review-last-quarter-{width}x{height}.png"))
    page.close()


def test_the_reviews_page_renders_in_chromium(server, browser):
    from playwright.sync_api import expect

    page = browser.new_page(viewport={"width": 1366, "height": 768})
    page.goto(server.url + "reviews_overview")
    settle(page)
    expect(page.get_by_role("heading", name="Follow-through, quarter over quarter")).to_be_visible(timeout=60_000)
    page.wait_for_selector(".js-plotly-plot .main-svg", timeout=60_000)
    assert page.locator('[data-testid="stException"]').count() == 0
    length = page.evaluate("() => document.querySelector('[data-testid=\"stMain\"]').scrollHeight")
    page.set_viewport_size({"width": 1366, "height": max(768, length)})
    page.wait_for_timeout(1000)
    page.screenshot(path=str(SCREENSHOTS / "reviews-1366.png"), full_page=True)
    page.close()


def test_the_review_page_downloads_both_decks_in_chromium(server, browser, tmp_path):
    """The decks are built when the button is clicked; each download is a deck PowerPoint opens."""
    from playwright.sync_api import expect
    from pptx import Presentation

    page = browser.new_page(viewport={"width": 1366, "height": 900}, accept_downloads=True)
    page.goto(server.url + f"review?client={ACCESS}&quarter=2026Q2")
    settle(page)
    expect(page.get_by_role("heading", name="Where we stand")).to_be_visible(timeout=60_000)
    for button, kind in (("Review deck", "review"), ("Client deck", "client")):
        with page.expect_download(timeout=60_000) as download:
            page.get_by_role("button", name=button).first.click()
        assert download.value.suggested_filename == f"Vistula-Freight-2026Q2-{kind}.pptx"
        saved = tmp_path / download.value.suggested_filename
        download.value.save_as(saved)
        deck = Presentation(str(saved))
        assert len(deck.slides) >= 6
        assert "Vistula Freight" in deck.slides[0].shapes.title.text
    assert page.locator('[data-testid="stException"]').count() == 0
    page.close()
