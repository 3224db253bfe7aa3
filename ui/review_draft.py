"""The review being written: a draft kept in the session, and what is not saved yet.

Why a session draft and not autosave: a Streamlit widget sends its text to the server
only when it loses focus, so no autosave can catch what is still being typed; and every
write to DuckDB bumps the data version, which would recompute every cached analytic
after each field. So the page keeps one draft per client and quarter in
`st.session_state` (it survives switching steps, clients, quarters and pages), compares
it with what was loaded, and says plainly which steps hold unsaved changes until the
reviewer saves. Widget state that Streamlit drops when a step is not shown is re-seeded
from the draft; table editors are re-seeded when they were not on screen in the run before.

The draft also keeps the version it was opened from and the review as it was then: a
save sends that version, and when someone else saved meanwhile the page shows what they
changed (against the review as opened) before the reviewer decides.
"""

from __future__ import annotations

import copy
import dataclasses
import datetime as dt
from collections.abc import Callable
from typing import Any

import pandas as pd
import streamlit as st

from analytics.db import Database
from analytics.review.evidence import (
    Evidence,
    suggest_successes,
    suggest_what_slips,
    suggest_what_to_keep,
    suggest_what_works,
)
from analytics.review.history import ReviewState
from analytics.review.store import (
    Action,
    Pulse,
    Review,
    StatusUpdate,
    follow_up_actions,
    load_review,
    previous_review,
    review_actions,
    state_of,
    team_pulse_for,
)
from analytics.review.strategy import Strategy, load_strategy

FIELDS = (
    "reviewer", "held_on", "what_works", "what_to_keep", "successes", "what_slips",
    "options_notes", "follow_up_note", "investment_level", "investment_reason", "summary",
    "successes_hidden",
)
# which step shows each part of the draft (for "unsaved changes in: ...")
STEP_OF_FIELD = {
    "reviewer": 1, "held_on": 1, "what_works": 2, "what_to_keep": 2, "successes": 2, "successes_hidden": 2,
    "what_slips": 3, "pulse": 3, "options_notes": 4, "actions": 5, "investment_level": 5,
    "investment_reason": 5, "summary": 5, "follow_up": 6, "follow_up_note": 6,
}
ACTION_KEYS = (
    "action_id", "description", "owner", "due_on", "addresses", "expected_effect", "status", "playbook_entry",
    "shared_with_client", "client_owner",
)


def draft_key(db: Database, client_id: str, quarter: str) -> str:
    return f"review::{db.path}::{client_id}::{quarter}"


def new_draft(db: Database, client_id: str, quarter: str, evidence: Evidence, manager: str | None) -> dict:
    """The draft as loaded: the saved review, or one pre-filled from the data."""
    con = db.cursor()
    review = load_review(con, client_id, quarter)
    follow = follow_up_actions(con, client_id, quarter)
    previous = previous_review(con, client_id, quarter)
    saved_actions = review_actions(con, client_id, quarter) if review is not None else []
    if review is not None:
        fields = {f: getattr(review, f) for f in FIELDS}
        actions = [_action_dict(a) for a in saved_actions]
    else:
        fields = {
            "reviewer": manager or "",
            "held_on": dt.date.today(),
            "what_works": suggest_what_works(evidence),
            "what_to_keep": suggest_what_to_keep(evidence),
            "successes": suggest_successes(evidence, follow),
            "what_slips": suggest_what_slips(evidence),
            "options_notes": "",
            "follow_up_note": "",
            "investment_level": previous.investment_level if previous else "maintain",
            "investment_reason": "",
            "summary": "",
            "successes_hidden": [],
        }
        actions = []
    strategy = load_strategy(con, client_id, quarter)
    pulse = team_pulse_for(con, client_id, quarter)
    draft = {
        "fields": fields,
        "actions": actions,
        "follow_up": {a.action_id: {"status": a.status, "outcome": a.outcome} for a in follow},
        "strategy": {
            "goals": strategy.goals,
            "risks": strategy.risks,
            "proactive_actions": strategy.proactive_actions,
            "people_to_reach": strategy.people_to_reach,
            "roles": {cid: list(v) for cid, v in strategy.roles.items()},
            "contact_plan": dict(strategy.contact_plan),
        },
        "pulse": {"morale": pulse.morale if pulse else None, "note": pulse.note if pulse else ""},
        "exists": review is not None,
        "updated_at": review.updated_at if review else None,
        # the version this draft was opened from (None: not saved then), and the review as it
        # was then (for a new review, as pre-filled): what a save conflict compares with
        "version": review.version if review else None,
        "loaded": state_of(review, saved_actions, strategy, pulse) if review is not None else None,
        "carried_from": strategy.carried_from,
        "had_strategy": not strategy.is_empty(),
        "previous_quarter": previous.quarter if previous else None,
        "previous_level": previous.investment_level if previous else None,
        "editors": {},
    }
    draft["baseline"] = copy.deepcopy(comparable(draft))
    if draft["loaded"] is None:  # a new review: what the reviewer opened is the pre-filled draft
        draft["loaded"] = to_state(draft, client_id, quarter)
    return draft


