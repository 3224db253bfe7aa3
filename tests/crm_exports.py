"""A demo portfolio written as the CSV exports a team would really import (issue 16): its
clients split across HubSpot, Salesforce and Pipedrive, each CRM's contacts and
activities in the layout of its preset's fixture (tests/fixtures/import/README.md).

Why: the demo carries what our templates carry (a `level` on contacts, `tags` on touches),
and no CRM writes either. A CRM writes a job title, a subject and a note, a call direction
and outcome. So the contacts here carry a job title in English, Polish or Russian that the
seniority rules (analytics/ingest/seniority.toml) read back as the demo's level, and each
touch carries a note in English, Polish or Russian (the language rotates touch by touch)
that the tag rules (analytics/ingest/tags.toml) read back as exactly the demo's tags. The
end-to-end test imports these files with `--preset auto` and finds the planted stories as
the template-built demo has them.

What goes where:

- **Clients, deals, feedback, team pulse**: written in our template layout and imported
  as templates (they have no CRM preset concern here). Feedback names its contact by the
  key the import gives it (the e-mail).
- **Service costs and the market trend**: copied over as they are (`copy_as_is`). The
  market trend has no import at all; a costs template row is one client, day and
  category (same-day entries are summed, by design), so importing would merge the demo's
  separate entries, whose count the squeeze reads (free_rework_rows).
- **Contacts**: HubSpot contacts, a Salesforce contacts report (with its footer lines),
  Pipedrive people; a job title, never a level; the e-mail (the contact's key) in each.
  No layout has a champion flag or a leaving date: `Exports.contact_changes` lists them,
  for the test to set through the Client page's correction (manual.update_contact).
- **Touches**: HubSpot calls, meetings and e-mails exports (each touch in the export of its
  channel; support calls in calls, QBRs, workshops and events in meetings), a HubSpot
  notes export of internal notes only (no association: skipped, as the demo has no touch
  without a channel), a Salesforce activities report (footer lines too) and a Pipedrive
  activities export. The CRMs' own columns carry what they have: HubSpot's Call direction
  / Call outcome (Connected, No answer, Busy, Left voicemail), Email direction (Incoming
  email, Outgoing email), Meeting outcome (Completed, No show, Canceled); Salesforce's
  Type, Call Type (Inbound, Outbound) and Call Result (Reached, Not reached); Pipedrive's
  Type (Call, Meeting, Lunch, Email and the account's own types Support, QBR, Workshop,
  Event) and Done. What the method reads and a layout has no column for is a property
  the team adds (`ExportFile.custom`): a touch's sentiment everywhere; who started a
  HubSpot meeting and whether a HubSpot e-mail was replied to; HubSpot's own "Call and
  meeting type" (support, QBR, workshop, event; the preset reads it); Pipedrive's direction, answer and
  sentiment fields. Salesforce's Call Type and Call Result are filled on every task, not
  only on calls: the preset reads no other direction or answer column.
- **Who and which company**: a touch names its contact by e-mail (HubSpot's "Name
  (e-mail)"), by Salesforce's Contact ID or by Pipedrive's Activity - Email, two columns
  the presets map beyond their fixtures: the demo repeats names within a client, and a
  name alone finds no contact when two share it. Companies carry the CRMs' own ids, never
  ours, so every row finds its client by name, as a real export would.

Kept small and deterministic: the same demo gives the same files, byte for byte.
"""

from __future__ import annotations

import csv
import datetime as dt
import re
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

import duckdb
import pandas as pd

from analytics.db import Database

CRMS = ("hubspot", "salesforce", "pipedrive")
LANGUAGES = ("en", "pl", "ru")

# ---------------------------------------------------------------- what people wrote

