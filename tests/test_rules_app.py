"""The Rules page and the Import page's "Where a rule would help" tab under AppTest, on
a private copy of the demo portfolio: the rules in force are shown readably, a note can
be tried against them, and the places where a rule would help are listed."""

from __future__ import annotations

from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

import analytics.access as access
from analytics.db import open_database
from analytics.ingest.manual import rules_view

TIMEOUT = 180
ROOT = Path(__file__).resolve().parent.parent


def open_page(name: str) -> AppTest:
    page = AppTest.from_file(str(ROOT / "pages" / name), default_timeout=TIMEOUT)
    page.session_state["continuum_access"] = access.OPERATOR
    page.run()
    assert not page.exception, page.exception
    return page


@pytest.fixture(autouse=True)
def demo_env(demo_copy, monkeypatch):
    monkeypatch.setenv("CONTINUUM_DB", str(demo_copy))


def test_the_rules_page_shows_the_tag_and_seniority_rules_in_force_and_tries_a_note(demo_copy):
    page = open_page("rules.py")
    db = open_database(demo_copy)
    tags, levels = rules_view(db.cursor(), "tags"), rules_view(db.cursor(), "levels")
    db.close()
    shown = [d.value for d in page.dataframe if "phrases" in d.value.columns and "stems" in d.value.columns]
    assert [len(t) for t in shown] == [len(tags.rules), len(levels.rules)]
    first = shown[0].iloc[0]
    assert (first["tag"], first["languages"], first["name"]) == ("Status request", "English", "asks for a status update")
    assert any("In force: the packaged rules file tags.toml" in c.value for c in page.caption)
    assert page.button(key="rules_editor::tags::reset").disabled  # nothing edited yet
    page.text_area(key="rules_try_note").input("Клиент просит скидку на продление").run()
    assert any("Discount request" in m.value and "просит скидку" in m.value for m in page.markdown)


def test_the_import_page_lists_where_a_rule_would_help():
    page = open_page("import_data.py")
    headings = [m.value for m in page.markdown]
    assert "#### Contacts of unknown level" in headings
    assert "#### The most frequent subjects of touches without a tag" in headings
