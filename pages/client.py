"""Client: one relationship on the continuum, why it stands there, and the evidence.

Reached with `?client=ID` (every client name on the other pages links here). The page
reads the method (continuum, signals, value) and the descriptive facts of
analytics.method.client_profile for the chosen quarter; it computes nothing itself.
"""

import datetime as dt

import pandas as pd
import streamlit as st

from analytics.errors import ContinuumError, UnknownClient
from analytics.ingest import manual
from analytics.ingest.tagging import suggest_tags
from analytics.method import client_profile as cp
from analytics.method.continuum import DIMENSIONS, STAGES
from analytics.method.coverage import quarter_coverage
from analytics.method.portfolio import clients_overview
from analytics.method.signals import SIGNALS, signal_evidence
from analytics.quarters import shift_quarter
from analytics.settings import STAGE_KEYS, load_settings
from ui import charts
from ui.actions import open_actions_editor, review_link, team_pulse_form
from ui.coverage import money_banner, not_judged_note, not_measured, position_words, stage_label
from ui.data import cached, change, current_access
from ui.evidence import evidence_table
from ui.frame import page_frame
from ui.text import plain
from ui.theme import CHANNEL_LABELS, SENTIMENT_WORDS, SEVERITY_LABELS, date_text, money
from ui.views import client_contributions, client_history, client_signals, client_value_row

STAGE_LABELS = dict(STAGES)
SIGNAL_LABELS = dict(SIGNALS)
SEVERITY_ICONS = {"high": ":material/error:", "medium": ":material/warning:", "low": ":material/info:"}
TAG_LABELS = dict(cp.TAGS)
ADDRESS_LABELS = {**dict(DIMENSIONS), **SIGNAL_LABELS}
ACTION_STATUS_LABELS = {
    "planned": "Planned", "in_progress": "In progress", "done": "Done", "partial": "Partial progress",
    "not_done": "Not done",
}

LEVEL_WORDS = {"executive": "Executive", "director": "Director", "manager": "Manager", "staff": "Staff",
               "unknown": "Unknown"}
ANSWERED_WORDS = {"yes": "Answered", "no": "Not answered", "unknown": "Not recorded"}
FIELD_WORDS = {"level": "Level", "is_champion": "Champion", "active_to": "Left on", "tags": "Tags",
               "logged": "Touch logged by hand"}


def tag_words(tags) -> str:
    return ", ".join(TAG_LABELS.get(t, t) for t in tags) or "no tags"


def say_done(key: str) -> None:
    """The outcome of a correction saved in the run before (a callback or a rerun)."""
    if done := st.session_state.pop(f"{key}::done", None):
        st.success(done, icon=":material/check_circle:")
    if error := st.session_state.pop(f"{key}::error", None):
        st.error(plain(error), icon=":material/error:")


def save_logged_touch(db, client_id: str, key: str) -> None:
    """The "Save the touch" button: log it, then empty the form for the next one."""
    ss = st.session_state
    answered = ss.get(f"{key}::answered", "unknown")
    touch = manual.Touch(
        client_id=client_id, occurred_at=ss.get(f"{key}::date") or dt.date.today(),
        channel=ss.get(f"{key}::channel", "meeting"), initiated_by=ss.get(f"{key}::by", "us"),
        contact_id=ss.get(f"{key}::contact"), answered=None if answered == "unknown" else answered == "yes",
        sentiment=ss.get(f"{key}::sentiment"), note=ss.get(f"{key}::note", ""), tags=tuple(ss.get(f"{key}::tags", [])),
    )
    try:
        logged = change(manual.log_touch, db, touch)
    except ContinuumError as exc:
        ss[f"{key}::error"] = str(exc)
        return
    text = f"Saved the touch of {pd.Timestamp(touch.occurred_at):%d %b %Y} with tags: {tag_words(logged.tags)}."
    if logged.tags_added or logged.tags_removed:
        text += " Your changes to the suggested tags are recorded as yours and kept when the rules change."
    ss[f"{key}::done"] = text
    # empty the form: values set in a callback reach the widgets of the next run
    for name, empty in (("note", ""), ("tags", []), ("suggested", []), ("sentiment", None),
                        ("answered", "unknown"), ("contact", None)):
        ss[f"{key}::{name}"] = empty


