"""Contacts exports of HubSpot, Salesforce, Pipedrive, Zoho and Bitrix24 (issue 16),
each on a fixture in its real layout (tests/fixtures/import/README.md gives where each
header set comes from): recognised, the level from the job title with its reason, the
e-mail as the key, "Reports to" kept, re-imports update, undo puts everything back."""

from __future__ import annotations

from pathlib import Path

import pytest

from analytics.db import open_memory
from analytics.ingest import import_file, undo_batch
from analytics.ingest.mapping import detect_kind

FIXTURES = Path(__file__).parent / "fixtures" / "import"


@pytest.fixture()
def db():
    database = open_memory()
    yield database
    database.close()


def _contacts(db, where: str = "true") -> list[tuple]:
    return db.cursor().execute(
        "select c.contact_id, c.client_id is not null, c.name, c.level, d.level_rule, d.reports_to "
        "from contacts as c left join contact_details as d using (contact_id) "
        f"where {where} order by c.contact_id"  # noqa: S608 - the tests' own constants
    ).fetchall()


@pytest.mark.parametrize(("file", "preset", "counts"), [
    ("hubspot_contacts.csv", "hubspot", (6, 0, 0, 0, 2)),
    ("salesforce_contacts.csv", "salesforce", (5, 0, 0, 3, 1)),  # Total and 2 footer lines
    ("pipedrive_people.csv", "pipedrive", (4, 0, 0, 0, 1)),
    ("zoho_contacts.csv", "zoho", (3, 0, 0, 0, 1)),
    ("bitrix24_contacts.csv", "bitrix24", (5, 0, 0, 0, 1)),  # Windows-1251, semicolons
])
def test_each_crm_contacts_export_is_recognised_and_loads_every_row(db, file, preset, counts):
    result = import_file(db, None, FIXTURES / file)
    assert (result.kind, result.detection["preset"]) == ("contacts", preset)
    assert (result.loaded, result.updated, result.rejected, result.skipped, len(result.new_clients)) == counts


def test_hubspot_contacts_take_their_email_as_key_and_their_level_from_the_title(db):
    import_file(db, None, FIXTURES / "hubspot_contacts.csv")
    assert _contacts(db) == [
        ("56", True, "Mark Owens", None, None, None),  # no e-mail: the CRM's id; "Account Executive" unknown
        ("anna.kowalczyk@acme.pl", True, "Anna Kowalczyk", "executive", "prezes", None),
        ("ewa.lis@acme.pl", True, "Ewa Lis", "manager", "kierownik", None),
        ("jmiller@northwind.com", True, "John Miller", "director", "vp", None),
        ("piotr.wisniewski@acme.pl", True, "Piotr Wiśniewski", "director", "dyrektor", None),
        ("slee@northwind.com", True, "Sarah Lee", "staff", "assistant", None),
    ]
    names = db.cursor().execute("select client_id, name from clients order by 1").fetchall()
    assert names == [("9001", "ACME Sp. z o.o."), ("9002", "Northwind Traders")]


def test_salesforce_contacts_keep_reports_to(db):
    import_file(db, None, FIXTURES / "salesforce_contacts.csv")
    assert _contacts(db) == [
        ("0035g00000AbC4d", True, "Luis Romero", "staff", "specialist", "Emily Chen"),  # no e-mail
        ("emily.chen@globex.com", True, "Emily Chen", "manager", "manager", "Raj Patel"),  # lower-cased
        ("kim.novak@globex.com", True, "Kim Novak", None, None, None),  # "Partner": unknown
        ("olivia.grant@globex.com", True, "Olivia Grant", "executive", "chief officer", None),
        ("raj.patel@globex.com", True, "Raj Patel", "director", "head of", "Olivia Grant"),
    ]


