"""The quarterly account review: saved, validated, closed, and picked up next quarter.

One review per client per quarter (DOMAIN §1: "how do we improve from here", never
"do we keep this client"). Saving twice updates the same review and its actions;
a review can be edited until its quarter is closed. Action statuses keep moving
after that, between reviews, because following through happens later.

Several people may edit one review. Every save raises the review's version and records
who saved it and what changed (history.py); the existence and the version are checked
inside the write transaction, so of two saves from the same version one is written and
the other is refused with ReviewConflict: nothing is overwritten unseen.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
import uuid
from dataclasses import dataclass, field
from typing import Literal

import duckdb
import pandas as pd

from analytics.access import acting, administers, aggregate, client_detail, edits_action, edits_client
from analytics.db import Database
from analytics.errors import UnknownClient
from analytics.method.continuum import DIMENSIONS
from analytics.method.signals import SIGNALS
from analytics.quarters import parse_quarter, quarter_end, shift_quarter
from analytics.review.errors import QuarterClosed, ReviewConflict, ReviewError, UnknownAction
from analytics.review.history import ReviewState, record_version, state_changes
from analytics.review.strategy import LEVELS, Strategy, load_strategy, role_label, write_strategy
from analytics.sql_files import sql_reader

sql = sql_reader(__package__)

# The investment scale for the coming quarter, from most to least. There is no
# keep/drop choice: the lowest step is a reduced investment, with its reason.
INVESTMENT_LEVELS: list[tuple[str, str]] = [
    ("invest_more", "Invest more"),
    ("maintain", "Maintain"),
    ("change_service_model", "Change service model"),
    ("reduce_investment", "Reduce investment"),
]
# Levels below "maintain" always need a reason; so does any step down from last review.
LEVELS_NEEDING_A_REASON = ("change_service_model", "reduce_investment")

ACTION_STATUSES: list[tuple[str, str]] = [
    ("planned", "Planned"),
    ("in_progress", "In progress"),
    ("done", "Done"),
    ("partial", "Partial progress"),
    ("not_done", "Not done"),
]
OPEN_STATUSES = ("planned", "in_progress")
# Partial progress is progress (DOMAIN §1): both count towards follow-through.
PROGRESS_STATUSES = ("done", "partial")
# `base_version` of a save that goes over whatever is saved now: scripts, the demo and
# tests that own the review; the page passes the version it opened (None: a new review)
SAVE_OVER_LATEST: Literal["latest"] = "latest"
# the written parts of a review as the page names them, in page order (for "what changed")
REVIEW_PARTS: list[tuple[str, str]] = [
    ("reviewer", "Reviewer"),
    ("held_on", "Held on"),
    ("what_works", "What works"),
    ("what_to_keep", "What we keep while correcting the rest"),
    ("successes", "Successes worth telling the client"),
    ("successes_hidden", "Successes hidden from the client"),
    ("what_slips", "What is slipping"),
    ("options_notes", "Other options we considered"),
    ("investment_level", "Investment for the coming quarter"),
    ("investment_reason", "Reason for this level"),
    ("summary", "Summary for the meeting"),
    ("follow_up_note", "Notes on last quarter"),
]
ADDRESS_LABELS = dict(SIGNALS) | dict(DIMENSIONS)


class InvestmentReasonRequired(ReviewError):
    def __init__(self, level: str, previous: str | None) -> None:
        label = investment_label(level)
        if level in LEVELS_NEEDING_A_REASON:
            why = f'"{label}" lowers what we invest in this client'
        else:
            why = f'"{label}" is a step down from "{investment_label(previous)}" at the last review'
        super().__init__(
            f"{why}, so it needs a reason. Write the reason for the investment level "
            "(what we saw, and what would bring it back up) and save again."
        )


@dataclass
class Action:
    """One owned step of the plan, and later how it went."""

    description: str
    owner: str = ""
    due_on: dt.date | None = None
    addresses: str = ""  # a dimension or signal id; "" when it is about something else
    expected_effect: str = ""
    status: str = "planned"
    outcome: str = ""
    action_id: str | None = None
    playbook_entry: str | None = None
    review_quarter: str | None = None
    # the client deck shows an action only when it is shared (default off), with the
    # person on the client's side who owns it with us
    shared_with_client: bool = False
    client_owner: str = ""


@dataclass
class Review:
    """What was said in the review of one client for one quarter."""

    client_id: str
    quarter: str
    reviewer: str = ""
    held_on: dt.date | None = None
    what_works: str = ""
    what_to_keep: str = ""
    successes: str = ""
    what_slips: str = ""
    options_notes: str = ""
    follow_up_note: str = ""
    investment_level: str = "maintain"
    investment_reason: str = ""
    summary: str = ""
    position_at_review: float | None = None
    stage_at_review: str | None = None
    evidence_snapshot: dict | None = None
    review_id: str | None = None
    updated_at: dt.datetime | None = None
    # raised by every save; a save from an older version is refused (ReviewConflict)
    version: int | None = None
    # lines of `successes` the client deck leaves out; every other success is shown
    successes_hidden: list[str] = field(default_factory=list)

    def shown_successes(self) -> list[str]:
        """The successes for the client deck: one a line, without a leading "- "."""
        hidden = {success_key(x) for x in self.successes_hidden}
        return [line for line in success_lines(self.successes) if success_key(line) not in hidden]


@dataclass
class Pulse:
    """The account team's morale for the quarter (1-5) and a note: signal 6's input."""

    morale: int | None = None
    note: str = ""
    account_manager: str | None = None


@dataclass
class StatusUpdate:
    status: str
    outcome: str = ""


@dataclass
class SaveResult:
    review_id: str
    action_ids: list[str] = field(default_factory=list)
    created: bool = False
    version: int = 1


def success_lines(text: str) -> list[str]:
    """The successes as written, one a line, without list marks."""
    return [line.strip().lstrip("-*• ").strip() for line in (text or "").splitlines() if line.strip().lstrip("-*• ")]


def success_key(line: str) -> str:
    """A success is known by its words: spacing, case and list marks do not matter."""
    return " ".join(line.strip().lstrip("-*• ").split()).casefold()


def investment_label(level: str | None) -> str:
    return dict(INVESTMENT_LEVELS).get(level or "", level or "none")


def status_label(status: str | None) -> str:
    return dict(ACTION_STATUSES).get(status or "", status or "")


def canonical_quarter(text: str) -> str:
    """ "2026q2" or "2026-Q2" -> "2026Q2"; BadQuarter for anything else."""
    year, q = parse_quarter(text)
    return f"{year}Q{q}"


def review_id_for(client_id: str, quarter: str) -> str:
    return f"R-{client_id}-{quarter}"


# --------------------------------------------------------------------------- rules


def check_investment(level: str, reason: str, previous_level: str | None = None) -> None:
    """Refuse an unknown level, and a lower level without a written reason."""
    known = [key for key, _ in INVESTMENT_LEVELS]
    if level not in known:
        raise ReviewError(
            f'"{level}" is not an investment level; choose one of: '
            + ", ".join(label for _, label in INVESTMENT_LEVELS)
            + "."
        )
    goes_down = level in LEVELS_NEEDING_A_REASON or (
        previous_level in known and known.index(level) > known.index(previous_level)
    )
    if goes_down and not (reason or "").strip():
        raise InvestmentReasonRequired(level, previous_level)


def check_actions(actions: list[Action]) -> None:
    """Every action says what will be done and who owns it."""
    statuses = [key for key, _ in ACTION_STATUSES]
    for number, action in enumerate(actions, start=1):
        name = f'Action {number} ("{_short(action.description)}")' if action.description else f"Action {number}"
        if not (action.description or "").strip():
            raise ReviewError(f"{name} has no description: write what will be done, or delete the row.")
        if not (action.owner or "").strip():
            raise ReviewError(f"{name} has no owner: name the person who will do it.")
        if action.status not in statuses:
            raise ReviewError(f'{name} has the unknown status "{action.status}".')


def check_morale(pulse: Pulse | None) -> None:
    if pulse is not None and pulse.morale is not None and not 1 <= int(pulse.morale) <= 5:
        raise ReviewError(f"Team morale is on a scale of 1 to 5, not {pulse.morale}.")


def _short(text: str, n: int = 40) -> str:
    text = " ".join(str(text).split())
    return text if len(text) <= n else text[: n - 1] + "…"


# --------------------------------------------------------------------------- reading


def _review_from_row(row: dict) -> Review:
    snapshot = row.get("evidence_snapshot")
    return Review(
        client_id=row["client_id"],
        quarter=row["quarter"],
        reviewer=row.get("reviewer") or "",
        held_on=_date(row.get("held_on")),
        what_works=row.get("what_works") or "",
        what_to_keep=row.get("what_to_keep") or "",
        successes=row.get("successes") or "",
        what_slips=row.get("what_slips") or "",
        options_notes=row.get("options_notes") or "",
        follow_up_note=row.get("follow_up_note") or "",
        investment_level=row.get("investment_level") or "maintain",
        investment_reason=row.get("investment_reason") or "",
        summary=row.get("summary") or "",
        position_at_review=_float(row.get("position_at_review")),
        stage_at_review=row.get("stage_at_review"),
        evidence_snapshot=json.loads(snapshot) if snapshot else None,
        review_id=row["review_id"],
        updated_at=row.get("updated_at"),
        version=_int(row.get("version")),
        successes_hidden=_hidden(row.get("successes_hidden")),
    )


def _hidden(value) -> list[str]:
    text = _text(value)
    return [str(x) for x in json.loads(text)] if text else []


def _date(value) -> dt.date | None:
    if value is None or (not isinstance(value, str) and pd.isna(value)):
        return None
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, pd.Timestamp):
        return value.date()
    return dt.date.fromisoformat(str(value)[:10])


def _float(value) -> float | None:
    if value is None or pd.isna(value):
        return None
    return float(value)


def _int(value) -> int | None:
    if value is None or pd.isna(value):
        return None
    return int(value)


def _text(value) -> str:
    if value is None or (not isinstance(value, str) and pd.isna(value)):
        return ""
    return str(value)


@client_detail("client_id")
def load_review(con: duckdb.DuckDBPyConnection, client_id: str, quarter: str) -> Review | None:
    """The saved review of `client_id` for `quarter`, or None."""
    quarter = canonical_quarter(quarter)
    rows = con.execute(
        "select * from reviews where client_id = $client_id and quarter = $quarter",
        {"client_id": client_id, "quarter": quarter},
    ).df()
    if rows.empty:
        return None
    return _review_from_row(rows.iloc[0].to_dict())


@client_detail("client_id")
def previous_review(con: duckdb.DuckDBPyConnection, client_id: str, quarter: str) -> Review | None:
    """The latest review of the client before `quarter` (usually the quarter before)."""
    rows = con.execute(
        "select * from reviews where client_id = $client_id and quarter < $quarter "
        "order by quarter desc limit 1",
        {"client_id": client_id, "quarter": quarter},
    ).df()
    if rows.empty:
        return None
    return _review_from_row(rows.iloc[0].to_dict())


def _actions_from_frame(frame: pd.DataFrame) -> list[Action]:
    return [
        Action(
            description=_text(r["description"]),
            owner=_text(r["owner"]),
            due_on=_date(r["due_on"]),
            addresses=_text(r["addresses"]),
            expected_effect=_text(r["expected_effect"]),
            status=_text(r["status"]) or "planned",
            outcome=_text(r["outcome"]),
            action_id=r["action_id"],
            playbook_entry=_text(r["playbook_entry"]) or None,
            review_quarter=_text(r.get("review_quarter")) or None,
            shared_with_client=bool(r.get("shared_with_client")) if pd.notna(r.get("shared_with_client")) else False,
            client_owner=_text(r.get("client_owner")),
        )
        for r in frame.to_dict("records")
    ]


@client_detail("client_id")
def review_actions(con: duckdb.DuckDBPyConnection, client_id: str, quarter: str) -> list[Action]:
    """The plan made in the review of `client_id` for `quarter`, in the order it was written."""
    frame = con.execute(
        sql("actions"), {"client_id": client_id, "quarter": quarter, "only_open_before": False}
    ).df()
    return _actions_from_frame(frame)


@client_detail("client_id")
def follow_up_actions(con: duckdb.DuckDBPyConnection, client_id: str, quarter: str) -> list[Action]:
    """What the review of `quarter` follows up (step 6): every action of the previous
    review, then actions of older reviews that are still open."""
    previous = previous_review(con, client_id, quarter)
    if previous is None:
        return []
    frame = con.execute(
        sql("follow_up_actions"),
        {"client_id": client_id, "previous_quarter": previous.quarter},
    ).df()
    return _actions_from_frame(frame)


@client_detail("client_id")
def open_actions(con: duckdb.DuckDBPyConnection, client_id: str) -> pd.DataFrame:
    """The client's actions still planned or in progress, earliest due first: action_id,
    review_quarter, addresses, description, owner, due_on, status, outcome."""
    return con.execute(sql("open_actions"), {"client_id": client_id}).df()


def state_of(
    review: Review, actions: list[Action], strategy: Strategy | None = None, pulse: Pulse | None = None,
) -> ReviewState:
    """The review as a person reads it (labels and texts as the page shows them), to
    say what changed between two versions, or between a saved one and a draft."""
    fields = {label: _shown(getattr(review, name)) for name, label in REVIEW_PARTS}
    fields["Investment for the coming quarter"] = investment_label(review.investment_level)
    fields["Team morale"] = "" if pulse is None or pulse.morale is None else str(int(pulse.morale))
    fields["Pulse note"] = _shown(pulse.note if pulse else "")
    strategy = strategy or Strategy()
    fields["The client's goals"] = _shown(strategy.goals)
    fields["Risks"] = _shown(strategy.risks)
    fields["Proactive actions"] = _shown(strategy.proactive_actions)
    fields["People we have no relationship with yet"] = _shown(strategy.people_to_reach)
    fields["Contact plan"] = ", ".join(
        f"{label} {int(strategy.contact_plan[level])}" for level, label in LEVELS
        if strategy.contact_plan.get(level) is not None
    )
    fields["Stakeholder roles"] = "\n".join(
        f"{cid}: {role_label(role)}" + (f" ({note.strip()})" if (note or "").strip() else "")
        for cid, (role, note) in sorted(strategy.roles.items()) if role
    )
    plan = {}
    for number, a in enumerate(actions, start=1):
        plan[a.action_id or f"new-{number}"] = {
            "Action": _shown(a.description),
            "Owner": _shown(a.owner),
            "Due": _shown(a.due_on),
            "Status": status_label(a.status),
            "Should move": ADDRESS_LABELS.get(a.addresses or "", a.addresses or ""),
            "Expected effect": _shown(a.expected_effect),
            "Outcome": _shown(a.outcome),
            "Shared with the client": "yes" if a.shared_with_client else "no",
            "Their owner": _shown(a.client_owner),
        }
    return ReviewState(version=review.version, fields=fields, actions=plan)


def _shown(value) -> str:
    if isinstance(value, list | tuple):
        return "\n".join(_shown(x) for x in value)
    if value is None or (not isinstance(value, str) and pd.isna(value)):
        return ""
    if isinstance(value, dt.datetime | pd.Timestamp):
        return value.date().isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    return "\n".join(line.rstrip() for line in str(value).strip().splitlines())


@client_detail("client_id")
def review_state(con: duckdb.DuckDBPyConnection, client_id: str, quarter: str) -> ReviewState | None:
    """The saved review of `client_id` for `quarter` as a ReviewState, or None."""
    review = load_review(con, client_id, quarter)
    if review is None:
        return None
    return state_of(
        review, review_actions(con, client_id, review.quarter), load_strategy(con, client_id, review.quarter),
        team_pulse_for(con, client_id, review.quarter),
    )


@aggregate
def is_quarter_closed(con: duckdb.DuckDBPyConnection, quarter: str) -> bool:
    row = con.execute("select count(*) from closed_quarters where quarter = $q", {"q": quarter}).fetchone()
    return bool(row[0])


@aggregate
def closed_quarters(con: duckdb.DuckDBPyConnection) -> list[str]:
    return [r[0] for r in con.execute("select quarter from closed_quarters order by quarter").fetchall()]


@client_detail("client_id")
def team_pulse_for(con: duckdb.DuckDBPyConnection, client_id: str, quarter: str) -> Pulse | None:
    row = con.execute(
        "select morale, note, account_manager from team_pulse where client_id = $c and quarter = $q",
        {"c": client_id, "q": quarter},
    ).fetchone()
    if row is None:
        return None
    return Pulse(morale=None if row[0] is None else int(row[0]), note=row[1] or "", account_manager=row[2])


def client_account_manager(con: duckdb.DuckDBPyConnection, client_id: str) -> str | None:
    """The client's account manager (None if unset); raises UnknownClient."""
    row = con.execute("select account_manager from clients where client_id = $c", {"c": client_id}).fetchone()
    if row is None:
        raise UnknownClient(client_id)
    return row[0]