def log_touch_form(db, client_id: str, people: pd.DataFrame, editable: bool) -> None:
    """Log a touch after a meeting: when, with whom, how, who started it, whether it was
    answered, the sentiment and a note; the tags are suggested from the note by the
    import's rules and can be edited before saving."""
    key = f"log_touch::{client_id}"
    say_done(key)
    names = {r.contact_id: f"{r.name or r.contact_id}" + (f" · {r.title}" if isinstance(r.title, str) else "")
             + (" (has left)" if pd.notna(r.active_to) else "") for r in people.itertuples()}
    left, middle, right = st.columns(3)
    left.date_input("Date", value=dt.date.today(), max_value=dt.date.today(), key=f"{key}::date",
                    format="YYYY-MM-DD")
    middle.selectbox("With", [None, *names], key=f"{key}::contact",
                     format_func=lambda c: "No one in particular" if c is None else names.get(c, c))
    right.selectbox("Channel", list(manual.CHANNELS), key=f"{key}::channel",
                    format_func=lambda c: CHANNEL_LABELS.get(c, c))
    left, middle, right = st.columns(3)
    left.radio("Who started it", ["us", "client"], key=f"{key}::by", horizontal=True,
               format_func={"us": "We did", "client": "The client did"}.get)
    middle.radio("Answered", list(ANSWERED_WORDS), index=2, key=f"{key}::answered", horizontal=True,
                 format_func=ANSWERED_WORDS.get, help="Whether our outreach got an answer (a meeting held is answered).")
    right.selectbox("Sentiment", [None, -2, -1, 0, 1, 2], key=f"{key}::sentiment",
                    format_func=lambda v: "Not recorded" if v is None else f"{v:+d} · {SENTIMENT_WORDS[v]}")
    note = st.text_area("Note", key=f"{key}::note", placeholder="What was said, asked or promised",
                        help="The tags below are suggested from this note by the same rules an import uses "
                             "(Rules page). Press Ctrl+Enter or click outside to see them.")
    suggested = cached(suggest_tags, db, note or "")
    now = [s.tag for s in suggested]
    before = st.session_state.get(f"{key}::suggested", [])
    if now != before:
        # keep the tags the person chose; swap the old suggestions for the new ones
        chosen = set(st.session_state.get(f"{key}::tags", []))
        st.session_state[f"{key}::tags"] = sorted((chosen - set(before)) | set(now))
        st.session_state[f"{key}::suggested"] = now
    st.multiselect("Tags", [t for t, _ in cp.TAGS], key=f"{key}::tags", format_func=TAG_LABELS.get,
                   placeholder="No tags", help="Suggested from the note; add or remove before saving.")
    if suggested:
        st.caption("Suggested from the note: " + "; ".join(
            f"{TAG_LABELS.get(x.tag, x.tag)} ('{plain(x.matched)}', rule '{plain(x.rule_name)}')" for x in suggested))
    elif (note or "").strip():
        st.caption("No rule suggests a tag for this note; choose any that apply.")
    st.button("Save the touch", key=f"{key}::save", type="primary", icon=":material/save:", disabled=not editable,
              on_click=save_logged_touch, args=(db, client_id, key),
              help=None if editable else "You have read access: the client's account manager logs touches.")


