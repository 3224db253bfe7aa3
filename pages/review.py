"""Review: the quarterly account review. How do we improve from where we are now?

Six steps, each on one screen with its evidence beside it, and the client's account
strategy beside the steps (DOMAIN §1, §6). The review is a draft in this browser tab
until it is saved (ui/review_draft.py says why); saving twice updates the same review.
The page computes nothing: evidence, suggestions, rules and exports come from analytics.
"""

import hashlib

import pandas as pd
import streamlit as st

from analytics.errors import ContinuumError
from analytics.method.continuum import DIMENSIONS, STAGES
from analytics.method.signals import SIGNALS, signal_evidence
from analytics.quarters import shift_quarter
from analytics.review.deck_client import client_deck, client_facts
from analytics.review.deck_internal import deck_evidence, deck_file_name, internal_deck
from analytics.review.errors import PlaybookError, ReviewConflict
from analytics.review.evidence import (
    due_for_review,
    review_evidence,
    suggest_successes,
    suggest_what_to_keep,
    suggest_what_works,
)
from analytics.review.export import (
    assemble_document,
    export_file_name,
    follow_through_sentence,
    render_html,
    render_markdown,
)
from analytics.review.history import conflict_rows, review_history
from analytics.review.playbook import load_playbook
from analytics.review.store import (
    ACTION_STATUSES,
    INVESTMENT_LEVELS,
    LEVELS_NEEDING_A_REASON,
    default_due_date,
    follow_up_actions,
    is_quarter_closed,
    save_review,
    success_key,
    success_lines,
)
from analytics.review.strategy import DELT_LEVELS, LEVELS, ROLES, contact_plan_check, stakeholder_map
from ui import charts
from ui import review_draft as rd
from ui.actions import MORALE_LABELS
from ui.coverage import dormant_list, money_banner
from ui.data import cached
from ui.evidence import evidence_table
from ui.frame import page_frame
from ui.text import plain
from ui.theme import money

STAGE_LABELS = dict(STAGES)
SIGNAL_LABELS = dict(SIGNALS)
DIMENSION_LABELS = dict(DIMENSIONS)
ADDRESS_LABELS = {"": "Other"} | SIGNAL_LABELS | DIMENSION_LABELS
ADDRESS_IDS = {label: key for key, label in ADDRESS_LABELS.items()}
STATUS_LABELS = dict(ACTION_STATUSES)
STATUS_IDS = {label: key for key, label in ACTION_STATUSES}
ROLE_LABELS = dict(ROLES)
ROLE_IDS = {label: key for key, label in ROLES}
LEVEL_LABELS = dict(LEVELS)
INVESTMENT_LABELS = dict(INVESTMENT_LEVELS)
STEPS = [
    "1 · Where we stand", "2 · What works", "3 · What is slipping",
    "4 · Options", "5 · The plan", "6 · Last quarter",
]

frame = page_frame()
db, quarter, currency = frame.db, frame.quarter, frame.currency
st.session_state.review_run = st.session_state.get("review_run", 0) + 1
run = st.session_state.review_run

st.title("Review")
money_banner(frame)
st.caption(
    "How do we improve from where we are now? What works, and what must we keep while we correct "
    "the rest? Partial progress counts; the strongest change is to the level of investment, with its reason."
)

# ---- which client: ?client=ID, a click in the list of clients due, or the picker
due = cached(due_for_review, db, quarter)
if due.empty:
    st.info(f"No client has activity in {quarter}; choose another quarter in the sidebar.")
    st.stop()
names = dict(zip(due["client_id"], due["name"], strict=True))
wanted = st.query_params.get("client")
if wanted and wanted not in names:
    st.warning(f"Client {plain(wanted)} has no activity in {quarter}, so it cannot be reviewed for this quarter.")
if st.session_state.get("review_client") not in names:
    st.session_state.review_client = wanted if wanted in names else due["client_id"].iloc[0]
elif wanted in names and wanted != st.session_state.get("review_client_from_url"):
    st.session_state.review_client = wanted  # a link from another page decides
st.session_state.review_client_from_url = wanted

not_reviewed = int((~due["is_reviewed"]).sum())
with st.expander(
    f"Clients due for review in {quarter}: {not_reviewed} of {len(due)} not reviewed yet, "
    "those with the most serious signals and the most revenue at stake first",
    icon=":material/checklist:",
):
    shown = pd.DataFrame({
        "Client": due["name"],
        "Reviewed": due["is_reviewed"],
        "Signals": due["signals"],
        "Stage": due["stage"].map(STAGE_LABELS),
        "Score": due["score"].round(0),
        "Change": due["change"].round(0),
        "Revenue at stake": due["revenue_4q"],
        "Last review": due["last_review_quarter"].astype(object).where(due["last_review_quarter"].notna(), "not yet"),
        "Open actions": due["count_open_actions"],
        "Overdue": due["count_overdue_actions"],
    })
    picked = st.dataframe(
        shown, hide_index=True, width="stretch", height=320, key="review_due_table",
        on_select="rerun", selection_mode="single-row",
        column_config={
            "Score": st.column_config.NumberColumn(format="%.0f", width=60),
            "Change": st.column_config.NumberColumn(format="%+.0f", width=70),
            "Revenue at stake": st.column_config.NumberColumn(
                help="Won revenue over the last four quarters.", format="%,.0f",
            ),
            "Signals": st.column_config.TextColumn(width="large"),
        },
    )
    st.caption("Select a row to open that client's review. Revenue in " + currency + ".")
    rows = list(picked.selection.rows) if picked is not None else []
    if rows and rows != st.session_state.get("review_due_applied"):
        st.session_state.review_client = due["client_id"].iloc[rows[0]]
    st.session_state.review_due_applied = rows