# --------------------------------------------------------------------------- writing


@edits_client("review")
def save_review(
    db: Database,
    review: Review,
    actions: list[Action],
    *,
    pulse: Pulse | None = None,
    follow_up: dict[str, StatusUpdate] | None = None,
    strategy: Strategy | None = None,
    base_version: int | None | Literal["latest"] = SAVE_OVER_LATEST,
    saved_by: str = "",
) -> SaveResult:
    """Save the review, its plan, the team pulse, last quarter's follow-up and the
    account strategy in one transaction, as a new version of the review.

    :param base_version: the version the saver opened, None for a review that was not
        saved then; a different version saved meanwhile raises ReviewConflict and writes
        nothing. SAVE_OVER_LATEST goes over whatever is saved (for those who own it).
    :param saved_by: who saves; when empty, the signed-in person's email (analytics.access),
        else the reviewer. Kept in the review's history.

    Saving again updates the same review (one per client per quarter): actions keep
    their ids, removed ones are deleted, new ones are added. Refuses a closed quarter,
    a lower investment level without a reason, and an action without a description or
    an owner, with a message that says what to fix.
    """
    review = dataclasses.replace(review, quarter=canonical_quarter(review.quarter))
    actions = [a for a in actions if not _blank(a)]
    check_actions(actions)
    check_morale(pulse)
    for action_id, update in (follow_up or {}).items():
        _check_status(action_id, update.status)
    who = (saved_by or acting().who or review.reviewer or "").strip() or None
    now = dt.datetime.now().replace(microsecond=0)
    action_ids: list[str] = []
    # every check that depends on what is saved runs inside the write transaction: two
    # sessions saving at once are serialised by db.write(), and the second one sees the first
    with db.write() as cur:
        manager = client_account_manager(cur, review.client_id)
        if is_quarter_closed(cur, review.quarter):
            raise QuarterClosed(review.quarter)
        previous = previous_review(cur, review.client_id, review.quarter)
        check_investment(
            review.investment_level, review.investment_reason, previous.investment_level if previous else None
        )
        existing = cur.execute(
            "select review_id, coalesce(version, 1) from reviews where client_id = $c and quarter = $q",
            {"c": review.client_id, "q": review.quarter},
        ).fetchone()
        if existing and base_version != SAVE_OVER_LATEST and base_version != existing[1]:
            raise _conflict(cur, review, base_version, existing[0], existing[1])
        before = review_state(cur, review.client_id, review.quarter) if existing else None
        review_id = existing[0] if existing else review_id_for(review.client_id, review.quarter)
        version = existing[1] + 1 if existing else 1
        if existing:
            _keep_version_before_history(cur, review_id, existing[1], now)
        values = {
            "review_id": review_id,
            "client_id": review.client_id,
            "quarter": review.quarter,
            "reviewer": review.reviewer.strip() or None,
            "held_on": review.held_on,
            "position_at_review": review.position_at_review,
            "stage_at_review": review.stage_at_review,
            "what_works": review.what_works,
            "what_to_keep": review.what_to_keep,
            "investment_level": review.investment_level,
            "investment_reason": review.investment_reason.strip() or None,
            "summary": review.summary,
            "updated_at": now,
            "what_slips": review.what_slips,
            "successes": review.successes,
            "options_notes": review.options_notes,
            "follow_up_note": review.follow_up_note,
            "evidence_snapshot": json.dumps(review.evidence_snapshot, default=str) if review.evidence_snapshot else None,
            "successes_hidden": _hidden_json(review),
            "version": version,
            "saved_by": who,
        }
        if existing:
            changed = {k: v for k, v in values.items() if k not in ("client_id", "quarter")}
            assignments = ", ".join(f"{k} = ${k}" for k in changed if k != "review_id")
            cur.execute(f"update reviews set {assignments} where review_id = $review_id", changed)
        else:
            values["created_at"] = now
            columns = ", ".join(values)
            params = ", ".join(f"${k}" for k in values)
            cur.execute(f"insert into reviews ({columns}) values ({params})", values)
        known = {
            r[0]
            for r in cur.execute("select action_id from actions where review_id = $r", {"r": review_id}).fetchall()
        }
        for position, action in enumerate(actions):
            action_id = action.action_id if action.action_id in known else _new_action_id()
            action_ids.append(action_id)
            row = {
                "action_id": action_id,
                "review_id": review_id,
                "client_id": review.client_id,
                "addresses": action.addresses or None,
                "description": action.description.strip(),
                "owner": action.owner.strip(),
                "due_on": action.due_on,
                "status": action.status,
                "outcome": action.outcome.strip() or None,
                "updated_at": now,
                "expected_effect": action.expected_effect.strip() or None,
                "playbook_entry": action.playbook_entry,
                "shared_with_client": bool(action.shared_with_client),
                "client_owner": (action.client_owner or "").strip() or None,
                # keeps the written order: actions are listed by created_at, then id
                "created_at": now + dt.timedelta(microseconds=position),
            }
            if action_id in known:
                row.pop("created_at")
                assignments = ", ".join(f"{k} = ${k}" for k in row if k != "action_id")
                cur.execute(f"update actions set {assignments} where action_id = $action_id", row)
            else:
                columns = ", ".join(row)
                params = ", ".join(f"${k}" for k in row)
                cur.execute(f"insert into actions ({columns}) values ({params})", row)
        for gone in sorted(known - set(action_ids)):
            cur.execute("delete from actions where action_id = $a", {"a": gone})
        # last quarter's follow-up changes the earlier reviews' actions: each of those
        # reviews gets a new version too, so its own editors are not overwritten unseen
        earlier = _reviews_of_actions(cur, list(follow_up or {}))
        earlier_before = {rid: review_state(cur, c, q) for rid, (c, q) in earlier.items() if rid != review_id}
        for action_id, update in (follow_up or {}).items():
            _write_status(cur, action_id, update.status, update.outcome, now)
        if pulse is not None and pulse.morale is not None:
            _write_pulse(cur, review.client_id, review.quarter, pulse, pulse.account_manager or manager)
        if strategy is not None:
            write_strategy(cur, strategy, review.client_id, review.quarter)
        after = review_state(cur, review.client_id, review.quarter)
        record_version(
            cur, review_id, version, saved_at=now, saved_by=who, kind="saved" if existing else "created",
            changes=state_changes(before, after),
        )
        for rid, state in earlier_before.items():
            _new_version(cur, rid, state, now=now, saved_by=who, kind="status")
    return SaveResult(review_id=review_id, action_ids=action_ids, created=not existing, version=version)


