"""Every client name on a page opens that client: links, clickable tables, the switch.

The Client page is reached with `?client=ID&quarter=Q`. Links (`st.page_link`) open it in
the same tab; in tables the client's name is a button cell whose click switches page;
map selections call `open_client`.
"""

from __future__ import annotations

from urllib.parse import urlencode

import pandas as pd
import streamlit as st
from streamlit.errors import StreamlitPageNotFoundError

from analytics.method.continuum import STAGES
from ui.text import plain
from ui.theme import CURRENCY_SYMBOLS, SEVERITY_LABELS, SIGNAL_SHORT, date_text

CLIENT_PAGE = "pages/client.py"
STAGE_LABELS = dict(STAGES)


def client_params(client_id: str, quarter: str, **extra: str) -> dict[str, str]:
    return {"client": str(client_id), "quarter": quarter, **extra}


def open_client(client_id: str, quarter: str, **extra: str) -> None:
    """Switch to the Client page of `client_id` (stops this script run)."""
    st.switch_page(CLIENT_PAGE, query_params=client_params(client_id, quarter, **extra))


def client_link(client_id: str, label: str, quarter: str, *, icon: str | None = None, **extra: str) -> None:
    """A same-tab link to the client's page.

    A page run on its own (AppTest.from_file, outside app.py's navigation) cannot link
    to another page; it gets a plain link with the same address instead.
    """
    params = client_params(client_id, quarter, **extra)
    label = plain(label)  # a client's name is data: its Markdown must not render
    try:
        st.page_link(CLIENT_PAGE, label=label, icon=icon, query_params=params)
    except StreamlitPageNotFoundError:
        st.markdown(f"[{label}](client?{urlencode(params)})")


def _number_format(currency: str) -> str:
    symbol = CURRENCY_SYMBOLS.get(currency, currency + " ")
    return f"%,.0f {symbol}" if currency == "PLN" else f"{symbol}%,.0f"


def _unit(currency: str) -> str:
    """The currency for a column header: money that can be negative is written as a
    plain signed number under it, since a format string would print "€-2,795"."""
    return CURRENCY_SYMBOLS.get(currency, currency)


def follow_clicks(frame: pd.DataFrame, key: str, quarter: str, *, with_signal: bool = False) -> None:
    """After a table with a client button column keyed `key`: open the clicked client
    (and, for a signal row, unfold that signal's evidence there)."""
    click = st.session_state.get(key)
    if click is not None:
        row = int(click["row"])
        if 0 <= row < len(frame):
            extra = {"evidence": str(frame.iloc[row]["signal_id"])} if with_signal else {}
            open_client(frame.iloc[row]["client_id"], quarter, **extra)


def client_table(view: pd.DataFrame, quarter: str, currency: str, *, key: str) -> None:
    """The sortable clients table of the Portfolio page; a click on a name opens the client."""
    table = view.sort_values(["revenue_4q", "name"], ascending=[False, True]).reset_index(drop=True)
    shown = pd.DataFrame({
        "client_id": table["client_id"],
        "name": table["name"],
        "stage": table["stage"].map(STAGE_LABELS),
        "score": table["score"].round(0),
        "change": table["change"].round(0),
        "signals": table["signal_ids"].map(lambda ids: [SIGNAL_SHORT.get(s, s) for s in ids]),
        "revenue_4q": table["revenue_4q"],
        "margin_4q": table["margin_4q"],
        "account_manager": table["account_manager"].fillna("not set"),
        "last_reviewed_on": date_text(table["last_reviewed_on"], "not yet"),
        "count_overdue_actions": table["count_overdue_actions"],
        "segment": table["segment"].fillna("—"),
    })
    # margin stands on service costs: a portfolio without any has no column of blanks
    hidden = {"client_id"} | ({"margin_4q"} if shown["margin_4q"].isna().all() else set())
    st.dataframe(
        shown,
        hide_index=True, placeholder="—",
        width="stretch",
        height=min(38 + 35 * len(shown), 560),
        column_order=[c for c in shown.columns if c not in hidden],
        column_config={
            "name": st.column_config.ButtonColumn(
                "Client", type="tertiary", alignment="left", pinned=True, key=key,
                help="Click a name to open the client.",
            ),
            # widths chosen so that the money columns are in view at 1366 px without
            # scrolling sideways; the headers are short and their help says the rest
            "stage": st.column_config.TextColumn("Stage", width=100, help="Stage on the continuum this quarter."),
            "score": st.column_config.ProgressColumn(
                "Score", min_value=0, max_value=100, format="%.0f", width=100, help="Continuum score, 0-100.",
            ),
            "change": st.column_config.NumberColumn(
                "Change", format="%+.0f", width=68, help="Score change since last quarter (— for a new client).",
            ),
            "signals": st.column_config.ListColumn("Signals", width=150, help="Warning signals firing now."),
            "revenue_4q": st.column_config.NumberColumn(
                f"Revenue 4Q ({_unit(currency)})", format="%,.0f", width=118,
                help=f"Won revenue over the last 4 quarters, in {currency}.",
            ),
            "margin_4q": st.column_config.NumberColumn(
                f"Margin 4Q ({_unit(currency)})", format="%,.0f", width=118,
                help=f"Won revenue minus cost to serve over the last 4 quarters, in {currency}; "
                "negative when serving cost more.",
            ),
            "segment": "Segment",
            "account_manager": "Account manager",
            "last_reviewed_on": st.column_config.TextColumn("Last review", help="Date of the last saved review."),
            "count_overdue_actions": st.column_config.NumberColumn(
                "Overdue actions", format="%d", help="Open review actions past their due date.",
            ),
        },
    )
    follow_clicks(table, key, quarter)