def touch_tags_editor(db, client_id: str, touches: pd.DataFrame, editable: bool) -> None:
    """Correct a stored touch's tags: choose the touch, change the tags, save."""
    key = f"touch_tags::{client_id}"
    say_done(key)
    if touches.empty:
        st.caption("This client has no touches yet.")
        return
    labels = {
        r.interaction_id: f"{pd.Timestamp(r.occurred_at):%Y-%m-%d} · {CHANNEL_LABELS.get(r.channel, r.channel)} · "
        f"{r.contact_name if isinstance(r.contact_name, str) else 'no contact'} · "
        + (r.notes[:70] + ("…" if len(r.notes) > 70 else "") if isinstance(r.notes, str) else "no note")
        for r in touches.itertuples()
    }
    by_id = touches.set_index("interaction_id")
    picked = st.selectbox("Touch", list(labels), key=f"{key}::touch", format_func=labels.get,
                          help="The client's latest touches, newest first. Type to search.")
    row = by_id.loc[picked]
    current = sorted(row["tags"])
    if isinstance(row["owner"], str) and row["owner"]:
        st.caption(f"On our side: {plain(row['owner'])}")
    for reason in row["tag_reasons"]:
        st.markdown(f"- **{TAG_LABELS.get(reason['tag'], reason['tag'])}**: {plain(reason['why'])}")
    if len(row["tags_removed_by_hand"]):
        st.caption("Removed by hand: " + tag_words(row["tags_removed_by_hand"]))
    chosen = st.multiselect("Tags of this touch", [t for t, _ in cp.TAGS], default=current,
                            key=f"{key}::tags::{picked}", format_func=TAG_LABELS.get, placeholder="No tags")
    if st.button("Save the tags", key=f"{key}::save", icon=":material/save:",
                 disabled=not editable or sorted(chosen) == current):
        try:
            edit = change(manual.set_touch_tags, db, client_id, picked, chosen)
        except ContinuumError as exc:
            st.session_state[f"{key}::error"] = str(exc)
        else:
            parts = []
            if edit.tags_added:
                parts.append(f"added {tag_words(edit.tags_added)}")
            if edit.tags_removed:
                parts.append(f"removed {tag_words(edit.tags_removed)}")
            st.session_state[f"{key}::done"] = ("Saved: " + " and ".join(parts) + ". A re-import or a change "
                                                "of the rules keeps it.") if parts else "Nothing changed."
        st.rerun()


def contact_editor(db, client_id: str, people: pd.DataFrame, editable: bool) -> None:
    """Set a contact's level, champion flag and the day they left."""
    key = f"contact_fix::{client_id}"
    say_done(key)
    if people.empty:
        st.caption("No contacts are recorded for this client yet.")
        return
    by_id = people.set_index("contact_id")
    names = {cid: f"{r['name'] or cid}" + (f" · {r['title']}" if isinstance(r["title"], str) else "")
             for cid, r in by_id.iterrows()}
    picked = st.selectbox("Contact", list(names), key=f"{key}::who", format_func=names.get)
    row = by_id.loc[picked]
    level_now = row["level"] if isinstance(row["level"], str) else "unknown"
    why = row["level_why"] if isinstance(row["level_why"], str) else "as stored"
    st.caption(f"Level now: {LEVEL_WORDS[level_now]} — {plain(why)}")
    left, middle, right = st.columns([1.2, 0.8, 1.4], vertical_alignment="bottom")
    options = [*manual.LEVELS, "unknown"]
    level = left.selectbox("Level", options, index=options.index(level_now), key=f"{key}::level::{picked}",
                           format_func=LEVEL_WORDS.get)
    champion = middle.checkbox("Champion", value=bool(row["is_champion"]), key=f"{key}::champion::{picked}")
    gone = pd.notna(row["active_to"])
    has_left = right.checkbox("Has left the client", value=gone, key=f"{key}::left::{picked}")
    left_on = None
    if has_left:
        left_on = st.date_input("Left on", value=pd.Timestamp(row["active_to"]).date() if gone else dt.date.today(),
                                key=f"{key}::left_on::{picked}", format="YYYY-MM-DD")
    if st.button("Save the contact", key=f"{key}::save", icon=":material/save:", disabled=not editable):
        try:
            fields = change(manual.update_contact, db, client_id, picked, level=level, is_champion=champion,
                            active_to=left_on)
        except ContinuumError as exc:
            st.session_state[f"{key}::error"] = str(exc)
        else:
            st.session_state[f"{key}::done"] = (
                f"Saved {', '.join(FIELD_WORDS.get(f, f).lower() for f in fields)} of {row['name'] or picked}; "
                "a re-import of the contacts keeps it." if fields else "Nothing changed.")
        st.rerun()


frame = page_frame()
db, quarter, currency = frame.db, frame.quarter, frame.currency
previous_quarter = shift_quarter(quarter, -1)

# ---- which client: the address (?client=ID) decides; the sidebar picker rewrites the address
known = cached(clients_overview, db, quarter).sort_values("name")
names = dict(zip(known["client_id"], known["name"], strict=True))
wanted = st.query_params.get("client")
if wanted and wanted not in names:
    try:
        card = cached(cp.client_card, db, wanted)
        st.warning(
            f"{plain(card['name'])} ({plain(wanted)}) was not yet a client in {quarter}. Choose a later quarter in the "
            "sidebar.", icon=":material/event_busy:",
        )
    except UnknownClient as exc:
        st.warning(f"{plain(exc)} Choose a client in the sidebar.", icon=":material/person_search:")
    wanted = None


