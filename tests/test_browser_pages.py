"""The Portfolio, Client and Signals pages in a real browser (Debian's Chromium).

Each page must render its Plotly charts with no exception box at 1366x768 and at
1920x1080 (screenshots land in tests/output/screenshots/), and a client link must open
that client's page.
"""

from __future__ import annotations

import shutil

import pytest

from analytics.demo import planted_stories
from analytics.method.portfolio import portfolio_view
from tests.browser import SCREENSHOTS, StreamlitServer, launch_chromium, serve_copy, settle
from tests.conftest import DEMO_CLIENTS, DEMO_END_QUARTER

SIZES = [(1366, 768), (1920, 1080)]
ACCESS_DECLINE = planted_stories(DEMO_CLIENTS)["access_decline"][0]
PAGES = {
    "portfolio": "",
    "client": f"client?client={ACCESS_DECLINE}",
    "signals": "signals",
}
CHARTS = {"portfolio": 6, "client": 7, "signals": 1}  # Plotly charts each page draws on the demo


@pytest.fixture(scope="module")
def server(tmp_path_factory, demo_db_file):
    yield from serve_copy(demo_db_file, tmp_path_factory.mktemp("browser-pages"))


@pytest.fixture(scope="module")
def browser(server):
    yield from launch_chromium()


def wait_for_charts(page) -> None:
    from playwright.sync_api import expect

    expect(page.locator(".js-plotly-plot").first).to_be_visible(timeout=60_000)
    # plotly draws its SVG layers once the figure is laid out
    page.wait_for_selector(".js-plotly-plot .main-svg", timeout=60_000)


@pytest.mark.parametrize("width,height", SIZES)
@pytest.mark.parametrize("name", list(PAGES))
def test_each_page_renders_its_charts_with_no_exception_box(server, browser, name, width, height):
    from playwright.sync_api import expect

    page = browser.new_page(viewport={"width": width, "height": height})
    page.goto(server.url + PAGES[name])
    settle(page)
    wait_for_charts(page)
    expect(page.locator('[data-testid="stMainBlockContainer"] h1').first).to_be_visible()
    assert page.locator('[data-testid="stException"]').count() == 0
    page.screenshot(path=str(SCREENSHOTS / f"{name}-{width}x{height}.png"))
    # the whole page: Streamlit scrolls inside its main block, so grow the window to its length
    length = page.evaluate("() => document.querySelector('[data-testid=\"stMain\"]').scrollHeight")
    page.set_viewport_size({"width": width, "height": max(height, length)})
    page.wait_for_timeout(1500)
    assert page.locator(".js-plotly-plot").count() == CHARTS[name]
    assert page.locator('[data-testid="stException"]').count() == 0
    page.screenshot(path=str(SCREENSHOTS / f"{name}-{width}x{height}-full.png"), full_page=True)
    page.close()


def test_the_client_page_names_the_client_from_the_url(server, browser):
    from playwright.sync_api import expect

    page = browser.new_page(viewport={"width": 1366, "height": 768})
    page.goto(server.url + PAGES["client"])
    settle(page)
    expect(page.get_by_role("heading", name="Vistula Freight S.A.")).to_be_visible()
    expect(page.get_by_text("Declining access to decision makers").first).to_be_visible()
    page.close()


def test_a_client_link_on_the_portfolio_opens_that_client(server, browser):
    from playwright.sync_api import expect

    page = browser.new_page(viewport={"width": 1366, "height": 768})
    page.goto(server.url)
    settle(page)
    link = page.locator('[data-testid="stPageLink-NavLink"][href*="client="]').first
    expect(link).to_be_visible(timeout=30_000)
    client_name = link.inner_text().strip().splitlines()[-1].split(":")[0].strip()  # after the icon
    link.click()
    page.wait_for_url("**/client?*client=*", timeout=30_000)
    settle(page)
    expect(page.get_by_role("heading", name=client_name)).to_be_visible(timeout=30_000)
    wait_for_charts(page)
    assert page.locator('[data-testid="stException"]').count() == 0
    page.close()


def test_a_signal_in_the_inbox_opens_its_client_at_the_evidence(server, browser):
    from playwright.sync_api import expect

    page = browser.new_page(viewport={"width": 1366, "height": 768})
    page.goto(server.url + "signals")
    settle(page)
    link = page.locator('[data-testid="stPageLink-NavLink"][href*="evidence="]').first
    expect(link).to_be_visible(timeout=30_000)
    link.click()
    page.wait_for_url("**/client?*evidence=*", timeout=30_000)
    settle(page)
    # the signal's evidence opens unfolded: a table of rows is visible in the signals section
    expect(page.locator('[data-testid="stExpander"] details[open] [data-testid="stDataFrame"]').first).to_be_visible(
        timeout=30_000
    )
    assert page.locator('[data-testid="stException"]').count() == 0
    page.close()


