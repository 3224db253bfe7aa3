"""The words of real exports, as data: CRM presets, header synonyms (English, Polish,
Russian), stage/status and other value words, currencies, and summary/footer lines.

Keys are compared after `word_key` (lower case, accents and punctuation folded), so
"Data zamknięcia", "data_zamkniecia" and "DATA ZAMKNIECIA" are the same header.
"""

from __future__ import annotations

import re
import unicodedata

from analytics.settings import CURRENCY_CODES as CURRENCY_CODES  # re-exported: the ISO codes

_FOLD = str.maketrans({"ł": "l", "Ł": "l"})


def word_key(text: str) -> str:
    """Lower case, accents stripped (ą→a, ł→l, ё→е), runs of non-letters to one space."""
    text = unicodedata.normalize("NFKD", str(text).translate(_FOLD))
    text = "".join(ch for ch in text if not unicodedata.combining(ch)).lower()
    return re.sub(r"[^\w%$€£₽¥]+|_+", " ", text).strip()


# ---------------------------------------------------------------- presets (deals)
# detect: header keys that must all be present; fields: (header, field) in priority order;
# stages: the stages the CRM defines, as {"won": [...], "lost": [...], "open": [...]}. The
# won and lost ones are its closed stages; every other stage is open (the "open" list only
# names the CRM's own open stages, which are therefore not listed as unknown). None: the
# stage never decides, a status column does (Pipedrive).
PRESETS: dict[str, dict] = {
    "hubspot": {
        "label": "HubSpot deals export",
        "detect": [["record id", "deal name", "deal stage"]],
        "fields": [
            ("Record ID", "deal_id"),
            ("Deal Name", "title"),
            ("Deal Stage", "stage"),
            ("Amount", "amount"),
            ("Currency", "currency"),
            ("Deal currency code", "currency"),
            ("Close Date", "closed_on"),
            ("Create Date", "created_on"),
            ("Associated Company IDs (Primary)", "client_id"),
            ("Associated Company ID", "client_id"),
            ("Associated Company (Primary)", "client_name"),
            ("Associated Company", "client_name"),
            ("Company name", "client_name"),
            ("Deal owner", "owner"),
            ("HubSpot Owner", "owner"),
            ("Associated Contact", "person"),
        ],
        "stages": {
            "won": ["Closed Won", "closedwon"],
            "lost": ["Closed Lost", "closedlost"],
            "open": ["Appointment Scheduled", "Qualified To Buy", "Presentation Scheduled",
                     "Decision Maker Bought-In", "Contract Sent", "appointmentscheduled", "qualifiedtobuy",
                     "presentationscheduled", "decisionmakerboughtin", "contractsent"],
        },
        "date_order": "mdy",
    },
    "salesforce": {
        "label": "Salesforce opportunities report",
        "detect": [["opportunity name", "account name"], ["opportunity name", "stage"]],
        "fields": [
            ("Opportunity ID", "deal_id"),
            ("Opportunity Name", "title"),
            ("Account ID", "client_id"),
            ("Account Name", "client_name"),
            ("Stage", "stage"),
            ("Amount", "amount"),
            ("Amount Currency", "currency"),
            ("Opportunity Currency", "currency"),
            ("Close Date", "closed_on"),
            ("Created Date", "created_on"),
            ("Opportunity Owner", "owner"),
            ("Owner Name", "owner"),
            ("Contact Name", "person"),
        ],
        "stages": {
            "won": ["Closed Won"],
            "lost": ["Closed Lost"],
            "open": ["Prospecting", "Qualification", "Needs Analysis", "Value Proposition",
                     "Id. Decision Makers", "Perception Analysis", "Proposal/Price Quote", "Negotiation/Review"],
        },
        "date_order": "mdy",
    },
    "pipedrive": {
        "label": "Pipedrive deals export",
        # the classic export says "Deal - Title"; the newer one drops the prefix
        "detect": [["deal title", "deal value"], ["deal title", "deal organization"],
                   ["title", "value", "organization", "contact person"]],
        "fields": [
            ("Deal - ID", "deal_id"),
            ("Deal - Title", "title"),
            ("Deal - Value", "amount"),
            ("Deal - Currency", "currency"),
            ("Deal - Currency of Value", "currency"),
            ("Deal - Organization ID", "client_id"),
            ("Organization - ID", "client_id"),
            ("Deal - Organization", "client_name"),
            ("Deal - Status", "status"),
            ("Deal - Stage", "stage"),
            ("Deal - Deal created", "created_on"),
            ("Deal - Deal closed on", "closed_on"),
            ("Deal - Won time", "closed_on"),
            ("Deal - Lost time", "closed_on"),
            ("Deal - Expected close date", "closed_on"),
            ("Deal - Owner", "owner"),
            ("Deal - Contact person", "person"),
            ("Deal - Person", "person"),
            ("ID", "deal_id"),
            ("Title", "title"),
            ("Value", "amount"),
            ("Currency of Value", "currency"),
            ("Currency", "currency"),
            ("Organization ID", "client_id"),
            ("Organization", "client_name"),
            ("Status", "status"),
            ("Stage", "stage"),
            ("Deal created", "created_on"),
            ("Deal closed on", "closed_on"),
            ("Won time", "closed_on"),
            ("Lost time", "closed_on"),
            ("Expected close date", "closed_on"),
            ("Owner", "owner"),
            ("Deal owner", "owner"),
            ("Contact person", "person"),
            ("Person", "person"),
        ],
        "stages": None,  # a pipeline's stages are all open; the status column says won, lost or open
        "date_order": "ymd",
    },
    "zoho": {
        "label": "Zoho CRM deals export",
        "detect": [["record id", "deal name", "closing date"], ["record id", "deal name", "account name"]],
        "fields": [
            ("Record Id", "deal_id"),
            ("Deal Name", "title"),
            ("Account Name.id", "client_id"),
            ("Account Name", "client_name"),
            ("Amount", "amount"),
            ("Currency", "currency"),
            ("Closing Date", "closed_on"),
            ("Created Time", "created_on"),
            ("Stage", "stage"),
            ("Deal Owner", "owner"),
            ("Contact Name", "person"),
        ],
        "stages": {
            "won": ["Closed Won"],
            "lost": ["Closed Lost", "Closed-Lost to Competition", "Closed Lost to Competition"],
            "open": ["Qualification", "Needs Analysis", "Value Proposition", "Identify Decision Makers",
                     "Id. Decision Makers", "Proposal/Price Quote", "Negotiation/Review"],
        },
        "date_order": "ymd",
    },
    "bitrix24": {
        "label": "Bitrix24 deals export",
        "detect": [["id", "название сделки", "стадия сделки"], ["id", "стадия сделки", "ответственный"],
                   ["id", "deal name", "stage", "responsible"]],
        "fields": [
            ("ID", "deal_id"),
            ("Название сделки", "title"),
            ("Название", "title"),
            ("Deal Name", "title"),
            ("Стадия сделки", "stage"),
            ("Стадия", "stage"),
            ("Stage", "stage"),
            ("Сумма", "amount"),
            ("Amount", "amount"),
            ("Income", "amount"),
            ("Валюта", "currency"),
            ("Currency", "currency"),
            ("Компания", "client_name"),
            ("Company", "client_name"),
            ("Контакт", "person"),
            ("Contact", "person"),
            ("Ответственный", "owner"),
            ("Responsible", "owner"),
            ("Дата создания", "created_on"),
            ("Created", "created_on"),
            ("Date created", "created_on"),
            ("Дата закрытия", "closed_on"),
            ("Предполагаемая дата закрытия", "closed_on"),
            ("Expected close date", "closed_on"),
            ("Closing date", "closed_on"),
        ],
        "stages": {
            # success and failure stages of the default deal pipeline, by name and by status id
            "won": ["Сделка успешна", "Успешно реализовано", "Deal won", "Won", "WON"],
            "lost": ["Сделка провалена", "Анализ причины провала", "Закрыто и не реализовано", "Deal lost",
                     "Deal failed", "Analyze failure", "Lost", "LOSE", "APOLOGY"],
            "open": ["Новая", "Подготовка документов", "Счёт на предоплату", "Счет на предоплату", "В работе",
                     "Финальный счёт", "Финальный счет", "New", "Preparation", "Preparing documents",
                     "Prepayment invoice", "In progress", "Final invoice", "NEW", "PREPARATION",
                     "PREPAYMENT_INVOICE", "EXECUTING", "FINAL_INVOICE"],
        },
        "date_order": "dmy",
    },
}