def _conflict(cur, review: Review, base_version: int | None, review_id: str, version: int) -> ReviewConflict:
    """The refusal of a save from an older version, with the review as saved now."""
    row = cur.execute(
        "select saved_by, saved_at from review_history where review_id = $r and version = $v",
        {"r": review_id, "v": version},
    ).fetchone()
    if row is None:  # saved before its history was kept
        row = cur.execute(
            "select saved_by, coalesce(updated_at, created_at) from reviews where review_id = $r", {"r": review_id}
        ).fetchone()
    return ReviewConflict(
        review.client_id, review.quarter, base_version=base_version, current_version=version,
        saved_by=row[0], saved_at=row[1], theirs=review_state(cur, review.client_id, review.quarter),
        client_name=cur.execute("select name from clients where client_id = $c", {"c": review.client_id}).fetchone()[0],
    )


def _keep_version_before_history(cur, review_id: str, version: int, now: dt.datetime) -> None:
    """A review saved before its history was kept (migration 0009, the demo) gets a row
    for the version it had, so its history starts where it stood."""
    if cur.execute(
        "select count(*) from review_history where review_id = $r and version = $v", {"r": review_id, "v": version}
    ).fetchone()[0]:
        return
    saved_at, saved_by = cur.execute(
        "select coalesce(updated_at, created_at), saved_by from reviews where review_id = $r", {"r": review_id}
    ).fetchone()
    record_version(cur, review_id, version, saved_at=saved_at or now, saved_by=saved_by, kind="before_history",
                   changes=None)