# one sentence per tag and language, each read by tags.toml as exactly its tag, alone or
# beside the others (no negation word, no phrase that a neighbour completes)
TAG_SENTENCES: dict[str, dict[str, str]] = {
    "en": {
        "status_request": "They asked for a status update on the rollout",
        "improvement_request": "They suggested an improvement to the dashboard",
        "complaint": "The client complained about the delays",
        "praise": "They praised the team for the smooth launch",
        "referral": "They recommended us to a sister company",
        "advance_notice": "They gave us a heads up about the reorganisation",
        "learned_from_market": "We read in the press about their new plant",
        "scope_request": "They want extra work on the integration",
        "discount_request": "They asked for a deeper discount on the renewal",
        "deadline_pressure": "They need the migration ASAP",
        "escalation": "They escalated the delay to our management",
    },
    "pl": {
        "status_request": "Klient pyta o status projektu",
        "improvement_request": "Klient sugeruje usprawnienie raportów",
        "complaint": "Klient złożył reklamację",
        "praise": "Klient pochwalił zespół za wdrożenie",
        "referral": "Klient polecił nas innej firmie",
        "advance_notice": "Klient z wyprzedzeniem zapowiedział reorganizację",
        "learned_from_market": "O nowej inwestycji klienta dowiedzieliśmy się z prasy",
        "scope_request": "Klient chce dodatkowych prac poza zakresem umowy",
        "discount_request": "Klient prosi o dodatkowy rabat",
        "deadline_pressure": "Klient potrzebuje tego pilnie",
        "escalation": "Klient eskalował sprawę do zarządu",
    },
    "ru": {
        "status_request": "Клиент спрашивает статус проекта",
        "improvement_request": "Клиент предлагает улучшить отчёты",
        "complaint": "Клиент прислал жалобу на сроки",
        "praise": "Клиент похвалил команду за внедрение",
        "referral": "Клиент рекомендовал нас партнёрам",
        "advance_notice": "Клиент заранее предупредил о реорганизации",
        "learned_from_market": "О новом заводе клиента узнали из новостей",
        "scope_request": "Клиент просит дополнительную работу бесплатно",
        "discount_request": "Клиент просит скидку",
        "deadline_pressure": "Клиенту нужно срочно",
        "escalation": "Клиент эскалировал вопрос руководству",
    },
}
# the subject of a touch by channel: words no tag rule reads
SUBJECTS: dict[str, dict[str, str]] = {
    "en": {"call": "Check-in call", "meeting": "Account meeting", "email": "Re: our project",
           "support": "Support case", "qbr": "Quarterly business review", "workshop": "Workshop",
           "event": "Industry event"},
    "pl": {"call": "Rozmowa telefoniczna", "meeting": "Spotkanie", "email": "Re: nasz projekt",
           "support": "Zgłoszenie serwisowe", "qbr": "Przegląd kwartalny", "workshop": "Warsztaty",
           "event": "Konferencja branżowa"},
    "ru": {"call": "Звонок", "meeting": "Встреча", "email": "Re: наш проект", "support": "Обращение в поддержку",
           "qbr": "Квартальный обзор", "workshop": "Воркшоп", "event": "Отраслевое мероприятие"},
}
# job titles by level: English is the demo's own title; Polish and Russian ones that
# seniority.toml reads as the same level
TITLES: dict[str, dict[str, tuple[str, ...]]] = {
    "pl": {
        "executive": ("Prezes Zarządu", "Członek Zarządu", "Dyrektor Generalny", "Wiceprezes Zarządu"),
        "director": ("Dyrektor Finansowy", "Dyrektor ds. Zakupów", "Dyrektor Operacyjny", "Szef Działu IT"),
        "manager": ("Kierownik działu zakupów", "Kierownik Projektu", "Menedżer ds. Operacji", "Kierownik Produktu"),
        "staff": ("Specjalista ds. zakupów", "Analityk", "Koordynator projektu", "Inżynier"),
    },
    "ru": {
        "executive": ("Генеральный директор", "Член правления", "Президент", "Заместитель генерального директора"),
        "director": ("Финансовый директор", "Директор по закупкам", "Руководитель отдела продаж",
                     "Коммерческий директор"),
        "manager": ("Менеджер по закупкам", "Начальник отдела логистики", "Руководитель проекта", "Менеджер проекта"),
        "staff": ("Специалист по закупкам", "Аналитик", "Координатор проектов", "Инженер"),
    },
}
INTERNAL_NOTES = ("Internal: prepare the QBR deck", "Wewnętrzne: przygotować ofertę na odnowienie",
                  "Внутреннее: обновить прайс-лист")

# ---------------------------------------------------------------- the CRMs' vocabulary

HUBSPOT_TYPE = {"support": "Support", "qbr": "QBR", "workshop": "Workshop", "event": "Event"}
HUBSPOT_EXPORT = {"call": "calls", "support": "calls", "email": "emails", "meeting": "meetings",
                  "qbr": "meetings", "workshop": "meetings", "event": "meetings"}
