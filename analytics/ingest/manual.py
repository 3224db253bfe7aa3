"""Corrections made in the app: a touch logged after a meeting, a touch's tags, a
contact's level, champion flag and leaving date, and the rules themselves. Manual
changes win.

Every correction is one row of manual_changes (migration 0013): what (table, row key,
field, old value, new value), when, and by whom (the signed-in email; '' for local use).
They survive what would otherwise overwrite them:

- a re-import of the same rows: `keep_manual_changes`, called at the end of every
  import, applies the latest value of every corrected field again, in one SQL pass;
- undoing an import: a correction is written into the import_prior_ images of its row
  too, so whichever image undo puts back carries it;
- changing the rules: re-tagging the stored touches and re-deriving the levels are
  followed by the same pass.

The tags a person keeps of those the rules suggested keep their rule and matched words
in interaction_tags; the tags they added or removed are recorded here as manual.
"""

from __future__ import annotations

import datetime as dt
import json
import re
import tomllib
import uuid
from collections.abc import Sequence
from dataclasses import dataclass, field

import duckdb
import pandas as pd

from analytics.access import (
    acting,
    administers,
    aggregate,
    client_detail,
    edits_client,
    per_client,
    reads_all,
)
from analytics.db import Database
from analytics.errors import ContinuumError, UnknownClient
from analytics.ingest.kinds import ENUMS, TAGS
from analytics.ingest.rules import read_toml
from analytics.ingest.seniority import (
    LevelRule,
    level_checks,
    level_rules_from_text,
    level_rules_path,
    load_level_rules,
)
from analytics.ingest.tagging import (
    RetagResult,
    TagRules,
    load_tag_rules,
    retag_stored,
    stored_rules_text,
    suggest_tags,
    tag_rules_from_text,
    tag_rules_path,
)
from analytics.sql_files import sql_reader

sql = sql_reader(__package__)

LEVELS: tuple[str, ...] = ENUMS["level"]  # executive, director, manager, staff; None is unknown
CHANNELS: tuple[str, ...] = ENUMS["channel"]
INITIATORS: tuple[str, ...] = ENUMS["initiated_by"]
LANGUAGES: dict[str, str] = {"en": "English", "pl": "Polish", "ru": "Russian"}
RULE_KINDS = ("tags", "levels")
UNKNOWN_LEVEL = "unknown"
LOGGED_PREFIX = "M-"  # the id of a touch logged by hand: never an id of a CRM export
SUBJECT_MAX_LENGTH = 100  # a longer text is a note, not a subject to write a rule for


class UnknownTouch(ContinuumError):
    def __init__(self, client_id: str, interaction_id: str) -> None:
        super().__init__(
            f"Touch {interaction_id} is not one of client {client_id}'s touches. Choose one of its touches "
            "from the list."
        )


class UnknownContact(ContinuumError):
    def __init__(self, client_id: str, contact_id: str) -> None:
        super().__init__(
            f"Contact {contact_id} is not one of client {client_id}'s contacts. Choose one of its contacts "
            "from the list, or import a contacts export first."
        )


class BadCorrection(ContinuumError):
    """A correction that cannot be saved as given: says what to change."""


# ---------------------------------------------------------------- what a page sends


@dataclass(frozen=True)
class Touch:
    """A touch logged by hand after a meeting, a call or an e-mail."""

    client_id: str
    occurred_at: dt.datetime | dt.date
    channel: str
    initiated_by: str
    contact_id: str | None = None
    answered: bool | None = None
    sentiment: int | None = None
    note: str = ""
    tags: tuple[str, ...] = ()  # as saved: the suggested ones kept, and any added


