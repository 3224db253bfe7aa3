"""Activity exports of Pipedrive, Zoho CRM (calls and meetings) and Bitrix24 (issue 16,
item 1), each on a fixture in its real layout (tests/fixtures/import/README.md gives
where the headers and values come from): recognised by their headers, the type read as
the channel, the direction as who started it, the call result as whether it was
answered, the company as the client and the contact found among the stored contacts;
tasks, deadlines, planned activities and rows with no client are skipped with a reason;
the Polish and Russian notes are tagged; the same export again changes no row count."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

from analytics.db import open_memory
from analytics.ingest import import_file
from analytics.ingest.mapping import detect_kind, detect_preset, interaction_variant
from analytics.ingest.sniff import sniff

FIXTURES = Path(__file__).parent / "fixtures" / "import"

ACTIVITY_EXPORTS = ("pipedrive_activities.csv", "zoho_calls.csv", "zoho_meetings.csv", "bitrix24_activities.csv")


@pytest.fixture()
def db():
    """The same CRMs' contacts exports loaded first: the activities find their contacts
    (by the CRM's id, e-mail or name within the client) and clients among them."""
    database = open_memory()
    for name in ("pipedrive_people.csv", "zoho_contacts.csv", "bitrix24_contacts.csv"):
        import_file(database, None, FIXTURES / name)
    yield database
    database.close()


def _touches(db, batch_id: str) -> list[tuple]:
    return db.cursor().execute(
        """
        select i.interaction_id, k.name, i.contact_id, i.occurred_at::varchar, i.channel, i.initiated_by,
            i.answered, list_sort(i.tags)
        from interactions as i join clients as k using (client_id)
        where i.batch_id = $b order by i.interaction_id
        """,
        {"b": batch_id},
    ).fetchall()


def _skipped(db, batch_id: str) -> list[tuple]:
    return db.cursor().execute(
        "select line_no, reason from import_rejects where batch_id = $b order by line_no", {"b": batch_id}
    ).fetchall()


@pytest.mark.parametrize(("file", "preset", "variant"), [
    ("pipedrive_activities.csv", "pipedrive", "activities"),
    ("zoho_calls.csv", "zoho", "calls"),
    ("zoho_meetings.csv", "zoho", "meetings"),
    ("bitrix24_activities.csv", "bitrix24", "activities"),  # Windows-1251, semicolons
])
def test_each_activity_export_is_told_by_its_headers(file, preset, variant):
    headers = sniff(FIXTURES / file).headers
    assert detect_kind(headers) == "interactions"
    assert detect_preset(headers, "interactions") == preset
    assert interaction_variant(preset, headers)["name"] == variant


def test_the_newer_pipedrive_layout_without_the_activity_prefix_is_pipedrive_too():
    headers = ["ID", "Subject", "Type", "Due date", "Done", "Note", "Organization", "Contact person",
               "Assigned to user"]
    assert (detect_kind(headers), detect_preset(headers, "interactions")) == ("interactions", "pipedrive")


@pytest.mark.parametrize(("file", "preset", "counts"), [
    # loaded, updated, rejected, skipped, new clients
    ("pipedrive_activities.csv", "pipedrive", (5, 0, 0, 4, 1)),  # a task, a deadline, a to-do, no company
    ("zoho_calls.csv", "zoho", (5, 0, 0, 2, 0)),  # a scheduled call, a cold call with no company
    ("zoho_meetings.csv", "zoho", (2, 0, 0, 1, 0)),  # an internal meeting
    ("bitrix24_activities.csv", "bitrix24", (4, 0, 0, 3, 0)),  # a task, one not done, no company
])
def test_every_row_of_each_export_is_loaded_or_skipped(db, file, preset, counts):
    result = import_file(db, None, FIXTURES / file)
    assert (result.kind, result.detection["preset"]) == ("interactions", preset)
    assert (result.loaded, result.updated, result.rejected, result.skipped, len(result.new_clients)) == counts


def test_pipedrive_types_become_channels_and_polish_notes_become_tags(db):
    result = import_file(db, None, FIXTURES / "pipedrive_activities.csv")
    assert _touches(db, result.batch_id) == [
        # "prosi o dodatkowy rabat"; the contact by name within Baltic Foods, keyed by e-mail
        ("501", "Baltic Foods S.A.", "k.nowak@balticfoods.pl", "2025-06-02 00:00:00", "call", None, None,
         ["discount_request"]),
        ("502", "Baltic Foods S.A.", "t.zielinski@balticfoods.pl", "2025-06-05 00:00:00", "meeting", None, None,
         ["praise"]),  # "pochwalił zespół"
        ("503", "Baltic Foods S.A.", "k.nowak@balticfoods.pl", "2025-06-10 00:00:00", "meeting", None, None,
         ["learned_from_market"]),  # a lunch is a meeting; "dowiedzieliśmy się dopiero z prasy"
        ("506", "Vistula Logistics Sp. z o.o.", None, "2025-06-12 00:00:00", "call", None, None, []),  # "Bez rabatu"
        ("509", "Baltic Foods S.A.", "t.zielinski@balticfoods.pl", "2025-06-16 00:00:00", "call", None, None,
         ["complaint", "deadline_pressure"]),  # "złożył reklamację", "pilną odpowiedź"
    ]
    assert _skipped(db, result.batch_id) == [
        (5, 'an internal activity ("Task"), not a touch with the client'),
        (6, 'an internal activity ("Deadline"), not a touch with the client'),
        (8, 'not done ("To do"): a planned activity, not a touch yet'),
        (9, "no company and no known contact: not a touch with a client"),
    ]


def test_zoho_calls_read_call_type_and_call_result(db):
    result = import_file(db, None, FIXTURES / "zoho_calls.csv")
    assert _touches(db, result.batch_id) == [
        # Outbound, Interested: answered; the contact by Zoho's id (Contact Name.id)
        ("zcrm_4876000000501001", "Initech GmbH", "h.becker@initech.de", "2025-07-01 10:00:00", "call", "us",
         True, ["discount_request"]),
        ("zcrm_4876000000501002", "Initech GmbH", "j.schulz@initech.de", "2025-07-02 09:00:00", "call", "us",
         False, []),  # No response/Busy
        ("zcrm_4876000000501003", "Initech GmbH", "f.wagner@initech.de", "2025-07-03 14:30:00", "call", "client",
         None, ["complaint"]),  # Inbound, -None-: not known
        ("zcrm_4876000000501004", "Initech GmbH", "j.schulz@initech.de", "2025-07-04 16:00:00", "call", "client",
         None, []),  # Missed: the client called
        ("zcrm_4876000000501007", "Initech GmbH", "j.schulz@initech.de", "2025-07-07 08:45:00", "call", "client",
         True, ["status_request"]),  # no Related To: the contact's client
    ]
    assert _skipped(db, result.batch_id) == [
        (6, 'not done ("Scheduled"): a planned activity, not a touch yet'),
        (7, "no company and no known contact: not a touch with a client"),
    ]


def test_zoho_meetings_are_meetings_with_their_title_and_description(db):
    result = import_file(db, None, FIXTURES / "zoho_meetings.csv")
    assert _touches(db, result.batch_id) == [
        ("zcrm_4876000000601001", "Initech GmbH", "h.becker@initech.de", "2025-07-08 10:00:00", "meeting", None,
         None, ["advance_notice"]),  # "shared their product roadmap"
        ("zcrm_4876000000601002", "Initech GmbH", "j.schulz@initech.de", "2025-07-15 09:00:00", "meeting", None,
         None, ["status_request"]),  # "keeps asking for updates"
    ]
    notes = db.cursor().execute(
        "select notes from interactions where interaction_id = 'zcrm_4876000000601001'").fetchone()[0]
    assert notes == "Roadmap workshop — Hans shared their product roadmap for 2026 before the public announcement."
    assert _skipped(db, result.batch_id) == [(4, "no company and no known contact: not a touch with a client")]


def test_bitrix24_activities_read_russian_types_directions_and_notes(db):
    result = import_file(db, None, FIXTURES / "bitrix24_activities.csv")
    assert (result.detection["encoding"], result.detection["delimiter"]) == ("Windows-1251", "semicolon")
    assert _touches(db, result.batch_id) == [
        ("2001", "ООО «Ромашка»", "smirnov@romashka.ru", "2025-06-03 11:00:00", "call", "us", None,
         ["discount_request"]),  # "просит скидку"
        ("2002", "ООО «Ромашка»", "kuznetsova@romashka.ru", "2025-06-05 15:00:00", "meeting", None, None,
         ["praise"]),  # "поблагодарила за отличную работу"
        ("2003", "ООО «Ромашка»", "popov@romashka.ru", "2025-06-06 09:10:00", "email", "client", None,
         ["complaint", "deadline_pressure"]),  # "Жалоба: опять не работает", "срочно"
        ("2006", "ООО «Ромашка»", "104", "2025-06-09 12:00:00", "call", "client", None, []),  # "Скидка не нужна"
    ]
    assert _skipped(db, result.batch_id) == [
        (5, 'an internal activity ("Задача"), not a touch with the client'),
        (6, 'not done ("Нет"): a planned activity, not a touch yet'),
        (8, "no company and no known contact: not a touch with a client"),
    ]


def test_inferred_tags_keep_the_rule_and_the_polish_and_russian_words(db):
    for name in ("pipedrive_activities.csv", "bitrix24_activities.csv"):
        import_file(db, None, FIXTURES / name)
    rows = db.cursor().execute(
        "select interaction_id, tag, rule_name, matched from interaction_tags "
        "where interaction_id in ('501', '509', '2001', '2003') order by 1, 2"
    ).fetchall()
    assert rows == [
        ("2001", "discount_request", "просит скидку", "просит скидку"),
        ("2003", "complaint", "жалоба", "жалоба"),
        ("2003", "deadline_pressure", "срочно", "срочно"),
        ("501", "discount_request", "prosi o rabat", "prosi o dodatkowy rabat"),
        ("509", "complaint", "reklamacja", "reklamacja"),  # the subject, "Reklamacja dostawy", comes first
        ("509", "deadline_pressure", "na wczoraj", "pilna"),
    ]


@pytest.mark.parametrize("file", ACTIVITY_EXPORTS)
def test_the_same_activity_export_again_updates_and_never_duplicates(db, file):
    first = import_file(db, None, FIXTURES / file)
    counts = db.cursor().execute(
        "select (select count(*) from interactions), (select count(*) from interaction_tags), "
        "(select count(*) from clients)"
    ).fetchone()
    again = import_file(db, None, FIXTURES / file)
    assert (again.loaded, again.updated, again.skipped) == (0, first.loaded, first.skipped)
    assert db.cursor().execute(
        "select (select count(*) from interactions), (select count(*) from interaction_tags), "
        "(select count(*) from clients)"
    ).fetchone() == counts


def test_an_explicit_preset_on_the_command_line_path_gives_the_same_result(db):
    result = import_file(db, "interactions", FIXTURES / "zoho_calls.csv", preset="zoho")
    assert (result.detection["preset"], result.loaded, result.skipped) == ("zoho", 5, 2)


OWNERS = {  # each export's owner column, and the people its loaded rows name there
    "hubspot_calls.csv": {"Marta Zięba", "Tom Becker"},
    "salesforce_activities.csv": {"Dana Whitfield"},
    "pipedrive_activities.csv": {"Adam Kruk"},
    "zoho_calls.csv": {"Irene Holt"},
    "zoho_meetings.csv": {"Irene Holt"},
    "bitrix24_activities.csv": {"Ольга Иванова"},
}


@pytest.mark.parametrize("file", list(OWNERS))
def test_the_owner_of_each_activity_is_kept_as_the_export_names_them(db, file):
    """HubSpot "Activity assigned to", Salesforce "Assigned", Pipedrive "Activity -
    Assigned to user", Zoho "Call Owner" and "Host", Bitrix24 "Ответственный"."""
    for name in ("hubspot_contacts.csv", "salesforce_contacts.csv"):
        import_file(db, None, FIXTURES / name)
    result = import_file(db, None, FIXTURES / file)
    owners = db.cursor().execute(
        "select owner, count(*) from interactions where batch_id = $b group by owner", {"b": result.batch_id}
    ).fetchall()
    assert {o for o, _ in owners} == OWNERS[file]
    assert sum(n for _, n in owners) == result.loaded


def test_a_re_import_without_the_owner_column_keeps_the_owner_stored(db, tmp_path):
    first = import_file(db, None, FIXTURES / "pipedrive_activities.csv")
    text = (FIXTURES / "pipedrive_activities.csv").read_text(encoding="utf-8-sig").splitlines()
    header = text[0].split(",")
    at = header.index("Activity - Assigned to user")
    rows = list(csv.reader(text))
    (tmp_path / "no_owner.csv").write_text(
        "\n".join(",".join(f'"{c}"' for i, c in enumerate(r) if i != at) for r in rows) + "\n", encoding="utf-8")
    again = import_file(db, None, tmp_path / "no_owner.csv")
    assert (again.loaded, again.updated, again.rejected) == (0, first.loaded, 0)
    assert db.cursor().execute("select distinct owner from interactions").fetchall() == [("Adam Kruk",)]