dormant_list(frame)


def _has_unsaved_draft(cid: str) -> bool:
    kept = st.session_state.get(rd.draft_key(db, cid, quarter))
    return bool(kept) and bool(rd.unsaved_steps(kept))


client_id = st.selectbox(
    "Client", list(names), key="review_client", format_func=names.get,
    help="Ordered as the list of clients due: not reviewed yet first, then by signals and revenue at stake.",
)
st.query_params["client"] = client_id
client = due[due["client_id"] == client_id].iloc[0]
manager = client["account_manager"] or ""
facts = [
    f"{client['count_signals']} warning signal{'s' if client['count_signals'] != 1 else ''}"
    + (f" ({client['signals']})" if client["signals"] else ""),
    "reviewed for " + quarter if client["is_reviewed"] else "not reviewed yet for " + quarter,
]
if pd.notna(client["last_review_quarter"]):
    facts.append(f"last review {client['last_review_quarter']}")
if client["count_open_actions"]:
    facts.append(f"{client['count_open_actions']} open action{'s' if client['count_open_actions'] != 1 else ''}"
                 + (f", {client['count_overdue_actions']} overdue" if client["count_overdue_actions"] else ""))
st.caption(" · ".join(facts) + f" · account manager {plain(manager) or 'not set'}")

evidence = cached(review_evidence, db, client_id, quarter)
closed = cached(is_quarter_closed, db, quarter)
follow = cached(follow_up_actions, db, client_id, quarter)
prefix = rd.draft_key(db, client_id, quarter)
if prefix not in st.session_state:
    st.session_state[prefix] = rd.new_draft(db, client_id, quarter, evidence, manager)
draft = st.session_state[prefix]
fields, strategy = draft["fields"], draft["strategy"]


def key(name: str) -> str:
    return f"{prefix}::{name}"


bar = st.container()  # status, save and downloads: filled at the end, once the draft is up to date

if st.session_state.get("review_step") not in STEPS:
    st.session_state.review_step = st.session_state.get("review_step_last", STEPS[0])
step = st.segmented_control("Step", STEPS, key="review_step", label_visibility="collapsed", width="stretch")
st.session_state.review_step_last = step
beside = st.toggle(
    "Show the account strategy beside the steps", value=True, key="review_strategy_beside",
    help="On step 5 it follows below the plan, whose table needs the page's full width.",
)
if beside and step != STEPS[4]:
    main, side = st.columns([2, 1], gap="large")
else:
    main = st.container()
    side = st.container() if beside else None


def go_to(index: int) -> None:
    st.session_state.review_step = STEPS[index]


def step_buttons(index: int) -> None:
    left, right = st.columns(2)
    if index > 0:
        left.button("← Back", key=f"review_prev_{index}", on_click=go_to, args=(index - 1,),
                    help=f"Step {STEPS[index - 1]}")
    if index < len(STEPS) - 1:
        right.button(f"Next: {STEPS[index + 1][4:]} →", key=f"review_next_{index}", on_click=go_to,
                     args=(index + 1,), width="stretch")


# --------------------------------------------------------------------------- step 1


def where_we_stand() -> None:
    st.subheader("Where we stand")
    pos = evidence.position
    # the figures, then the reviewer, then the charts at the step's full width: beside the
    # strategy panel at 1366 px a side column left the path chart cramped
    stage_col, score_col = st.columns([1.5, 1], gap="medium")
    if pos is None:
        with stage_col:
            st.info(f"No score for {quarter}: the client has no activity in this quarter.")
    else:
        provisional = bool(pos.get("provisional")) and pos["score"] is not None
        stage_col.metric("Stage, provisional" if provisional else "Stage",
                         STAGE_LABELS.get(pos["stage"], "Not measured") if pos["stage"] else "Not measured")
        still = pos["change"] is not None and round(pos["change"]) == 0
        delta = None if pos["change"] is None else (
            f"no change since {evidence.previous_quarter}" if still
            else f"{pos['change']:+.0f} since {evidence.previous_quarter}")
        score_col.metric("Continuum score", "not measured" if pos["score"] is None else f"{pos['score']:.0f} / 100",
                         delta=delta, delta_color="off" if still else "normal", delta_arrow="off" if still else "auto")
    who_col, when_col = st.columns([1.5, 1], gap="medium")
    with who_col:
        rd.bind(st.text_input, "Reviewer", fields, "reviewer", key("reviewer"), disabled=closed)
    with when_col:
        rd.bind(st.date_input, "Held on", fields, "held_on", key("held_on"), disabled=closed, format="YYYY-MM-DD")
    notes = []
    if pos is not None and pos.get("coverage", 1) < 1:
        provisional = "; the stage is provisional" if pos.get("provisional") and pos["score"] is not None else ""
        notes.append(f"The position is {evidence.coverage_words}{provisional}.")
    if pos is not None and pos["is_new"]:
        notes.append("A new client: not penalised for missing history.")
    previous = draft["previous_quarter"]
    if previous:
        before = evidence.path[evidence.path["quarter"] == previous]
        if not before.empty:
            b = before.iloc[0]
            notes.append(f"At the last review ({previous}): {b['score']:.0f}, {STAGE_LABELS.get(b['stage'], b['stage'])}.")
    if notes:
        st.caption(" ".join(notes))
    st.markdown("**The path over recent quarters**")
    if not evidence.path.empty:
        charts.show(charts.continuum_band(evidence.path, evidence.stage_bounds), key=key("band"))
    if not evidence.dimensions.empty:
        st.markdown("**The five dimensions** (bar: this quarter; mark: last quarter)")
        charts.show(charts.dimension_bars(evidence.dimensions), key=key("dims"))
        with st.expander("Why: every contribution, in words"):
            parts = evidence.contributions.assign(dimension=lambda f: f["dimension"].map(DIMENSION_LABELS))
            st.dataframe(
                parts[["dimension", "sentence", "points"]], hide_index=True, width="stretch",
                column_config={"dimension": "Dimension", "sentence": st.column_config.TextColumn("Component", width="large"),
                               "points": st.column_config.NumberColumn("Points", format="%+d")},
            )
    step_buttons(0)