CALL_MISSED = ("No answer", "Busy", "Left voicemail")
MEETING_MISSED = ("No show", "Canceled")
SALESFORCE_TYPE = {"call": "Call", "meeting": "Meeting", "email": "Email", "support": "Support", "qbr": "QBR",
                   "workshop": "Workshop", "event": "Event"}
PIPEDRIVE_TYPE = {"call": "Call", "meeting": "Meeting", "email": "Email", "support": "Support", "qbr": "QBR",
                  "workshop": "Workshop", "event": "Event"}
SALESFORCE_FOOTER = ("Confidential Information - Do Not Distribute",
                     "Copyright (c) 2000-2026 salesforce.com, inc. All rights reserved.")

# the layouts: the preset fixtures' headers, then the team's own properties
HUBSPOT_CONTACTS = ["Record ID", "First Name", "Last Name", "Email", "Phone Number", "Contact owner", "Job Title",
                    "Associated Company", "Primary Associated Company ID", "Lifecycle Stage", "Lead Status",
                    "Create Date", "Last Activity Date"]
HUBSPOT_CALLS = ["Record ID", "Call Title", "Activity date", "Call direction", "Call outcome", "Call notes",
                 "Call duration (HH:mm:ss)", "Activity assigned to", "Associated Contact", "Associated Company",
                 "Associated Company IDs", "Call and meeting type", "Sentiment"]
HUBSPOT_MEETINGS = ["Record ID", "Meeting name", "Meeting start time", "Meeting end time", "Meeting outcome",
                    "Meeting description", "Activity assigned to", "Associated Contact", "Associated Company",
                    "Associated Company IDs", "Call and meeting type", "Initiated by", "Sentiment"]
HUBSPOT_EMAILS = ["Record ID", "Email subject", "Activity date", "Email direction", "Email body",
                  "Email send status", "Activity assigned to", "Associated Contact", "Associated Company",
                  "Associated Company IDs", "Replied", "Sentiment"]
HUBSPOT_NOTES = ["Record ID", "Note body", "Activity date", "Activity assigned to", "Associated Contact",
                 "Associated Company", "Associated Company IDs"]
SALESFORCE_CONTACTS = ["Contact Owner", "First Name", "Last Name", "Title", "Account Name", "Email", "Phone",
                       "Reports To", "Contact ID", "Account ID"]
SALESFORCE_ACTIVITIES = ["Assigned", "Subject", "Type", "Call Type", "Call Result", "Date", "Comments",
                         "Company / Account", "Contact", "Contact ID", "Activity ID", "Sentiment"]
PIPEDRIVE_PEOPLE = ["Person - ID", "Person - Name", "Person - Label", "Person - Organization",
                    "Person - Email - Work", "Person - Phone - Work", "Person - Job title", "Person - Owner",
                    "Person - Person created"]
PIPEDRIVE_ACTIVITIES = ["Activity - ID", "Activity - Subject", "Activity - Type", "Activity - Due date",
                        "Activity - Due time", "Activity - Duration", "Activity - Done",
                        "Activity - Marked as done time", "Activity - Note", "Activity - Organization",
                        "Activity - Contact person", "Activity - Email", "Activity - Deal",
                        "Activity - Assigned to user", "Activity - Add time", "Activity - Direction",
                        "Activity - Answered", "Activity - Sentiment"]


@dataclass(frozen=True)
class ExportFile:
    """One file written: how the CLI imports it and what the import must make of it."""

    path: Path
    kind: str  # the KIND of `python -m analytics import KIND FILE`
    preset: str  # what --preset auto must detect ("generic": our template)
    variant: str | None = None  # the activity export's variant (HubSpot calls, meetings…)
    rows: int = 0  # data rows written
    loads: int = 0  # of them, the touches or records the import must load
    skipped: int = 0  # rows and lines the import must skip (footer lines, internal notes)
    # columns that are the team's own properties or the CRM's own ones no preset reads:
    # field -> header. `mapped_by_synonym` ones the suggestion maps by itself (the header
    # synonyms); the others a person maps once on the Import page (a saved mapping)
    custom: dict[str, str] = field(default_factory=dict)
    mapped_by_synonym: frozenset[str] = frozenset()

    @property
    def needs_mapping(self) -> dict[str, str]:
        return {f: h for f, h in self.custom.items() if f not in self.mapped_by_synonym}


