"""Signals: the early-warning inbox of the portfolio for the chosen quarter.

Every firing signal, the most severe and the most revenue at stake first, narrowed by
the sidebar filters and by signal; each row opens its client at the signal's evidence.
Below, how many clients each signal fired on over the quarters.
"""

import streamlit as st

from analytics.method.data_quarters import quarters_with_data
from analytics.method.portfolio import signal_inbox
from analytics.method.signals import SIGNALS, signal_history
from ui import charts
from ui.coverage import money_banner, not_judged_note, portfolio_coverage_note
from ui.data import cached
from ui.filters import no_match, sidebar_filters
from ui.frame import page_frame
from ui.links import client_link, signal_table
from ui.text import plain
from ui.theme import SEVERITY_LABELS, money
from ui.views import portfolio_view, signals_of_quarter

SIGNAL_LABELS = dict(SIGNALS)
URGENT = 5  # how many of the most urgent rows are listed as links above the table
HISTORY_QUARTERS = 12

frame = page_frame()
db, quarter, currency = frame.db, frame.quarter, frame.currency
filters = sidebar_filters(frame)
if "signal" in st.session_state:
    st.session_state.signal = st.session_state.signal  # kept while the user visits other pages
chosen = st.sidebar.multiselect(
    "Signal", [s for s, _ in SIGNALS], key="signal", format_func=SIGNAL_LABELS.get,
    bind="query-params", persist_state="session", placeholder="All",
    help="Show only these warning signals; empty shows all. Kept in the page address.",
)

st.title("Signals")
money_banner(frame)
view = filters.apply(portfolio_view(frame))
inbox = signal_inbox(signals_of_quarter(frame), view)
if chosen:
    inbox = inbox[inbox["signal_id"].isin(chosen)].reset_index(drop=True)
signal_text = ", ".join(SIGNAL_LABELS[s] for s in chosen) if chosen else "all signals"
st.caption(
    f"Early warnings for {quarter} · {filters.describe()} · {signal_text}. A signal is a prompt to look "
    "closer and act early, never a verdict on the client."
)

portfolio_coverage_note(view, panel="on the Portfolio page")
if view.empty:
    no_match(filters)
elif inbox.empty:
    st.success(
        f"No warning signal fires in {quarter} for these clients.", icon=":material/check_circle:",
    )
else:
    at_stake = inbox.drop_duplicates("client_id")["revenue_4q"].sum()
    cols = st.columns(4)
    cols[0].metric("Signals firing", f"{len(inbox):,}")
    cols[1].metric("Clients concerned", f"{inbox['client_id'].nunique():,}", help=f"Out of {len(view):,} in view.")
    cols[2].metric("High severity", f"{int((inbox['severity'] == 'high').sum()):,}")
    cols[3].metric(
        "Revenue at stake, 4 quarters", money(at_stake, currency),
        help="Won revenue over the last four quarters of the clients concerned, each counted once.",
    )
    st.markdown("**Most urgent**")
    for item in inbox.head(URGENT).itertuples():
        severity = SEVERITY_LABELS.get(item.severity, item.severity)
        label = f"{item.name} — {SIGNAL_LABELS.get(item.signal_id, item.signal_id)} ({severity.lower()})"
        icon = {"high": ":material/error:", "medium": ":material/warning:"}.get(item.severity, ":material/info:")
        with st.container(border=True, gap=None):
            client_link(item.client_id, label, quarter, icon=icon, evidence=item.signal_id)
            st.caption(f"{plain(item.reason)} · {money(item.revenue_4q, currency)} revenue at stake")
    st.subheader("Inbox")
    st.caption("Sorted by severity, then by revenue at stake. Click a client's name to see the evidence rows.")
    signal_table(inbox, SIGNAL_LABELS, quarter, currency, key="signal_table")

not_judged_note(frame)

st.subheader("Signals over the quarters")
history = cached(signal_history, db)
quarters = [q for q in cached(quarters_with_data, db) if q <= quarter][-HISTORY_QUARTERS:]
shown_labels = {s: SIGNAL_LABELS[s] for s in (chosen or SIGNAL_LABELS)}
if history.empty:
    st.info("No signal has fired in any quarter yet.", icon=":material/info:")
else:
    charts.show(charts.signal_history(history, shown_labels, quarters), key="signal_history")
    scope = " (the whole portfolio: the sidebar filters do not apply here)" if filters.active else ""
    st.caption(
        f"How many clients each signal fired on in each of the last {len(quarters)} quarters{scope}. "
        "A row darkening to the right is a warning spreading through the portfolio."
    )