# ---------------------------------------------------------------- presets (contacts)
# The contacts (people) exports of the same CRMs, under the same preset names. Tried in
# this order: Zoho before Salesforce (both say Contact Owner, Account Name and Title;
# only Zoho says Record Id). Where the file's sources are: tests/fixtures/import/README.md.
CONTACT_PRESETS: dict[str, dict] = {
    "zoho": {
        "label": "Zoho CRM contacts export",
        "detect": [["record id", "account name", "title"], ["record id", "contact owner", "account name"]],
        "fields": [
            ("Record Id", "contact_id"),
            ("Account Name.id", "client_id"),
            ("Account Name", "client_name"),
            ("First Name", "first_name"),
            ("Last Name", "last_name"),
            ("Full Name", "name"),
            ("Title", "title"),
            ("Email", "email"),
            ("Reporting To", "reports_to"),
            ("Reports To", "reports_to"),
        ],
        "date_order": "ymd",
    },
    "hubspot": {
        "label": "HubSpot contacts export",
        "detect": [["record id", "job title", "associated company"], ["record id", "first name", "job title"],
                   ["record id", "email", "job title"]],
        "fields": [
            ("Record ID", "contact_id"),
            ("Associated Company IDs (Primary)", "client_id"),
            ("Primary Associated Company ID", "client_id"),
            ("Associated Company ID", "client_id"),
            ("Associated Company (Primary)", "client_name"),
            ("Associated Company", "client_name"),
            ("Company Name", "client_name"),
            ("First Name", "first_name"),
            ("Last Name", "last_name"),
            ("Job Title", "title"),
            ("Email", "email"),
        ],
        "date_order": "mdy",
    },
    "salesforce": {
        "label": "Salesforce contacts report",
        "detect": [["contact id", "account name"], ["account name", "title", "reports to"],
                   ["contact owner", "first name", "last name", "title", "account name"]],
        "fields": [
            ("Contact ID", "contact_id"),
            ("Account ID", "client_id"),
            ("Account Name", "client_name"),
            ("First Name", "first_name"),
            ("Last Name", "last_name"),
            ("Full Name", "name"),
            ("Title", "title"),
            ("Email", "email"),
            ("Reports To", "reports_to"),
            ("Reports To: Full Name", "reports_to"),
        ],
        "date_order": "mdy",
    },
    "pipedrive": {
        "label": "Pipedrive people export",
        # the classic export prefixes every column with "Person - "; the newer one does not
        "detect": [["person name", "person organization"], ["person name", "person email"],
                   ["name", "organization", "job title", "owner"]],
        "fields": [
            ("Person - ID", "contact_id"),
            ("Person - Organization ID", "client_id"),
            ("Organization - ID", "client_id"),
            ("Person - Organization", "client_name"),
            ("Person - Name", "name"),
            ("Person - Job title", "title"),
            ("Person - Email", "email"),
            ("Person - Email - Work", "email"),
            ("ID", "contact_id"),
            ("Organization ID", "client_id"),
            ("Organization", "client_name"),
            ("Name", "name"),
            ("Job title", "title"),
            ("Email", "email"),
            ("Email - Work", "email"),
        ],
        "date_order": "ymd",
    },
    "bitrix24": {
        "label": "Bitrix24 contacts export (Контакты)",
        "detect": [["id", "имя", "фамилия", "должность"], ["id", "должность", "компания", "ответственный"],
                   ["id", "first name", "last name", "position", "responsible"]],
        "fields": [
            ("ID", "contact_id"),
            ("Компания", "client_name"),
            ("Company", "client_name"),
            ("Имя", "first_name"),
            ("First name", "first_name"),
            ("Фамилия", "last_name"),
            ("Last name", "last_name"),
            ("Должность", "title"),
            ("Position", "title"),
            ("Рабочий e-mail", "email"),
            ("Work e-mail", "email"),
            ("E-mail", "email"),
            ("Частный e-mail", "email"),
        ],
        "date_order": "dmy",
    },
}