@dataclass(frozen=True)
class ContactChange:
    """A champion flag or a leaving date, which no CRM layout here carries: set by hand."""

    client_id: str
    contact_key: str  # the imported contact's key (its e-mail)
    is_champion: bool
    active_to: dt.date | None


@dataclass(frozen=True)
class Exports:
    folder: Path
    files: list[ExportFile]  # in the order they are imported
    crm_of_client: dict[str, str]
    contact_keys: dict[str, str]  # demo contact_id -> the e-mail, the imported key
    touch_ids: dict[str, str]  # demo interaction_id -> the CRM's activity id
    contact_changes: list[ContactChange]
    rates: dict[str, float]  # currency -> rate to the reporting currency (the Exchange rates tab)
    reporting_currency: str


# ---------------------------------------------------------------- helpers


def crm_of(client_index: int) -> str:
    """Pairs of clients per CRM in turn. Not index mod 3: the demo's story order puts a
    partnership at every index 2 mod 3, so one CRM would carry no warning story."""
    return CRMS[(client_index // 2) % len(CRMS)]


def _ascii(text: str) -> str:
    text = unicodedata.normalize("NFKD", text.replace("ł", "l").replace("Ł", "L"))
    return "".join(ch for ch in text if not unicodedata.combining(ch))


def _domain(client_name: str) -> str:
    words = re.sub(r"\b(sp\. z o\.o\.|s\.a\.|sp\.k\.|gmbh|ag|ab|as|ltd|plc)$", "", client_name.lower()).split()
    return re.sub(r"[^a-z0-9]", "", _ascii("".join(words[:2]))) + ".example"


def _text(value: object) -> str:
    if value is None or (isinstance(value, float) and pd.isna(value)) or value is pd.NaT:
        return ""
    if isinstance(value, pd.Timestamp):
        value = value.to_pydatetime()
    if isinstance(value, dt.datetime):
        return value.strftime("%Y-%m-%d %H:%M:%S")
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def _sentiment(value: object) -> str:
    return "" if value is None or pd.isna(value) else str(int(value))


def _write(path: Path, header: list[str], rows: list[list[str]], *, quote_all: bool = False,
           footer: tuple[str, ...] = (), encoding: str = "utf-8") -> None:
    with path.open("w", encoding=encoding, newline="") as out:
        # a Salesforce report quotes every cell and ends lines with CRLF
        writer = csv.writer(out, quoting=csv.QUOTE_ALL if quote_all else csv.QUOTE_MINIMAL,
                            lineterminator="\r\n" if quote_all else "\n")
        writer.writerow(header)
        writer.writerows(rows)
        if footer:
            out.write("\r\n")
            for line in footer:
                writer.writerow([line])


def note_of(tags: list[str], language: str) -> str:
    """What someone wrote about a touch with these tags: one sentence per tag."""
    return "".join(f"{TAG_SENTENCES[language][t]}. " for t in sorted(tags)).strip()


def title_of(level: str, english: str, position: int) -> str:
    """The job title: the demo's (English), or a Polish or Russian one of the same level."""
    language = LANGUAGES[position % 3]
    if language == "en":
        return english
    return TITLES[language][level][(position // 3) % len(TITLES[language][level])]


# ---------------------------------------------------------------- the writer


def write_exports(con: duckdb.DuckDBPyConnection, folder: Path) -> Exports:
    """Write the portfolio in `con` (a demo built from the templates' fields) into `folder`
    as CRM exports and templates; returns what the import must make of them."""
    folder.mkdir(parents=True, exist_ok=True)
    clients = con.execute("select * from clients order by client_id").df()
    contacts = con.execute("select * from contacts order by contact_id").df()
    touches = con.execute("select * from interactions order by occurred_at, interaction_id").df()
    index_of = {cid: i for i, cid in enumerate(clients["client_id"])}
    crm_of_client = {cid: crm_of(i) for cid, i in index_of.items()}
    client = clients.set_index("client_id")

    # contacts: an e-mail each, unique (the demo repeats some names within a client)
    keys: dict[str, str] = {}
    taken: set[str] = set()
    for row in contacts.itertuples():
        first, _, last = row.name.partition(" ")
        local = re.sub(r"[^a-z.]", "", _ascii(f"{first}.{last}".lower()))
        email, n = f"{local}@{_domain(client.loc[row.client_id, 'name'])}", 1
        while email in taken:
            n += 1
            email = f"{local}{n}@{_domain(client.loc[row.client_id, 'name'])}"
        taken.add(email)
        keys[row.contact_id] = email
    contact = contacts.set_index("contact_id")

    files: list[ExportFile] = [_write_clients(clients, folder)]
    files += _write_contacts(contacts, client, crm_of_client, keys, index_of, folder)
    touch_ids, activity_files = _write_touches(touches, client, contact, crm_of_client, keys, index_of, folder)
    files += activity_files
    files += _write_templates(con, keys, folder)
    changes = [
        ContactChange(r.client_id, keys[r.contact_id], bool(r.is_champion),
                      None if pd.isna(r.active_to) else pd.Timestamp(r.active_to).date())
        for r in contacts.itertuples() if r.is_champion or not pd.isna(r.active_to)
    ]
    rates = dict(con.execute("select currency, rate_to_base from fx_rates order by 1").fetchall())
    currency = con.execute("select value from settings where key = 'reporting_currency'").fetchone()[0]
    rates.pop(currency, None)
    return Exports(folder, files, crm_of_client, keys, touch_ids, changes, rates, currency)


def _write_clients(clients: pd.DataFrame, folder: Path) -> ExportFile:
    path = folder / "clients.csv"
    header = ["client_id", "name", "segment", "industry", "region", "account_manager", "first_seen", "service_tier"]
    rows = [[_text(getattr(r, h)) for h in header] for r in clients.itertuples()]
    for row in rows:
        row[6] = row[6][:10]  # a date
    _write(path, header, rows)
    return ExportFile(path, "clients", "generic", rows=len(rows), loads=len(rows))


def _company_ids(index: int) -> dict[str, str]:
    """The CRMs' own ids of a company: never ours, so the import matches it by name."""
    return {"hubspot": str(5817360000 + index + 1), "salesforce": f"0015g00000Acc{index + 1:03d}"}


def _write_contacts(contacts: pd.DataFrame, client: pd.DataFrame, crm_of_client: dict[str, str],
                    keys: dict[str, str], index_of: dict[str, int], folder: Path) -> list[ExportFile]:
    rows: dict[str, list[list[str]]] = {crm: [] for crm in CRMS}
    for position, r in enumerate(contacts.itertuples()):
        crm = crm_of_client[r.client_id]
        first, _, last = r.name.partition(" ")
        title = title_of(r.level, r.title, position)
        company = client.loc[r.client_id, "name"]
        owner = client.loc[r.client_id, "account_manager"]
        ids = _company_ids(index_of[r.client_id])
        number = int(r.contact_id[1:])
        created = pd.Timestamp(r.active_from).strftime("%Y-%m-%d 09:00")
        if crm == "hubspot":
            email = keys[r.contact_id]
            shown = email[0].upper() + email[1:] if position % 2 else email  # as people typed it
            rows[crm].append([str(100 + number), first, last, shown, "", owner, title, company, ids["hubspot"],
                              "Customer", "", created, ""])
        elif crm == "salesforce":
            rows[crm].append([owner, first, last, title, company, keys[r.contact_id], "", "",
                              f"0035g00000Con{number:04d}", ids["salesforce"]])
        else:
            rows[crm].append([str(300 + number), r.name, "", company, keys[r.contact_id], "", title, owner,
                              f"{created}:00"])
    out = []
    specs = (("hubspot", "hubspot_contacts.csv", HUBSPOT_CONTACTS, {}),
             ("salesforce", "salesforce_contacts.csv", SALESFORCE_CONTACTS,
              {"quote_all": True, "footer": ("Total", *SALESFORCE_FOOTER), "encoding": "utf-8-sig"}),
             ("pipedrive", "pipedrive_people.csv", PIPEDRIVE_PEOPLE, {}))
    for crm, name, header, options in specs:
        _write(folder / name, header, rows[crm], **options)
        out.append(ExportFile(folder / name, "contacts", crm, rows=len(rows[crm]), loads=len(rows[crm]),
                              skipped=len(options.get("footer", ()))))
    return out


def _write_touches(touches: pd.DataFrame, client: pd.DataFrame, contact: pd.DataFrame,
                   crm_of_client: dict[str, str], keys: dict[str, str], index_of: dict[str, int],
                   folder: Path) -> tuple[dict[str, str], list[ExportFile]]:
    """Every touch into its CRM's export, in the order it happened: the CRM's ids rise
    with time, so touches of one day keep their order where an export dates by the day."""
    rows: dict[str, list[list[str]]] = {name: [] for name in ("calls", "meetings", "emails", "salesforce",
                                                              "pipedrive")}
    ids: dict[str, str] = {}
    language_of = {iid: LANGUAGES[i % 3] for i, iid in enumerate(sorted(touches["interaction_id"]))}
    for seq, t in enumerate(touches.itertuples(), start=1):
        crm = crm_of_client[t.client_id]
        language = language_of[t.interaction_id]
        tags = list(t.tags) if t.tags is not None else []
        subject, note = SUBJECTS[language][t.channel], note_of(tags, language)
        company = client.loc[t.client_id, "name"]
        owner = client.loc[t.client_id, "account_manager"]
        when = pd.Timestamp(t.occurred_at).to_pydatetime()
        person = contact.loc[t.contact_id] if t.contact_id in contact.index else None
        email = keys.get(t.contact_id, "")
        by_us = t.initiated_by == "us"
        answered = None if pd.isna(t.answered) else bool(t.answered)
        sentiment = _sentiment(t.sentiment)
        if crm == "hubspot":
            export = HUBSPOT_EXPORT[t.channel]
            record = str(30000000000 + seq)
            associated = f"{person['name']} ({email})" if person is not None else ""
            company_id = _company_ids(index_of[t.client_id])["hubspot"]
            stamp = when.strftime("%Y-%m-%d %H:%M:%S")
            kind_of = HUBSPOT_TYPE.get(t.channel, "")
            if export == "calls":
                outcome = "" if answered is None else "Connected" if answered else CALL_MISSED[seq % 3]
                duration = f"00:{5 + seq % 20:02d}:00" if answered else "00:00:00"
                rows["calls"].append([record, subject, stamp, "Outbound" if by_us else "Inbound", outcome, note,
                                      duration, owner, associated, company, company_id, kind_of, sentiment])
            elif export == "meetings":
                outcome = "" if answered is None else "Completed" if answered else MEETING_MISSED[seq % 2]
                end = (when + dt.timedelta(hours=1)).strftime("%Y-%m-%d %H:%M:%S")
                rows["meetings"].append([record, subject, stamp, end, outcome, note, owner, associated, company,
                                         company_id, kind_of, "Us" if by_us else "Client", sentiment])
            else:
                replied = "" if answered is None else "Yes" if answered else "No"
                rows["emails"].append([record, subject, stamp, "Outgoing email" if by_us else "Incoming email",
                                       note, "Sent" if by_us else "", owner, associated, company, company_id,
                                       replied, sentiment])
        elif crm == "salesforce":
            record = f"00T5g{seq:010d}"
            result = "" if answered is None else "Reached" if answered else "Not reached"
            rows["salesforce"].append([
                owner, subject, SALESFORCE_TYPE[t.channel], "Outbound" if by_us else "Inbound", result,
                when.strftime("%m/%d/%Y"), note, company, person["name"] if person is not None else "",
                f"0035g00000Con{int(t.contact_id[1:]):04d}" if person is not None else "", record, sentiment,
            ])
        else:
            record = str(500000 + seq)
            kind_of = "Lunch" if t.channel == "meeting" and seq % 5 == 0 else PIPEDRIVE_TYPE[t.channel]
            rows["pipedrive"].append([
                record, subject, kind_of, when.strftime("%Y-%m-%d"), when.strftime("%H:%M"), "00:30", "Done",
                when.strftime("%Y-%m-%d %H:%M:%S"), note, company,
                person["name"] if person is not None else "", email, "", owner,
                (when - dt.timedelta(days=1)).strftime("%Y-%m-%d %H:%M:%S"),
                "Outbound" if by_us else "Inbound", "" if answered is None else "Yes" if answered else "No",
                sentiment,
            ])
        ids[t.interaction_id] = record
    notes = [[str(39000000000 + i + 1), text, "2026-01-15 08:00:00", "Alicja Nowicka", "", "", ""]
             for i, text in enumerate(INTERNAL_NOTES)]
    # name, header, rows, preset, variant, writer options, the team's columns: field -> (header,
    # whether the header synonyms read it beside the preset)
    specs = (
        ("hubspot_calls.csv", HUBSPOT_CALLS, rows["calls"], "hubspot", "calls", {},
         {"channel_type": ("Call and meeting type", True), "sentiment": ("Sentiment", True)}),
        ("hubspot_meetings.csv", HUBSPOT_MEETINGS, rows["meetings"], "hubspot", "meetings", {},
         {"channel_type": ("Call and meeting type", True), "initiated_by": ("Initiated by", True),
          "sentiment": ("Sentiment", True)}),
        ("hubspot_emails.csv", HUBSPOT_EMAILS, rows["emails"], "hubspot", "emails", {},
         {"answered": ("Replied", True), "sentiment": ("Sentiment", True)}),
        ("hubspot_notes.csv", HUBSPOT_NOTES, notes, "hubspot", "notes", {}, {}),
        ("salesforce_activities.csv", SALESFORCE_ACTIVITIES, rows["salesforce"], "salesforce", "activities",
         {"quote_all": True, "footer": (f"Grand Totals ({len(rows['salesforce'])} records)", *SALESFORCE_FOOTER)},
         {"sentiment": ("Sentiment", True)}),
        ("pipedrive_activities.csv", PIPEDRIVE_ACTIVITIES, rows["pipedrive"], "pipedrive", "activities", {},
         {"initiated_by": ("Activity - Direction", False), "answered": ("Activity - Answered", False),
          "sentiment": ("Activity - Sentiment", False)}),
    )
    files = []
    for name, header, data, preset, variant, options, custom in specs:
        _write(folder / name, header, data, **options)
        internal = len(data) if variant == "notes" else 0  # no association: not a touch of a client
        files.append(ExportFile(
            folder / name, "interactions", preset, variant, rows=len(data), loads=len(data) - internal,
            skipped=len(options.get("footer", ())) + internal, custom={f: h for f, (h, _) in custom.items()},
            mapped_by_synonym=frozenset(f for f, (_, read) in custom.items() if read),
        ))
    return ids, files


def _write_templates(con: duckdb.DuckDBPyConnection, keys: dict[str, str], folder: Path) -> list[ExportFile]:
    """Deals, feedback and team pulse as our templates have them (no CRM concern here)."""
    specs = {
        "deals": ("select deal_id, client_id, c.name as client_name, title, stage, status, amount, currency, "
                  "created_on, closed_on, discount_pct from deals join clients as c using (client_id) "
                  "order by deal_id"),
        "feedback": ("select feedback_id, client_id, contact_id, received_on, kind, score, comment from feedback "
                     "order by feedback_id"),
        "team_pulse": "select client_id, quarter, account_manager, morale, note from team_pulse order by 1, 2",
    }
    out = []
    for kind_name, query in specs.items():
        frame = con.execute(query).df()
        if kind_name == "feedback":
            frame["contact_id"] = frame["contact_id"].map(lambda c: keys.get(c, c))
        days = [i for i, name in enumerate(frame.columns) if name in ("created_on", "closed_on", "received_on")]
        rows = [[_text(v)[:10] if i in days else _text(v) for i, v in enumerate(row)]
                for row in frame.itertuples(index=False)]
        path = folder / f"{kind_name}.csv"
        _write(path, list(frame.columns), rows)
        out.append(ExportFile(path, kind_name, "generic", rows=len(rows), loads=len(rows)))
    return out


# ---------------------------------------------------------------- copied as they are

COPIED_TABLES = ("service_costs", "market_trend")


def copy_as_is(source: duckdb.DuckDBPyConnection, target: Database) -> dict[str, int]:
    """Copy the tables that are not imported here (see the module's docstring) into the
    target Database in one write; returns the rows copied per table."""
    copied = {}
    with target.write() as cur:
        for table in COPIED_TABLES:
            frame = source.execute(f"select * from {table}").df()  # noqa: S608 - the module's constants
            cur.register("copied_rows", frame)
            cur.execute(f"insert into {table} select * from copied_rows")  # noqa: S608
            cur.unregister("copied_rows")
            copied[table] = len(frame)
    return copied
