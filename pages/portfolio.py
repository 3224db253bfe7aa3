"""Portfolio: the continuum at a glance for the chosen quarter, filtered in the sidebar.

Everything on the page is drawn from one frame (analytics.method.portfolio.portfolio_view,
narrowed by the sidebar filters), so the figures, the charts and the table always show
the same clients. A click on a client (map point or table name) opens its Client page.
"""

import streamlit as st

from analytics.method.portfolio import (
    concentration_curve,
    headline,
    map_sample,
    portfolio_totals,
    stage_counts,
    stage_flow,
    top_share,
    whale_points,
)
from analytics.quarters import shift_quarter
from analytics.settings import STAGE_KEYS, load_settings
from ui import charts
from ui.coverage import data_coverage_panel, dormant_list, money_banner, portfolio_coverage_note
from ui.data import cached
from ui.filters import no_match, sidebar_filters
from ui.frame import page_frame
from ui.links import client_table, open_client, top_clients_links
from ui.theme import money
from ui.views import portfolio_view

MAP_POINTS = 2000  # above this many clients the map draws a sample (analytics.method.portfolio.map_sample)
MAP_LARGEST = 200  # ...that always holds the largest clients by revenue

frame = page_frame()
db, quarter, currency = frame.db, frame.quarter, frame.currency
filters = sidebar_filters(frame)
previous_quarter = shift_quarter(quarter, -1)

st.title("Portfolio")
money_banner(frame)
everyone = portfolio_view(frame)
if everyone.empty:
    st.info(
        f"No client could be placed on the continuum in {quarter}: there is no activity to "
        "score yet. Choose another quarter in the sidebar, or import interactions and deals.",
        icon=":material/info:",
    )
    st.stop()
view = filters.apply(everyone)
st.caption(
    f"Quarter {quarter}, compared with {previous_quarter} · {len(view):,} of {len(everyone):,} clients "
    f"({filters.describe()}) · money in {currency}, revenue and cost over the four quarters ending {quarter}."
)
if view.empty:
    no_match(filters)
    st.stop()
if not frame.access.reads_everything:  # an account manager: their clients, the rest in totals only
    whole = cached(portfolio_totals, db, quarter)
    mine = everyone["revenue_4q"].sum()
    share = f" and {mine / whole.revenue_4q:.0%} of its revenue" if whole.revenue_4q else ""
    st.info(
        f"Your clients: {len(everyone):,} of the portfolio's {whole.clients:,}{share}. The other account "
        "managers' clients count in the portfolio's totals only.",
        icon=":material/person:",
    )
portfolio_coverage_note(view)
incomplete = bool((view["coverage"] < 1).any())
if incomplete:  # what to import next, at the top while the picture is partial
    data_coverage_panel(frame, expanded=False)

# ---- headline figures
top = headline(view)
cols = st.columns(4)
cols[0].metric("Clients", f"{top.clients:,}", help="Clients placed on the continuum this quarter.")
unknown_note = (
    f" Leaves out {top.clients_unknown_revenue:,} clients of unknown revenue (a currency without a rate)."
    if top.clients_unknown_revenue else ""
)
cols[1].metric(
    "Revenue, last 4 quarters", money(top.revenue_4q, currency),
    help="Won deals closed in the four quarters ending with this one, in the reporting currency." + unknown_note,
)
cols[2].metric(
    "High-severity clients", f"{top.clients_with_high_signal:,}",
    help="Clients where at least one warning signal fires at high severity. See the Signals page.",
)
cols[3].metric(
    "Review actions overdue", f"{top.actions_overdue:,}",
    help="Open review actions (planned or in progress) whose due date has passed.",
)
charts.show(charts.stage_share_bar(stage_counts(view)), key="stage_share")
st.caption("Share of clients in each stage of the continuum this quarter, from strained (left) to partnership.")
dormant_list(frame)

# ---- distribution and movement
st.subheader("Where clients stand and how they moved")
left, right = st.columns(2)
with left:
    charts.show(charts.stage_distribution(
        stage_counts(view), stage_counts(view, "previous_stage"), quarter, previous_quarter,
    ), key="distribution")
    st.caption(
        f"Clients in each stage in {quarter} (solid) against {previous_quarter} (pale), for the same "
        "clients. A shift to the right is progress along the continuum."
    )
with right:
    flows = stage_flow(view)
    charts.show(charts.stage_flow(flows, quarter, previous_quarter), key="flow")
    st.caption(
        f"Each band is a group of clients moving from their stage in {previous_quarter} (left) to "
        f"{quarter} (right); pale bands stayed put. \"New\" clients were not placed last quarter."
    )
top_clients_links(view, quarter)

# ---- the map
st.subheader("Clients on the map")
measure = st.segmented_control(
    "Vertical axis", ["Margin after cost to serve", "Lifetime value"],
    # margin stands on service costs: without any, the map opens on lifetime value
    default="Margin after cost to serve" if view["margin_4q"].notna().any() else "Lifetime value",
    key="map_measure", help="Margin is won revenue minus cost to serve over the last four quarters.",
)
y_column = "ltv" if measure == "Lifetime value" else "margin_4q"
y_title = "Lifetime value" if measure == "Lifetime value" else "Margin after cost to serve, 4 quarters"
shown = map_sample(view, MAP_POINTS, MAP_LARGEST)
settings = cached(load_settings, db)
bounds = [settings[k] for k in STAGE_KEYS]
event = charts.show(
    charts.client_map(shown, y_column, y_title, currency, bounds),
    key="client_map", on_select="rerun", selection_mode=("points",),
)
note = (
    f" With {len(view):,} clients the map draws {len(shown):,}: the {MAP_LARGEST} largest by revenue and a "
    "sample of the rest, stage by stage in proportion. The filters narrow it; the table below lists everyone."
    if len(shown) < len(view) else ""
)
st.caption(
    "Each bubble is a client: further right is further along the continuum, higher earns more, a bigger "
    f"bubble brings more revenue, the colour is its stage. Click a bubble to open the client.{note}"
)
if event and event.selection and event.selection.points:
    point = event.selection.points[0]
    custom = point.get("customdata")
    if custom:
        open_client(custom[0], quarter)

# ---- concentration
st.subheader("Where value and cost concentrate")
left, right = st.columns(2)
with left:
    curves = {m: concentration_curve(view, m) for m in ("revenue", "cost")}
    shares = {m: top_share(c) for m, c in curves.items()}
    charts.show(charts.concentration_curves(curves, shares), key="pareto")
    st.caption(
        "Pareto curves: the share of revenue (blue) and of cost to serve (orange) held by the largest "
        "clients. The further a curve bows above the diagonal, the more a few clients carry it."
    )
with right:
    if view["margin_4q"].notna().any():
        charts.show(charts.whale_curve(whale_points(view), currency), key="whale")
        st.caption(
            "Whale curve: profit after cost to serve added up from the most to the least profitable client. "
            "Where the curve falls after its peak, the last clients cost more than they bring."
        )
    else:
        st.info("The whale curve needs the margin after cost to serve, which is not measured: the portfolio has "
                "no service costs yet. Import a cost-to-serve or time-tracking export to see which clients "
                "cost more than they bring.", icon=":material/payments:")

if top.clients_unknown_revenue:
    st.caption(f"The curves leave out {top.clients_unknown_revenue:,} clients of unknown revenue.")

# ---- the table
st.subheader("Clients")
st.caption("Click a column title to sort, a client's name to open it. Signals are this quarter's warnings.")
client_table(view, quarter, currency, key="portfolio_table")

if not incomplete:
    data_coverage_panel(frame, expanded=False)