# ---------------------------------------------------------------- presets (interactions)
# Activity exports. A CRM may export each kind of activity on its own (HubSpot: calls,
# meetings, emails and notes, each from its index page); a variant is told by its headers
# and gives the channel its rows have when no column says (a HubSpot calls export has no
# type column: every row is a call). Where the fixtures' headers come from:
# tests/fixtures/import/README.md.
INTERACTION_PRESETS: dict[str, dict] = {
    "hubspot": {
        "label": "HubSpot activity export (calls, meetings, emails or notes)",
        "variants": [
            {"name": "calls", "channel": "call", "detect": [["call title", "call direction"],
                                                           ["call title", "call outcome"]]},
            {"name": "meetings", "channel": "meeting", "detect": [["meeting name", "meeting start time"],
                                                                 ["meeting name", "meeting outcome"]]},
            {"name": "emails", "channel": "email", "detect": [["email subject", "email direction"],
                                                             ["email subject", "email body"]]},
            {"name": "notes", "channel": None, "detect": [["note body", "associated company"],
                                                         ["note body", "record id"]]},
        ],
        "fields": [
            ("Record ID", "interaction_id"),
            ("Activity date", "occurred_at"),
            ("Meeting start time", "occurred_at"),
            ("Create Date", "occurred_at"),
            ("Call and meeting type", "channel_type"),
            ("Call direction", "initiated_by"),
            ("Email direction", "initiated_by"),
            ("Call outcome", "answered"),
            ("Meeting outcome", "answered"),
            ("Call Title", "subject"),
            ("Meeting name", "subject"),
            ("Email subject", "subject"),
            ("Call notes", "notes"),
            ("Meeting description", "notes"),
            ("Internal meeting notes", "notes"),
            ("Email body", "notes"),
            ("Email text", "notes"),
            ("Note body", "notes"),
            ("Associated Company IDs (Primary)", "client_id"),
            ("Associated Company IDs", "client_id"),
            ("Associated Company ID", "client_id"),
            ("Associated Company (Primary)", "client_name"),
            ("Associated Company", "client_name"),
            ("Associated Contact", "contact_name"),
            ("Associated Contact IDs", "contact_id"),
            ("Activity assigned to", "owner"),
            ("HubSpot Owner", "owner"),
        ],
    },
    "salesforce": {
        "label": "Salesforce activities report (tasks and events)",
        "variants": [
            {"name": "activities", "channel": None, "detect": [["subject", "call type", "comments"],
                                                              ["activity id", "subject", "call result"],
                                                              ["subject", "task event", "company account"]]},
        ],
        "fields": [
            ("Activity ID", "interaction_id"),
            ("Date", "occurred_at"),
            ("Due Date", "occurred_at"),
            ("Start", "occurred_at"),
            ("Type", "channel"),
            ("Activity Type", "channel"),
            ("Call Type", "initiated_by"),
            ("Call Result", "answered"),
            ("Subject", "subject"),
            ("Comments", "notes"),
            ("Full Comments", "notes"),
            ("Account ID", "client_id"),
            ("Company / Account", "client_name"),
            ("Account", "client_name"),
            ("Account Name", "client_name"),
            ("Contact ID", "contact_id"),
            ("Contact", "contact_name"),
            ("Name", "contact_name"),
            ("Contact Email", "contact_email"),
            ("Email", "contact_email"),
            ("Assigned", "owner"),
            ("Assigned To", "owner"),
            ("Activity Owner", "owner"),
        ],
    },
    "pipedrive": {
        "label": "Pipedrive activities export",
        # the classic export prefixes every column with "Activity - "; the newer one does not
        "variants": [
            {"name": "activities", "channel": None, "detect": [["activity subject", "activity type"],
                                                              ["activity subject", "activity due date"],
                                                              ["subject", "type", "due date", "done"],
                                                              ["subject", "due date", "assigned to user"]]},
        ],
        "fields": [
            ("Activity - ID", "interaction_id"),
            ("Activity - Due date", "occurred_at"),
            ("Activity - Marked as done time", "occurred_at"),
            ("Activity - Type", "channel"),
            ("Activity - Subject", "subject"),
            ("Activity - Note", "notes"),
            ("Activity - Organization ID", "client_id"),
            ("Activity - Organization", "client_name"),
            ("Activity - Contact person", "contact_name"),
            ("Activity - Person", "contact_name"),
            ("Activity - Email", "contact_email"),
            ("ID", "interaction_id"),
            ("Due date", "occurred_at"),
            ("Marked as done time", "occurred_at"),
            ("Type", "channel"),
            ("Subject", "subject"),
            ("Note", "notes"),
            ("Organization ID", "client_id"),
            ("Organization", "client_name"),
            ("Contact person", "contact_name"),
            ("Person", "contact_name"),
            ("Email", "contact_email"),
            ("Activity - Assigned to user", "owner"),
            ("Assigned to user", "owner"),
        ],
        # whether the activity happened: one not marked done is planned, not a touch yet
        "done": ["Activity - Done", "Done"],
    },
    "zoho": {
        "label": "Zoho CRM calls or meetings export",
        "variants": [
            {"name": "calls", "channel": "call", "detect": [["subject", "call type", "call start time"],
                                                           ["call start time", "call owner"],
                                                           ["call type", "call result", "related to"]]},
            {"name": "meetings", "channel": "meeting", "detect": [["title", "from", "to", "host"],
                                                                 ["title", "from", "participants"],
                                                                 ["meeting title", "from", "to"]]},
        ],
        "fields": [
            ("Record Id", "interaction_id"),
            ("Call Start Time", "occurred_at"),
            ("From", "occurred_at"),
            ("Start DateTime", "occurred_at"),
            ("Call Type", "initiated_by"),
            ("Call Result", "answered"),
            ("Subject", "subject"),
            ("Title", "subject"),
            ("Meeting Title", "subject"),
            ("Description", "notes"),
            ("Account Name.id", "client_id"),
            ("Account Name", "client_name"),
            # the record the activity is about: an account (a deal's or a campaign's name
            # would be read as a company: the account column wins where the export has one)
            ("Related To.id", "client_id"),
            ("What Id", "client_id"),
            ("Related To", "client_name"),
            ("Contact Name.id", "contact_id"),
            ("Who Id", "contact_id"),
            ("Contact Name", "contact_name"),
            ("Call Owner", "owner"),
            ("Host", "owner"),
        ],
        # a call still scheduled (or overdue, or cancelled) did not happen
        "done": ["Outgoing Call Status", "Call Status"],
    },
    "bitrix24": {
        "label": "Bitrix24 activities export (Дела)",
        "variants": [
            {"name": "activities", "channel": None, "detect": [["тема", "тип", "направление"],
                                                              ["тема", "срок", "ответственный"],
                                                              ["тема", "дата начала", "ответственный"],
                                                              ["id", "subject", "direction", "responsible"]]},
        ],
        "fields": [
            ("ID", "interaction_id"),
            ("Дата начала", "occurred_at"),
            ("Начало", "occurred_at"),
            ("Срок", "occurred_at"),
            ("Срок исполнения", "occurred_at"),
            ("Start time", "occurred_at"),
            ("Deadline", "occurred_at"),
            ("Тип", "channel"),
            ("Type", "channel"),
            ("Направление", "initiated_by"),
            ("Direction", "initiated_by"),
            ("Тема", "subject"),
            ("Subject", "subject"),
            ("Описание", "notes"),
            ("Description", "notes"),
            ("Компания", "client_name"),
            ("Company", "client_name"),
            ("Контакт", "contact_name"),
            ("Contact", "contact_name"),
            ("E-mail", "contact_email"),
            ("Ответственный", "owner"),
            ("Responsible", "owner"),
        ],
        "done": ["Выполнено", "Завершено", "Статус", "Completed", "Status"],
    },
}