@dataclass(frozen=True)
class LoggedTouch:
    interaction_id: str
    tags: tuple[str, ...]
    tags_from_rules: tuple[str, ...]  # suggested and kept: their rule is kept
    tags_added: tuple[str, ...]  # by hand
    tags_removed: tuple[str, ...]  # suggested, but removed by hand

    def summary_line(self) -> str:
        parts = [f"Saved the touch ({', '.join(self.tags) or 'no tags'})"]
        if self.tags_added:
            parts.append(f"added by hand: {', '.join(self.tags_added)}")
        if self.tags_removed:
            parts.append(f"suggestion removed: {', '.join(self.tags_removed)}")
        return "; ".join(parts) + "."


@dataclass(frozen=True)
class TagEdit:
    interaction_id: str
    tags_added: tuple[str, ...]
    tags_removed: tuple[str, ...]

    @property
    def changed(self) -> bool:
        return bool(self.tags_added or self.tags_removed)


@dataclass(frozen=True)
class RulesSaved:
    """What saving (or resetting) a rules file changed in the stored data."""

    kind: str
    touches_changed: int = 0  # tags: touches whose tags changed
    tags_added: int = 0
    tags_removed: int = 0
    contacts_changed: int = 0  # levels: contacts whose level (or deciding rule) changed
    kept_by_hand: int = 0  # rows where a correction made by hand was applied again

    def summary_line(self) -> str:
        if self.kind == "tags":
            text = (f"{self.touches_changed:,} touch{'' if self.touches_changed == 1 else 'es'} re-tagged: "
                    f"{self.tags_added:,} tags added, {self.tags_removed:,} removed")
        else:
            text = (f"{self.contacts_changed:,} contact{'' if self.contacts_changed == 1 else 's'} "
                    "got another level or deciding rule")
        if self.kept_by_hand:
            text += f"; corrections made by hand kept on {self.kept_by_hand:,}"
        return text + "."


@dataclass(frozen=True)
class RulesView:
    """The rules in force, readable: one row per rule, the negation words, and where they come from."""

    kind: str
    rules: pd.DataFrame  # position, name, tag or level, languages (list), phrases (list), stems (list)
    negation_before: tuple[str, ...] = ()
    negation_after: tuple[str, ...] = ()
    source: str = "file"  # "file" (packaged or CONTINUUM_*_RULES) or "edited" (stored)
    file_name: str = ""
    saved_at: dt.datetime | None = None
    saved_by: str = ""
    text: str = ""  # the TOML text in force
    extra: dict = field(default_factory=dict)


# ---------------------------------------------------------------- helpers


def _who(who: str | None) -> str:
    return acting().who if who is None else str(who)


def _next_change_no(cur: duckdb.DuckDBPyConnection) -> int:
    return int(cur.execute("select coalesce(max(change_no), 0) + 1 from manual_changes").fetchone()[0])


def _record(cur: duckdb.DuckDBPyConnection, table: str, row_key: str, client_id: str | None, field_name: str,
            old: str | None, new: str | None, who: str, at: dt.datetime) -> None:
    cur.execute(
        """
        insert into manual_changes (change_no, table_name, row_key, client_id, field, old_value, new_value,
            changed_at, changed_by)
        values ($no, $t, $k, $c, $f, $old, $new, $at, $by)
        """,
        {"no": _next_change_no(cur), "t": table, "k": row_key, "c": client_id, "f": field_name,
         "old": old, "new": new, "at": at, "by": who},
    )


def _tags_json(tags: Sequence[str]) -> str:
    return json.dumps(sorted(set(tags)))


def _check_tags(tags: Sequence[str]) -> list[str]:
    unknown = [t for t in tags if t not in TAGS]
    if unknown:
        raise BadCorrection(f"{', '.join(map(str, unknown))} {'is not a tag' if len(unknown) == 1 else 'are not tags'}; "
                            f"the tags are {', '.join(TAGS)}.")
    return sorted(set(tags))


def _require_client(cur: duckdb.DuckDBPyConnection, client_id: str) -> None:
    if not cur.execute("select count(*) from clients where client_id = $c", {"c": client_id}).fetchone()[0]:
        raise UnknownClient(client_id)


