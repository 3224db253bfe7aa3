"""A real browser (Debian's Chromium via Playwright) against `streamlit run app.py`."""

from __future__ import annotations

import pytest

from tests.browser import SCREENSHOTS, launch_chromium, serve_copy, settle


@pytest.fixture(scope="module")
def server(tmp_path_factory, demo_db_file):
    yield from serve_copy(demo_db_file, tmp_path_factory.mktemp("browser"))


@pytest.fixture(scope="module")
def browser(server):
    yield from launch_chromium()


@pytest.mark.parametrize("width,height", [(1366, 768), (1920, 1080)])
def test_the_portfolio_renders_in_chromium_with_no_exception_box(server, browser, width, height):
    page = browser.new_page(viewport={"width": width, "height": height})
    page.goto(server.url)
    settle(page)
    from playwright.sync_api import expect

    expect(page.get_by_role("heading", name="Portfolio")).to_be_visible()
    expect(page.get_by_text("Database file")).to_be_visible()
    expect(page.locator('[data-testid="stDataFrame"]').first).to_be_visible(timeout=30_000)
    expect(page.locator('[data-testid="stMetric"]').first).to_be_visible()
    assert page.locator('[data-testid="stException"]').count() == 0
    page.screenshot(path=str(SCREENSHOTS / f"portfolio-{width}.png"), full_page=True)
    page.close()