def test_filters_in_the_address_narrow_the_portfolio(server, browser):
    from playwright.sync_api import expect

    page = browser.new_page(viewport={"width": 1366, "height": 768})
    page.goto(server.url + "?segment=Enterprise")
    settle(page)
    wait_for_charts(page)
    expect(page.get_by_text("Segment: Enterprise").first).to_be_visible()
    assert page.locator('[data-testid="stException"]').count() == 0
    page.close()


POINT_ON_THE_MAP = """() => {
  const plots = [...document.querySelectorAll('.js-plotly-plot')];
  const gd = plots.find(g => g._fullData && g._fullData.some(
    t => t.customdata && t.customdata.length && String(t.customdata[0][0]).startsWith('C')));
  const t = gd._fullData.findIndex(t => t.customdata && t.customdata.length);
  const point = gd.calcdata[t][0];
  const xa = gd._fullLayout.xaxis, ya = gd._fullLayout.yaxis;
  const box = gd.getBoundingClientRect();
  return {x: box.left + xa._offset + xa.l2p(point.x), y: box.top + ya._offset + ya.l2p(point.y),
          client_id: gd._fullData[t].customdata[0][0]};
}"""


def test_clicking_a_client_on_the_map_opens_that_client(server, browser):
    from playwright.sync_api import expect

    page = browser.new_page(viewport={"width": 1366, "height": 768})
    page.goto(server.url)
    settle(page)
    wait_for_charts(page)
    page.locator('[data-testid="stPlotlyChart"]').nth(3).scroll_into_view_if_needed()
    page.wait_for_timeout(1000)
    point = page.evaluate(POINT_ON_THE_MAP)
    page.mouse.move(point["x"] - 15, point["y"] - 15)
    page.mouse.move(point["x"], point["y"], steps=5)  # plotly clicks what it hovers
    page.wait_for_timeout(500)
    page.mouse.click(point["x"], point["y"])
    page.wait_for_url(f"**/client?*client={point['client_id']}*", timeout=30_000)
    settle(page)
    expect(page.locator('[data-testid="stMainBlockContainer"] h1').first).to_be_visible()
    assert page.locator('[data-testid="stException"]').count() == 0
    page.close()


@pytest.fixture
def largest_client(demo_db) -> str:
    """The first row of the Portfolio's clients table: the largest client by revenue."""
    view = portfolio_view(demo_db.cursor(), DEMO_END_QUARTER)
    return view.sort_values(["revenue_4q", "name"], ascending=[False, True]).iloc[0]["name"]


def test_clicking_a_name_in_the_clients_table_opens_that_client(server, browser, largest_client):
    page = browser.new_page(viewport={"width": 1366, "height": 768})
    page.goto(server.url)
    settle(page)
    table = page.locator('[data-testid="stDataFrame"]').first
    table.scroll_into_view_if_needed()
    page.wait_for_timeout(1000)
    box = table.bounding_box()
    page.mouse.click(box["x"] + 60, box["y"] + 35 + 17)  # the first row's name, under the header
    page.wait_for_url("**/client?*client=*", timeout=30_000)
    settle(page)
    assert page.locator('[data-testid="stMainBlockContainer"] h1').first.inner_text() == largest_client
    assert page.locator('[data-testid="stException"]').count() == 0
    page.close()


@pytest.mark.parametrize(("address", "heading"), [
    (PAGES["client"], "Vistula Freight S.A."),
    ("import_data", "Import"),  # a page with its own sidebar (no quarter), found broken once
])
def test_a_shared_link_opened_first_after_a_restart_gets_the_full_app(
    demo_db_file, tmp_path, browser, address, heading,
):
    from playwright.sync_api import expect

    db_path = tmp_path / "fresh.duckdb"
    shutil.copy2(demo_db_file, db_path)
    fresh = StreamlitServer(db_path)  # nobody has opened its home page yet
    try:
        page = browser.new_page(viewport={"width": 1366, "height": 768})
        page.goto(fresh.url + address)
        settle(page)
        expect(page.get_by_role("heading", name=heading, exact=True)).to_be_visible(timeout=60_000)
        nav = page.locator('[data-testid="stSidebarNav"]')
        expect(nav.get_by_text("Explore")).to_be_visible()
        assert nav.get_by_text("app", exact=True).count() == 0  # not Streamlit's pages/ folder listing
        page.close()
    finally:
        fresh.stop()
