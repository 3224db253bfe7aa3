"""What each kind of CSV holds: its canonical fields, their types, its table and natural key.

The canonical header names (README "Importing CSV exports") are the field names
themselves, so a file written to the template imports with no mapping at all.
"""

from __future__ import annotations

from dataclasses import dataclass

from analytics.ingest.errors import UnknownKind


@dataclass(frozen=True)
class Field:
    name: str
    type: str  # id | text | date | timestamp | number | int | bool | enum | tags | quarter | currency
    label: str
    required: bool = False
    canonical: bool = True  # part of the documented template (False: an extra a mapping may use)


@dataclass(frozen=True)
class Kind:
    name: str
    label: str
    table: str
    key: tuple[str, ...]  # natural key columns of the table
    fields: tuple[Field, ...]
    # fields whose values identify a row when the file has no id column at all
    derived_key: tuple[str, ...] = ()

    @property
    def field_names(self) -> list[str]:
        return [f.name for f in self.fields]

    @property
    def template(self) -> list[str]:
        return [f.name for f in self.fields if f.canonical]

    def field(self, name: str) -> Field:
        return next(f for f in self.fields if f.name == name)

    @property
    def has_client_ref(self) -> bool:
        return self.name != "clients"


_CLIENT_REF = (
    Field("client_id", "id", "Client id (CRM company id)"),
    Field("client_name", "text", "Client name", canonical=False),
    Field("client_tax_id", "id", "Client tax id (NIP, VAT, INN)", canonical=False),
)

KINDS: dict[str, Kind] = {
    "clients": Kind(
        "clients", "Clients", "clients", ("client_id",),
        (
            Field("client_id", "id", "Client id"),
            Field("name", "text", "Name", required=True),
            Field("segment", "text", "Segment"),
            Field("industry", "text", "Industry"),
            Field("region", "text", "Region"),
            Field("account_manager", "text", "Account manager"),
            Field("first_seen", "date", "Client since"),
            Field("tax_id", "id", "Tax id (NIP, VAT, INN)", canonical=False),
            Field("service_tier", "text", "Service tier", canonical=False),
        ),
    ),
    "contacts": Kind(
        "contacts", "Contacts", "contacts", ("contact_id",),
        (
            Field("contact_id", "id", "Contact id", required=True),
            *_CLIENT_REF,
            Field("name", "text", "Name"),
            # CRM exports split the name: the name is first and last name joined
            Field("first_name", "text", "First name", canonical=False),
            Field("last_name", "text", "Last name", canonical=False),
            Field("title", "text", "Job title"),
            Field("level", "enum", "Level"),
            Field("is_champion", "bool", "Champion"),
            Field("active_from", "date", "Active from"),
            Field("active_to", "date", "Active to"),
            # CRM exports: the e-mail (the contact's key where there is one) and whom
            # the contact reports to, kept in contact_details (migration 0010)
            Field("email", "text", "E-mail", canonical=False),
            Field("reports_to", "text", "Reports to", canonical=False),
        ),
        derived_key=("client", "name"),
    ),
    "interactions": Kind(
        "interactions", "Interactions", "interactions", ("interaction_id",),
        (
            Field("interaction_id", "id", "Interaction id", required=True),
            *_CLIENT_REF,
            Field("contact_id", "id", "Contact id"),
            Field("occurred_at", "timestamp", "Occurred at", required=True),
            Field("channel", "enum", "Channel"),
            # a CRM's own type of call or meeting (HubSpot "Call and meeting type", set up
            # by each team): a word we know sets the channel, any other leaves the export's
            Field("channel_type", "text", "Call or meeting type", canonical=False),
            Field("initiated_by", "enum", "Initiated by"),
            Field("answered", "bool", "Answered"),
            Field("sentiment", "int", "Sentiment (-2..2)"),
            Field("tags", "tags", "Tags"),
            Field("notes", "text", "Notes"),
            # CRM activity exports: the subject (kept with the notes, which are read for
            # tags), and the contact as the export names it (found by e-mail, else by
            # name within the client)
            Field("subject", "text", "Subject", canonical=False),
            Field("contact_name", "text", "Contact (name or e-mail)", canonical=False),
            Field("contact_email", "text", "Contact e-mail", canonical=False),
            # who had the touch on our side, as the export names them (migration 0014)
            Field("owner", "text", "Owner (who had the touch)", canonical=False),
        ),
        derived_key=("client", "occurred_at", "channel", "contact_id"),
    ),
    "deals": Kind(
        "deals", "Deals", "deals", ("deal_id",),
        (
            Field("deal_id", "id", "Deal id", required=True),
            Field("client_id", "id", "Client id (CRM company id)"),
            Field("client_name", "text", "Client name"),
            Field("client_tax_id", "id", "Client tax id (NIP, VAT, INN)", canonical=False),
            Field("title", "text", "Title"),
            Field("stage", "text", "Stage"),
            Field("status", "enum", "Status (open, won, lost)"),
            Field("amount", "number", "Amount"),
            Field("currency", "currency", "Currency"),
            Field("created_on", "date", "Created on"),
            Field("closed_on", "date", "Closed on"),
            Field("discount_pct", "number", "Discount %"),
            Field("owner", "text", "Deal owner (sales rep)", canonical=False),
            # the client when the deal names no organisation (a person buying for themselves)
            Field("person", "text", "Contact person", canonical=False),
            # order lines (Superstore and the like): one deal per order, or one per line
            Field("order_id", "id", "Order id (order lines)", canonical=False),
        ),
        derived_key=("client", "title", "created_on"),
    ),
    "feedback": Kind(
        "feedback", "Feedback", "feedback", ("feedback_id",),
        (
            Field("feedback_id", "id", "Feedback id", required=True),
            *_CLIENT_REF,
            Field("contact_id", "id", "Contact id"),
            Field("received_on", "date", "Received on", required=True),
            Field("kind", "enum", "Kind (nps, csat, survey, interview)"),
            Field("score", "number", "Score"),
            Field("comment", "text", "Comment"),
        ),
        derived_key=("client", "received_on", "kind", "contact_id"),
    ),
    "costs": Kind(
        "costs", "Cost to serve", "service_costs", ("cost_id",),
        (
            *_CLIENT_REF,
            Field("day", "date", "Day", required=True),
            Field("hours", "number", "Hours"),
            Field("cost", "number", "Cost"),
            Field("category", "enum", "Category"),
        ),
    ),
    "team_pulse": Kind(
        "team_pulse", "Team pulse", "team_pulse", ("client_id", "quarter"),
        (
            *_CLIENT_REF,
            Field("quarter", "quarter", "Quarter", required=True),
            Field("account_manager", "text", "Account manager"),
            Field("morale", "int", "Morale (1..5)", required=True),
            Field("note", "text", "Note"),
        ),
    ),
}

# the enum fields and the values they may take after mapping
ENUMS: dict[str, tuple[str, ...]] = {
    "status": ("open", "won", "lost"),
    "level": ("executive", "director", "manager", "staff"),
    "channel": ("meeting", "call", "email", "qbr", "workshop", "support", "event"),
    "initiated_by": ("us", "client"),
    "kind": ("nps", "csat", "survey", "interview"),
    "category": ("support", "rework", "free_scope", "other"),
    "bool": ("true", "false"),
}

TAGS = (
    "status_request", "improvement_request", "complaint", "praise", "referral",
    "advance_notice", "learned_from_market", "scope_request", "discount_request",
    "deadline_pressure", "escalation",
)


def kind(name: str) -> Kind:
    if name not in KINDS:
        raise UnknownKind(name, list(KINDS))
    return KINDS[name]
