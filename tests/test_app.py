"""The app and every page run under Streamlit's AppTest on the session's demo portfolio.

Pages are tested one file each (AppTest.from_file("pages/…")), as Streamlit's docs
advise; app.py is run once to check the navigation frame.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from analytics.method.portfolio import portfolio_totals

TIMEOUT = 120
ROOT = Path(__file__).resolve().parent.parent


def page(name: str) -> AppTest:
    return AppTest.from_file(str(ROOT / name), default_timeout=TIMEOUT)


@pytest.fixture(autouse=True)
def demo_env(demo_db_file, monkeypatch, tmp_path):
    monkeypatch.setenv("CONTINUUM_DB", str(demo_db_file))
    monkeypatch.setenv("CONTINUUM_DATA_DIR", str(tmp_path))  # the folder a typed path may name


def test_app_opens_the_portfolio_on_the_demo_without_exceptions(demo_db):
    app = page("app.py").run()
    assert not app.exception
    assert app.title[0].value == "Portfolio"
    totals = portfolio_totals(demo_db.cursor(), "2026Q3")
    assert app.metric[0].value == f"{totals.clients:,}"
    assert app.sidebar.selectbox(key="quarter").value == "2026Q3"
    assert str(demo_db.path) in " ".join(c.value for c in app.sidebar.caption)


def test_choosing_an_earlier_quarter_changes_the_figures_and_the_url():
    app = page("pages/portfolio.py").run()
    revenue_now = app.metric[1].value
    app.sidebar.selectbox(key="quarter").set_value("2025Q4").run()
    assert not app.exception
    assert app.query_params["quarter"] in ("2025Q4", ["2025Q4"])
    assert app.caption[0].value.startswith("Quarter 2025Q4")
    assert app.metric[1].label == "Revenue, last 4 quarters"
    assert app.metric[1].value != revenue_now


def test_the_quarter_in_the_url_is_the_quarter_shown():
    app = page("pages/portfolio.py")
    app.query_params["quarter"] = "2025Q2"
    app.run()
    assert not app.exception
    assert app.sidebar.selectbox(key="quarter").value == "2025Q2"


def test_a_file_that_is_not_a_database_gets_a_message_not_a_traceback(tmp_path):
    bad = tmp_path / "bad.duckdb"
    bad.write_text("not a database")
    app = page("pages/portfolio.py").run()
    app.sidebar.text_input(key="db_path").set_value(str(bad)).run()
    assert not app.exception
    assert "is not a DuckDB database" in app.error[0].value
    assert bad.read_text() == "not a database"


@pytest.mark.parametrize(("button", "title"), [(0, "Welcome to Continuum"), (1, "Portfolio")])
def test_a_missing_file_offers_an_empty_database_or_a_demo_there(tmp_path, button, title):
    target = tmp_path / "new.duckdb"
    app = page("pages/portfolio.py").run()
    app.sidebar.text_input(key="db_path").set_value(str(target)).run()
    assert not app.exception
    assert "no database" in app.info[0].value.lower()
    assert [b.label for b in app.button] == ["Create an empty database there", "Create a demo portfolio there"]
    app.button[button].click().run()
    assert not app.exception
    assert app.title[0].value == title
    assert target.exists()
    assert app.query_params["db"] in (str(target), [str(target)])  # a reload opens it again
    demo_note = [i.value for i in app.sidebar.info if "Demo portfolio" in i.value]
    assert bool(demo_note) is (title == "Portfolio")


def test_a_new_file_named_at_start_is_empty_and_shows_no_demo_figures(tmp_path, monkeypatch):
    target = tmp_path / "mine.duckdb"
    monkeypatch.setenv("CONTINUUM_DB", str(target))
    app = page("app.py").run()
    assert not app.exception
    assert app.title[0].value == "Welcome to Continuum"
    assert not app.metric and target.exists()
    assert not [i.value for i in app.sidebar.info if "Demo portfolio" in i.value]


def test_the_file_in_the_address_is_opened_again_after_a_reload(tmp_path, demo_db_file):
    import shutil

    other = tmp_path / "other.duckdb"
    shutil.copy2(demo_db_file, other)
    app = page("pages/portfolio.py")
    app.query_params["db"] = str(other)
    app.run()
    assert not app.exception
    assert app.sidebar.text_input(key="db_path").value == str(other)
    assert str(other) in " ".join(c.value for c in app.sidebar.caption)