def _now() -> dt.datetime:
    return dt.datetime.now().replace(microsecond=0)


# ---------------------------------------------------------------- log a touch


@edits_client("touch")
def log_touch(db: Database, touch: Touch, *, who: str | None = None) -> LoggedTouch:
    """Save a touch logged by hand, with its tags, in one transaction.

    The tags the rules suggest for its note (suggest_tags) that the person kept get
    their rule and matched words in interaction_tags, as an import's would; tags the
    person added, and suggested tags they removed, are recorded in manual_changes, so a
    later re-tagging keeps them as the person left them.
    """
    tags = _check_tags(touch.tags)
    if touch.channel not in CHANNELS:
        raise BadCorrection(f'"{touch.channel}" is not a channel; use one of {", ".join(CHANNELS)}.')
    if touch.initiated_by not in INITIATORS:
        raise BadCorrection('Who started the touch: "us" or "client".')
    if touch.sentiment is not None and not -2 <= int(touch.sentiment) <= 2:
        raise BadCorrection("The sentiment is a number from -2 (very negative) to 2 (very positive).")
    when = touch.occurred_at
    if not isinstance(when, dt.datetime):
        when = dt.datetime.combine(when, dt.time(0))
    if when.date() > dt.date.today():
        raise BadCorrection(f"A touch is logged after it happened: {when:%Y-%m-%d} is in the future.")
    note = str(touch.note or "").strip() or None
    who = _who(who)
    at = _now()
    with db.write() as cur:
        _require_client(cur, touch.client_id)
        if touch.contact_id is not None:
            _require_contact(cur, touch.client_id, touch.contact_id)
        suggested = {s.tag: s for s in suggest_tags(cur, note or "")}
        interaction_id = f"{LOGGED_PREFIX}{when:%Y%m%d}-{uuid.uuid4().hex[:10]}"
        cur.execute(
            """
            insert into interactions (interaction_id, client_id, contact_id, occurred_at, channel, initiated_by,
                answered, sentiment, tags, notes, batch_id, owner)
            values ($id, $client, $contact, $at, $channel, $by, $answered, $sentiment, $tags, $notes, null,
                    nullif($owner, ''))
            """,
            {"id": interaction_id, "client": touch.client_id, "contact": touch.contact_id, "at": when,
             "channel": touch.channel, "by": touch.initiated_by, "answered": touch.answered,
             "sentiment": None if touch.sentiment is None else int(touch.sentiment), "tags": tags,
             "notes": note, "owner": who},
        )
        kept = [t for t in tags if t in suggested]
        for tag in kept:
            cur.execute(
                "insert into interaction_tags (interaction_id, tag, rule_name, matched, batch_id) "
                "values ($i, $t, $r, $m, null)",
                {"i": interaction_id, "t": tag, "r": suggested[tag].rule_name, "m": suggested[tag].matched},
            )
        _record(cur, "interactions", interaction_id, touch.client_id, "logged", None, note, who, at)
        if set(tags) != set(suggested):
            _record(cur, "interactions", interaction_id, touch.client_id, "tags",
                    _tags_json(suggested), _tags_json(tags), who, at)
    return LoggedTouch(
        interaction_id=interaction_id, tags=tuple(tags), tags_from_rules=tuple(kept),
        tags_added=tuple(t for t in tags if t not in suggested),
        tags_removed=tuple(sorted(t for t in suggested if t not in tags)),
    )


def _require_contact(cur: duckdb.DuckDBPyConnection, client_id: str, contact_id: str) -> tuple:
    row = cur.execute(
        "select level, is_champion, active_from, active_to from contacts where contact_id = $p and client_id = $c",
        {"p": contact_id, "c": client_id},
    ).fetchone()
    if row is None:
        raise UnknownContact(client_id, contact_id)
    return row


# ---------------------------------------------------------------- a stored touch's tags


