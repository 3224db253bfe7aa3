"""Seniority from job titles (issue 16): the rules of analytics/ingest/seniority.toml,
applied inside the contacts import, read titles in English, Polish and Russian with
their inflected forms; a title no rule matches is of unknown level, never staff."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

from analytics.db import open_memory
from analytics.ingest import import_file
from analytics.ingest.rules import RulesError, phrase_pattern
from analytics.ingest.seniority import ENV_LEVEL_RULES, load_level_rules
from analytics.ingest.vocabulary import word_key

# (title, level, rule): each line is a title as people write it, and why it is there
TITLES = [
    # English
    ("CEO", "executive", "chief officer"),
    ("Chief Operating Officer", "executive", "chief officer"),
    ("President", "executive", "president"),
    ("Owner", "executive", "owner"),
    ("Co-Founder & CTO", "executive", "chief officer"),  # the first rule in the file decides
    ("Managing Director", "executive", "managing director"),
    ("General Manager", "executive", "managing director"),  # before "manager"
    ("Vice President, Sales", "director", "vp"),  # before "president"
    ("SVP Operations", "director", "vp"),
    ("Head of Procurement", "director", "head of"),
    ("IT Director", "director", "director"),
    ("Senior Project Manager", "manager", "manager"),
    ("Team Lead", "manager", "project lead"),
    ("Product Owner", "manager", "product owner"),  # not an owner of the company
    ("Executive Assistant to the CEO", "staff", "assistant"),  # not the CEO
    ("Procurement Specialist", "staff", "specialist"),
    ("Data Analyst", "staff", "analyst"),
    # Polish, with inflected forms
    ("Prezes Zarządu", "executive", "prezes"),
    ("Wiceprezes Zarządu", "executive", "deputy chief executive"),  # a board member
    ("Członek Zarządu", "executive", "członek zarządu"),
    ("Członkini Zarządu ds. Finansów", "executive", "członek zarządu"),
    ("Właściciel", "executive", "owner"),
    ("Dyrektor Generalny", "executive", "dyrektor generalny"),
    ("Dyrektor Finansowy", "director", "dyrektor"),
    ("Zastępca Dyrektora ds. Sprzedaży", "director", "dyrektor"),  # genitive
    ("Dyrektorka Handlowa", "director", "dyrektor"),  # feminine
    ("Kierownik Działu Zakupów", "manager", "kierownik"),
    ("Kierowniczka Projektu", "manager", "kierownik"),  # feminine
    ("Asystentka Zarządu", "staff", "assistant"),  # not the board
    ("Specjalista ds. Logistyki", "staff", "specialist"),
    ("Główna Księgowa", "manager", "chief accountant"),
    # Russian, with inflected forms
    ("Генеральный директор", "executive", "генеральный директор"),
    ("Заместитель генерального директора", "executive", "deputy chief executive"),
    ("Председатель правления", "executive", "президент"),
    ("Член правления", "executive", "член правления"),
    ("Финансовый директор", "director", "директор"),
    ("Директора по закупкам", "director", "директор"),  # genitive
    ("Руководитель отдела продаж", "director", "руководитель"),
    ("Руководитель проекта", "manager", "project lead"),
    ("Начальник отдела закупок", "manager", "начальник отдела"),
    ("Начальник управления логистики", "director", "начальник управления"),
    ("Менеджер по работе с клиентами", "manager", "менеджер"),
    ("Помощник генерального директора", "staff", "assistant"),
    ("Главный бухгалтер", "manager", "chief accountant"),
    ("Ведущий специалист", "staff", "specialist"),
    ("Бухгалтер", "staff", "accountant"),
]
# titles no rule decides: their level is unknown, never staff
UNKNOWN = ["Account Executive", "Partner", "Ekonomista", "Юрисконсульт", "Headhunter"]


def _write(path: Path, rows: list[list[str]]) -> Path:
    with path.open("w", newline="", encoding="utf-8") as fh:
        writer = csv.writer(fh)
        writer.writerow(["contact_id", "client_id", "name", "title"])
        writer.writerows(rows)
    return path


@pytest.fixture()
def levels(tmp_path):
    """Every title of TITLES and UNKNOWN imported as a contacts template file:
    {title: (level, level_source, level_rule, level_reason)}."""
    titles = [t for t, _, _ in TITLES] + UNKNOWN
    path = _write(tmp_path / "contacts.csv", [[f"P{i}", "C1", f"Person {i}", t] for i, t in enumerate(titles)])
    db = open_memory()
    result = import_file(db, "contacts", path)
    assert (result.loaded, result.rejected) == (len(titles), 0), result.reasons
    rows = db.cursor().execute(
        "select c.title, c.level, d.level_source, d.level_rule, d.level_reason "
        "from contacts as c join contact_details as d using (contact_id)"
    ).fetchall()
    yield {r[0]: r[1:] for r in rows}, result
    db.close()


def test_every_title_gets_the_level_of_the_first_rule_that_matches(levels):
    found, _ = levels
    assert {t: (found[t][0], found[t][2]) for t, _, _ in TITLES} == {t: (lv, rule) for t, lv, rule in TITLES}
    assert all(found[t][1] == "rule" for t, _, _ in TITLES)


def test_a_title_no_rule_matches_is_unknown_never_staff(levels):
    found, result = levels
    assert {t: found[t][:3] for t in UNKNOWN} == {t: (None, "unknown", None) for t in UNKNOWN}
    assert found["Partner"][3] == 'no rule matches the title "Partner"'
    assert sorted(result.unknown_titles.itertuples(index=False, name=None)) == sorted((t, 1) for t in UNKNOWN)
    assert result.warnings[-1].startswith("5 contacts of unknown level (no seniority rule matches the title): ")


def test_the_reason_names_the_title_the_level_and_the_rule(levels):
    found, _ = levels
    assert found["Dyrektor Finansowy"][3] == "Dyrektor Finansowy → director, rule 'dyrektor'"
    assert found["Генеральный директор"][3] == "Генеральный директор → executive, rule 'генеральный директор'"


def test_a_level_column_wins_over_the_title_and_says_so(tmp_path):
    path = tmp_path / "contacts.csv"
    path.write_text("contact_id,client_id,name,title,level\n"
                    "P1,C1,Ann,CEO,manager\n"  # the file says manager: the file wins
                    "P2,C1,Bob,CEO,\n",  # a blank level: the title decides
                    encoding="utf-8")
    db = open_memory()
    import_file(db, "contacts", path)
    rows = db.cursor().execute(
        "select contact_id, level, level_source, level_reason from contacts join contact_details using (contact_id) "
        "order by 1"
    ).fetchall()
    assert rows == [
        ("P1", "manager", "file", '"manager" in the level column → manager'),
        ("P2", "executive", "rule", "CEO → executive, rule 'chief officer'"),
    ]


def test_python_folding_of_rule_words_is_the_import_s_folding_of_titles():
    """Rule phrases are folded in Python (word_key), titles in DuckDB (import_word_key):
    for every word of the rules both must give the same text, or a rule would miss."""
    from analytics.ingest.load import sql

    words = sorted({w.rstrip("*") for r in load_level_rules() for p in r.match for w in p.split() if w != "~"})
    con = open_memory().cursor()
    con.execute(sql("macros"))
    folded = con.execute("select list_transform($w, lambda x: import_word_key(x))", {"w": words}).fetchone()[0]
    assert folded == [word_key(w) for w in words]


def test_a_stem_matches_endings_and_a_plain_word_only_itself():
    import re

    assert re.search(phrase_pattern("dyrektor*"), "zastepca dyrektora ds sprzedazy")
    assert not re.search(phrase_pattern("head"), "headhunter")
    assert re.search(phrase_pattern("member of ~ board*"), "member of the management board")
    assert not re.search(phrase_pattern("cto"), "director")


def test_a_broken_rules_file_is_named_with_the_rule_at_fault(tmp_path, monkeypatch):
    bad = tmp_path / "levels.toml"
    bad.write_text('[[rule]]\nname = "boss"\nlevel = "chief"\nmatch = ["boss*"]\n', encoding="utf-8")
    with pytest.raises(RulesError, match=r'"levels.toml", rule 1 \("boss"\): level "chief" is not one of '
                                         r"executive, director, manager, staff"):
        load_level_rules(bad)
    monkeypatch.setenv(ENV_LEVEL_RULES, str(bad))
    with pytest.raises(RulesError):
        load_level_rules()


def test_an_edited_rules_file_decides_the_next_import(tmp_path, monkeypatch):
    rules = tmp_path / "levels.toml"
    rules.write_text('[[rule]]\nname = "partner"\nlevel = "executive"\nmatch = ["partner*"]\n', encoding="utf-8")
    monkeypatch.setenv(ENV_LEVEL_RULES, str(rules))
    db = open_memory()
    import_file(db, "contacts", _write(tmp_path / "c.csv", [["P1", "C1", "Kim", "Senior Partner"]]))
    assert db.cursor().execute("select level from contacts").fetchall() == [("executive",)]
