"""Reviews: the quarterly reviews across the portfolio.

Which clients were reviewed this quarter and what was decided, who owns which actions,
what is overdue, and whether we follow through quarter after quarter (done or partly
done: partial progress counts). Closing a quarter makes its reviews final.
"""

import datetime as dt

import pandas as pd
import plotly.graph_objects as go
import streamlit as st
from streamlit.errors import StreamlitPageNotFoundError

from analytics.errors import ContinuumError
from analytics.method.continuum import DIMENSIONS, STAGES, score_clients
from analytics.method.portfolio import clients_overview
from analytics.method.signals import SIGNALS
from analytics.quarters import shift_quarter
from analytics.review.portfolio import (
    actions_by_owner,
    follow_through,
    overdue_actions,
    review_status_by_client,
    reviews_of_quarter,
)
from analytics.review.quarter_report import ReportFilters, report_file_name
from analytics.review.quarter_report_files import report_file
from analytics.review.store import (
    ACTION_STATUSES,
    INVESTMENT_LEVELS,
    close_quarter,
    closed_quarters,
    reopen_quarter,
)
from ui import charts
from ui.data import cached
from ui.frame import page_frame
from ui.theme import plotly_layout

REVIEW_PAGE = "pages/review.py"
STAGE_LABELS = dict(STAGES)
STATUS_LABELS = dict(ACTION_STATUSES)
INVESTMENT_LABELS = dict(INVESTMENT_LEVELS)
ADDRESS_LABELS = dict(SIGNALS) | dict(DIMENSIONS)
STATUS_COLORS = {
    "done": "#1a7f37", "partial": "#67a9cf", "in_progress": "#d9b44a", "planned": "#bdbdbd", "not_done": "#ef8a62",
}

frame = page_frame()
db, quarter = frame.db, frame.quarter
previous = shift_quarter(quarter, -1)
today = dt.date.today()

st.title("Reviews")
st.caption(
    f"The quarterly account reviews of {quarter}: who was reviewed, what was decided, who owns what, and how "
    "we follow through. Follow-through counts actions done or partly done: partial progress is progress."
)

status = cached(review_status_by_client, db, quarter, as_of=today)
scored = cached(score_clients, db, quarter)
reviews = cached(reviews_of_quarter, db, quarter)
rates = cached(follow_through, db)
overdue = cached(overdue_actions, db, as_of=today)
closed = quarter in cached(closed_quarters, db)

active = status[status["client_id"].isin(scored["client_id"])]
last = rates[rates["quarter"] == previous]
c1, c2, c3, c4 = st.columns(4)
c1.metric(f"Clients reviewed for {quarter}", f"{int(active['is_reviewed'].sum())} of {len(active)}")
c2.metric(f"Actions agreed in {quarter}", f"{int(reviews['count_actions'].sum()) if not reviews.empty else 0}")
c3.metric(
    f"Follow-through, {previous} plans",
    "none yet" if last.empty or pd.isna(last["follow_through_rate"].iloc[0])
    else f"{last['follow_through_rate'].iloc[0]:.0%}",
    help="Share of the actions agreed in that quarter's reviews that are done or partly done.",
)
c4.metric("Overdue actions today", f"{len(overdue)}", help=f"Planned or in progress, due before {today}.")
if closed:
    st.info(f"{quarter} is closed: its reviews are final. Action statuses can still be updated.", icon=":material/lock:")

# ---- reviewed this quarter
st.subheader(f"Reviewed for {quarter}")
left, right = st.columns([3, 1], gap="large")
with left:
    if reviews.empty:
        st.info(f"No review saved for {quarter} yet. Start one on the Review page.", icon=":material/rate_review:")
    else:
        stage_now = dict(zip(scored["client_id"], scored["stage"], strict=True))
        shown = pd.DataFrame({
            "client_id": reviews["client_id"],
            "Client": reviews["name"],
            "Reviewer": reviews["reviewer"],
            "Held on": reviews["held_on"],
            # the stage saved with the review, else (a review saved without one) this quarter's
            "Stage": reviews["stage_at_review"].fillna(reviews["client_id"].map(stage_now)).map(STAGE_LABELS),
            "Investment": reviews["investment_level"].map(INVESTMENT_LABELS),
            "Reason": reviews["investment_reason"].fillna(""),
            "Actions": reviews["count_actions"],
        })
        picked = st.dataframe(
            shown, hide_index=True, width="stretch", key="reviews_table", on_select="rerun",
            selection_mode="single-row", column_order=[c for c in shown.columns if c != "client_id"],
            column_config={"Held on": st.column_config.DateColumn(format="YYYY-MM-DD"),
                           "Reason": st.column_config.TextColumn(width="large")},
        )
        st.caption("Select a row to open that review.")
        if picked is not None and picked.selection.rows:
            st.switch_page(REVIEW_PAGE, query_params={"client": shown["client_id"].iloc[picked.selection.rows[0]],
                                                      "quarter": quarter})