@edits_client("client_id")
def set_touch_tags(db: Database, client_id: str, interaction_id: str, tags: Sequence[str], *,
                   who: str | None = None) -> TagEdit:
    """Give a stored touch of `client_id` these tags. The change is recorded (old and new
    list), a removed tag loses its rule provenance, and the prior images an import keeps
    of the touch get the same change, so neither a re-import nor an undo brings the old
    tags back."""
    new = _check_tags(tags)
    who = _who(who)
    with db.write() as cur:
        row = cur.execute(
            "select tags from interactions where interaction_id = $i and client_id = $c",
            {"i": interaction_id, "c": client_id},
        ).fetchone()
        if row is None:
            raise UnknownTouch(client_id, interaction_id)
        old = sorted(set(row[0] or []))
        added = tuple(t for t in new if t not in old)
        removed = tuple(t for t in old if t not in new)
        if not added and not removed:
            return TagEdit(interaction_id, (), ())
        params = {"i": interaction_id, "added": list(added), "removed": list(removed)}
        cur.execute("update interactions set tags = $tags where interaction_id = $i",
                    {"i": interaction_id, "tags": new})
        cur.execute("delete from interaction_tags where interaction_id = $i and list_contains($removed, tag)",
                    {"i": interaction_id, "removed": list(removed)})
        cur.execute(
            """
            update import_prior_interactions
            set tags = list_sort(list_distinct(list_filter(tags, lambda x: not list_contains($removed, x)) || $added))
            where interaction_id = $i
            """,
            params,
        )
        cur.execute("delete from import_prior_interaction_tags where interaction_id = $i and list_contains($removed, tag)",
                    {"i": interaction_id, "removed": list(removed)})
        _record(cur, "interactions", interaction_id, client_id, "tags", _tags_json(old), _tags_json(new), who, _now())
    return TagEdit(interaction_id, added, removed)


# ---------------------------------------------------------------- a contact


# the prior images of a contact, field by field (constants: never input)
_PRIOR_CONTACT_UPDATES = {
    "level": "update import_prior_contacts set level = $v::varchar where contact_id = $p",
    "is_champion": "update import_prior_contacts set is_champion = $v::boolean where contact_id = $p",
    "active_to": "update import_prior_contacts set active_to = $v::date where contact_id = $p",
}
_CONTACT_UPDATES = {
    "level": "update contacts set level = $v::varchar where contact_id = $p",
    "is_champion": "update contacts set is_champion = $v::boolean where contact_id = $p",
    "active_to": "update contacts set active_to = $v::date where contact_id = $p",
}


def _text(value: object) -> str | None:
    if value is None:
        return None
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, dt.datetime):
        return value.date().isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    return str(value)


@edits_client("client_id")
def update_contact(db: Database, client_id: str, contact_id: str, *, level: str | None, is_champion: bool,
                   active_to: dt.date | None, who: str | None = None) -> list[str]:
    """Set a contact's level ('unknown' or None: not known), champion flag and the day
    they left (None: still there). Returns the fields that changed; each is recorded,
    and written into the import's prior images of the contact too."""
    level = None if level in (None, "", UNKNOWN_LEVEL) else level
    if level is not None and level not in LEVELS:
        raise BadCorrection(f'"{level}" is not a level; use one of {", ".join(LEVELS)} or unknown.')
    if isinstance(active_to, dt.datetime):
        active_to = active_to.date()
    who = _who(who)
    at = _now()
    changed: list[str] = []
    with db.write() as cur:
        old_level, old_champion, active_from, old_active_to = _require_contact(cur, client_id, contact_id)
        if active_to is not None and active_from is not None and active_to < active_from:
            raise BadCorrection(f"The day they left ({active_to:%Y-%m-%d}) is before the day they started "
                                f"({active_from:%Y-%m-%d}).")
        for name, old, new in (("level", old_level, level), ("is_champion", bool(old_champion), bool(is_champion)),
                               ("active_to", old_active_to, active_to)):
            if _text(old) == _text(new):
                continue
            params = {"v": _text(new), "p": contact_id}
            cur.execute(_CONTACT_UPDATES[name], params)
            cur.execute(_PRIOR_CONTACT_UPDATES[name], params)
            _record(cur, "contacts", contact_id, client_id, name, _text(old), _text(new), who, at)
            changed.append(name)
    return changed


