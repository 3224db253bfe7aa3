"""Text is text, in a real browser (issue 18): client, contact and manager names, review
texts, actions and notes carrying Markdown and HTML payloads render as the characters
they are on every page. An image payload must fetch nothing (no <img> pointing at it),
bold and HTML must not render, and the literal text must be there to read."""

from __future__ import annotations

import shutil

import duckdb
import pytest

from analytics.db import open_database
from tests.browser import SCREENSHOTS, StreamlitServer, launch_chromium, settle

PAYLOAD = "![p](http://127.0.0.1:9/x.png) **big** <b>bold</b> :red[alarm] "
CLIENT = "C00005"
PAGES = ["", f"client?client={CLIENT}", "signals", f"review?client={CLIENT}", "reviews_overview",
         "import_data", "rules", "method"]


@pytest.fixture(scope="module")
def browser():
    yield from launch_chromium()


@pytest.fixture(scope="module")
def server(tmp_path_factory, demo_db_file, browser):
    path = tmp_path_factory.mktemp("hostile") / "hostile.duckdb"
    shutil.copy2(demo_db_file, path)
    open_database(path).close()  # migrated to this code's schema first
    con = duckdb.connect(str(path))
    con.execute("update clients set name = $p || name, account_manager = $p || coalesce(account_manager, '')",
                {"p": PAYLOAD})
    con.execute("update contacts set name = $p || name, title = $p || coalesce(title, '')", {"p": PAYLOAD})
    con.execute("update reviews set summary = $p, what_works = $p, what_to_keep = $p, investment_reason = $p, "
                "reviewer = $p || coalesce(reviewer, '')", {"p": PAYLOAD})
    con.execute("update actions set description = $p || description, owner = $p || owner, outcome = $p",
                {"p": PAYLOAD})
    con.execute("update data_version set version = version + 1")
    con.close()
    running = StreamlitServer(path)
    yield running
    running.stop()


@pytest.mark.parametrize("address", PAGES)
def test_a_hostile_payload_renders_as_text_on_every_page(server, browser, address):
    page = browser.new_page(viewport={"width": 1366, "height": 900})
    fetched = []
    page.on("request", lambda r: fetched.append(r.url) if "127.0.0.1:9" in r.url else None)
    page.goto(server.url + address)
    settle(page)
    main = page.locator('[data-testid="stMain"]')
    must_show = address.startswith(("client", "review")) or address == "signals"
    for _ in range(40):  # the page's last elements may still be arriving
        if page.locator('[data-testid="stSkeleton"]').count() == 0 and (
                not must_show or "**big**" in main.inner_text()):
            break
        page.wait_for_timeout(500)
    assert page.locator('[data-testid="stException"]').count() == 0
    assert page.locator('img[src*="127.0.0.1:9"]').count() == 0
    assert main.locator('strong:text-is("big"), b:text-is("bold")').count() == 0
    assert fetched == []
    name = address.split("?")[0] or "portfolio"
    page.screenshot(path=str(SCREENSHOTS / f"hostile-{name}.png"), full_page=True)
    if must_show:
        assert "**big**" in main.inner_text()  # the payload is there, as characters
    page.close()
