"""The client's open review actions as an editable table, for the Client page.

Between reviews the account team records how each action is going (planned, in
progress, done, partial progress, not done) and what happened; the next review's
step 6 starts from there. Partial progress is progress (DOMAIN §1).
"""

from __future__ import annotations

from urllib.parse import urlencode

import pandas as pd
import streamlit as st
from streamlit.errors import StreamlitPageNotFoundError

from analytics.db import Database
from analytics.errors import ContinuumError
from analytics.review.store import (
    ACTION_STATUSES,
    open_actions,
    record_team_pulse,
    team_pulse_for,
    update_action_status,
)
from ui.data import cached
from ui.text import plain

REVIEW_PAGE = "pages/review.py"
STATUS_LABELS = dict(ACTION_STATUSES)
STATUS_IDS = {label: status for status, label in ACTION_STATUSES}
MORALE_LABELS = {1: "1 · worn out", 2: "2 · strained", 3: "3 · okay", 4: "4 · good", 5: "5 · energised"}


def open_actions_editor(db: Database, client_id: str, *, key: str | None = None) -> None:
    """An editable table of the client's actions still planned or in progress, with a
    button that saves the statuses and outcomes changed in it."""
    key = key or f"open_actions::{client_id}"
    actions = cached(open_actions, db, client_id)
    st.markdown("**Open actions from the reviews**")
    if actions.empty:
        st.caption("No open actions: every action from the reviews has an outcome.")
        return
    table = pd.DataFrame({
        "action_id": actions["action_id"],
        "description": actions["description"],
        "owner": actions["owner"],
        "due_on": actions["due_on"],
        "review_quarter": actions["review_quarter"],
        "status": actions["status"].map(STATUS_LABELS),
        "outcome": actions["outcome"].fillna("").astype("string"),
    })
    version = st.session_state.get(f"{key}::version", 0)
    edited = st.data_editor(
        table,
        key=f"{key}::{version}",
        hide_index=True,
        width="stretch",
        num_rows="fixed",
        column_order=["description", "owner", "due_on", "review_quarter", "status", "outcome"],
        column_config={
            "description": st.column_config.TextColumn("Action", width="large", disabled=True),
            "owner": st.column_config.TextColumn("Owner", disabled=True),
            "due_on": st.column_config.DateColumn("Due", format="YYYY-MM-DD", disabled=True),
            "review_quarter": st.column_config.TextColumn("From the review of", disabled=True),
            "status": st.column_config.SelectboxColumn("Status", options=list(STATUS_IDS), required=True),
            "outcome": st.column_config.TextColumn("Outcome so far", width="medium"),
        },
    )
    changes = changed_statuses(table, edited)
    if st.button(
        f"Save {len(changes)} change{'s' if len(changes) != 1 else ''}" if changes else "Save changes",
        key=f"{key}::save", disabled=not changes, icon=":material/save:",
    ):
        try:
            for action_id, status, outcome in changes:
                update_action_status(db, action_id, status, outcome)
        except ContinuumError as exc:
            st.error(plain(exc))
        else:
            st.session_state[f"{key}::version"] = version + 1
            st.toast(f"Saved {len(changes)} action update{'s' if len(changes) != 1 else ''}.")
            st.rerun()


def changed_statuses(before: pd.DataFrame, after: pd.DataFrame) -> list[tuple[str, str, str]]:
    """(action_id, status id, outcome) for every row whose status or outcome changed."""
    merged = before.merge(after, on="action_id", suffixes=("_before", "_after"))
    out = []
    for r in merged.to_dict("records"):
        outcome_before = "" if pd.isna(r["outcome_before"]) else str(r["outcome_before"])
        outcome_after = "" if pd.isna(r["outcome_after"]) else str(r["outcome_after"])
        if r["status_before"] != r["status_after"] or outcome_before.strip() != outcome_after.strip():
            out.append((r["action_id"], STATUS_IDS.get(r["status_after"], "planned"), outcome_after.strip()))
    return out


def team_pulse_form(db: Database, client_id: str, quarter: str, *, key: str | None = None) -> None:
    """Record the account team's morale (1-5) and a note for `quarter` between reviews:
    the input of warning signal 6 (falling team morale)."""
    key = key or f"pulse::{client_id}::{quarter}"
    current = cached(team_pulse_for, db, client_id, quarter)
    st.markdown(f"**Account team pulse, {quarter}**")
    if current is not None and current.morale is not None:
        st.caption(f"Recorded: {MORALE_LABELS[current.morale]}" + (f" · {plain(current.note)}" if current.note else ""))
    morale = st.segmented_control(
        "Team morale (1-5)", list(MORALE_LABELS), format_func=MORALE_LABELS.get, key=f"{key}::morale",
        default=current.morale if current else None,
        help="How the account team feels about this client. Falling morale raises the “Falling team morale” warning.",
    )
    note = st.text_input("Note", value=current.note if current else "", key=f"{key}::note")
    if st.button("Save the pulse", key=f"{key}::save", disabled=morale is None, icon=":material/save:"):
        try:
            record_team_pulse(db, client_id, quarter, int(morale), note)
        except ContinuumError as exc:
            st.error(plain(exc))
        else:
            st.toast(f"Saved the team pulse for {quarter}.")


def review_link(client_id: str, quarter: str, label: str = "Open this client's review") -> None:
    """A same-tab link to the Review page for the client and quarter (a plain link when
    the page runs on its own, outside app.py's navigation)."""
    params = {"client": client_id, "quarter": quarter}
    try:
        st.page_link(REVIEW_PAGE, label=label, icon=":material/rate_review:", query_params=params)
    except StreamlitPageNotFoundError:
        st.markdown(f"[{label}](review?{urlencode(params)})")