# ---------------------------------------------------------------- manual changes win


def apply_manual_changes(cur: duckdb.DuckDBPyConnection, kinds: Sequence[str] = ("contacts", "interactions")) -> int:
    """Apply the latest value of every field corrected by hand again (one SQL pass per
    table): levels, champion flags and leaving dates of contacts; tags added or removed
    on touches (a removed tag also loses the rule provenance an import gave it again).
    Returns how many rows changed."""
    changed = 0
    if "contacts" in kinds:
        cur.execute("create or replace temp table manual_contact_fix as " + sql("manual/contact_corrections"))
        changed += cur.execute(
            """
            update contacts as c
            set level = f.level, is_champion = f.is_champion, active_to = f.active_to
            from manual_contact_fix as f
            where f.contact_id = c.contact_id and f.is_changed
            """
        ).fetchone()[0]
        cur.execute("drop table temp.manual_contact_fix")
    if "interactions" in kinds:
        cur.execute("create or replace temp table manual_tag_fix as " + sql("manual/tag_corrections"))
        changed += cur.execute(
            """
            update interactions as i set tags = f.tags_after
            from manual_tag_fix as f
            where f.interaction_id = i.interaction_id and f.is_changed
            """
        ).fetchone()[0]
        cur.execute(
            """
            delete from interaction_tags as t
            using manual_tag_fix as f
            where f.interaction_id = t.interaction_id and list_contains(f.tags_removed, t.tag)
            """
        )
        cur.execute("drop table temp.manual_tag_fix")
    return int(changed)


def keep_manual_changes(cur: duckdb.DuckDBPyConnection, kind: str, batch_id: str) -> int:
    """The end of an import of `kind` (load.py calls it inside the import's transaction):
    the contacts of the batch take the seniority rules edited on the Rules page (when
    there are any), then every correction made by hand is applied again. Returns the
    rows a correction changed back."""
    if kind == "contacts":
        text = stored_rules_text(cur, "levels")
        if text is not None:
            _rederive_levels(cur, level_rules_from_text(text), batch_id)
        return apply_manual_changes(cur, ("contacts",))
    if kind == "interactions":
        return apply_manual_changes(cur, ("interactions",))
    return 0


def _rederive_levels(cur: duckdb.DuckDBPyConnection, rules: list[LevelRule], batch_id: str | None) -> int:
    """The level of every contact a title rule decided (or none did) by `rules`, in one
    pass over the distinct titles; a level the file gave, or one set by hand, stays."""
    cur.execute(sql("macros"))
    checks, params = level_checks(rules)
    query = sql("manual/rederive_levels").replace("/*level_checks*/", checks)
    cur.execute("create or replace temp table manual_levels as " + query, {**params, "batch_id": batch_id})
    changed = cur.execute("select count(*) from manual_levels where is_changed").fetchone()[0]
    cur.execute(
        """
        update contacts as c set level = l.level_after
        from manual_levels as l
        where l.contact_id = c.contact_id and l.level_after is distinct from c.level
        """
    )
    cur.execute(
        """
        update contact_details as d
        set level_source = l.level_source, level_rule = l.level_rule, level_reason = l.level_reason
        from manual_levels as l
        where l.contact_id = d.contact_id and l.is_changed
        """
    )
    cur.execute("drop table temp.manual_levels")
    return int(changed)


# ---------------------------------------------------------------- reads for the pages


@client_detail("client_id")
def contact_levels(con: duckdb.DuckDBPyConnection, client_id: str) -> pd.DataFrame:
    """One row per contact of the client, the people still there first: contact_id,
    name, title, level (null: unknown), is_champion, active_from, active_to, level_why
    (set by hand by whom and when, the title rule that decided, the file's level
    column; null when nothing says), is_level_manual."""
    return con.execute(sql("manual/contact_levels"), {"client_id": client_id}).df()