# ---------------------------------------------------------------- presets (costs)
# Detailed time reports of time trackers: one row per time entry. fields as above;
# "project": the column whose value is the client when the client column is empty;
# "text": the columns read for the category (cost_categories.toml), in this order. A
# header may end in a currency, as "Amount (USD)" does: it matches with any code. Cost
# is the export's cost amount (rate × hours at the cost rate); a billable amount is what
# the client is charged, not what serving them costs, and is not read as cost (hours
# without a cost are valued at the method's hourly_cost). Where the header sets come
# from: tests/fixtures/import/README.md.
COST_PRESETS: dict[str, dict] = {
    "toggl": {
        "label": "Toggl Track detailed report",
        # Clockify says "Duration (h)" and "Duration (decimal)", never "Duration" alone
        "detect": [["client", "project", "description", "start date", "duration"],
                   ["user", "email", "description", "start date", "end date", "duration"]],
        "fields": [
            ("Client", "client_name"),
            ("Start date", "day"),
            ("Duration", "hours"),
            ("Labor cost", "cost"),
            ("Labour cost", "cost"),
            ("Cost", "cost"),
            ("Description", "category"),
        ],
        "project": ["Project"],
        "text": ["Description", "Task", "Tags"],
    },
    "clockify": {
        "label": "Clockify detailed report",
        "detect": [["project", "client", "description", "start date", "duration decimal"],
                   ["project", "client", "description", "start date", "duration h"]],
        "fields": [
            ("Client", "client_name"),
            ("Start Date", "day"),
            ("Duration (decimal)", "hours"),
            ("Duration (h)", "hours"),
            ("Cost Amount", "cost"),
            ("Description", "category"),
        ],
        "project": ["Project"],
        "text": ["Description", "Task", "Tags"],
    },
    "harvest": {
        "label": "Harvest detailed time report",
        "detect": [["date", "client", "project", "task", "notes", "hours"]],
        "fields": [
            ("Client", "client_name"),
            ("Date", "day"),
            ("Hours", "hours"),
            ("Cost Amount", "cost"),
            ("Notes", "category"),
        ],
        "project": ["Project"],
        "text": ["Task", "Notes"],
    },
}