# --------------------------------------------------------------------------- step 2


def refill_from_data() -> None:
    """Put the data's suggestions back into the three fields of step 2."""
    fields["what_works"] = suggest_what_works(evidence)
    fields["what_to_keep"] = suggest_what_to_keep(evidence)
    fields["successes"] = suggest_successes(evidence, follow)
    for name in ("what_works", "what_to_keep", "successes"):
        st.session_state.pop(key(name), None)


def show_the_client() -> None:
    """A "show the client" tick per success (default on): the client deck shows the ticked ones."""
    lines = success_lines(fields["successes"])
    if not lines:
        fields["successes_hidden"] = []
        return
    hidden = {success_key(x) for x in fields.get("successes_hidden") or []}
    st.markdown("**Show the client** (the client deck tells the ticked successes)")
    kept_hidden = []
    for line in lines:
        name = key("show_" + hashlib.sha1(success_key(line).encode()).hexdigest()[:12])
        if name not in st.session_state:
            st.session_state[name] = success_key(line) not in hidden
        if not st.checkbox(plain(line), key=name, disabled=closed):
            kept_hidden.append(line)
    fields["successes_hidden"] = kept_hidden


def what_works() -> None:
    st.subheader("What works")
    left, right = st.columns([3, 2], gap="medium")
    with left:
        rd.bind(st.text_area, "What works", fields, "what_works", key("what_works"), height=200, disabled=closed,
                help="Pre-filled from the strongest dimensions and what improved; edit freely.")
        rd.bind(st.text_area, "What we keep while correcting the rest", fields, "what_to_keep", key("what_to_keep"),
                height=110, disabled=closed)
        rd.bind(st.text_area, "Successes worth telling the client", fields, "successes", key("successes"),
                height=150, disabled=closed,
                help="Balance talk about problems with evidence of progress. One per line.")
        show_the_client()
        st.button("Refill these from the data", key=key("refill"), on_click=refill_from_data, disabled=closed,
                  help="Replaces the three texts above with the suggestions from this quarter's data.")
    with right:
        st.markdown("**Evidence: the strongest dimensions**")
        for r in evidence.strongest().to_dict("records"):
            parts = evidence.contributions[
                (evidence.contributions["dimension"] == r["dimension"]) & (evidence.contributions["points"] > 0)
            ]
            st.markdown(f"- **{r['label']}** {r['score']:.0f}/100")
            for sentence in parts.sort_values("points", ascending=False)["sentence"].head(3):
                st.caption(plain(sentence))
        improved = evidence.improved()
        if not improved.empty:
            st.markdown(f"**Improved since {evidence.previous_quarter}**")
            for r in improved.to_dict("records"):
                st.markdown(f"- {r['label']}: {r['previous']:.0f} → {r['score']:.0f}")
        progress = [a for a in rd.followed_actions(draft, follow) if a.status in ("done", "partial")]
        if progress:
            st.markdown("**Progress from the last review**")
            for a in progress:
                st.markdown(f"- {plain(a.description)} ({STATUS_LABELS[a.status].lower()})"
                            + (f": {plain(a.outcome)}" if a.outcome else ""))
    step_buttons(1)


# --------------------------------------------------------------------------- step 3