def _picked() -> None:
    """The picker changed: put the new client in the address before the page runs."""
    if st.session_state.client is None:
        st.query_params.pop("client", None)
    else:
        st.query_params["client"] = st.session_state.client
    st.query_params.pop("evidence", None)


st.session_state.client = wanted
client_id = st.sidebar.selectbox(
    "Client", list(names), key="client", format_func=lambda cid: names.get(cid, cid),
    placeholder="Choose a client", on_change=_picked,
    help="Type to search by name. The client is kept in the page address (?client=ID).",
)
if client_id is None:
    st.title("Client")
    st.info(
        "Choose a client in the sidebar, or click a client's name on the Portfolio or Signals page.",
        icon=":material/person_search:",
    )
    st.stop()

card = cached(cp.client_card, db, client_id)
history = client_history(frame, client_id).tail(cp.TREND_QUARTERS)
now = history[history["quarter"] == quarter]

# ---- header
st.title(plain(card["name"]))
since = pd.Timestamp(card["first_seen"]).strftime("%B %Y") if pd.notna(card["first_seen"]) else "unknown"
st.caption(
    f"{plain(card['segment'] or 'No segment')} · {plain(card['industry'] or 'no industry')} · "
    f"{plain(card['region'] or 'no region')} · account manager **{plain(card['account_manager'] or 'none')}** · "
    f"{plain(card['service_tier'] or 'no tier')} · client since {since} · id {plain(client_id)} · quarter {quarter}"
)
money_banner(frame)
value = client_value_row(frame, client_id)
signals = client_signals(frame, client_id)
if now.empty:
    st.info(
        f"{plain(card['name'])} has no score for {quarter} yet (no activity to place on the continuum). "
        "The facts below are what the database holds.", icon=":material/info:",
    )
    row = None
else:
    row = now.iloc[0]
    cols = st.columns([1.45, 1, 1, 1, 0.8])  # wide enough for "Working trust" at 1366 px
    provisional = bool(row["provisional"]) and pd.notna(row["score"])
    cols[0].metric(
        "Stage, provisional" if provisional else "Stage", stage_label(row, STAGE_LABELS, provisional_mark=False),
        help="Provisional: less than the min_coverage share of the weight is measured (see below)."
        if provisional else None,
    )
    moved = row["change"]
    still = pd.notna(moved) and round(moved) == 0  # "+0" is no move: no arrow, no colour
    cols[1].metric(
        "Continuum score", "not measured" if pd.isna(row["score"]) else f"{row['score']:.0f} / 100",
        delta=None if pd.isna(moved) else (
            f"no change since {previous_quarter}" if still else f"{moved:+.0f} since {previous_quarter}"),
        delta_color="off" if still else "normal", delta_arrow="off" if still else "auto",
        help="The weighted composite of the measured dimensions; see the Method page.",
    )
    if not value.empty:
        v = value.iloc[0]
        unknown = pd.isna(v["revenue_4q"])
        cols[2].metric("Revenue, last 4 quarters", "unknown" if unknown else money(v["revenue_4q"], currency),
                       help="Unknown: a won deal is in a currency without an exchange rate." if unknown else None)
        cols[3].metric(
            "Margin after cost to serve",
            "unknown" if unknown else "not measured" if pd.isna(v["margin_4q"]) else money(v["margin_4q"], currency),
            delta=None if pd.isna(v["margin_pct"]) else f"{v['margin_pct']:.0%} of revenue",
            delta_color="off", delta_arrow="off",
        )
    cols[4].metric("Warning signals", f"{len(signals)}", help="Signals firing this quarter, below.")
    if row["coverage"] < 1:
        st.caption(f"The position is {position_words(row)}.")
    if bool(row.get("is_new", False)):
        st.caption("A new client: missing history is not held against it.")
review_link(client_id, quarter, f"Open the {quarter} review of {plain(card['name'])}")

# ---- position and path
st.subheader("Where the relationship stands")
settings = cached(load_settings, db)
if history.empty:
    st.info("No quarter of this client has been scored yet.", icon=":material/info:")
else:
    charts.show(charts.continuum_band(history, [settings[k] for k in STAGE_KEYS]), key="band")
    st.caption(
        f"The client's score on the continuum in each of its last {len(history)} scored quarters (latest on "
        "top, large dot). The coloured bands are the stages; their cut-offs are settings on the Method page."
    )

