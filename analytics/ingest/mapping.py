"""Which column is which field: CRM presets, header synonyms, saved mappings, value words.

A mapping is {field: column index}. Suggestions come, in order, from a mapping saved
for exactly this set of headers, then a CRM preset recognised by its headers, then the
synonyms (English, Polish, Russian). The user confirms or corrects it; `save_mapping`
keeps it, so the next upload of the same export maps itself.
"""

from __future__ import annotations

import hashlib
import json

import duckdb

from analytics.access import administers
from analytics.db import Database
from analytics.ingest.errors import BadMapping, UnknownPreset
from analytics.ingest.kinds import ENUMS, KINDS, kind
from analytics.ingest.vocabulary import (
    CONTACT_PRESETS,
    COST_PRESETS,
    CURRENCY_CODES,
    CURRENCY_WORDS,
    INTERACTION_PRESETS,
    PRESETS,
    SYNONYMS,
    VALUE_WORDS,
    word_key,
)

# every preset name once: the CRMs' (deals, contacts, activities) and the time trackers'
PRESET_CHOICES = ("auto", *dict.fromkeys([*PRESETS, *CONTACT_PRESETS, *INTERACTION_PRESETS, *COST_PRESETS]),
                  "generic")
_CURRENCY_KEYS = {code.lower() for code in CURRENCY_CODES}


def presets_of(kind_name: str) -> dict[str, dict]:
    """The presets of a kind: CRM exports of deals, contacts and activities, time
    trackers' reports of costs; other kinds have none."""
    return {"deals": PRESETS, "contacts": CONTACT_PRESETS, "interactions": INTERACTION_PRESETS,
            "costs": COST_PRESETS}.get(kind_name, {})


def _header_keys(header: str) -> list[str]:
    """The keys a header matches a preset's header by: its word key, and that key without
    a trailing currency code ("Cost Amount (USD)" is also "cost amount")."""
    key = word_key(header)
    head, _, last = key.rpartition(" ")
    return [key, head] if head and last in _CURRENCY_KEYS else [key]


def preset_column(headers: list[str], names: list[str]) -> int | None:
    """The position of the first of these preset headers the file has (compared by word
    key, a trailing currency ignored), or None."""
    index: dict[str, int] = {}
    for i, h in enumerate(headers):
        for key in _header_keys(h):
            index.setdefault(key, i)
    for name in names:
        i = index.get(word_key(name))
        if i is not None:
            return i
    return None


def _detect_rules(preset: dict) -> list[list[str]]:
    """A preset's header sets: its own, or those of its variants (activity exports)."""
    if "variants" in preset:
        return [rule for variant in preset["variants"] for rule in variant["detect"]]
    return preset["detect"]


def interaction_variant(preset: str, headers: list[str]) -> dict | None:
    """The variant of a CRM's activity export these headers are (HubSpot calls, meetings,
    emails or notes): its name and the channel its rows have when no column says."""
    keys = {word_key(h) for h in headers}
    for variant in INTERACTION_PRESETS.get(preset, {}).get("variants", []):
        if any(all(word_key(h) in keys for h in rule) for rule in variant["detect"]):
            return variant
    return None


def detect_preset(headers: list[str], kind_name: str = "deals") -> str | None:
    """The CRM whose export of this kind has these headers, or None."""
    keys = {word_key(h) for h in headers}
    for name, preset in presets_of(kind_name).items():
        if any(all(word_key(h) in keys for h in rule) for rule in _detect_rules(preset)):
            if kind_name == "deals" and name == "hubspot" and "closing date" in keys:
                continue  # Zoho also says "Record Id" and "Deal Name"
            return name
    return None


def _synonym_mapping(kind_name: str, headers: list[str], taken: dict[str, int]) -> dict[str, int]:
    mapping = dict(taken)
    used = set(mapping.values())
    synonyms = SYNONYMS[kind_name]
    lookup: dict[str, str] = {}
    for field in kind(kind_name).field_names:
        for word in [field, *synonyms.get(field, [])]:
            lookup.setdefault(word_key(word), field)
    for index, header in enumerate(headers):
        field = lookup.get(word_key(header))
        if field and field not in mapping and index not in used:
            mapping[field] = index
            used.add(index)
    return mapping