def _reviews_of_actions(cur, action_ids: list[str]) -> dict[str, tuple[str, str]]:
    """review id -> (client id, quarter) of the reviews these actions belong to."""
    if not action_ids:
        return {}
    rows = cur.execute(
        "select distinct r.review_id, r.client_id, r.quarter from actions as a "
        "join reviews as r on r.review_id = a.review_id where list_contains($ids, a.action_id)",
        {"ids": action_ids},
    ).fetchall()
    return {rid: (client_id, quarter) for rid, client_id, quarter in rows}


def _new_version(
    cur, review_id: str, before: ReviewState | None, *, now: dt.datetime, saved_by: str | None, kind: str,
) -> None:
    """Raise the version of a review changed from outside its own save (an action's
    status, the team pulse) and write what changed into its history."""
    row = cur.execute(
        "select client_id, quarter, coalesce(version, 1) from reviews where review_id = $r", {"r": review_id}
    ).fetchone()
    if row is None:
        return
    client_id, quarter, version = row
    after = review_state(cur, client_id, quarter)
    changes = state_changes(before, after)
    if not changes:
        return
    _keep_version_before_history(cur, review_id, version, now)
    cur.execute(
        "update reviews set version = $v, saved_by = $b where review_id = $r",
        {"v": version + 1, "b": saved_by, "r": review_id},
    )
    record_version(cur, review_id, version + 1, saved_at=now, saved_by=saved_by, kind=kind, changes=changes)