# ---- dimensions and contributions
if row is not None:
    st.subheader("Why: the five dimensions")
    prev = history[history["quarter"] == previous_quarter]
    dims = pd.DataFrame({
        "dimension": [d for d, _ in DIMENSIONS],
        "label": [label for _, label in DIMENSIONS],
        "score": [float(row[d]) if pd.notna(row[d]) else None for d, _ in DIMENSIONS],
        "previous": [float(prev.iloc[0][d]) if not prev.empty else None for d, _ in DIMENSIONS],
    })
    left, right = st.columns([2, 3])
    with left:
        charts.show(charts.dimension_bars(dims), key="dimensions")
        st.caption("Each dimension scores 0-100; the dark tick is last quarter's score.")
    with right:
        parts = client_contributions(frame, client_id)
        lacking = not_measured(frame)
        weakest = dims.dropna(subset=["score"]).nsmallest(1, "score")["dimension"].tolist()
        for dimension, label in DIMENSIONS:
            mine = parts[parts["dimension"] == dimension].sort_values("points")
            if pd.isna(row[dimension]):
                with st.expander(f"**{label}** · not measured"):
                    needs = lacking.get(dimension, "data it stands on")
                    st.markdown(f"Not measured: needs {plain(needs)}.")
                continue
            score = float(row[dimension])
            with st.expander(f"**{label}** · {score:.0f}", expanded=dimension in weakest):
                if mine.empty:
                    st.caption("No contribution recorded this quarter.")
                for item in mine.itertuples():
                    if pd.isna(item.points):
                        st.markdown(f":gray[**–**] {plain(item.sentence)}")
                        continue
                    mark = ":red[**−**]" if item.points < 0 else ":blue[**+**]" if item.points > 0 else ":gray[**·**]"
                    st.markdown(f"{mark} {plain(item.sentence)}")

# ---- signals
st.subheader("Warning signals")
if signals.empty:
    st.success(f"No warning signal fires for this client in {quarter}.", icon=":material/check_circle:")
else:
    focus = st.query_params.get("evidence")
    order = {"high": 0, "medium": 1, "low": 2}
    st.caption("A signal is a prompt to look and act, never a verdict. Open one to see the rows behind it.")
    for item in signals.assign(o=signals["severity"].map(order)).sort_values(["o", "signal_id"]).itertuples():
        severity = SEVERITY_LABELS.get(item.severity, item.severity)
        color = {"high": "red", "medium": "orange"}.get(item.severity, "gray")
        title = f":{color}[**{severity}**] · **{SIGNAL_LABELS.get(item.signal_id, item.signal_id)}** — {item.reason}"
        with st.expander(title, icon=SEVERITY_ICONS.get(item.severity), expanded=item.signal_id == focus):
            evidence = cached(signal_evidence, db, item.signal_id, client_id, quarter)
            if evidence.empty:
                st.caption("No evidence rows are stored for this signal.")
            else:
                evidence_table(evidence, item.signal_id, currency)

not_judged_note(frame)

# ---- High and Wide
st.subheader("High and Wide: who we know there")
contacts = cached(cp.client_contacts, db, client_id, quarter)
left, right = st.columns(2)
kinds = cached(quarter_coverage, db, quarter).kinds
if not (kinds["has_touches"] and kinds["has_contacts"]):
    st.info(
        "Not measured: the portfolio has no "
        + " and no ".join(w for k, w in (("has_contacts", "contacts"), ("has_touches", "touches")) if not kinds[k])
        + " yet, so there is no one to chart here. Import a contacts export and an activity export (calls, "
        "meetings, emails) to see who we know there and at which level.", icon=":material/group_off:",
    )
else:
    with left:
        touches = cached(cp.touches_by_level, db, client_id, quarter)
        charts.show(charts.touches_by_level(touches), key="touches")
        st.caption("Touches (interactions) per quarter by the seniority of the person we dealt with.")
    with right:
        delt = cached(cp.delt_by_quarter, db, client_id, quarter)
        charts.show(charts.delt_trend(delt), key="delt")
        st.caption(
            "DELT: director and executive level touches per quarter, against the average of the four "
            "quarters before (dotted). A bar well under the line is lost access to decision makers."
        )