def what_is_slipping() -> None:
    st.subheader("What is slipping")
    left, right = st.columns([3, 2], gap="medium")
    with left:
        rd.bind(st.text_area, "What is slipping", fields, "what_slips", key("what_slips"), height=200, disabled=closed,
                help="Pre-filled from the weakest dimensions; add what the team sees that the data does not.")
        st.markdown("**The account team's pulse this quarter**")
        # the numbers alone fit the column at 1366 px; the chosen one is named below it
        morale = rd.bind(st.segmented_control, "Team morale, 1 (worn out) to 5 (energised)", draft["pulse"],
                         "morale", key("morale"), options=list(MORALE_LABELS), disabled=closed,
                         help="How the account team feels about this client: "
                         "falling morale raises the “Falling team morale” warning.")
        if morale is not None:
            st.caption(f"Morale {MORALE_LABELS[morale]}.")
        rd.bind(st.text_input, "Pulse note", draft["pulse"], "note", key("pulse_note"), disabled=closed,
                placeholder="What lifts or wears down the team on this account")
    with right:
        if evidence.signals.empty:
            st.success("No warning signal fires this quarter.", icon=":material/check_circle:")
        else:
            st.markdown("**Warning signals**: a prompt to act, never a verdict")
        for r in evidence.signals.to_dict("records"):
            with st.expander(f"{r['label']} · {r['severity']}", icon=":material/warning:"):
                st.markdown(plain(r["reason"]))
                rows = cached(signal_evidence, db, r["signal_id"], client_id, quarter)
                evidence_table(rows, r["signal_id"], currency, max_height=260)
        if evidence.not_judged:
            judged = "\n".join(f"- {SIGNAL_LABELS.get(s['id'], s['id'])}: needs {plain(s['needs'])}"
                               for s in evidence.not_judged)
            st.markdown(f"**Not judged** (the data they stand on is missing):\n{judged}")
        st.markdown("**The weakest dimensions**")
        for r in evidence.weakest().to_dict("records"):
            parts = evidence.contributions[
                (evidence.contributions["dimension"] == r["dimension"]) & (evidence.contributions["points"] < 0)
            ]
            st.markdown(f"- **{r['label']}** {r['score']:.0f}/100")
            for sentence in parts.sort_values("points")["sentence"].head(3):
                st.caption(plain(sentence))
    step_buttons(2)


# --------------------------------------------------------------------------- step 4


def add_from_playbook(entry_id: str) -> None:
    entry = next(e for e in playbook if e.id == entry_id)
    draft["actions"].append({
        "action_id": None, "description": entry.intervention, "owner": fields["reviewer"] or manager,
        "due_on": default_due_date(quarter), "addresses": entry.answers, "expected_effect": entry.expected_effect,
        "status": "planned", "playbook_entry": entry.id, "shared_with_client": False, "client_owner": "",
    })
    rd.reset_editor(draft, "plan")


def option_card(entry, in_plan: set[str]) -> None:
    with st.container(border=True):
        st.markdown(f"**{plain(entry.title)}**")
        st.markdown(plain(entry.intervention))
        # the source section (entry.domain) stays in playbook.toml and on the Method page:
        # in the meeting the card says what the option does and what it should change
        st.caption(f"Expected effect: {plain(entry.expected_effect)}")
        if entry.id in in_plan:
            st.caption(":material/check: In the plan (step 5)")
        else:
            st.button("Add to the plan", key=key(f"add_{entry.id}"), on_click=add_from_playbook, args=(entry.id,),
                      disabled=closed)


def options() -> None:
    st.subheader("Options")
    st.caption("Interventions from the team's playbook for each signal that fires and the weakest dimensions. "
               "Add the ones you choose to the plan and edit them there, or write your own in step 5.")
    in_plan = {a.get("playbook_entry") for a in draft["actions"]}
    keys = evidence.option_keys()
    severity = dict(zip(evidence.signals["signal_id"], evidence.signals["severity"], strict=True))
    scores = dict(zip(evidence.dimensions["dimension"], evidence.dimensions["score"], strict=True))
    for answer in keys:
        entries = [e for e in playbook if e.answers == answer]
        if not entries:
            continue
        what = (f"signal, {severity[answer]}" if answer in severity else f"dimension, {scores.get(answer, 0):.0f}/100")
        st.markdown(f"#### {plain(ADDRESS_LABELS.get(answer, answer))} ({what})")
        columns = st.columns(2)
        for i, entry in enumerate(entries):
            with columns[i % 2]:
                option_card(entry, in_plan)
    others = [e for e in playbook if e.answers not in keys]
    with st.expander(f"Other interventions in the playbook ({len(others)})"):
        for entry in others:
            st.markdown(f"*{plain(ADDRESS_LABELS.get(entry.answers, entry.answers))}*")
            option_card(entry, in_plan)
    rd.bind(st.text_area, "Other options we considered", fields, "options_notes", key("options_notes"), height=90,
            disabled=closed)
    step_buttons(3)


# --------------------------------------------------------------------------- step 5


def plan_frame(actions: list[dict]) -> pd.DataFrame:
    def text(values: list) -> pd.Series:
        return pd.Series(values, dtype="string")

    return pd.DataFrame({
        "action_id": text([a.get("action_id") for a in actions]),
        "playbook_entry": text([a.get("playbook_entry") for a in actions]),
        "description": text([a.get("description") or "" for a in actions]),
        "owner": text([a.get("owner") or "" for a in actions]),
        "due_on": pd.Series([a.get("due_on") for a in actions], dtype="datetime64[s]"),
        "addresses": text([ADDRESS_LABELS.get(a.get("addresses") or "", "Other") for a in actions]),
        "expected_effect": text([a.get("expected_effect") or "" for a in actions]),
        "status": text([STATUS_LABELS.get(a.get("status") or "planned", "Planned") for a in actions]),
        "shared_with_client": pd.Series([bool(a.get("shared_with_client")) for a in actions], dtype="bool"),
        "client_owner": text([a.get("client_owner") or "" for a in actions]),
    })