with right:
    if not reviews.empty:
        levels = reviews["investment_level"].value_counts()
        st.markdown("**Investment for the coming quarter**")
        for level, label in INVESTMENT_LEVELS:
            st.markdown(f"{label}: **{int(levels.get(level, 0))}**")
    try:
        st.page_link(REVIEW_PAGE, label="Open the Review page", icon=":material/rate_review:")
    except StreamlitPageNotFoundError:  # this page run on its own, outside app.py's navigation
        st.markdown("[Open the Review page](review)")

# ---- actions by owner and status
st.subheader("Actions by owner and status")
scopes = {
    f"Agreed in {quarter}": [quarter],
    f"Agreed in {previous} (followed up now)": [previous],
    "All reviews": [],
}
# open on the first view that has actions (last quarter's follow-up, then this quarter's, then all)
non_empty = [s for s in (list(scopes)[1], list(scopes)[0], list(scopes)[2])
             if not cached(actions_by_owner, db, tuple(scopes[s])).empty]
opening = non_empty[0] if non_empty else list(scopes)[1]
scope = st.segmented_control("Actions", list(scopes), default=opening, key="reviews_scope",
                             label_visibility="collapsed")
by_owner = cached(actions_by_owner, db, tuple(scopes.get(scope or opening, [])))
if by_owner.empty:
    st.info("No actions in these reviews.")
else:
    table = by_owner.pivot_table(index="owner", columns="status", values="count_actions", aggfunc="sum", fill_value=0)
    order = [s for s, _ in ACTION_STATUSES if s in table.columns]
    table = table[order]
    fig = go.Figure()
    for s in order:
        fig.add_bar(y=table.index, x=table[s], name=STATUS_LABELS[s], orientation="h", marker_color=STATUS_COLORS[s],
                    hovertemplate="%{y}: %{x} " + STATUS_LABELS[s].lower() + "<extra></extra>")
    fig.update_layout(**plotly_layout(barmode="stack", height=80 + 32 * len(table),
                                      xaxis=dict(title="Actions"), yaxis=dict(title=None, autorange="reversed")))
    c1, c2 = st.columns([3, 2], gap="large")
    with c1:
        charts.show(fig, key="reviews_by_owner")
    with c2:
        st.dataframe(table.rename(columns=STATUS_LABELS).reset_index().rename(columns={"owner": "Owner"}),
                     hide_index=True, width="stretch")

# ---- overdue
st.subheader("Overdue actions")
if overdue.empty:
    st.success(f"No open action is past its due date ({today}).", icon=":material/check_circle:")
else:
    st.dataframe(
        pd.DataFrame({
            "Client": overdue["name"],
            "Action": overdue["description"],
            "Owner": overdue["owner"],
            "Due": overdue["due_on"],
            "Days overdue": overdue["days_overdue"],
            "Status": overdue["status"].map(STATUS_LABELS),
            "From the review of": overdue["review_quarter"],
            "Should move": overdue["addresses"].map(lambda a: ADDRESS_LABELS.get(a, a or "")),
        }),
        hide_index=True, width="stretch",
        column_config={"Due": st.column_config.DateColumn(format="YYYY-MM-DD"),
                       "Action": st.column_config.TextColumn(width="large")},
    )
    st.caption("Update a status on the client's page, or in step 6 of its next review.")

# ---- follow-through over time
st.subheader("Follow-through, quarter over quarter")
if rates.empty:
    st.info("No reviews saved yet.")