champs = cp.champions(contacts)
gone = cp.who_has_left(contacts)
left, right = st.columns(2)
with left:
    st.markdown("**Champion**")
    if champs.empty:
        st.caption("No champion is recorded for this client. Who would speak for us there?")
    for c in champs.itertuples():
        last = f"last touched {pd.Timestamp(c.last_touched_at):%d %b %Y}" if pd.notna(c.last_touched_at) else "not touched in a year"
        status = (
            f":red[left on {pd.Timestamp(c.active_to):%d %b %Y}]" if c.has_left
            else f"{c.count_touches_quarter} touches in {quarter}, {last}"
        )
        st.markdown(f"{plain(c.name)}, {plain(c.title or c.level)} — {status}")
with right:
    st.markdown("**Who has left**")
    if gone.empty:
        st.caption("Nobody we knew there has left.")
    for c in gone.itertuples():
        champion = " (champion)" if c.is_champion else ""
        st.markdown(f"{plain(c.name)}, {plain(c.title or c.level)}{champion} — left {pd.Timestamp(c.active_to):%d %b %Y}")
with st.expander(f"All {len(contacts)} contacts and how often we touched them"):
    # "Until" says who has left (a date) and who is still there; levels read as words
    why = cached(manual.contact_levels, db, client_id).set_index("contact_id")["level_why"]
    shown = contacts.drop(columns=["contact_id", "has_left"]).assign(
        level=contacts["level"].fillna("unknown").str.capitalize(),
        level_why=contacts["contact_id"].map(why),
        active_to=date_text(contacts["active_to"], "still there"),
    )
    shown = shown[["name", "title", "level", "level_why", *[c for c in shown.columns
                                                           if c not in ("name", "title", "level", "level_why")]]]
    st.dataframe(
        shown,
        hide_index=True, placeholder="—", width="stretch",
        column_config={
            "name": "Name", "title": "Title",
            "level": st.column_config.TextColumn("Level"),
            "level_why": st.column_config.TextColumn(
                "Why this level", help="The title rule that decided it, the file's level column, or who set it by hand."),
            "is_champion": st.column_config.CheckboxColumn("Champion"),
            "active_from": st.column_config.DateColumn("Since", format="YYYY-MM-DD"),
            "active_to": st.column_config.TextColumn("Until"),
            "count_touches_quarter": st.column_config.NumberColumn(f"Touches {quarter}", format="%d"),
            "count_touches_4q": st.column_config.NumberColumn("Touches, 4 quarters", format="%d"),
            "last_touched_at": st.column_config.DatetimeColumn("Last touch", format="YYYY-MM-DD"),
        },
    )

with st.expander("Correct a contact: level, champion, has left", icon=":material/manage_accounts:"):
    contact_editor(db, client_id, cached(manual.contact_levels, db, client_id), not current_access().reads_only)

# ---- value
st.subheader("Value and cost to serve")
if not value.empty:
    v = value.iloc[0]
    cols = st.columns(4)
    no_costs = not kinds["has_costs"]
    cols[0].metric("Cost to serve, 4 quarters", "not measured" if no_costs else money(v["cost_to_serve_4q"], currency),
                   help="No service costs imported: import a cost-to-serve or time-tracking export." if no_costs
                   else None)
    cols[1].metric(
        "Margin, share of revenue",
        "not measured" if no_costs else "—" if pd.isna(v["margin_pct"]) else f"{v['margin_pct']:.0%}",
        help="Revenue minus cost to serve, over the won revenue of the last four quarters.",
    )
    cols[2].metric(
        "Lifetime value", money(v["ltv"], currency),
        help="The yearly margin kept for years at the retention and discount rate on the Method page"
        + ("; with no cost data it is the lifetime value of revenue." if no_costs else "."),
    )
    cols[3].metric("Active quarters of the last 4", f"{int(v['active_quarters_4q'])}")
    if isinstance(v["quadrant"], str):
        st.markdown(
            f"Value against cost: **{v['quadrant']}** — revenue and cost to serve each compared with the "
            "portfolio's median client this quarter."
        )
    else:
        st.markdown("Value against cost: **not measured** — the portfolio has no service costs yet.")
left, right = st.columns(2)
with left:
    per_quarter = cached(cp.value_by_quarter, db, client_id, quarter)
    charts.show(charts.value_by_quarter(per_quarter, currency), key="value")
    st.caption("Won revenue (by close date) and cost to serve per quarter; the line is what is left after serving.")