@client_detail("client_id")
def touch_tags(con: duckdb.DuckDBPyConnection, client_id: str, limit: int = 200) -> pd.DataFrame:
    """The client's latest `limit` touches, newest first: interaction_id, occurred_at,
    channel, initiated_by, contact_name, notes, tags, tag_reasons (a list of {tag, why}:
    "'prosi o dodatkowy rabat' in the note, rule 'prosi o rabat'", "added by hand by
    x@y.z on 2026-01-05", "given by the imported file"), tags_removed_by_hand,
    is_logged_by_hand."""
    return con.execute(sql("manual/touch_tags"), {"client_id": client_id, "limit": int(limit)}).df()


@client_detail("client_id")
def client_changes(con: duckdb.DuckDBPyConnection, client_id: str, limit: int = 100) -> pd.DataFrame:
    """The corrections made by hand to the client's data, newest first: change_no,
    table_name, row_key, field, old_value, new_value, changed_at, changed_by."""
    return con.execute(sql("manual/client_changes"), {"client_id": client_id, "limit": int(limit)}).df()


@aggregate
def unknown_level_titles(con: duckdb.DuckDBPyConnection) -> pd.DataFrame:
    """The job titles of the contacts of unknown level, most contacts first: title
    ('(no title)' for none), count_contacts, count_clients."""
    return con.execute(sql("manual/unknown_level_titles")).df()


@per_client
def unknown_level_contacts(con: duckdb.DuckDBPyConnection) -> pd.DataFrame:
    """One row per contact of unknown level: client_id, client_name, contact_id, name,
    title, active_to."""
    return con.execute(sql("manual/unknown_level_contacts")).df()


@reads_all
def untagged_subjects(con: duckdb.DuckDBPyConnection, limit: int = 20) -> pd.DataFrame:
    """The most frequent subjects of touches with no tag: subject, count_touches,
    count_clients, last_touch_at. Subjects name clients' business, so only a full
    reader sees them."""
    return con.execute(sql("manual/untagged_subjects"),
                       {"limit": int(limit), "max_length": SUBJECT_MAX_LENGTH}).df()


# ---------------------------------------------------------------- the rules, readable and editable

_CYRILLIC = re.compile(r"[\u0400-\u04ff]")
_POLISH_LETTERS = re.compile(r"[ąćęłńóśźżĄĆĘŁŃÓŚŹŻ]")
# words and word beginnings of Polish that the English rules do not have (after folding)
_POLISH_WORDS = {"o", "na", "z", "w", "nie", "bez", "od", "do", "za", "po", "poza", "przez", "sie", "jak", "jest",
                 "czy", "dla", "ze", "nas", "wczoraj", "rynku", "zakresem", "generalny"}
_POLISH_STEMS = ("dyrektor", "prezes", "wiceprezes", "kierownik", "zarzad", "czlon", "wlasciciel", "specjalist",
                 "ksiegow", "asystent", "sekretar", "inzynier", "handlow", "pracownik", "glown", "koordynator",
                 "kupiec", "zaopatrz", "pros", "pyta", "sugest", "sugeruj", "reklamac", "skarg", "chwal", "polec",
                 "wyprzedz", "rabat", "upust", "eskalac", "pilne", "termin", "zakres", "usprawni", "zadowol")
_POLISH_SHAPES = re.compile(r"(sz|cz|rz|prz|acj|ow[ay]|[^aeiou ]y\b|ego\b|ych\b|ami\b|uje\b|ali\b)")