else:
    fig = go.Figure()
    for s, column in (("done", "count_done"), ("partial", "count_partial"), ("not_done", "count_not_done")):
        fig.add_bar(x=rates["quarter"], y=rates[column], name=STATUS_LABELS[s], marker_color=STATUS_COLORS[s])
    fig.add_bar(x=rates["quarter"], y=rates["count_open"], name="Still open", marker_color=STATUS_COLORS["planned"])
    # a quarter whose actions are all still open has no outcome yet: no point rather than 0%
    reported = rates["count_open"] < rates["count_actions"]
    rate = rates["follow_through_rate"].where(reported)
    fig.add_scatter(x=rates["quarter"], y=rate * 100, name="Follow-through (%)",
                    yaxis="y2", mode="lines+markers+text", line=dict(color="#2166ac", width=2),
                    text=[f"{v:.0%}" if pd.notna(v) else "" for v in rate], textposition="top center")
    fig.update_layout(**plotly_layout(
        barmode="stack", height=340, xaxis=dict(title="Quarter of the review", type="category"),
        yaxis=dict(title="Actions"), yaxis2=dict(title="Done or partly done (%)", overlaying="y", side="right",
                                                   range=[0, 110], showgrid=False, tickvals=[0, 25, 50, 75, 100]),
    ))
    charts.show(fig, key="reviews_follow_through")
    st.caption("Each quarter's actions by how they went. Recent plans are mostly still open: their follow-through "
               "grows as the account teams report progress (a quarter with no outcome yet has no point).")

# ---- the quarter report for the head of sales
st.subheader("Quarter report")
st.caption(
    f"For the head of sales: where clients stand in {quarter} and how they moved, the clients who moved most and "
    "why, the signals by severity with the revenue at stake, which reviews are done and due, follow-through by "
    "owner, overdue actions and the Pareto of revenue and cost to serve. The filters start from the Portfolio "
    "page's; the figures are the ones the Portfolio page shows for them."
)
descriptors = cached(clients_overview, db, quarter)
chosen: dict[str, list[str]] = {}
for widget, (name, label, column) in zip(st.columns(3), ReportFilters.COLUMNS, strict=True):
    options = sorted(str(v) for v in descriptors[column].dropna().unique())
    if f"report_{name}" not in st.session_state:  # open on the Portfolio page's choice
        st.session_state[f"report_{name}"] = [v for v in st.session_state.get(name, []) if v in options]
    chosen[name] = widget.multiselect(label, options, key=f"report_{name}", placeholder="All")
report_filters = ReportFilters(tuple(chosen["segment"]), tuple(chosen["region"]), tuple(chosen["manager"]))
in_report = report_filters.apply(scored)
if in_report.empty:
    st.info(f"No client placed in {quarter} matches {report_filters.describe()}: choose fewer filters.",
            icon=":material/filter_alt_off:")
else:
    left, right, _ = st.columns([1.2, 1.2, 3])
    left.download_button(
        "Quarter report (PowerPoint)", lambda: report_file(db.cursor(), quarter, "pptx", report_filters)[1],
        file_name=report_file_name(quarter, report_filters, "pptx"), key="reviews_report_pptx",
        mime="application/vnd.openxmlformats-officedocument.presentationml.presentation",
        icon=":material/slideshow:", help="An editable deck with native charts; the notes carry the full lists.",
    )
    right.download_button(
        "Quarter report (HTML)", lambda: report_file(db.cursor(), quarter, "html", report_filters)[1],
        file_name=report_file_name(quarter, report_filters, "html"), key="reviews_report_html", mime="text/html",
        icon=":material/print:", help="The same report as a self-contained page: open it and print.",
    )
    st.caption(f"{len(in_report):,} of {len(scored):,} clients · {report_filters.describe()}.")

# ---- closing the quarter
st.subheader("Close the quarter")
if closed:
    st.write(f"{quarter} is closed. Reopen it only to correct a review.")
    if st.button(f"Reopen {quarter}", key="reviews_reopen"):
        reopen_quarter(db, quarter)
        st.rerun()
elif reviews.empty:
    st.write(f"Nothing to close yet: no review of {quarter} is saved.")
else:
    st.write(f"Closing {quarter} makes its {len(reviews)} reviews final; their actions can still be updated.")
    sure = st.checkbox(f"Yes, the {quarter} reviews are final", key="reviews_close_sure")
    if st.button(f"Close {quarter}", key="reviews_close", disabled=not sure):
        try:
            close_quarter(db, quarter)
        except ContinuumError as exc:
            st.error(str(exc))
        else:
            st.rerun()