def suggest_mapping(kind_name: str, headers: list[str], preset: str = "auto") -> tuple[str, dict[str, int]]:
    """(preset used, {field: column index}) for these headers, without saved mappings."""
    if preset not in PRESET_CHOICES:
        raise UnknownPreset(preset, list(PRESET_CHOICES[1:-1]))
    presets = presets_of(kind_name)
    chosen = detect_preset(headers, kind_name) if preset == "auto" else (None if preset == "generic" else preset)
    mapping: dict[str, int] = {}
    if chosen and chosen in presets:
        index = {word_key(h): i for i, h in enumerate(headers)}
        for header, field in presets[chosen]["fields"]:
            # a time report's money columns end in the currency: "Cost Amount (USD)"
            i = preset_column(headers, [header]) if kind_name == "costs" else index.get(word_key(header))
            if i is not None and field not in mapping and i not in mapping.values():
                mapping[field] = i
    else:
        chosen = None
    return chosen or "generic", _synonym_mapping(kind_name, headers, mapping)


def is_order_lines(headers: list[str]) -> bool:
    """Whether these headers are order lines: an order id, a client and an amount per line
    (Tableau's Superstore: Order ID, Customer Name, Sales). Such a file is deals, one deal
    per order or per line, never clients (whose ids would repeat once per line)."""
    mapping = _synonym_mapping("deals", headers, {})
    has_client = any(f in mapping for f in ("client_id", "client_name", "client_tax_id"))
    return "order_id" in mapping and has_client and "amount" in mapping


def detect_kind(headers: list[str]) -> str:
    """The kind whose fields these headers fill best (deals when in doubt)."""
    if detect_preset(headers) or is_order_lines(headers):
        return "deals"
    if detect_preset(headers, "costs"):
        return "costs"
    if detect_preset(headers, "interactions"):
        return "interactions"
    if detect_preset(headers, "contacts"):
        return "contacts"
    best, best_score = "deals", -1.0
    for name, k in KINDS.items():
        mapping = _synonym_mapping(name, headers, {})
        required = [f.name for f in k.fields if f.required]
        score = len(mapping) + 2 * sum(f in mapping for f in required) - 0.5 * len(k.fields) / 10
        if name == "deals":
            score += 0.1
        if score > best_score:
            best, best_score = name, score
    return best


def header_set_key(kind_name: str, headers: list[str]) -> str:
    text = kind_name + "\x1f" + "\x1f".join(word_key(h) for h in headers)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:32]


def saved_mapping(con: duckdb.DuckDBPyConnection, kind_name: str, headers: list[str]) -> dict | None:
    """The mapping confirmed before for exactly these headers: {"fields": {...}, "options": {...}}."""
    row = con.execute(
        "select mapping from import_header_mappings where header_key = $key",
        {"key": header_set_key(kind_name, headers)},
    ).fetchone()
    return json.loads(row[0]) if row else None


@administers
def save_mapping(db: Database, kind_name: str, headers: list[str], mapping: dict[str, int],
                 options: dict | None = None) -> None:
    """Keep a confirmed mapping for this set of headers (by header name, not position)."""
    stored = {"fields": {f: headers[i] for f, i in mapping.items()}, "options": options or {}}
    with db.write() as cur:
        cur.execute(
            "insert or replace into import_header_mappings values ($key, $kind, $headers, $mapping, now())",
            {"key": header_set_key(kind_name, headers), "kind": kind_name,
             "headers": json.dumps(headers, ensure_ascii=False),
             "mapping": json.dumps(stored, ensure_ascii=False)},
        )


@administers
def save_value_mapping(db: Database, field: str, word: str, value: str) -> None:
    """Keep what a word means in a column, e.g. stage "Verbal commit" -> status "open"."""
    allowed = ENUMS.get(field, ())
    if field == "currency":
        allowed = tuple(CURRENCY_CODES)
    if value not in allowed:
        raise BadMapping(f'"{value}" is not a value of {field}; use one of: {", ".join(allowed)}.')
    with db.write() as cur:
        cur.execute(
            "insert or replace into import_value_mappings values ($field, $key, $word, $value, now())",
            {"field": field, "key": word_key(word), "word": word, "value": value},
        )


