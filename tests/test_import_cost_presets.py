"""Detailed time reports of Toggl Track, Clockify and Harvest as cost to serve (issue 16,
item 4), each on a fixture in its real layout (tests/fixtures/import/README.md gives where
the headers come from): recognised by their headers; the client, else the project, as
the client; hours from a duration or a decimal; the cost amount where the report has one
(a billable amount is not a cost); the category read from the description, task and
notes by the rules of cost_categories.toml (EN/PL/RU, stems, negation); internal time
skipped with a reason; the same report again changes no total."""

from __future__ import annotations

from pathlib import Path

import duckdb
import pytest

from analytics.db import open_memory
from analytics.ingest import import_file
from analytics.ingest.cost_categories import categorise, load_cost_category_rules
from analytics.ingest.mapping import PRESET_CHOICES, detect_kind, detect_preset
from analytics.ingest.rules import RulesError
from analytics.ingest.sniff import sniff

FIXTURES = Path(__file__).parent / "fixtures" / "import"

TIME_REPORTS = ("toggl_detailed.csv", "clockify_detailed.csv", "harvest_detailed.csv")


@pytest.fixture()
def db():
    database = open_memory()
    yield database
    database.close()


def _totals(db, batch_id: str | None = None) -> list[tuple]:
    """(client, category, hours, cost, cost rows) of the stored costs, hours and costs
    rounded to the cent."""
    return db.cursor().execute(
        """
        select c.name, s.category, round(sum(s.hours), 2), round(sum(s.cost), 2), count(*)
        from service_costs as s join clients as c using (client_id)
        where $b is null or s.batch_id = $b
        group by all order by 1, 2
        """,
        {"b": batch_id},
    ).fetchall()


@pytest.mark.parametrize(("file", "preset"), [
    ("toggl_detailed.csv", "toggl"),
    ("clockify_detailed.csv", "clockify"),
    ("harvest_detailed.csv", "harvest"),
])
def test_each_time_report_is_told_by_its_headers(file, preset):
    headers = sniff(FIXTURES / file).headers
    assert (detect_kind(headers), detect_preset(headers, "costs")) == ("costs", preset)


def test_the_time_trackers_are_presets_of_the_command_line():
    assert {"toggl", "clockify", "harvest"} <= set(PRESET_CHOICES)


@pytest.mark.parametrize(("file", "preset", "counts"), [
    # loaded, updated, rejected, skipped, new clients
    ("toggl_detailed.csv", "toggl", (8, 0, 0, 1, 2)),  # a team meeting with no client and no project
    ("clockify_detailed.csv", "clockify", (5, 0, 0, 1, 2)),  # a lunch break with neither
    ("harvest_detailed.csv", "harvest", (6, 0, 0, 0, 2)),
])
def test_every_entry_of_each_report_is_loaded_or_skipped(db, file, preset, counts):
    result = import_file(db, None, FIXTURES / file)
    assert (result.kind, result.detection["preset"]) == ("costs", preset)
    assert (result.loaded, result.updated, result.rejected, result.skipped, len(result.new_clients)) == counts


def test_toggl_durations_projects_and_descriptions(db):
    result = import_file(db, "costs", FIXTURES / "toggl_detailed.csv", preset="auto")
    assert _totals(db) == [
        ("Acme Corp", "free_scope", 2.0, None, 1),  # "Extra landing page for free"
        ("Acme Corp", "other", 3.0, None, 1),  # "Homepage design": no rule
        ("Acme Corp", "rework", 2.0, None, 1),  # "Fixing checkout bug" 1:30 + "Bugfix in the cart" 0:30, one day
        ("Acme Corp", "support", 1.25, None, 2),  # a ticket; "Not a bug: … a question" is no rework
        ("Globex Rebrand", "other", 2.5, None, 1),  # no client: the project is the client
        ("Globex Rebrand", "rework", 1.25, None, 1),  # "Poprawki logo po uwagach klienta"
    ]
    assert result.rejects[["line_no", "reason"]].values.tolist() == [
        [9, "no client and no project: internal time, not a cost of a client"]]
    assert result.notes == [
        "categories were read from the descriptions (cost_categories.toml): other 5.50 h (2 entries), "
        "rework 3.25 h (3 entries), free scope 2.00 h (1 entry), support 1.25 h (2 entries)",
        '"Amount (USD)" is what the client is billed, not a cost to serve: it is not read; hours are valued '
        "at the hourly_cost setting",
    ]
    assert result.warnings[-1] == (
        '2 time entries no category rule matches, counted as other: "Homepage design — design" (1), '
        '"Logo concepts — design" (1). Add a rule to analytics/ingest/cost_categories.toml and import the '
        "file again.")