# ---------------------------------------------------------------- header synonyms
_CLIENT_REF_SYNONYMS = {
    "client_id": [
        "client id", "customer id", "company id", "account id", "organization id", "organisation id",
        "org id", "id klienta", "identyfikator klienta", "kod klienta", "id kontrahenta",
        "kod kontrahenta", "id firmy", "id клиента", "id компании", "код клиента", "код контрагента",
        "ид клиента", "идентификатор клиента",
    ],
    "client_name": [
        "client name", "client", "customer", "customer name", "company", "company name", "account",
        "account name", "organization", "organisation", "organization name", "associated company",
        "klient", "nazwa klienta",
        "kontrahent", "nazwa kontrahenta", "firma", "nazwa firmy", "компания", "клиент",
        "контрагент", "наименование клиента", "название компании", "организация",
        "наименование контрагента",
    ],
    "client_tax_id": [
        "tax id", "client tax id", "vat", "vat id", "vat number", "nip", "nip klienta",
        "nip kontrahenta", "инн", "инн клиента", "инн контрагента", "inn",
    ],
}

SYNONYMS: dict[str, dict[str, list[str]]] = {
    "clients": {
        "client_id": _CLIENT_REF_SYNONYMS["client_id"] + ["id"],
        "name": ["name", "nazwa", "наименование", "название"] + _CLIENT_REF_SYNONYMS["client_name"],
        "segment": ["segment", "customer segment", "segment klienta", "сегмент"],
        "industry": ["industry", "sector", "branza", "sektor", "отрасль", "сфера"],
        "region": ["region", "territory", "region sprzedazy", "wojewodztwo", "регион", "территория"],
        "account_manager": [
            "account manager", "account owner", "owner", "sales agent", "opiekun", "opiekun klienta",
            "handlowiec", "менеджер", "ответственный", "ответственный менеджер",
        ],
        "first_seen": [
            "first seen", "client since", "customer since", "klient od", "wspolpraca od",
            "клиент с", "дата начала работы",
        ],
        "tax_id": _CLIENT_REF_SYNONYMS["client_tax_id"],
        "service_tier": ["service tier", "tier", "poziom obslugi", "уровень обслуживания"],
    },
    "contacts": {
        **_CLIENT_REF_SYNONYMS,
        "contact_id": ["contact id", "person id", "id kontaktu", "id osoby", "id контакта"],
        "name": ["name", "contact name", "full name", "contact", "imie i nazwisko", "osoba", "фио",
                 "контакт"],
        "first_name": ["first name", "given name", "firstname", "imie", "имя"],
        "last_name": ["last name", "surname", "family name", "lastname", "nazwisko", "фамилия"],
        "title": ["title", "job title", "position", "role", "stanowisko", "funkcja", "должность"],
        "email": ["email", "e mail", "email address", "work email", "adres email", "adres e mail",
                  "электронная почта", "почта", "рабочий e mail"],
        "reports_to": ["reports to", "reporting to", "manager name", "przelozony", "podlega",
                       "непосредственный руководитель", "подчиняется"],
        "level": ["level", "seniority", "poziom", "szczebel", "уровень"],
        "is_champion": ["is champion", "champion", "ambasador", "чемпион", "адвокат"],
        "active_from": ["active from", "start date", "since", "aktywny od", "od", "активен с", "с"],
        "active_to": ["active to", "end date", "left on", "until", "aktywny do", "do", "активен по", "по"],
    },
    "interactions": {
        **_CLIENT_REF_SYNONYMS,
        "interaction_id": [
            "interaction id", "activity id", "engagement id", "id aktywnosci", "id interakcji",
            "id kontaktu z klientem", "id активности", "id взаимодействия",
        ],
        "contact_id": ["contact id", "person id", "id kontaktu", "id osoby", "id контакта"],
        "occurred_at": [
            "occurred at", "date", "activity date", "timestamp", "when", "data", "data kontaktu",
            "data aktywnosci", "дата", "дата контакта", "дата взаимодействия",
        ],
        "channel": ["channel", "type", "activity type", "kanal", "typ", "rodzaj", "канал", "тип"],
        "initiated_by": ["initiated by", "direction", "inicjator", "kierunek", "инициатор", "направление"],
        "answered": ["answered", "replied", "response", "odpowiedz", "odpowiedziano", "отвечено", "ответ"],
        "sentiment": ["sentiment", "tone", "nastawienie", "nastroj", "тональность", "настроение"],
        "tags": ["tags", "labels", "tagi", "etykiety", "теги", "метки"],
        "notes": ["notes", "note", "description", "notatki", "notatka", "opis", "заметки", "описание",
                  "comments", "komentarz", "комментарий"],
        "subject": ["subject", "title", "temat", "tytul", "тема", "название"],
        "contact_name": ["contact", "contact name", "person", "osoba", "osoba kontaktowa", "kontakt", "контакт",
                         "контактное лицо"],
        "contact_email": ["contact email", "email", "e mail", "email kontaktu", "email контакта"],
        "owner": ["owner", "activity owner", "assigned to", "responsible", "opiekun", "handlowiec",
                  "odpowiedzialny", "ответственный", "владелец", "менеджер"],
    },
    "deals": {
        **_CLIENT_REF_SYNONYMS,
        "deal_id": [
            "deal id", "opportunity id", "id transakcji", "numer transakcji", "nr transakcji",
            "nr szansy", "numer szansy", "№ сделки", "номер", "id szansy",
            "id szansy sprzedazy", "id сделки", "номер сделки", "ид сделки",
            # Bitrix24 and many other exports call the deal's own id just "ID"
            "id", "ид", "record id", "row id",
        ],
        "title": [
            "title", "name", "deal name", "deal title", "opportunity name", "opportunity", "nazwa",
            "nazwa transakcji", "tytul", "temat", "название", "название сделки", "сделка",
            "product", "product name", "item", "produkt", "nazwa produktu", "towar", "товар", "продукт",
            "наименование товара",
        ],
        "stage": ["stage", "deal stage", "sales stage", "etap", "faza", "etap sprzedazy", "стадия",
                  "стадия сделки", "этап", "этап сделки"],
        "status": ["status", "deal status", "deal state", "stan", "status transakcji", "статус",
                   "статус сделки"],
        "amount": [
            "amount", "value", "deal value", "close value", "revenue", "kwota", "wartosc",
            "wartosc netto", "kwota netto", "wartosc transakcji", "сумма", "сумма сделки", "бюджет",
            "sales", "sales amount", "line total", "line amount", "net sales", "sprzedaz",
            "wartosc sprzedazy", "продажи", "выручка",
        ],
        "currency": ["currency", "currency code", "amount currency", "deal currency", "waluta", "валюта"],
        "created_on": [
            "created on", "create date", "created date", "created", "date created", "creation date",
            "created time", "data utworzenia", "utworzono", "data dodania", "дата создания", "создана",
        ],
        "closed_on": [
            "closed on", "close date", "closing date", "closed date", "date closed", "expected close date",
            "data zamkniecia", "data zamkniecia transakcji", "дата закрытия", "закрыта",
            # an order is a sale made on its date
            "order date", "data zamowienia", "дата заказа",
        ],
        "discount_pct": ["discount pct", "discount", "discount %", "rabat", "rabat %", "upust", "скидка",
                         "скидка %"],
        "owner": [
            "owner", "deal owner", "opportunity owner", "sales rep", "sales representative", "sales agent",
            "salesperson", "sales person", "account manager", "account owner", "assigned to", "responsible",
            "opiekun", "opiekun klienta", "handlowiec", "przedstawiciel handlowy", "wlasciciel",
            "odpowiedzialny", "ответственный", "менеджер", "ответственный менеджер", "менеджер сделки",
            "владелец",
        ],
        "person": [
            "person", "contact person", "contact name", "contact", "osoba kontaktowa", "osoba", "kontakt",
            "контакт", "контактное лицо",
        ],
        "order_id": [
            "order id", "order number", "order no", "order #", "order", "numer zamowienia",
            "nr zamowienia", "id zamowienia", "zamowienie", "номер заказа", "№ заказа", "id заказа",
            "заказ",
        ],
    },
    "feedback": {
        **_CLIENT_REF_SYNONYMS,
        "feedback_id": ["feedback id", "response id", "survey response id", "id opinii", "id ankiety",
                        "id отзыва", "id ответа"],
        "contact_id": ["contact id", "person id", "id kontaktu", "id контакта"],
        "received_on": ["received on", "date", "submitted at", "submitted", "data", "data otrzymania",
                        "дата", "дата получения"],
        "kind": ["kind", "type", "survey type", "rodzaj", "typ", "тип", "вид"],
        "score": ["score", "rating", "nps", "ocena", "wynik", "оценка", "балл"],
        "comment": ["comment", "comments", "feedback", "komentarz", "uwagi", "комментарий", "отзыв"],
    },
    "costs": {
        **_CLIENT_REF_SYNONYMS,
        "day": ["day", "date", "data", "dzien", "дата", "день"],
        "hours": ["hours", "time spent", "godziny", "liczba godzin", "часы", "часов"],
        "cost": ["cost", "amount", "koszt", "kwota", "стоимость", "затраты", "сумма"],
        "category": ["category", "type", "kategoria", "rodzaj", "категория", "тип"],
    },
    "team_pulse": {
        **_CLIENT_REF_SYNONYMS,
        "quarter": ["quarter", "period", "kwartal", "okres", "квартал", "период"],
        "account_manager": ["account manager", "owner", "opiekun", "handlowiec", "менеджер",
                            "ответственный"],
        "morale": ["morale", "mood", "nastroj", "morale zespolu", "настроение", "боевой дух"],
        "note": ["note", "notes", "comment", "notatka", "uwagi", "заметка", "комментарий"],
    },
}

