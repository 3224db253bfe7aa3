"""CRM activity exports (issue 16, item 1): HubSpot's calls, meetings, emails and notes
exports and Salesforce's activities report, each on a fixture in its real layout
(tests/fixtures/import/README.md gives where the headers come from). The type gives the
channel, the direction who started it, the outcome whether it was answered; the contact
is found by the CRM's id, e-mail or name; internal activities and rows with neither a
company nor a known contact are skipped and reported; the notes are tagged."""

from __future__ import annotations

from pathlib import Path

import pytest

from analytics.db import open_memory
from analytics.ingest import import_file
from analytics.ingest.mapping import detect_kind

FIXTURES = Path(__file__).parent / "fixtures" / "import"


@pytest.fixture()
def db():
    """The HubSpot and Salesforce contacts exports loaded first: the activities find
    their contacts (and, without a company, their client) among them."""
    database = open_memory()
    import_file(database, None, FIXTURES / "hubspot_contacts.csv")
    import_file(database, None, FIXTURES / "salesforce_contacts.csv")
    yield database
    database.close()


def _touches(db, ids: tuple[str, ...]) -> list[tuple]:
    return db.cursor().execute(
        "select interaction_id, client_id, contact_id, channel, initiated_by, answered, list_sort(tags), notes "
        "from interactions where list_contains($ids, interaction_id) order by interaction_id",
        {"ids": list(ids)},
    ).fetchall()


@pytest.mark.parametrize(("file", "preset", "counts"), [
    ("hubspot_calls.csv", "hubspot", (5, 0, 0, 1)),  # the cold call names no company nor contact
    ("hubspot_meetings.csv", "hubspot", (3, 0, 0, 0)),
    ("hubspot_emails.csv", "hubspot", (2, 0, 0, 0)),
    ("hubspot_notes.csv", "hubspot", (1, 0, 0, 1)),  # an internal note: no company
    ("salesforce_activities.csv", "salesforce", (3, 0, 0, 5)),  # internal, Other, 3 footer lines
])
def test_each_activity_export_is_recognised_and_every_row_accounted_for(db, file, preset, counts):
    result = import_file(db, None, FIXTURES / file)
    assert (result.kind, result.detection["preset"]) == ("interactions", preset)
    assert (result.loaded, result.updated, result.rejected, result.skipped) == counts


def test_hubspot_calls_read_direction_outcome_contact_and_notes(db):
    result = import_file(db, None, FIXTURES / "hubspot_calls.csv")
    assert _touches(db, ("7001", "7002", "7004", "7006")) == [
        ("7001", "9001", "anna.kowalczyk@acme.pl", "call", "us", True, ["discount_request"],
         "Renewal call — Klient prosi o dodatkowy rabat przy odnowieniu."),
        ("7002", "9001", "piotr.wisniewski@acme.pl", "call", "us", False, [], "Follow-up"),  # No answer
        ("7004", "9002", "slee@northwind.com", "call", "us", False, [], "Voicemail"),  # by name within the client
        ("7006", "9001", "ewa.lis@acme.pl", "call", "client", True, ["praise"],  # no company: the contact's
         "Call with Ewa — Pochwaliła zespół za sprawne wdrożenie."),
    ]
    skipped = db.cursor().execute(
        "select line_no, reason from import_rejects where batch_id = $b", {"b": result.batch_id}).fetchall()
    assert skipped == [(6, "no company and no known contact: not a touch with a client")]


def test_hubspot_meetings_emails_and_notes_get_the_channel_of_their_export(db):
    for name in ("hubspot_meetings.csv", "hubspot_emails.csv", "hubspot_notes.csv"):
        import_file(db, None, FIXTURES / name)
    rows = _touches(db, ("7101", "7102", "7103", "7201", "7301"))
    assert [(r[0], r[3], r[4], r[5], r[6]) for r in rows] == [
        ("7101", "meeting", None, True, ["advance_notice"]),  # Completed; "shared their roadmap"
        ("7102", "meeting", None, False, []),  # No show
        ("7103", "meeting", None, None, []),  # Scheduled: not known yet
        ("7201", "email", "client", None, ["discount_request"]),  # Incoming email, "obniżkę ceny"
        ("7301", None, None, None, ["learned_from_market"]),  # a note has no channel
    ]