with right:
    if not kinds["has_costs"]:
        st.info("Cost to serve is not measured: the portfolio has no service costs yet. Import a cost-to-serve "
                "or time-tracking export to see where the effort goes.", icon=":material/payments:")
    else:
        costs = cached(cp.cost_by_category, db, client_id, quarter)
        charts.show(charts.cost_by_category(costs, currency), key="costs")
        st.caption("Cost to serve by category. Rework and free scope (warm colours) are work we give away.")

# ---- interactions
st.subheader("Interactions")
left, right = st.columns(2)
channels = left.multiselect(
    "Channel", cp.CHANNELS, key="timeline_channels", placeholder="All channels",
    format_func=lambda c: CHANNEL_LABELS.get(c, c),
)
tags = right.multiselect(
    "Tag", [t for t, _ in cp.TAGS], key="timeline_tags", format_func=TAG_LABELS.get,
    placeholder="Any tag or none",
)
timeline = cached(cp.interaction_timeline, db, client_id, quarter, tuple(channels), tuple(tags))
stored_touches = cached(manual.touch_tags, db, client_id, 1000)
reasons = {r.interaction_id: [f"{TAG_LABELS.get(x['tag'], x['tag'])}: {x['why']}" for x in r.tag_reasons]
           for r in stored_touches.itertuples()}
tag_key = f"touch_tags::{client_id}"
if timeline.empty:
    st.info("No interaction matches these filters in the last four quarters.", icon=":material/filter_alt_off:")
else:
    charts.show(charts.interaction_timeline(timeline, cp.CHANNELS), key="timeline")
    st.caption(
        f"{len(timeline):,} interactions in the four quarters ending {quarter}. Filled dots were started by "
        "the client, hollow ones by us; the colour is the sentiment recorded (red negative, blue positive)."
    )
    rows = timeline.drop(columns=["interaction_id"]).assign(
        tags=timeline["tags"].map(lambda t: [TAG_LABELS.get(x, x) for x in t] if t is not None else []),
        sentiment=timeline["sentiment"].map(lambda v: "" if pd.isna(v) else SENTIMENT_WORDS.get(int(v), str(v))),
        contact_name=timeline["contact_name"].fillna("(unknown contact)"),
        channel=timeline["channel"].map(lambda c: CHANNEL_LABELS.get(c, c)),
        initiated_by=timeline["initiated_by"].map({"client": "Client", "us": "Us"}).fillna(""),
        contact_level=timeline["contact_level"].fillna("").str.capitalize(),
        tags_why=timeline["interaction_id"].map(lambda i: reasons.get(i, [])),
    )
    if rows["notes"].isna().all():
        rows = rows.drop(columns=["notes"])
    picked_rows = st.dataframe(
        rows,
        hide_index=True, placeholder="—", width="stretch", height=320,
        key=f"timeline_rows::{client_id}", on_select="rerun", selection_mode="single-row",
        column_config={
            "occurred_at": st.column_config.DatetimeColumn("When", format="YYYY-MM-DD HH:mm", width=130),
            "channel": st.column_config.TextColumn("Channel", width=110),
            "initiated_by": st.column_config.TextColumn("Started by", width=80),
            "contact_name": "With",
            "contact_level": st.column_config.TextColumn("Level", width=80),
            "answered": st.column_config.CheckboxColumn("Answered", width=80),
            "sentiment": st.column_config.TextColumn(
                "Sentiment", width=95, help="As recorded: very negative, negative, neutral, positive, very positive.",
            ),
            "tags": st.column_config.ListColumn("Tags", width="large"),
            "tags_why": st.column_config.ListColumn(
                "Why these tags", width="large",
                help="The rule that inferred each tag and the words it matched, who added it by hand, or the file."),
            "notes": "Notes",
        },
    )
    st.caption("Click a row to correct its tags below.")
    selected = [timeline["interaction_id"].iloc[i] for i in picked_rows.selection.rows] if picked_rows else []
    if selected and selected[0] != st.session_state.get(f"{tag_key}::clicked") \
            and selected[0] in set(stored_touches["interaction_id"]):
        st.session_state[f"{tag_key}::touch"] = selected[0]  # the editor below opens on the touch clicked
        st.session_state[f"{tag_key}::clicked"] = selected[0]