def fields_by_header(headers: list[str], fields: dict[str, str]) -> dict[str, int]:
    """{field: header name} (as saved or in a --mapping file) -> {field: column index}."""
    by_key = {}
    for i, h in enumerate(headers):
        by_key.setdefault(word_key(h), i)
    mapping = {}
    for field, header in fields.items():
        if header is None or header == "":
            continue
        if isinstance(header, int):
            if not 0 <= header < len(headers):
                raise BadMapping(f"Column number {header} for {field} is outside the file's {len(headers)} columns.")
            mapping[field] = header
            continue
        i = by_key.get(word_key(header))
        if i is None:
            raise BadMapping(
                f'The mapping gives column "{header}" for {field}, but the file has no such column. '
                f'Its columns are: {", ".join(headers)}.'
            )
        mapping[field] = i
    return mapping


def check_mapping(kind_name: str, headers: list[str], mapping: dict[str, int]) -> list[str]:
    """Problems that make a mapping unusable (empty list when it can be imported)."""
    k = kind(kind_name)
    problems = []
    unknown = [f for f in mapping if f not in k.field_names]
    if unknown:
        problems.append(f'{", ".join(unknown)} {"is not a field" if len(unknown) == 1 else "are not fields"} '
                        f"of {k.label.lower()}.")
    if not any(f in mapping for f in k.field_names):
        problems.append(
            f"None of the columns ({', '.join(headers[:12])}) is recognised as a field of "
            f"{k.label.lower()}; map them on the Import page or with --mapping FILE.json."
        )
        return problems
    if k.has_client_ref and not any(f in mapping for f in ("client_id", "client_name", "client_tax_id")):
        problems.append("No column is mapped to the client (client_id, client_name or client_tax_id).")
    for f in k.fields:
        if f.required and f.name not in mapping and not (k.derived_key and f.name == k.key[0]):
            if kind_name == "clients" and f.name == "name" and "client_id" in mapping:
                continue
            problems.append(f"No column is mapped to {f.name}, which {k.label.lower()} need.")
    return problems


def stage_decides(preset: str) -> bool:
    """Whether the stage column says if a deal is won, lost or open (not for Pipedrive,
    whose stages are all open and whose status column says it)."""
    return preset not in PRESETS or PRESETS[preset].get("stages") is not None


def preset_stage_words(preset: str) -> dict[str, str]:
    """{word key: status} of the stages a CRM defines (empty for generic files)."""
    stages = PRESETS.get(preset, {}).get("stages") or {}
    return {word_key(word): status for status, words in stages.items() for word in words}


def value_words(con: duckdb.DuckDBPyConnection, extra: dict[str, dict[str, str]] | None = None,
                preset: str = "generic") -> tuple[list[str], list[str], list[str]]:
    """(fields, word keys, values) of every known word: built in, saved, then `extra` (wins).

    Field "stage" holds what a stage word means. In a CRM preset's export the closed
    stages are the ones the CRM defines (and every other stage is open); in a generic
    file, every status word is a stage word too. Meanings a person gave (saved, or in the
    mapping file, for "status" or "stage") win over both."""
    table: dict[tuple[str, str], str] = {}
    for field, words in VALUE_WORDS.items():
        for word, value in words.items():
            table[(field, word_key(word))] = value
    for code in CURRENCY_CODES:
        table[("currency", word_key(code))] = code
    for word, code in CURRENCY_WORDS.items():
        table[("currency", word_key(word))] = code
    if preset in PRESETS:
        stages = preset_stage_words(preset)
    else:
        stages = {key: value for (field, key), value in table.items() if field == "status"}
    given: dict[tuple[str, str], str] = {}
    for field, key, value in con.execute("select field, word_key, value from import_value_mappings").fetchall():
        given[(field, key)] = value
    for field, words in (extra or {}).items():
        for word, value in words.items():
            given[(field, word_key(word))] = value
    for (field, key), value in given.items():
        table[(field, key)] = value
        if field in ("status", "stage"):
            stages[key] = value
    for key, value in stages.items():
        table[("stage", key)] = value
    items = sorted((key, value) for key, value in table.items() if key[1])  # no empty words
    return [f for (f, _), _ in items], [k for (_, k), _ in items], [v for _, v in items]
