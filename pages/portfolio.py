"""Portfolio: the clients of the chosen quarter and a few honest totals."""

import streamlit as st

from analytics.portfolio import clients_overview, portfolio_totals
from ui.data import cached
from ui.frame import page_frame
from ui.theme import money

frame = page_frame()
db, quarter = frame.db, frame.quarter

st.title("Portfolio")
st.caption(f"Quarter {quarter}. Revenue is won deals in the four quarters ending with it.")

totals = cached(portfolio_totals, db, quarter)
col1, col2, col3 = st.columns(3)
col1.metric("Clients", f"{totals.clients:,}")
col2.metric(
    f"Won revenue, last 4 quarters ({totals.currency})",
    money(totals.revenue_4q, totals.currency),
)
col3.metric(f"Touches in {quarter}", f"{totals.touches:,}")

overview = cached(clients_overview, db, quarter)
st.dataframe(
    overview.drop(columns=["client_id"]),
    hide_index=True,
    width="stretch",
    column_config={
        "name": st.column_config.TextColumn("Client", width="large"),
        "segment": "Segment",
        "region": "Region",
        "account_manager": "Account manager",
        "service_tier": "Service tier",
        "first_seen": st.column_config.DateColumn("Client since", format="YYYY-MM-DD"),
        "revenue_4q": st.column_config.NumberColumn(
            f"Revenue, 4 quarters ({totals.currency})", format="%,.0f"
        ),
        "count_touches": st.column_config.NumberColumn(f"Touches in {quarter}", format="%d"),
        "count_contacts_touched": st.column_config.NumberColumn("Contacts touched", format="%d"),
    },
)