def test_bitrix24_contacts_read_russian_titles_in_their_inflected_forms(db):
    result = import_file(db, None, FIXTURES / "bitrix24_contacts.csv")
    assert _contacts(db) == [
        ("104", True, "Анна Волкова", "executive", "deputy chief executive", None),  # genitive, no e-mail
        ("kuznetsova@romashka.ru", True, "Елена Кузнецова", "director", "директор", None),
        ("morozov@romashka.ru", True, "Сергей Морозов", None, None, None),  # Юрисконсульт: unknown
        ("popov@romashka.ru", True, "Дмитрий Попов", "manager", "начальник отдела", None),
        ("smirnov@romashka.ru", True, "Игорь Смирнов", "executive", "генеральный директор", None),
    ]
    assert list(result.unknown_titles.itertuples(index=False, name=None)) == [("Юрисконсульт", 1)]


def test_pipedrive_and_zoho_people_get_polish_and_english_levels(db):
    import_file(db, None, FIXTURES / "pipedrive_people.csv")
    import_file(db, None, FIXTURES / "zoho_contacts.csv")
    assert [(r[2], r[3], r[4], r[5]) for r in _contacts(db)] == [
        ("Magda Wójcik", "staff", "specialist", None),  # "303": no e-mail, sorts first
        ("Felix Wagner", "manager", "manager", "Jana Schulz"),
        ("Hans Becker", "executive", "managing director", None),
        ("Jana Schulz", "director", "director", "Hans Becker"),
        ("Katarzyna Nowak", "executive", "członek zarządu", None),
        ("Paweł Mazur", None, None, None),  # Ekonomista: unknown
        ("Tomasz Zieliński", "director", "dyrektor", None),
    ]


def test_the_same_export_again_updates_and_undo_puts_the_details_back(db):
    first = import_file(db, None, FIXTURES / "salesforce_contacts.csv")
    again = import_file(db, None, FIXTURES / "salesforce_contacts.csv")
    assert (again.loaded, again.updated) == (0, 5)
    assert db.cursor().execute("select count(*) from contact_details").fetchone()[0] == 5
    db.cursor().execute("update contact_details set reports_to = 'changed'")
    third = import_file(db, None, FIXTURES / "salesforce_contacts.csv")
    undo_batch(db, third.batch_id)
    assert db.cursor().execute("select count(*) from contact_details where reports_to = 'changed'").fetchone()[0] == 5
    undo_batch(db, again.batch_id)
    undo_batch(db, first.batch_id)
    counts = db.cursor().execute("select (select count(*) from contacts), (select count(*) from contact_details)")
    assert counts.fetchone() == (0, 0)


def test_a_contacts_export_is_told_from_a_deals_export_of_the_same_crm():
    assert detect_kind(["Record ID", "Deal Name", "Deal Stage", "Amount"]) == "deals"
    assert detect_kind(["Record ID", "First Name", "Last Name", "Email", "Job Title", "Associated Company"]) \
        == "contacts"
    assert detect_kind(["ID", "Название сделки", "Стадия сделки", "Сумма"]) == "deals"
    assert detect_kind(["ID", "Имя", "Фамилия", "Должность", "Компания"]) == "contacts"


def test_an_unknown_level_is_not_known_to_the_method_never_staff(db, tmp_path):
    """Contacts whose titles no rule matches: the levels covered and DELT are not
    measured (no contact of known level), not scored as 0 levels."""
    from analytics.method.continuum import compute

    (tmp_path / "c.csv").write_text("contact_id,client_id,name,title\nP1,C1,Kim,Partner\n", encoding="utf-8")
    (tmp_path / "i.csv").write_text(
        "interaction_id,client_id,contact_id,occurred_at,channel,initiated_by\n"
        "I1,C1,P1,2025-05-02,meeting,us\n", encoding="utf-8")
    import_file(db, "contacts", tmp_path / "c.csv")
    import_file(db, "interactions", tmp_path / "i.csv")
    cur = db.cursor()
    compute(cur)
    needs = dict(cur.execute(
        "select component, measured from method_component_needs where dimension = 'high_wide'"
    ).fetchall())
    assert needs == {"contacts": True, "levels": False, "delt": False, "single_thread": True, "champion_lost": True}