def _hidden_json(review: Review) -> str | None:
    """The hidden successes still in the text (a line deleted is no longer hidden)."""
    written = {success_key(x) for x in success_lines(review.successes)}
    kept = [x.strip() for x in dict.fromkeys(review.successes_hidden) if success_key(x) in written]
    return json.dumps(kept, ensure_ascii=False) if kept else None


def _blank(action: Action) -> bool:
    """A row the user added and left empty (the table editor makes those)."""
    return (
        not (action.description or "").strip()
        and not (action.owner or "").strip()
        and not (action.expected_effect or "").strip()
        and action.due_on is None
    )


def _new_action_id() -> str:
    return f"A-{uuid.uuid4().hex[:12]}"


def _check_status(action_id: str, status: str) -> None:
    if status not in dict(ACTION_STATUSES):
        raise ReviewError(
            f'"{status}" is not an action status; use one of: '
            + ", ".join(label for _, label in ACTION_STATUSES)
            + f" (action {action_id})."
        )


def _write_status(cur, action_id: str, status: str, outcome: str | None, now: dt.datetime) -> None:
    found = cur.execute("select count(*) from actions where action_id = $a", {"a": action_id}).fetchone()[0]
    if not found:
        raise UnknownAction(action_id)
    cur.execute(
        "update actions set status = $s, outcome = $o, updated_at = $t where action_id = $a",
        {"s": status, "o": (outcome or "").strip() or None, "t": now, "a": action_id},
    )