def _cell(value) -> str | None:
    return None if value is None or (not isinstance(value, str) and pd.isna(value)) else value


def actions_from_frame(edited: pd.DataFrame) -> list[dict]:
    out = []
    for r in edited.to_dict("records"):
        due_on = _cell(r.get("due_on"))
        out.append({
            "action_id": _cell(r.get("action_id")),
            "description": _cell(r.get("description")) or "",
            "owner": _cell(r.get("owner")) or "",
            "due_on": pd.Timestamp(due_on).date() if due_on is not None else None,
            "addresses": ADDRESS_IDS.get(_cell(r.get("addresses")) or "Other", ""),
            "expected_effect": _cell(r.get("expected_effect")) or "",
            "status": STATUS_IDS.get(_cell(r.get("status")) or "Planned", "planned"),
            "playbook_entry": _cell(r.get("playbook_entry")),
            "shared_with_client": bool(_cell(r.get("shared_with_client")) or False),
            "client_owner": _cell(r.get("client_owner")) or "",
        })
    return out


def the_plan() -> None:
    st.subheader("The plan")
    base, rev = rd.editor_base(draft, "plan", draft["actions"], run)
    edited = st.data_editor(
        plan_frame(base), key=key(f"plan_{rev}"), num_rows="dynamic", hide_index=True, width="stretch",
        disabled=closed,
        # who, when and the status first: at 1366 px the last columns need a scroll
        column_order=["description", "owner", "due_on", "status", "addresses", "expected_effect",
                      "shared_with_client", "client_owner"],
        column_config={
            "description": st.column_config.TextColumn("Action", width=320, required=True),
            "owner": st.column_config.TextColumn("Owner", width=120, required=True),
            "due_on": st.column_config.DateColumn("Due", format="YYYY-MM-DD", width=100),
            "addresses": st.column_config.SelectboxColumn(
                "Should move", options=list(ADDRESS_IDS), width=150,
                help="The dimension or signal this action should move.",
            ),
            "expected_effect": st.column_config.TextColumn("Expected effect", width="medium"),
            "status": st.column_config.SelectboxColumn("Status", options=list(STATUS_IDS), width=110, required=True),
            "shared_with_client": st.column_config.CheckboxColumn(
                "Shared with the client", width=90, default=False,
                help="Only shared actions reach the client deck (its joint plan and what we ask of them).",
            ),
            "client_owner": st.column_config.TextColumn(
                "Their owner", width=130, help="Who owns the action with us on the client's side (client deck).",
            ),
        },
    )
    draft["actions"] = actions_from_frame(edited)
    if not draft["actions"]:
        st.caption("No actions yet: add them from the options in step 4, below, or in the table (+ at its bottom).")

    left, right = st.columns(2, gap="medium")
    with left, st.container(border=True):
        st.markdown("**Add an action**")
        n = draft.setdefault("new_rev", 0)
        description = st.text_area("What will be done", key=key(f"new_{n}_description"), height=70, disabled=closed)
        c1, c2 = st.columns(2)
        owner = c1.text_input("Owner", value=fields["reviewer"] or manager, key=key(f"new_{n}_owner"), disabled=closed)
        due_on = c2.date_input("Due", value=default_due_date(quarter), key=key(f"new_{n}_due"), format="YYYY-MM-DD",
                               disabled=closed)
        moves = st.selectbox("Should move", list(ADDRESS_IDS), key=key(f"new_{n}_moves"), disabled=closed)
        effect = st.text_input("Expected effect", key=key(f"new_{n}_effect"), disabled=closed)
        if st.button("Add to the plan", key=key(f"new_{n}_add"), disabled=closed):
            if not description.strip() or not owner.strip():
                st.warning("An action needs what will be done and an owner.")
            else:
                draft["actions"].append({
                    "action_id": None, "description": description.strip(), "owner": owner.strip(),
                    "due_on": due_on, "addresses": ADDRESS_IDS[moves], "expected_effect": effect.strip(),
                    "status": "planned", "playbook_entry": None, "shared_with_client": False, "client_owner": "",
                })
                draft["new_rev"] = n + 1
                rd.reset_editor(draft, "plan")
                st.rerun()
    with right:
        levels = [k for k, _ in INVESTMENT_LEVELS]
        rd.bind(st.radio, "Investment for the coming quarter", fields, "investment_level", key("investment"),
                options=levels, format_func=INVESTMENT_LABELS.get, disabled=closed,
                help="A change of investment or service model is the strongest option a review has; "
                "a lower level needs its reason written down.")
        level, previous = fields["investment_level"], draft["previous_level"]
        lower = level in LEVELS_NEEDING_A_REASON or (
            previous in levels and levels.index(level) > levels.index(previous)
        )
        rd.bind(st.text_area, "Reason for this level" + (" (required)" if lower else ""), fields, "investment_reason",
                key("investment_reason"), height=90, disabled=closed,
                placeholder="What we saw, and what would bring the investment back up")
        if previous:
            st.caption(f"At the last review ({draft['previous_quarter']}): {plain(INVESTMENT_LABELS.get(previous, previous))}.")
    rd.bind(st.text_area, "Summary for the meeting", fields, "summary", key("summary"), height=90, disabled=closed)
    step_buttons(4)


# --------------------------------------------------------------------------- step 6