editable = not current_access().reads_only
with st.expander("Correct a touch's tags", icon=":material/sell:",
                 expanded=bool(st.session_state.get(f"{tag_key}::clicked"))):
    touch_tags_editor(db, client_id, stored_touches, editable)
with st.expander("Log a touch", icon=":material/add_comment:"):
    people = cached(manual.contact_levels, db, client_id)
    log_touch_form(db, client_id, people, editable)
    st.caption("A touch logged here counts like an imported one (the continuum, the signals, the evidence). "
               "It has no import batch, so no undo of an import removes it.")
changes = cached(manual.client_changes, db, client_id)
if not changes.empty:
    with st.expander(f"Corrections made by hand ({len(changes):,})", icon=":material/history:"):
        st.dataframe(
            changes.drop(columns=["change_no"]).assign(
                table_name=changes["table_name"].map({"contacts": "Contact", "interactions": "Touch"}),
                field=changes["field"].map(lambda f: FIELD_WORDS.get(f, f)),
                changed_by=changes["changed_by"].replace("", "local use"),
            ),
            hide_index=True, placeholder="—", width="stretch",
            column_config={
                "table_name": "What", "row_key": "Id", "field": "Field", "old_value": "Before",
                "new_value": "After",
                "changed_at": st.column_config.DatetimeColumn("When", format="YYYY-MM-DD HH:mm"),
                "changed_by": "By",
            },
        )
        st.caption("Corrections win: a re-import of the same rows and an undo of an import keep them.")

# ---- reviews and actions
st.subheader("Past reviews and actions")
reviews = cached(cp.client_reviews, db, client_id, as_of=dt.date.today())
actions = cached(cp.client_actions, db, client_id, as_of=dt.date.today())
if reviews.empty and actions.empty:
    st.info(
        "No review has been held for this client yet. A review asks how we improve from where we stand, "
        "and ends in owned actions that show up here.", icon=":material/event_note:",
    )
else:
    for r in reviews.itertuples():
        held = f" on {pd.Timestamp(r.held_on):%d %b %Y}" if pd.notna(r.held_on) else ""
        outcome = f"{r.count_done} done, {r.count_partial} partly done, {r.count_open} open of {r.count_actions} actions"
        with st.expander(f"Review of {r.quarter}{held} by {plain(r.reviewer or 'unknown')} · {outcome}"):
            stage = STAGE_LABELS.get(r.stage_at_review, r.stage_at_review)
            if pd.notna(r.position_at_review):
                st.markdown(f"**Position then:** {r.position_at_review:.0f} ({stage})")
            for label, text in (
                ("Summary", r.summary), ("What works", r.what_works), ("What to keep", r.what_to_keep),
            ):
                if isinstance(text, str) and text.strip():
                    st.markdown(f"**{label}:** {plain(text)}")
            if isinstance(r.investment_level, str) and r.investment_level:
                reason = f" — {plain(r.investment_reason)}" if isinstance(r.investment_reason, str) and r.investment_reason else ""
                st.markdown(f"**Investment level:** {r.investment_level.replace('_', ' ').capitalize()}{reason}")
    open_actions_editor(db, client_id)  # the open actions, editable between reviews
    shown_actions = actions[~actions["is_open"]].drop(columns=["is_overdue"])
    if not shown_actions.empty:
        st.markdown("**Finished actions**")
        st.dataframe(
            shown_actions.assign(
                addresses=shown_actions["addresses"].map(lambda a: ADDRESS_LABELS.get(a, a)),
                status=shown_actions["status"].map(lambda s: ACTION_STATUS_LABELS.get(s, s)),
            ).drop(columns=["action_id", "review_id", "is_open", "updated_at"]),
            hide_index=True, placeholder="—", width="stretch",
            column_config={
                "review_quarter": st.column_config.TextColumn("Review", width=70),
                "addresses": "Addresses", "description": st.column_config.TextColumn("Action", width="large"),
                "owner": "Owner", "due_on": st.column_config.DateColumn("Due", format="YYYY-MM-DD"),
                "status": "Status", "outcome": st.column_config.TextColumn("Outcome", width="medium"),
                "is_overdue": st.column_config.CheckboxColumn("Overdue"),
            },
        )

with st.container(border=True):
    team_pulse_form(db, client_id, quarter)
    st.caption("Record how the account team feels about this client between reviews; a fall raises the “Falling team morale” warning.")