# ---------------------------------------------------------------- value words
# field -> {word: value}; "status" words also read the stage column
VALUE_WORDS: dict[str, dict[str, str]] = {
    "status": {
        # won
        "won": "won", "closed won": "won", "closedwon": "won", "win": "won", "deal won": "won",
        "wygrana": "won", "wygrane": "won", "wygrany": "won", "zamknieta wygrana": "won",
        "sukces": "won", "sprzedane": "won", "zrealizowana": "won",
        "сделка успешна": "won", "успешно реализовано": "won", "успешна": "won", "выиграна": "won",
        "выигран": "won", "успех": "won", "закрыта успешно": "won",
        # lost
        "lost": "lost", "closed lost": "lost", "closedlost": "lost", "closed lost to competition": "lost",
        "deal lost": "lost", "przegrana": "lost", "przegrane": "lost", "utracona": "lost",
        "zamknieta przegrana": "lost", "odrzucona": "lost", "сделка провалена": "lost",
        "закрыто и не реализовано": "lost", "проиграна": "lost", "проигран": "lost", "отказ": "lost",
        "провалена": "lost", "закрыта неуспешно": "lost",
        # open
        "open": "open", "otwarta": "open", "otwarte": "open", "w toku": "open", "в работе": "open",
        "открыта": "open", "новая": "open", "prospecting": "open", "qualification": "open",
        "needs analysis": "open", "value proposition": "open", "identify decision makers": "open",
        "id decision makers": "open", "perception analysis": "open", "proposal price quote": "open",
        "negotiation review": "open", "negotiation": "open", "proposal": "open",
        "appointment scheduled": "open", "qualified to buy": "open", "presentation scheduled": "open",
        "decision maker bought in": "open", "contract sent": "open", "engaging": "open",
        "lead": "open", "discovery": "open", "demo": "open", "commit": "open",
        "negocjacje": "open", "oferta": "open", "kwalifikacja": "open", "analiza potrzeb": "open",
        "nowa": "open", "propozycja": "open", "переговоры": "open", "квалификация": "open",
        "предложение": "open", "первичный контакт": "open", "принимают решение": "open",
        "согласование договора": "open", "подготовка документов": "open", "счет на предоплату": "open",
        "финальный счет": "open", "анализ причины провала": "lost",
    },
    "level": {
        "executive": "executive", "exec": "executive", "c level": "executive", "c suite": "executive",
        "board": "executive", "zarzad": "executive", "prezes": "executive", "руководство": "executive",
        "топ менеджмент": "executive", "director": "director", "vp": "director", "head": "director",
        "dyrektor": "director", "директор": "director", "manager": "manager", "kierownik": "manager",
        "menedzer": "manager", "менеджер": "manager", "руководитель": "manager", "staff": "staff",
        "specialist": "staff", "employee": "staff", "pracownik": "staff", "specjalista": "staff",
        "сотрудник": "staff", "специалист": "staff",
    },
    "channel": {
        "meeting": "meeting", "spotkanie": "meeting", "встреча": "meeting", "visit": "meeting",
        "call": "call", "phone": "call", "phone call": "call", "telefon": "call", "rozmowa": "call",
        "звонок": "call", "телефон": "call", "email": "email", "e mail": "email", "mail": "email",
        "письмо": "email", "почта": "email", "qbr": "qbr", "quarterly business review": "qbr",
        "workshop": "workshop", "warsztat": "workshop", "warsztaty": "workshop", "воркшоп": "workshop",
        "семинар": "workshop", "support": "support", "ticket": "support", "wsparcie": "support",
        "zgloszenie": "support", "поддержка": "support", "обращение": "support", "event": "event",
        "wydarzenie": "event", "konferencja": "event", "мероприятие": "event",
        # Salesforce activity types that are no touch: skipped and reported
        "other": "skip", "to do": "skip", "todo": "skip", "task": "skip",
        # Pipedrive's activity types (Call, Meeting, Task, Deadline, Email, Lunch) and
        # Bitrix24's (Звонок, Встреча, E-mail / Письмо, Задача, Дело): a lunch is a
        # meeting; a deadline, a task and a to-do ("Дело") are no touch
        "lunch": "meeting", "deadline": "skip", "задача": "skip", "дело": "skip",
        "универсальное дело": "skip",
    },
    "initiated_by": {
        # HubSpot call and email directions, Salesforce call types; "skip": an internal
        # activity (Salesforce Call Type "Internal"), skipped and reported, not a touch
        "outgoing": "us", "outgoing email": "us", "forwarded email": "us", "email": "us", "incoming": "client",
        "incoming email": "client", "internal": "skip",
        "us": "us", "we": "us", "outbound": "us", "our side": "us", "my": "us", "wychodzace": "us",
        "мы": "us", "исходящий": "us", "client": "client", "customer": "client", "inbound": "client",
        "klient": "client", "przychodzace": "client", "клиент": "client", "входящий": "client",
        # Zoho Call Type (Outbound, Inbound, Missed: the client's call we missed) and
        # Bitrix24's Направление (Входящий / Исходящий, входящее / исходящее письмо)
        "missed": "client", "inbound call": "client", "incoming call": "client", "outbound call": "us",
        "outgoing call": "us", "входящее": "client", "исходящее": "us", "входящий звонок": "client",
        "исходящий звонок": "us", "входящее письмо": "client", "исходящее письмо": "us",
    },
    "kind": {
        "nps": "nps", "csat": "csat", "survey": "survey", "ankieta": "survey", "опрос": "survey",
        "анкета": "survey", "interview": "interview", "wywiad": "interview", "rozmowa": "interview",
        "интервью": "interview",
    },
    "category": {
        "support": "support", "wsparcie": "support", "поддержка": "support", "rework": "rework",
        "poprawki": "rework", "переделка": "rework", "доработка": "rework", "free scope": "free_scope",
        "free_scope": "free_scope", "out of scope": "free_scope", "poza zakresem": "free_scope",
        "gratis": "free_scope", "вне объема": "free_scope", "бесплатно": "free_scope",
        "other": "other", "inne": "other", "прочее": "other", "другое": "other",
    },
    "bool": {
        "true": "true", "yes": "true", "y": "true", "1": "true", "x": "true", "tak": "true", "t": "true",
        "да": "true", "д": "true", "false": "false", "no": "false", "n": "false", "0": "false",
        "nie": "false", "f": "false", "нет": "false", "н": "false",
    },
    # whether a touch was answered, as call and meeting outcomes say it (HubSpot Call
    # outcome and Meeting outcome, Salesforce Call Result), read beside the bool words;
    # "none": not known yet (a meeting still scheduled)
    "outcome": {
        "connected": "true", "completed": "true", "reached": "true", "answered": "true", "no answer": "false",
        "left voicemail": "false", "left live message": "false", "busy": "false", "wrong number": "false",
        "no show": "false", "canceled": "false", "cancelled": "false", "not reached": "false",
        "unanswered": "false", "scheduled": "none", "rescheduled": "none",
        # Zoho's Call Result: a result but "No response/Busy" or "Invalid number" means the
        # call was answered; "-None-" says nothing
        "interested": "true", "not interested": "true", "requested more info": "true",
        "requested call back": "true", "no response busy": "false", "invalid number": "false",
        "none": "none",
    },
    # whether an activity happened (Pipedrive's Done, Zoho's Outgoing Call Status,
    # Bitrix24's Выполнено / Статус), read beside the bool words: "false" is an activity
    # still planned, skipped and reported (not a touch yet)
    "done": {
        "done": "true", "completed": "true", "complete": "true", "held": "true", "выполнено": "true",
        "выполнена": "true", "завершено": "true", "завершена": "true", "to do": "false", "todo": "false",
        "not done": "false", "undone": "false", "pending": "false", "planned": "false", "scheduled": "false",
        "overdue": "false", "cancelled": "false", "canceled": "false", "не выполнено": "false",
        "не завершено": "false", "в работе": "false", "ожидает выполнения": "false", "запланировано": "false",
        "просрочено": "false", "отменено": "false",
    },
}