def last_quarter() -> None:
    st.subheader(f"Last quarter ({draft['previous_quarter']})" if draft["previous_quarter"] else "Last quarter")
    if not follow:
        st.info("No earlier review of this client: this is the first review with a plan.", icon=":material/flag:")
    else:
        current = rd.followed_actions(draft, follow)
        moved = sum(a.status in ("done", "partial") for a in current)
        st.progress(moved / len(current), text=follow_through_sentence(current) + " Partial progress is progress.")
        statuses = [k for k, _ in ACTION_STATUSES]
        for a in follow:
            state = draft["follow_up"][a.action_id]
            with st.container(border=True):
                c1, c2, c3 = st.columns([3, 1.4, 2.4], gap="small")
                with c1:
                    st.markdown(f"**{plain(a.description)}**")
                    details = [f"owner {plain(a.owner)}" if a.owner else "", f"due {a.due_on}" if a.due_on else "",
                               f"from the {a.review_quarter} review" if a.review_quarter != draft["previous_quarter"] else "",
                               f"should move: {plain(ADDRESS_LABELS.get(a.addresses, a.addresses))}" if a.addresses else ""]
                    st.caption(" · ".join(d for d in details if d))
                    if a.expected_effect:
                        st.caption(f"Expected effect: {plain(a.expected_effect)}")
                with c2:
                    rd.bind(st.selectbox, "Status", state, "status", key(f"fu_{a.action_id}_status"),
                            options=statuses, format_func=STATUS_LABELS.get, disabled=closed)
                with c3:
                    rd.bind(st.text_input, "Outcome", state, "outcome", key(f"fu_{a.action_id}_outcome"),
                            placeholder="What happened", disabled=closed)
    check = cached(contact_plan_check, db, client_id, quarter)
    if not check.empty:
        delt = check[check["level"].isin(DELT_LEVELS)]
        target, actual = int(delt["planned_touches"].sum()), int(delt["actual_touches"].sum())
        st.markdown(f"**Contact plan for {quarter}** (set in the {check['planned_in_quarter'].iloc[0]} review)")
        c1, c2 = st.columns([1, 2])
        c1.metric("DELT, actual of planned", f"{actual} of {target}", delta=actual - target,
                  help="Director and executive level touches this quarter against the contact plan.")
        c2.dataframe(
            check.assign(level=lambda f: f["level"].map(LEVEL_LABELS))[["level", "planned_touches", "actual_touches"]],
            hide_index=True, width="stretch",
            column_config={"level": "Level", "planned_touches": "Planned", "actual_touches": "Happened"},
        )
    rd.bind(st.text_area, "Notes on last quarter", fields, "follow_up_note", key("follow_up_note"), height=80,
            disabled=closed)
    step_buttons(5)


# --------------------------------------------------------------------------- the strategy


def strategy_panel() -> None:
    st.subheader("Account strategy")
    if draft["carried_from"]:
        st.caption(f"Carried from the {draft['carried_from']} review; saving this review keeps it for {quarter}.")
    elif not draft["had_strategy"]:
        st.caption("No strategy written yet for this client.")
    goals_tab, people_tab, plan_tab = st.tabs(["Goals and risks", "Stakeholders", "Contact plan"])
    with goals_tab:
        rd.bind(st.text_area, "The client's goals", strategy, "goals", key("goals"), height=80, disabled=closed)
        rd.bind(st.text_area, "Risks", strategy, "risks", key("risks"), height=80, disabled=closed)
        rd.bind(st.text_area, "Proactive actions", strategy, "proactive_actions", key("proactive"), height=80,
                disabled=closed)
    with people_tab:
        people = cached(stakeholder_map, db, client_id, quarter)
        left = people[people["has_left"].astype(bool)]
        for r in left.to_dict("records"):
            role = ROLE_LABELS.get((strategy["roles"].get(r["contact_id"]) or [""])[0], "")
            title = plain(r["title"]) if pd.notna(r["title"]) and r["title"] else "no title on record"
            st.warning(f"{plain(r['name'])} ({title}{', ' + role.lower() if role else ''}) left during {quarter}.",
                       icon=":material/person_remove:")
        present = people[~people["has_left"].astype(bool)].reset_index(drop=True)
        base, rev = rd.editor_base(draft, "roles", strategy["roles"], run)
        table = pd.DataFrame({
            "contact_id": present["contact_id"],
            "name": present["name"],
            "title": present["title"],
            "level": present["level"].map(LEVEL_LABELS),
            "touches": present["count_touches_4q"],
            "role": [ROLE_LABELS.get((base.get(c) or [""])[0] or "") for c in present["contact_id"]],
            "note": [(base.get(c) or ["", ""])[1] or "" for c in present["contact_id"]],
        })
        table["role"] = table["role"].replace("", None)
        if present.empty:
            st.info("No contacts on record for this client in this quarter, so there is no stakeholder map "
                    "yet. Import a contacts export (Data → Import) to map who is who.", icon=":material/group_off:")
        edited = table if present.empty else st.data_editor(
            table, key=key(f"roles_{rev}"), hide_index=True, width="stretch", height=300, disabled=closed,
            column_order=["name", "title", "level", "touches", "role", "note"],
            column_config={
                "name": st.column_config.TextColumn("Name", disabled=True),
                "title": st.column_config.TextColumn("Title", disabled=True),
                "level": st.column_config.TextColumn("Level", disabled=True),
                "touches": st.column_config.NumberColumn("Touches, 4 q.", disabled=True, format="%d",
                                                         help="Touches in the four quarters ending with this one."),
                "role": st.column_config.SelectboxColumn("Role", options=list(ROLE_IDS)),
                "note": st.column_config.TextColumn("Note"),
            },
        )
        shown = set(present["contact_id"])
        roles = {cid: v for cid, v in strategy["roles"].items() if cid not in shown}  # people not in the table
        for r in edited.to_dict("records"):
            role = ROLE_IDS.get(_cell(r["role"]) or "", "")
            note = _cell(r["note"]) or ""
            if role or note:
                roles[r["contact_id"]] = [role, note]
        strategy["roles"] = roles
        untouched = present[present["count_touches_4q"] == 0]
        missing = [LEVEL_LABELS[lv] for lv in LEVEL_LABELS if lv not in set(present.loc[present["count_touches_4q"] > 0, "level"])]
        if missing:
            st.caption(f"No relationship at these levels in four quarters: {', '.join(missing)}.")
        if not untouched.empty:
            st.caption(f"No relationship yet with {len(untouched)} of {len(present)} contacts (no touch in four quarters).")
        rd.bind(st.text_area, "People we have no relationship with yet (not in the CRM)", strategy, "people_to_reach",
                key("people_to_reach"), height=70, disabled=closed, placeholder="One per line, e.g. the new CFO")
    with plan_tab:
        st.caption(f"Touches planned per level for {shift_quarter(quarter, 1)}. Executive + director is the DELT "
                   "target the next review checks.")
        plan = strategy["contact_plan"]
        cols = st.columns(2)
        for i, (level, label) in enumerate(LEVELS):
            with cols[i % 2]:
                rd.bind(st.number_input, label, plan, level, key(f"plan_{level}"), min_value=0, max_value=500, step=1,
                        disabled=closed)
        for level in list(plan):
            if plan[level] is None:
                del plan[level]
        if plan:
            st.metric("DELT target", sum(int(plan.get(lv, 0)) for lv in DELT_LEVELS))