def _action_dict(a: Action) -> dict:
    return {k: getattr(a, k) for k in ACTION_KEYS}


def comparable(draft: dict) -> dict:
    """The parts of the draft that are saved, normalised for comparison."""
    return {
        **{f: _norm(draft["fields"][f]) for f in FIELDS},
        "actions": [{k: _norm(a.get(k)) for k in ACTION_KEYS} for a in draft["actions"]],
        "follow_up": {k: {f: _norm(v) for f, v in s.items()} for k, s in draft["follow_up"].items()},
        "strategy": _norm_tree(draft["strategy"]),
        "pulse": {k: _norm(v) for k, v in draft["pulse"].items()},
    }


def _norm(value: Any) -> Any:
    if value is None:
        return None
    if isinstance(value, str):
        return value.strip() or None
    if isinstance(value, pd.Timestamp):
        return value.date()
    if isinstance(value, float) and pd.isna(value):
        return None
    return value


def _norm_tree(value: Any) -> Any:
    if isinstance(value, dict):
        return {k: _norm_tree(v) for k, v in sorted(value.items()) if _norm_tree(v) not in (None, [], {})}
    if isinstance(value, list | tuple):
        return [_norm_tree(v) for v in value]
    return _norm(value)


def unsaved_steps(draft: dict) -> list[str]:
    """Names of the parts that differ from what was loaded, in step order."""
    now, then = comparable(draft), draft["baseline"]
    changed = [k for k in now if now[k] != then.get(k)]
    names = {
        1: "Where we stand", 2: "What works", 3: "What is slipping", 4: "Options",
        5: "The plan", 6: "Last quarter",
    }
    steps = sorted({STEP_OF_FIELD[k] for k in changed if k in STEP_OF_FIELD})
    out = [names[s] for s in steps]
    if "strategy" in changed:
        out.append("Account strategy")
    return out


# --------------------------------------------------------------------------- to the analytics


def to_review(draft: dict, client_id: str, quarter: str, snapshot: dict | None) -> Review:
    f = draft["fields"]
    return Review(
        client_id=client_id,
        quarter=quarter,
        reviewer=f["reviewer"] or "",
        held_on=f["held_on"],
        what_works=f["what_works"] or "",
        what_to_keep=f["what_to_keep"] or "",
        successes=f["successes"] or "",
        what_slips=f["what_slips"] or "",
        options_notes=f["options_notes"] or "",
        follow_up_note=f["follow_up_note"] or "",
        investment_level=f["investment_level"],
        investment_reason=f["investment_reason"] or "",
        summary=f["summary"] or "",
        successes_hidden=list(f.get("successes_hidden") or []),
        position_at_review=snapshot.get("score") if snapshot else None,
        stage_at_review=snapshot.get("stage") if snapshot else None,
        evidence_snapshot=snapshot,
    )


def to_actions(draft: dict) -> list[Action]:
    return [
        Action(
            description=a.get("description") or "",
            owner=a.get("owner") or "",
            due_on=_norm(a.get("due_on")),
            addresses=a.get("addresses") or "",
            expected_effect=a.get("expected_effect") or "",
            status=a.get("status") or "planned",
            action_id=a.get("action_id"),
            playbook_entry=a.get("playbook_entry"),
            shared_with_client=bool(a.get("shared_with_client")),
            client_owner=a.get("client_owner") or "",
        )
        for a in draft["actions"]
    ]