# ISO 4217 codes in use (kept beside the reporting currency, in the ground), and
# symbols/words people write instead
CURRENCY_WORDS: dict[str, str] = {
    "zl": "PLN", "zł": "PLN", "pln zl": "PLN", "zloty": "PLN", "zlotych": "PLN",
    "€": "EUR", "euro": "EUR", "eur €": "EUR",
    "$": "USD", "us$": "USD", "usd $": "USD", "dollar": "USD",
    "£": "GBP", "₽": "RUB", "руб": "RUB", "р": "RUB", "рубль": "RUB", "рублей": "RUB", "rur": "RUB",
    "₴": "UAH", "грн": "UAH", "kc": "CZK", "kč": "CZK", "fr": "CHF", "¥": "JPY", "kr": "SEK",
}

# a line whose first filled cell is one of these is a summary or report footer, not data
SUMMARY_PATTERN = (
    r"^\s*(grand totals?|totals?|sub ?totals?|sum|suma|razem|ogolem|ogółem|łącznie|lacznie|"
    r"итого|всего|итог|общий итог)\s*(\(.*\))?\s*:?\s*$"
)
FOOTER_PATTERN = (
    r"^\s*(confidential information|copyright|\(c\)|©|generated by|report generated|"
    r"salesforce\.com|powered by|filtered by|total records|records:)"
)