def _write_pulse(cur, client_id: str, quarter: str, pulse: Pulse, manager: str | None) -> None:
    cur.execute("delete from team_pulse where client_id = $c and quarter = $q", {"c": client_id, "q": quarter})
    cur.execute(
        "insert into team_pulse (client_id, quarter, account_manager, morale, note) values ($c, $q, $m, $v, $n)",
        {"c": client_id, "q": quarter, "m": manager, "v": int(pulse.morale), "n": pulse.note.strip() or None},
    )


@edits_action("action_id")
def update_action_status(
    db: Database, action_id: str, status: str, outcome: str | None = None, *, saved_by: str = "",
) -> None:
    """Record how an action went, between reviews (from the Client page) or in step 6.

    Allowed in a closed quarter too: the review is final, its follow-through is not.
    The action's review gets a new version, so a draft opened before is not saved over it unseen.
    """
    _check_status(action_id, status)
    now = dt.datetime.now().replace(microsecond=0)
    with db.write() as cur:
        owner = _reviews_of_actions(cur, [action_id])
        before = {rid: review_state(cur, c, q) for rid, (c, q) in owner.items()}
        _write_status(cur, action_id, status, outcome, now)
        for rid, state in before.items():
            _new_version(cur, rid, state, now=now, saved_by=(saved_by or acting().who).strip() or None, kind="status")