def _phrase_language(text: str, *, guess: bool) -> str | None:
    """ru, pl or en for a text; without `guess`, None when nothing says which."""
    if _CYRILLIC.search(text):
        return "ru"
    if _POLISH_LETTERS.search(text):
        return "pl"
    words = [w.strip("*~").lower() for w in text.split() if w.strip("*~")]
    if any(w in _POLISH_WORDS or w.startswith(_POLISH_STEMS) for w in words):
        return "pl"
    if not guess:
        return None
    shaped = sum(bool(_POLISH_SHAPES.search(w)) for w in words)
    return "pl" if words and shaped / len(words) > 0.5 else "en"


def rule_languages(name: str, phrases: Sequence[str]) -> list[str]:
    """The languages a rule's words are in (en, pl, ru), read from the words: Cyrillic is
    Russian, Polish letters, words and stems are Polish; the rule's name decides where its
    words say nothing. A descriptive guess for the Rules page; the rules match any text."""
    found = {_phrase_language(name, guess=True)} | {_phrase_language(p, guess=False) for p in phrases}
    return [code for code in LANGUAGES if code in found]


def _entries(data: dict) -> list[dict]:
    entries = data.get("rule", [])
    return entries if isinstance(entries, list) else []


def _rules_frame(entries: list[dict], field_name: str) -> pd.DataFrame:
    rows = []
    for position, entry in enumerate(entries, start=1):
        match = entry.get("match", [])
        match = [match] if isinstance(match, str) else list(match)
        name = str(entry.get("name", ""))
        rows.append({
            "position": position,
            "name": name,
            field_name: entry.get(field_name),
            "languages": rule_languages(name, match),
            "phrases": match,
            "stems": [w for p in match for w in p.split() if w.endswith("*")],
        })
    return pd.DataFrame(rows, columns=["position", "name", field_name, "languages", "phrases", "stems"])


def _stored(con: duckdb.DuckDBPyConnection, kind: str) -> tuple | None:
    if stored_rules_text(con, kind) is None:
        return None
    return con.execute(sql("manual/rule_file"), {"kind": kind}).fetchone()


@aggregate
def rules_view(con: duckdb.DuckDBPyConnection, kind: str) -> RulesView:
    """The tag rules ('tags') or the seniority rules ('levels') in force, readable: one
    row per rule in the order that decides (position, name, tag or level, languages,
    phrases, stems), the negation words (tags), and whether they are the file's or were
    edited on the Rules page (by whom, when)."""
    if kind not in RULE_KINDS:
        raise BadCorrection(f'"{kind}" is not a kind of rules; use tags or levels.')
    stored = _stored(con, kind)
    path = tag_rules_path() if kind == "tags" else level_rules_path()
    if stored is None:
        text = path.read_text(encoding="utf-8")
        data = read_toml(path, "tag rules" if kind == "tags" else "seniority rules")
        # checked as the import checks them, so the page never shows rules the import refuses
        load_tag_rules(path) if kind == "tags" else load_level_rules(path)
    else:
        text = stored[0]
        data = tomllib.loads(text)
        tag_rules_from_text(text) if kind == "tags" else level_rules_from_text(text)
    negation = data.get("negation", {}) if kind == "tags" else {}
    return RulesView(
        kind=kind,
        rules=_rules_frame(_entries(data), "tag" if kind == "tags" else "level"),
        negation_before=tuple(negation.get("before", [])) if isinstance(negation, dict) else (),
        negation_after=tuple(negation.get("after", [])) if isinstance(negation, dict) else (),
        source="file" if stored is None else "edited",
        file_name=path.name,
        saved_at=None if stored is None else stored[1],
        saved_by="" if stored is None else stored[2],
        text=text,
    )


def split_phrases(text: object) -> list[str]:
    """Phrases written in one cell, separated by commas or new lines; blanks dropped."""
    if text is None or (isinstance(text, float) and pd.isna(text)):
        return []
    if isinstance(text, (list, tuple)):
        return [str(p).strip() for p in text if str(p).strip()]
    return [p.strip() for p in re.split(r"[,\n]", str(text)) if p.strip()]