def top_clients_links(view: pd.DataFrame, quarter: str, n: int = 3) -> None:
    """The largest moves since last quarter, down and up, as links to the clients."""
    moved = view.dropna(subset=["change"])
    falls = moved[moved["change"] < 0].nsmallest(n, "change")
    rises = moved[moved["change"] > 0].nlargest(n, "change")
    if falls.empty and rises.empty:
        return
    left, right = st.columns(2)
    for column, part, title, icon in (
        (left, falls, "Largest falls since last quarter", ":material/trending_down:"),
        (right, rises, "Largest rises since last quarter", ":material/trending_up:"),
    ):
        with column:
            st.markdown(f"**{title}**")
            if part.empty:
                st.caption("None among these clients.")
            for row in part.itertuples():
                label = (
                    f"{row.name}: {row.score - row.change:.0f} → {row.score:.0f} "
                    f"({STAGE_LABELS.get(row.stage, row.stage)})"
                )
                client_link(row.client_id, label, quarter, icon=icon)


def signal_table(inbox: pd.DataFrame, labels: dict[str, str], quarter: str, currency: str, *, key: str) -> None:
    """The early-warning inbox as a table; a click on a client opens its evidence."""
    shown = pd.DataFrame({
        "client_id": inbox["client_id"],
        "name": inbox["name"],
        "signal": inbox["signal_id"].map(lambda s: labels.get(s, s)),
        "severity": inbox["severity"].map(SEVERITY_LABELS),
        "reason": inbox["reason"],
        "revenue_4q": inbox["revenue_4q"],
        "account_manager": inbox["account_manager"],
        "stage": inbox["stage"].map(STAGE_LABELS),
        "evidence_count": inbox["evidence_count"],
    })
    st.dataframe(
        shown,
        hide_index=True, placeholder="—",
        width="stretch",
        height=min(38 + 35 * len(shown), 600),
        # who, which signal, how severe, how much and whose first: at 1366 px these are in
        # view and the long reason runs on to the right (a click on a cell shows it whole)
        column_order=["name", "signal", "severity", "revenue_4q", "account_manager", "reason", "stage",
                      "evidence_count"],
        column_config={
            "name": st.column_config.ButtonColumn(
                "Client", type="tertiary", alignment="left", pinned=True, key=key,
                help="Click a name to open the client at this signal's evidence.",
            ),
            "signal": st.column_config.TextColumn("Signal", width=240),
            "severity": st.column_config.TextColumn("Severity", width=75),
            "reason": st.column_config.TextColumn(
                "Why it fires", width=480, help="Click a cell to read the whole line.",
            ),
            "revenue_4q": st.column_config.NumberColumn(
                "Revenue at stake", format=_number_format(currency),
                help="The client's won revenue over the last four quarters.",
            ),
            "account_manager": "Account manager",
            "stage": "Stage",
            "evidence_count": st.column_config.NumberColumn("Evidence rows", format="%d"),
        },
    )
    follow_clicks(inbox, key, quarter, with_signal=True)
