"""The Method page: the method's text with the values in force, and editing them."""

from __future__ import annotations

from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from analytics.db import open_database
from analytics.settings import REGISTRY, load_settings

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture
def method_page(demo_copy, monkeypatch):
    monkeypatch.setenv("CONTINUUM_DB", str(demo_copy))
    return AppTest.from_file(str(ROOT / "pages" / "method.py"), default_timeout=120)


def test_the_method_page_shows_every_section_and_every_setting_in_force(method_page):
    app = method_page.run()
    assert not app.exception
    assert app.title[0].value == "Method"
    headers = [h.value for h in app.header]
    assert headers[:5] == ["How a score is made", "What a number stands on", "History and new clients",
                           "Position on the continuum", "High and Wide"]
    assert {"Warning signals", "Value and concentration", "Command line"} <= set(headers)
    shown = set().union(*(set(df.value["key"]) for df in app.dataframe))
    assert shown == {s.key for s in REGISTRY}


def test_saving_a_weight_on_the_page_writes_it_to_the_settings_table(method_page, demo_copy):
    app = method_page.run()
    app.selectbox(key="setting_key").set_value("weight_trust").run()
    app.number_input(key="value_weight_trust").set_value(0.35).run()
    app.button(key="save_setting").click().run()
    assert not app.exception
    assert in_force(app, "weight_trust") == 0.35
    db = open_database(demo_copy)  # the same process: DuckDB shares the open file
    assert load_settings(db.cursor())["weight_trust"] == 0.35
    app.button(key="reset_all").click().run()
    assert not app.exception
    assert in_force(app, "weight_trust") == 0.2
    assert load_settings(db.cursor())["weight_trust"] == 0.2


def in_force(app, key: str) -> float:
    for df in app.dataframe:
        rows = df.value.set_index("key")
        if key in rows.index:
            return float(rows.loc[key, "in_force"])
    raise KeyError(key)