@edits_client("client_id")
def record_team_pulse(
    db: Database, client_id: str, quarter: str, morale: int, note: str = "", account_manager: str | None = None,
    *, saved_by: str = "",
) -> None:
    """The account team's morale (1-5) for the quarter, with a note; feeds signal 6."""
    parse_quarter(quarter)
    manager = client_account_manager(db.cursor(), client_id)
    pulse = Pulse(morale=morale, note=note, account_manager=account_manager or manager)
    check_morale(pulse)
    now = dt.datetime.now().replace(microsecond=0)
    with db.write() as cur:
        before = review_state(cur, client_id, quarter)
        _write_pulse(cur, client_id, quarter, pulse, pulse.account_manager)
        if before is not None:  # the pulse is part of that quarter's review
            _new_version(cur, review_id_for_saved(cur, client_id, quarter), before, now=now,
                         saved_by=(saved_by or acting().who).strip() or None, kind="pulse")


def review_id_for_saved(con: duckdb.DuckDBPyConnection, client_id: str, quarter: str) -> str:
    """The id of the saved review of (client, quarter); it may predate review_id_for."""
    row = con.execute(
        "select review_id from reviews where client_id = $c and quarter = $q", {"c": client_id, "q": quarter}
    ).fetchone()
    return row[0] if row else review_id_for(client_id, quarter)


@administers
def close_quarter(db: Database, quarter: str, closed_by: str = "") -> None:
    """Make the reviews of `quarter` final. Closing twice is harmless."""
    parse_quarter(quarter)
    with db.write() as cur:
        if not cur.execute("select count(*) from closed_quarters where quarter = $q", {"q": quarter}).fetchone()[0]:
            cur.execute(
                "insert into closed_quarters values ($q, $t, $b)",
                {"q": quarter, "t": dt.datetime.now().replace(microsecond=0), "b": closed_by.strip() or None},
            )


@administers
def reopen_quarter(db: Database, quarter: str) -> None:
    """Make the reviews of `quarter` editable again (to correct a mistake)."""
    parse_quarter(quarter)
    with db.write() as cur:
        cur.execute("delete from closed_quarters where quarter = $q", {"q": quarter})


def default_due_date(quarter: str) -> dt.date:
    """Actions agreed in the review of a quarter are due by the end of the next one."""
    return quarter_end(shift_quarter(quarter, 1))