def test_clockify_decimal_hours_month_first_dates_and_polish_and_russian_descriptions(db):
    result = import_file(db, None, FIXTURES / "clockify_detailed.csv")
    assert result.detection["formats"]["day"] == "month first (US) (e.g. 05/12/2025)"
    assert _totals(db) == [
        ("Initech", "free_scope", 2.5, None, 1),  # "Dodatkowy raport poza zakresem umowy"
        ("Initech", "other", 2.0, None, 1),  # "Push notifications — Development"
        ("Initech", "rework", 1.5, None, 1),  # "Hotfix for the login crash"
        ("Initech", "support", 1.0, None, 1),  # "Wsparcie użytkowników – zgłoszenia"
        ("Umbrella Audit", "support", 0.75, None, 1),  # "Консультация по отчётам", a project with no client
    ]
    days = db.cursor().execute("select distinct day::varchar from service_costs order by 1").fetchall()
    assert days == [("2025-05-12",), ("2025-05-13",), ("2025-05-14",)]


def test_harvest_cost_amounts_and_tasks(db):
    result = import_file(db, None, FIXTURES / "harvest_detailed.csv")
    assert _totals(db) == [
        ("Globex Corporation", "free_scope", 1.0, 60.0, 1),  # "… done for free" beats the task's words
        ("Globex Corporation", "other", 3.5, 210.0, 1),  # "Design — Logo concepts"
        ("Globex Corporation", "rework", 2.0, 120.0, 1),  # Task "Revisions"
        ("Globex Corporation", "support", 1.25, 75.0, 1),  # Task "Support"
        ("Hooli", "other", 2.0, None, 1),  # Cost Amount 0 (no cost rate): valued at hourly_cost
        ("Hooli", "rework", 4.0, 200.0, 1),  # "Przeróbka formularza kontaktowego"
    ]
    assert result.warnings[-1] == (
        "The costs are in USD; cost to serve is reported in EUR, and these amounts are taken as EUR amounts "
        "as they are. Convert them before the import, or change the reporting currency.")


@pytest.mark.parametrize("file", TIME_REPORTS)
def test_the_same_time_report_again_changes_no_total(db, file):
    first = import_file(db, None, FIXTURES / file)
    totals = _totals(db)
    again = import_file(db, None, FIXTURES / file)
    assert (again.loaded, again.updated, again.skipped) == (0, first.loaded, first.skipped)
    assert [row[:4] for row in _totals(db)] == [row[:4] for row in totals]
    assert db.cursor().execute("select count(*) from service_costs").fetchone()[0] == sum(r[4] for r in totals)


def test_a_plain_costs_file_keeps_its_own_categories(db):
    """The template's costs file names its categories: no rule reads it."""
    result = import_file(db, None, FIXTURES / "costs.csv")
    assert result.detection["preset"] == "generic"
    assert not any("cost_categories.toml" in note for note in result.notes)


@pytest.mark.parametrize(("text", "category", "rule"), [
    ("Fixing checkout bug reported by the client", "rework", "rework"),
    ("Bez błędów, poprawki niepotrzebne", "other", None),  # negated before and after
    ("Poprawki po odbiorze", "rework", "poprawki"),
    ("Исправление ошибок в выгрузке", "rework", "переделка"),
    ("Support ticket #45", "support", "support"),
    ("Szkolenie użytkowników", "support", "wsparcie"),
    ("Консультация по отчётам", "support", "поддержка"),
    ("Extra report for free", "free_scope", "free of charge"),
    ("Prace poza zakresem umowy", "free_scope", "poza zakresem"),
    ("Доработка бесплатно по просьбе клиента", "free_scope", "вне объёма"),
    ("Fixed price project kickoff", "other", None),  # "fixed" is no fix
    ("Sprint planning", "other", None),
])
def test_category_rules_read_english_polish_and_russian(text, category, rule):
    found = categorise(duckdb.connect(), [text])
    assert (found["category"][0], None if found["rule_name"].isna()[0] else found["rule_name"][0]) \
        == (category, rule)


def test_a_category_rule_with_an_unknown_category_is_named(tmp_path):
    path = tmp_path / "cost_categories.toml"
    path.write_text('[[rule]]\nname = "bugs"\ncategory = "bugs"\nmatch = ["bug*"]\n', encoding="utf-8")
    with pytest.raises(RulesError) as err:
        load_cost_category_rules(path)
    assert str(err.value) == ('"cost_categories.toml", rule 1 ("bugs"): category "bugs" is not one of '
                              "support, rework, free_scope, other.")