def _toml_string(value: object) -> str:
    # a JSON string is a TOML basic string, but for DEL, which TOML wants escaped
    return json.dumps(str(value), ensure_ascii=False).replace("\x7f", "\\u007f")


def _toml_list(values: Sequence[str]) -> str:
    return "[" + ", ".join(_toml_string(v) for v in values) + "]"


def rules_toml(kind: str, rules: pd.DataFrame, negation_before: Sequence[str] = (),
               negation_after: Sequence[str] = ()) -> str:
    """The TOML text (the packaged files' format) of rules edited as a table: one row per
    rule with name, tag or level and phrases (a list, or text separated by
    commas), in the order of `position` (ties keep their row order)."""
    field_name = "tag" if kind == "tags" else "level"
    frame = rules.copy()
    if "position" in frame:
        frame = frame.assign(_row=range(len(frame))).sort_values(["position", "_row"], na_position="last")
    what = "Tag rules" if kind == "tags" else "Seniority rules"
    lines = [f"# {what} edited on the Rules page of Continuum; the format of analytics/ingest/"
             f"{'tags' if kind == 'tags' else 'seniority'}.toml (rules.py explains it).", ""]
    if kind == "tags":
        lines += ["[negation]", f"before = {_toml_list(split_phrases(negation_before))}",
                  f"after = {_toml_list(split_phrases(negation_after))}", ""]
    for row in frame.to_dict("records"):
        name = "" if row.get("name") is None or pd.isna(row.get("name")) else str(row["name"]).strip()
        phrases = split_phrases(row.get("phrases"))
        value = row.get(field_name)
        if not name and not phrases and (value is None or pd.isna(value)):
            continue  # an empty row the editor added
        lines += ["[[rule]]", f"name = {_toml_string(name)}",
                  f"{field_name} = {_toml_string('' if value is None or pd.isna(value) else value)}"]
        lines += [f"match = {_toml_list(phrases)}", ""]
    return "\n".join(lines)


def check_rules_text(kind: str, text: str) -> TagRules | list[LevelRule]:
    """The rules of `text`, checked as the import checks a rules file (RulesError names
    the rule at fault and what to fix)."""
    return tag_rules_from_text(text) if kind == "tags" else level_rules_from_text(text)


@administers
def save_rules(db: Database, kind: str, text: str | None, *, who: str | None = None) -> RulesSaved:
    """Store edited tag rules ('tags') or seniority rules ('levels'), or with text None go
    back to the rules file, and bring the stored data in line in the same transaction:
    every stored touch re-tagged (tagging.retag_stored), or every level a title rule
    decided derived again; then the corrections made by hand are applied again."""
    if kind not in RULE_KINDS:
        raise BadCorrection(f'"{kind}" is not a kind of rules; use tags or levels.')
    if text is None:
        rules = load_tag_rules() if kind == "tags" else load_level_rules()
    else:
        rules = check_rules_text(kind, text)
    who = _who(who)
    with db.write() as cur:
        old = stored_rules_text(cur, kind)
        if text is None:
            cur.execute("delete from rule_files where kind = $k", {"k": kind})
        else:
            cur.execute(
                "insert or replace into rule_files (kind, rules_text, saved_at, saved_by) values ($k, $t, $at, $by)",
                {"k": kind, "t": text, "at": _now(), "by": who},
            )
        if old != text:
            _record(cur, "rule_files", kind, None, "rules_text", old, text, who, _now())
        if kind == "tags":
            result: RetagResult = retag_stored(cur, rules)  # type: ignore[arg-type]
            kept = apply_manual_changes(cur, ("interactions",))
            return RulesSaved(kind, touches_changed=result.touches_changed, tags_added=result.tags_added,
                              tags_removed=result.tags_removed, kept_by_hand=kept)
        changed = _rederive_levels(cur, rules, None)  # type: ignore[arg-type]
        kept = apply_manual_changes(cur, ("contacts",))
        return RulesSaved(kind, contacts_changed=changed, kept_by_hand=kept)