# --------------------------------------------------------------------------- draw the step

try:
    playbook = load_playbook()
except PlaybookError as exc:
    playbook = []
    st.error(plain(exc), icon=":material/menu_book:")

index = STEPS.index(step)
with main:
    [where_we_stand, what_works, what_is_slipping, options, the_plan, last_quarter][index]()
if side is not None:
    with side:
        strategy_panel()

# --------------------------------------------------------------------------- status, save, export


def save(base_version: int | None) -> None:
    """Save the draft as a new version of the review opened at `base_version` (None: it
    was not saved then). Someone else's save since then is a conflict, shown in the bar."""
    snapshot = evidence.snapshot()
    chosen = rd.to_strategy(draft)
    try:
        save_review(
            db,
            rd.to_review(draft, client_id, quarter, snapshot),
            rd.to_actions(draft),
            pulse=rd.changed_pulse(draft),
            follow_up=rd.to_follow_up(draft, follow),
            strategy=chosen if (draft["had_strategy"] or not chosen.is_empty()) else None,
            base_version=base_version,
            saved_by=fields["reviewer"] or "",
        )
    except ReviewConflict as exc:
        st.session_state.review_conflict = (prefix, exc)
    except ContinuumError as exc:
        st.session_state.review_flash = (prefix, "error", str(exc))
    else:
        rd.forget(prefix)
        st.session_state.pop("review_conflict", None)
        name = str(client["name"])
        st.session_state.review_flash = (
            prefix, "success", f"Saved the {quarter} review of {name}" + ("" if name.endswith(".") else "."),
        )
    st.rerun()


def conflict_box(conflict: ReviewConflict) -> tuple[bool, bool]:
    """What changed since this draft was opened, and the two ways on: (keep theirs, save mine)."""
    with st.container(border=True):
        st.warning(plain(conflict), icon=":material/sync_problem:")
        rows = conflict_rows(draft.get("loaded"), conflict.theirs, rd.to_state(draft, client_id, quarter))
        if rows:
            st.markdown(f"**What changed since you opened it** ({len(rows)} change{'s' if len(rows) != 1 else ''})")
            st.dataframe(
                pd.DataFrame(rows), hide_index=True, width="stretch", key="review_conflict_changes",
                # five texts side by side: narrow enough that the last ones need no scroll at 1366 px
                column_config={
                    "What": st.column_config.TextColumn(width=160),
                    "Change": st.column_config.TextColumn(width=70),
                    "When you opened it": st.column_config.TextColumn(width=170),
                    "Saved since": st.column_config.TextColumn(width=170),
                    "Yours": st.column_config.TextColumn(width=170),
                    "You changed it too": st.column_config.CheckboxColumn(width=120),
                },
            )
        else:
            st.caption("Nothing you can see in the review changed: their save only raised its version.")
        keep_col, over_col = st.columns(2)
        keep = keep_col.button(
            "Keep their version", key="review_keep_theirs", icon=":material/refresh:", width="stretch",
            help="Reload the review as saved now. Your unsaved changes to it are dropped.",
        )
        over = over_col.button(
            "Save mine over it", key="review_save_over", icon=":material/save_as:", width="stretch",
            help="Save your version as it is now, replacing theirs (the table above shows what that replaces). "
            "Their version stays in the history.",
        )
    return keep, over