def to_follow_up(draft: dict, actions: list[Action]) -> dict[str, StatusUpdate]:
    """Only the statuses and outcomes the reviewer changed since the draft was opened.

    Compared with the draft as opened, not with `actions` as saved now: a status someone
    else changed meanwhile (on the Client page, in another session) is not written back.
    """
    shown = {a.action_id for a in actions}
    opened = draft["baseline"]["follow_up"]
    return {
        action_id: StatusUpdate(s["status"], s["outcome"] or "")
        for action_id, s in draft["follow_up"].items()
        if action_id in shown and opened.get(action_id) != {f: _norm(v) for f, v in s.items()}
    }


def followed_actions(draft: dict, actions: list[Action]) -> list[Action]:
    """Last quarter's actions with the statuses as edited in the draft (for the export)."""
    out = []
    for a in actions:
        s = draft["follow_up"].get(a.action_id)
        out.append(dataclasses.replace(a, status=s["status"], outcome=s["outcome"] or "") if s else a)
    return out


def to_strategy(draft: dict) -> Strategy:
    s = draft["strategy"]
    return Strategy(
        goals=s["goals"] or "",
        risks=s["risks"] or "",
        proactive_actions=s["proactive_actions"] or "",
        people_to_reach=s["people_to_reach"] or "",
        roles={cid: (v[0], v[1] or "") for cid, v in s["roles"].items() if v and v[0]},
        contact_plan={k: int(v) for k, v in s["contact_plan"].items() if v is not None},
        carried_from=draft.get("carried_from"),
    )


def to_pulse(draft: dict) -> Pulse | None:
    p = draft["pulse"]
    return Pulse(morale=p["morale"], note=p["note"] or "") if p["morale"] is not None else None


def changed_pulse(draft: dict) -> Pulse | None:
    """The pulse to save: only when the reviewer changed it, so a pulse recorded on the
    Client page meanwhile is not written over with the one this draft opened with."""
    if {k: _norm(v) for k, v in draft["pulse"].items()} == draft["baseline"]["pulse"]:
        return None
    return to_pulse(draft)


def to_state(draft: dict, client_id: str, quarter: str) -> ReviewState:
    """The draft as a ReviewState, to set beside the saved versions in a save conflict."""
    return state_of(to_review(draft, client_id, quarter, None), to_actions(draft), to_strategy(draft), to_pulse(draft))


# --------------------------------------------------------------------------- widgets


def bind(widget: Callable, label: str, holder: dict, name: str, key: str, **kwargs) -> Any:
    """Draw `widget` showing holder[name]; copy what the user enters back into it.

    The widget's key is seeded from the draft whenever Streamlit has dropped it (the
    step was not on screen), so switching steps never loses what was typed.
    """
    if key not in st.session_state:
        st.session_state[key] = holder.get(name)
    value = widget(label, key=key, **kwargs)
    holder[name] = value
    return value


def editor_base(draft: dict, name: str, current: Any, run: int) -> tuple[Any, int]:
    """The data a table editor starts from, and its key revision.

    An editor drawn in the run just before keeps its own edit state; otherwise (a step
    or tab change removed it) it restarts from the draft under a new key.
    """
    state = draft["editors"].setdefault(name, {"rev": 0, "base": copy.deepcopy(current), "run": -1})
    if state["run"] != run - 1:
        state["rev"] += 1
        state["base"] = copy.deepcopy(current)
    state["run"] = run
    return state["base"], state["rev"]


def reset_editor(draft: dict, name: str) -> None:
    """Restart an editor from the draft on the next run (after the draft changed outside it)."""
    if name in draft["editors"]:
        draft["editors"][name]["run"] = -10


def forget(prefix: str) -> None:
    """Drop a draft and all its widget state (after saving, to reload from the database)."""
    for key in [k for k in st.session_state if str(k).startswith(prefix)]:
        del st.session_state[key]
