"""The pages on the data users really bring: a deals-only portfolio and an empty file.

A deals-only portfolio says in words what is measured (Value only), that every stage is
provisional, which dimensions are not measured and what to import; an empty file offers
the two ways in (import, with the templates, or the demo) and never a page of empty
charts. AppTest for the words, the browser for how it looks (screenshots)."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from analytics.db import open_database
from tests.browser import SCREENSHOTS, StreamlitServer, launch_chromium, require_chromium, settle
from tests.tiny import Tiny

ROOT = Path(__file__).resolve().parent.parent
TIMEOUT = 120


def build_deals_only(path: Path) -> None:
    db = open_database(path)
    tiny = Tiny(db)
    for client, amount in (("A", 1000), ("B", 3000), ("C", 2000)):
        tiny.client(client)
        for on in ("2024-08-01", "2024-11-01", "2025-02-01", "2025-05-01", "2025-08-01", "2025-11-01"):
            tiny.deal(client, on, amount)
    db.close()


@pytest.fixture(scope="module")
def deals_only_file(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("thin") / "deals-only.duckdb"
    build_deals_only(path)
    return path


@pytest.fixture(scope="module")
def empty_file(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("thin") / "empty.duckdb"
    open_database(path).close()
    return path


def page(name: str, db: Path, monkeypatch, **params) -> AppTest:
    monkeypatch.setenv("CONTINUUM_DB", str(db))
    app = AppTest.from_file(str(ROOT / "pages" / name), default_timeout=TIMEOUT)
    for key, value in params.items():
        app.query_params[key] = value
    return app.run()


def texts(app: AppTest) -> str:
    parts = [m.value for m in app.markdown] + [c.value for c in app.caption] + [i.value for i in app.info]
    parts += [e.label for e in app.expander]
    return "\n".join(str(p) for p in parts)


def test_the_portfolio_of_a_deals_only_database_says_what_is_measured(deals_only_file, monkeypatch):
    app = page("portfolio.py", deals_only_file, monkeypatch)
    assert not app.exception
    shown = texts(app)
    assert ("Positions are measured on Value only (20 % of the weight), so every stage is provisional"
            in shown)
    assert "What the data covers" in shown
    assert "**Touches**: import an activity export" in shown  # what to import next
    assert {m.label: m.value for m in app.metric}["Clients"] == "3"


def test_the_client_of_a_deals_only_database_shows_not_measured_in_words(deals_only_file, monkeypatch):
    app = page("client.py", deals_only_file, monkeypatch, client="B")
    assert not app.exception
    shown = {m.label: m.value for m in app.metric}
    assert shown["Stage, provisional"] == "Working trust"  # B: the largest LTV of three, Value 60
    shown = texts(app)
    assert "The position is measured on Value only (20 % of the weight)" in shown
    assert "**High and Wide** · not measured" in shown
    assert "Not measured: needs contacts and touches" in shown
    assert "**Not judged** (6 of 7 signals" in shown
    assert "50 / 100" not in [m.value for m in app.metric]  # never a neutral 50


@pytest.mark.parametrize("name", ["portfolio.py", "client.py", "signals.py", "review.py", "reviews_overview.py"])
def test_an_empty_database_offers_import_or_demo_on_every_page(empty_file, monkeypatch, name):
    app = page(name, empty_file, monkeypatch)
    assert not app.exception
    assert app.title[0].value == "Welcome to Continuum"
    assert [b.label for b in app.button] == ["Build the demo portfolio here"]
    assert not app.metric  # no figures of nothing
    assert "Open **Data → Import** in the sidebar." in texts(app)


def test_the_demo_is_built_only_when_asked(tmp_path, monkeypatch):
    path = tmp_path / "asked.duckdb"
    open_database(path).close()
    app = page("portfolio.py", path, monkeypatch)
    app.button[0].click().run()
    assert not app.exception
    assert app.title[0].value == "Portfolio"
    assert {m.label: m.value for m in app.metric}["Clients"] == "60"


@pytest.fixture(scope="module")
def browser():
    require_chromium()
    yield from launch_chromium()


@pytest.mark.parametrize("kind", ["deals-only", "empty"])
def test_the_thin_databases_look_right_in_the_browser(tmp_path, deals_only_file, empty_file, browser, kind):
    from playwright.sync_api import expect

    source = deals_only_file if kind == "deals-only" else empty_file
    copy = tmp_path / source.name
    shutil.copy2(source, copy)
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    server = StreamlitServer(copy)
    try:
        for name, address in (("portfolio", ""), ("client", "client?client=B")):
            page_ = browser.new_page(viewport={"width": 1366, "height": 900})
            page_.goto(server.url + address)
            settle(page_)
            main = page_.locator('[data-testid="stMainBlockContainer"]')
            # the words each page must show, waited for: a loaded machine renders late
            wanted = {
                ("empty", "portfolio"): ["Welcome to Continuum", "Build the demo portfolio here"],
                ("empty", "client"): ["Welcome to Continuum", "Build the demo portfolio here"],
                ("deals-only", "portfolio"): ["every stage is provisional"],
                ("deals-only", "client"): ["Stage, provisional", "High and Wide · not measured"],
            }[(kind, name)]
            for text in wanted:
                expect(main).to_contain_text(text, timeout=60_000)
            assert page_.locator('[data-testid="stException"]').count() == 0
            if kind == "empty":
                assert page_.locator(".js-plotly-plot").count() == 0
            page_.screenshot(path=str(SCREENSHOTS / f"thin-{kind}-{name}-1366.png"), full_page=True)
            page_.close()
    finally:
        server.stop()


def test_a_review_of_a_client_without_contacts_is_saved_and_exported(tmp_path, monkeypatch):
    from analytics.review.export import export_review

    path = tmp_path / "deals-only-review.duckdb"
    build_deals_only(path)
    app = page("review.py", path, monkeypatch, client="B", quarter="2025Q4")
    assert not app.exception
    assert any("No contacts on record for this client" in i.value for i in app.info)
    app.button(key="review_save_top").click().run()
    assert not app.exception
    assert app.success[0].value.startswith("Saved the 2025Q4 review of Client B")
    db = open_database(path)  # the same process: DuckDB shares the open file
    markdown = export_review(db.cursor(), "B", "2025Q4", "md")
    html_text = export_review(db.cursor(), "B", "2025Q4", "html")
    assert "The position is measured on Value only (20 % of the weight); the stage is provisional." in markdown
    assert "Not judged (the data they stand on is missing):" in markdown
    assert "<li>Declining access to decision makers: needs contacts and touches" in html_text


def test_a_currency_without_a_rate_shows_one_banner_until_the_rate_is_set(tmp_path, monkeypatch):
    from analytics.ingest import set_fx_rate

    path = tmp_path / "usd.duckdb"
    build_deals_only(path)
    db = open_database(path)
    db.cursor().execute(  # a won deal in USD, which has no rate
        "insert into deals (deal_id, client_id, status, amount, currency, created_on, closed_on) "
        "values ('D-USD', 'B', 'won', 900, 'USD', '2025-11-20', '2025-11-20')"
    )
    db.close()
    app = page("portfolio.py", path, monkeypatch)
    assert not app.exception
    banners = [w.value for w in app.warning if "unknown" in w.value]
    assert banners == ["Revenue of 1 client is unknown\\: no rate for USD → EUR. Add it on Import → Exchange rates "
                       "\\(or\\: python \\-m analytics rates set CODE RATE\\)."]  # escaped as text
    assert {m.label: m.value for m in app.metric}["Revenue, last 4 quarters"] == "€12k"  # A and C; B unknown
    db = open_database(path)  # the same process: DuckDB shares the open file
    set_fx_rate(db, "USD", 0.5)
    app = page("portfolio.py", path, monkeypatch)
    assert not [w for w in app.warning if "unknown" in w.value]
    assert {m.label: m.value for m in app.metric}["Revenue, last 4 quarters"] == "€24k"


@pytest.mark.parametrize("name", ["client.py", "review.py"])
def test_a_score_that_did_not_move_says_no_change_with_no_arrow_and_no_colour(deals_only_file, monkeypatch, name):
    app = page(name, deals_only_file, monkeypatch, client="B", quarter="2025Q4")
    assert not app.exception
    score = next(m for m in app.metric if m.label == "Continuum score")
    assert score.proto.delta == "no change since 2025Q3"
    assert "direction: NONE" in str(score.proto) and "color: GRAY" in str(score.proto)  # no arrow, no green


def test_value_against_cost_is_not_measured_without_service_costs(deals_only_file, monkeypatch):
    from analytics.method.value import client_value

    db = open_database(deals_only_file)
    try:
        assert client_value(db.cursor(), "2025Q4")["quadrant_id"].isna().all()
    finally:
        db.close()
    app = page("client.py", deals_only_file, monkeypatch, client="B", quarter="2025Q4")
    assert not app.exception
    assert "Value against cost: **not measured** — the portfolio has no service costs yet." in [
        m.value for m in app.markdown]