def test_salesforce_activities_skip_internal_tasks_and_find_the_account_through_the_contact(db):
    result = import_file(db, None, FIXTURES / "salesforce_activities.csv")
    assert _touches(db, ("00T5g00000Aa1", "00T5g00000Aa4", "00U5g00000Bb1")) == [
        ("00T5g00000Aa1", "0015g00000XyZ1a", "olivia.grant@globex.com", "call", "us", True, ["discount_request"],
         "Call: renewal — Olivia asked for a deeper discount or they go to tender."),
        ("00T5g00000Aa4", "0015g00000XyZ1a", "emily.chen@globex.com", "email", None, None, ["scope_request"],
         "Email: Re: scope — They want one more feature at no extra cost."),  # no account: the contact's
        ("00U5g00000Bb1", "0015g00000XyZ1a", "raj.patel@globex.com", "meeting", None, None,
         ["complaint", "status_request"],
         "Weekly sync — Raj complained about the late reports; wants a daily status report."),
    ]
    reasons = set(result.reasons["reason"])
    assert {'an internal activity ("Internal"), not a touch with the client',
            'an internal activity ("Other"), not a touch with the client'} <= reasons


def test_the_same_activity_export_again_updates_and_never_duplicates(db):
    import_file(db, None, FIXTURES / "hubspot_calls.csv")
    again = import_file(db, None, FIXTURES / "hubspot_calls.csv")
    assert (again.loaded, again.updated, again.skipped) == (0, 5, 1)
    assert db.cursor().execute("select count(*) from interactions").fetchone()[0] == 5
    assert db.cursor().execute("select count(*) from interaction_tags").fetchone()[0] == 3


def test_activity_exports_are_told_from_contacts_and_deals():
    assert detect_kind(["Record ID", "Call Title", "Activity date", "Call direction", "Call outcome"]) \
        == "interactions"
    assert detect_kind(["Assigned", "Subject", "Type", "Call Type", "Call Result", "Date", "Comments"]) \
        == "interactions"
    assert detect_kind(["Record ID", "First Name", "Last Name", "Email", "Job Title"]) == "contacts"


def test_a_touch_of_one_company_is_not_linked_to_a_contact_stored_under_another(db, tmp_path):
    """Anna Kowalczyk is ACME's contact (9001); a call logged at Northwind (9002) that names
    her e-mail loads on Northwind, without her, and the result says so."""
    text = (FIXTURES / "hubspot_calls.csv").read_text(encoding="utf-8")
    header, first = text.splitlines()[:2]
    moved = first.replace("ACME Sp. z o.o.,9001", "Northwind Traders,9002")
    assert moved != first
    (tmp_path / "calls.csv").write_text(header + "\n" + moved + "\n", encoding="utf-8")
    result = import_file(db, None, tmp_path / "calls.csv")
    assert (result.loaded, result.rejected) == (1, 0)
    assert _touches(db, ("7001",))[0][1:3] == ("9002", None)
    assert any("1 touch names a contact stored under another client (e.g. anna.kowalczyk@acme.pl)" in w
               for w in result.warnings)


def test_a_touch_at_its_contact_s_own_company_keeps_the_contact_and_warns_of_nothing(db):
    result = import_file(db, None, FIXTURES / "hubspot_calls.csv")
    assert not any("another client" in w for w in result.warnings)
    assert _touches(db, ("7001",))[0][1:3] == ("9001", "anna.kowalczyk@acme.pl")


def test_hubspot_s_call_and_meeting_type_sets_the_channel_when_it_is_a_channel_word(db, tmp_path):
    """The team's own types: "QBR" and "Warsztat" are channels; "Discovery" is not, and the
    export's own channel (a call) stands, neither rejected nor guessed."""
    lines = (FIXTURES / "hubspot_calls.csv").read_text(encoding="utf-8").splitlines()
    header, rows = lines[0] + ",Call and meeting type", lines[1:4]
    typed = [f"{row},{kind}" for row, kind in zip(rows, ("QBR", "Warsztat", "Discovery"), strict=True)]
    (tmp_path / "calls.csv").write_text("\n".join([header, *typed]) + "\n", encoding="utf-8")
    result = import_file(db, None, tmp_path / "calls.csv")
    assert (result.detection["preset"], result.rejected) == ("hubspot", 0)
    ids = tuple(r.split(",")[0] for r in rows)
    assert [t[3] for t in _touches(db, ids)] == ["qbr", "workshop", "call"]
