"""A review's history, and what changed under someone who saves an older version.

Two people can edit the same review. Every save raises its version and writes a row
here: who saved it, when, and what it changed. A save made from an older version is
refused (store.save_review, inside the write transaction) and the saver is shown, from
these functions, what changed since they opened it, so nothing is overwritten unseen.

A review is compared as a `ReviewState`: every part a person writes, as the text the
page shows, so "what changed" reads like the page, field by field and action by action,
in the history, the conflict table and on the command line alike.
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import asdict, dataclass, field

import duckdb
import pandas as pd

from analytics.access import client_detail
from analytics.sql_files import sql_reader

sql = sql_reader(__package__)

# the attributes of an action whose old and new values a history line spells out
SPELLED_OUT = ("Status", "Owner", "Due", "Shared with the client")
KIND_WORDS = {
    "created": "Created the review",
    "before_history": "Saved before its history was kept",
}


@dataclass(frozen=True)
class Change:
    """One difference between two versions of a review."""

    key: str  # "field:<label>", "action:<id>" (added or removed), "action:<id>:<label>"
    what: str  # in words: "Summary for the meeting", 'Action "Call the CFO": Owner'
    kind: str  # changed | added | removed
    before: str = ""
    after: str = ""


@dataclass
class ReviewState:
    """A review as a person reads it: each written part as text, the plan by action id."""

    version: int | None = None
    fields: dict[str, str] = field(default_factory=dict)  # label -> text, in page order
    actions: dict[str, dict[str, str]] = field(default_factory=dict)  # action id -> label -> text

    def value(self, key: str) -> str | None:
        """The text at a Change's key; None when that action is not in this version."""
        part, _, rest = key.partition(":")
        if part == "field":
            return self.fields.get(rest, "")
        action_id, _, label = rest.partition(":")
        attrs = self.actions.get(action_id)
        if attrs is None:
            return None
        return attrs.get(label, "") if label else action_line(attrs)


def action_line(attrs: dict[str, str]) -> str:
    """An action in one line: what, then who, when and its status."""
    details = [f"{label.lower()} {attrs[label]}" for label in ("Owner", "Due", "Status") if attrs.get(label)]
    return attrs.get("Action", "") + (f" ({', '.join(details)})" if details else "")


def _name(attrs: dict[str, str]) -> str:
    text = " ".join((attrs.get("Action") or "").split())
    return f'Action "{text if len(text) <= 50 else text[:49] + "…"}"'


def state_changes(before: ReviewState | None, after: ReviewState) -> list[Change]:
    """What differs from `before` to `after` (None: nothing was saved before), in page
    order: the written parts first, then the plan's actions added, removed, changed."""
    before = before or ReviewState()
    out: list[Change] = []
    for label in dict.fromkeys([*before.fields, *after.fields]):
        old, new = before.fields.get(label, ""), after.fields.get(label, "")
        if old != new:
            out.append(Change(f"field:{label}", label, "changed", old, new))
    for action_id, attrs in after.actions.items():
        if action_id not in before.actions:
            out.append(Change(f"action:{action_id}", _name(attrs), "added", "", action_line(attrs)))
    for action_id, attrs in before.actions.items():
        if action_id not in after.actions:
            out.append(Change(f"action:{action_id}", _name(attrs), "removed", action_line(attrs), ""))
    for action_id, attrs in after.actions.items():
        old_attrs = before.actions.get(action_id)
        if old_attrs is None:
            continue
        for label in dict.fromkeys([*old_attrs, *attrs]):
            old, new = old_attrs.get(label, ""), attrs.get(label, "")
            if old != new:
                out.append(Change(f"action:{action_id}:{label}", f"{_name(old_attrs)}: {label}", "changed", old, new))
    return out


def conflict_rows(loaded: ReviewState | None, theirs: ReviewState, mine: ReviewState) -> list[dict[str, object]]:
    """One row per change saved since the saver opened the review (`loaded`; None for a
    review that did not exist then): what, as it was, as saved now, the saver's own
    version, and whether the saver changed it too."""
    mine_changed = {c.key for c in state_changes(loaded, mine)}
    rows = []
    for change in state_changes(loaded, theirs):
        yours = mine.value(change.key)
        rows.append({
            "What": change.what,
            "Change": change.kind,
            "When you opened it": change.before or "—",
            "Saved since": change.after or "—",
            "Yours": "—" if yours is None or yours == "" else yours,
            "You changed it too": change.key in mine_changed,
        })
    return rows


def summarise(kind: str, changes: list[Change] | None) -> str:
    """What one save changed, in a sentence for the history list."""
    if kind in KIND_WORDS:
        return KIND_WORDS[kind]
    if not changes:
        return "Saved; nothing written had changed"
    parts = []
    fields = [c.what for c in changes if c.key.startswith("field:")]
    if fields:
        parts.append("Changed " + ", ".join(fields))
    parts += [f"Added {c.what[0].lower()}{c.what[1:]}" for c in changes if c.kind == "added"]
    parts += [f"Removed {c.what[0].lower()}{c.what[1:]}" for c in changes if c.kind == "removed"]
    by_action: dict[str, list[str]] = {}
    for c in changes:
        if c.key.startswith("action:") and c.key.count(":") == 2:
            name, _, label = c.what.rpartition(": ")
            words = f"{label.lower()} {c.before or '—'} → {c.after or '—'}" if label in SPELLED_OUT else label.lower()
            by_action.setdefault(name, []).append(words)
    parts += [f"{name}: {', '.join(words)}" for name, words in by_action.items()]
    return "; ".join(parts)


# --------------------------------------------------------------------------- the rows


def record_version(
    cur: duckdb.DuckDBPyConnection, review_id: str, version: int, *, saved_at: dt.datetime,
    saved_by: str | None, kind: str, changes: list[Change] | None,
) -> None:
    """Write one history row inside the caller's write transaction."""
    cur.execute(
        "insert into review_history (review_id, version, saved_at, saved_by, kind, changes) "
        "values ($r, $v, $t, $b, $k, $c)",
        {
            "r": review_id, "v": version, "t": saved_at, "b": (saved_by or "").strip() or None, "k": kind,
            "c": None if changes is None else json.dumps([asdict(c) for c in changes], ensure_ascii=False),
        },
    )


def changes_from_json(text: object) -> list[Change] | None:
    if text is None or (not isinstance(text, str) and pd.isna(text)):
        return None
    return [Change(**c) for c in json.loads(str(text))]


@client_detail("client_id")
def review_history(con: duckdb.DuckDBPyConnection, client_id: str, quarter: str) -> pd.DataFrame:
    """One row per saved version of the review of `client_id` for `quarter`, newest
    first: version, saved_at, saved_by (None: not recorded), kind, what_changed (a
    sentence). Empty when no review is saved."""
    frame = con.execute(sql("review_history"), {"client_id": client_id, "quarter": quarter}).df()
    frame["what_changed"] = [
        summarise(kind, changes_from_json(text)) for kind, text in zip(frame["kind"], frame["changes"], strict=True)
    ]
    frame["saved_by"] = frame["saved_by"].astype(object).where(frame["saved_by"].notna(), None)
    return frame[["version", "saved_at", "saved_by", "kind", "what_changed"]]
