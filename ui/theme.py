"""One look for every page: stage colours, money format, chart defaults."""

from __future__ import annotations

# strained -> partnership: warm to cool, readable for common colour-vision deficiencies
STAGE_COLORS = {
    "strained": "#b2182b",
    "contact": "#ef8a62",
    "rapport": "#d9b44a",
    "working_trust": "#67a9cf",
    "partnership": "#2166ac",
}
CURRENCY_SYMBOLS = {"EUR": "€", "PLN": "zł", "USD": "$", "GBP": "£", "RUB": "₽"}
# short labels of the warning signals for tables and chips (the full ones: analytics.method.signals.SIGNALS)
SIGNAL_SHORT = {
    "access_decline": "Access ↓",
    "no_advance_info": "No advance info",
    "revenue_decline": "Revenue ↓",
    "feedback_silence": "Feedback silence",
    "micromanagement": "Micromanagement",
    "team_morale": "Team morale ↓",
    "squeeze": "Squeeze",
}
SEVERITY_LABELS = {"high": "High", "medium": "Medium", "low": "Low"}
# interaction channels as stored (analytics.method.client_profile.CHANNELS) -> words for people
CHANNEL_LABELS = {
    "meeting": "Meeting", "call": "Call", "email": "Email", "qbr": "Business review (QBR)",
    "workshop": "Workshop", "support": "Support", "event": "Event",
}
SENTIMENT_WORDS = {-2: "very negative", -1: "negative", 0: "neutral", 1: "positive", 2: "very positive"}


def money(value: float, currency: str, *, compact: bool = True) -> str:
    """1234567 EUR -> "€1.23M"; PLN puts its symbol after the number; "unknown" for an
    amount that is not known (a currency without an exchange rate)."""
    if value is None or value != value:  # None or NaN
        return "unknown"
    symbol = CURRENCY_SYMBOLS.get(currency, currency + " ")
    if compact and abs(value) >= 1_000_000_000:
        text = f"{value / 1_000_000_000:,.2f}B"
    elif compact and abs(value) >= 1_000_000:
        text = f"{value / 1_000_000:,.2f}M"
    elif compact and abs(value) >= 10_000:
        text = f"{value / 1_000:,.0f}k"
    else:
        text = f"{value:,.0f}"
    return f"{text} {symbol}" if currency == "PLN" else f"{symbol}{text}"


def date_text(values, missing: str):
    """Dates as "2026-10-02" text, `missing` where there is none: a table shows an empty
    date as a grey "None", which reads as a fault. ISO text still sorts by date."""
    import pandas as pd

    stamps = pd.to_datetime(pd.Series(values), errors="coerce")
    return stamps.dt.strftime("%Y-%m-%d").where(stamps.notna(), missing)


def plotly_layout(**overrides) -> dict:
    """Common layout: readable fonts, room for axis titles, no chart junk."""
    layout = dict(
        template="plotly_white",
        font=dict(size=13),
        margin=dict(l=10, r=10, t=40, b=10),
        legend=dict(orientation="h", yanchor="bottom", y=1.02, xanchor="left", x=0),
    )
    layout.update(overrides)
    return layout