keep_theirs = save_over = False
with bar:
    flash = st.session_state.get("review_flash")
    if flash and flash[0] == prefix:
        del st.session_state["review_flash"]
        (st.error if flash[1] == "error" else st.success)(plain(flash[2]))
    pending = st.session_state.get("review_conflict")
    conflict = pending[1] if pending and pending[0] == prefix and not closed else None
    if conflict is not None:
        keep_theirs, save_over = conflict_box(conflict)
    if closed:
        st.info(f"Quarter {quarter} is closed: this review is read-only. Action statuses can still be updated on the "
                "Client page; reopen the quarter on the Reviews page to change the review.", icon=":material/lock:")
    others = [names[c] for c in names if c != client_id and _has_unsaved_draft(c)]
    if others:
        st.warning(f"Unsaved reviews of {quarter} also for: {', '.join(plain(o) for o in others)}. "
                   "Pick them in the list to save them.",
                   icon=":material/edit_note:")
    unsaved = rd.unsaved_steps(draft)
    if unsaved and not closed:
        st.warning(f"Unsaved changes in: {', '.join(unsaved)}. They are kept while this browser tab stays open; "
                   "save the review to keep them for good.", icon=":material/edit_note:")
    elif not draft["exists"] and not closed:
        st.info(f"This review is not saved yet. The texts are pre-filled from the {quarter} data: edit them and save.",
                icon=":material/draft:")
    elif draft["exists"]:
        stamp = pd.Timestamp(draft["updated_at"]).strftime("%Y-%m-%d %H:%M") if draft["updated_at"] else ""
        st.caption(f"Saved{' ' + stamp if stamp else ''} (version {draft.get('version') or 1}). "
                   f"Revenue at stake: {money(float(client['revenue_4q']), currency)}.")
    document = assemble_document(
        db.cursor(), rd.to_review(draft, client_id, quarter, evidence.snapshot()),
        [a for a in rd.to_actions(draft) if a.description.strip()], rd.followed_actions(draft, follow),
        rd.to_strategy(draft), rd.to_pulse(draft), evidence.snapshot(),
    )
    c1, c2, c3, c4, c5 = st.columns([1, 1, 1.3, 1.3, 1.2])
    save_top = c1.button("Save review", type="primary", key="review_save_top", disabled=closed,
                         icon=":material/save:")
    c2.download_button("Markdown", render_markdown(document), file_name=export_file_name(document, "md"),
                       mime="text/markdown", key="review_download_md", icon=":material/download:")
    c3.download_button("Printable page", render_html(document), file_name=export_file_name(document, "html"),
                       mime="text/html", key="review_download_html", icon=":material/print:",
                       help="A self-contained HTML page: open it and print, or attach it to the meeting notes.")
    # the decks are built only when asked for (a callable), from the draft as shown
    c4.download_button(
        "Review deck", lambda: internal_deck(document, deck_evidence(db.cursor(), client_id, quarter)),
        file_name=deck_file_name(document), key="review_download_pptx", icon=":material/slideshow:",
        mime="application/vnd.openxmlformats-officedocument.presentationml.presentation",
        help="The internal review deck (PowerPoint): every step, native charts, the evidence in the speaker notes.",
    )
    c5.download_button(
        "Client deck", lambda: client_deck(document, client_facts(db.cursor(), document)),
        file_name=deck_file_name(document, "client"), key="review_download_client_pptx", icon=":material/groups:",
        mime="application/vnd.openxmlformats-officedocument.presentationml.presentation",
        help="The deck for the client (PowerPoint): successes marked to show, what we heard, the actions shared "
        "with the client. Nothing internal: no scores, signals, margin or investment level.",
    )

    if draft["exists"]:
        with st.expander("History", icon=":material/history:"):
            versions = cached(review_history, db, client_id, quarter)
            st.dataframe(
                versions.rename(columns={"version": "Version", "saved_at": "Saved at", "saved_by": "Saved by",
                                         "what_changed": "What changed"})
                .drop(columns=["kind"]).fillna({"Saved by": "not recorded"}),
                hide_index=True, width="stretch", key="review_history_table",
                column_config={"Saved at": st.column_config.DatetimeColumn(format="YYYY-MM-DD HH:mm"),
                               "What changed": st.column_config.TextColumn(width="large")},
            )
            st.caption("Every save, and every status changed on the Client page, is a new version. "
                       "Saved by: the reviewer named in step 1.")

with main:
    st.divider()
    save_bottom = st.button("Save review", type="primary", key="review_save_bottom", disabled=closed,
                            icon=":material/save:")
if keep_theirs:
    rd.forget(prefix)  # reloads the review as saved now
    st.session_state.pop("review_conflict", None)
    who = f" by {conflict.saved_by}" if conflict.saved_by else ""
    st.session_state.review_flash = (prefix, "success", f"Reloaded the review as saved{who} (version "
                                     f"{conflict.current_version}). Your changes to it were dropped.")
    st.rerun()
elif save_over and not closed:
    save(conflict.current_version)  # knowingly: a save made since then is a conflict again
elif (save_top or save_bottom) and not closed:
    save(draft.get("version"))
