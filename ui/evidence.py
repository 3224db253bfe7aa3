"""The rows behind a warning signal, as a manager reads them: words for the kind of row,
a date, what happened, and the row's figure with its unit (money, %, sentiment, score).

analytics.method.signals.signal_evidence gives one frame per signal with a `value` whose unit
depends on the signal and the kind of row; the unit is written here, once for both the
Client and the Review page.
"""

from __future__ import annotations

import pandas as pd
import streamlit as st

from ui.theme import date_text, money

SOURCE_LABELS = {
    "interaction": "Touch",
    "deal": "Deal",
    "feedback": "Feedback",
    "service_cost": "Service cost",
    "team_pulse": "Team pulse",
}


def _figure(signal_id: str, source: str, value: float, currency: str) -> str:
    """The row's figure in words, e.g. "€10,507", "discount 12%", "sentiment −1"."""
    if pd.isna(value):
        return ""
    if source in ("deal", "service_cost") and not (signal_id == "squeeze" and source == "deal"):
        return money(value, currency, compact=False)
    if source == "deal":
        return "discount " + f"{value:.1f}".removesuffix(".0") + "%"
    if source == "interaction":
        return "sentiment " + (f"{value:+.0f}".replace("-", "−") if value else "0")
    if source == "team_pulse":
        return f"morale {value:.0f} of 5"
    return f"score {value:g}"


def evidence_frame(rows: pd.DataFrame, signal_id: str, currency: str) -> pd.DataFrame:
    """Quarter, date, kind, record, what and figure: the columns a manager reads."""
    return pd.DataFrame({
        "quarter": rows["quarter"],
        "day": date_text(rows["day"], ""),
        "kind": rows["source"].map(lambda s: SOURCE_LABELS.get(s, s)),
        # tags and categories are stored as codes ("discount_request", "free_scope")
        "what": rows["detail"].str.replace("_", " ", regex=False),
        "figure": [_figure(signal_id, s, v, currency) for s, v in zip(rows["source"], rows["value"], strict=True)],
        "record": rows["row_id"],
    })


def evidence_table(rows: pd.DataFrame, signal_id: str, currency: str, *, max_height: int = 400) -> None:
    shown = evidence_frame(rows, signal_id, currency)
    st.dataframe(
        shown,
        hide_index=True, placeholder="—",
        width="stretch",
        height=min(38 + 35 * len(shown), max_height),
        column_config={
            "quarter": st.column_config.TextColumn("Quarter", width=80),
            "day": st.column_config.TextColumn("Date", width=95),
            "kind": st.column_config.TextColumn("Kind", width=95),
            "what": st.column_config.TextColumn("What happened", width="large"),
            "figure": st.column_config.TextColumn("Figure", width=110),
            "record": st.column_config.TextColumn("Record id", help="The row's id in your CRM export."),
        },
    )
