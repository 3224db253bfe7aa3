"""The rows behind a signal as the pages show them: words for the kind of row, dates as
text, and each figure with its unit."""

from __future__ import annotations

import pandas as pd

from ui.evidence import evidence_frame


def _rows(*rows: tuple) -> pd.DataFrame:
    return pd.DataFrame(rows, columns=["quarter", "day", "source", "row_id", "detail", "value"])


def test_each_kind_of_row_gets_its_unit():
    rows = _rows(
        ("2026Q3", pd.Timestamp("2026-07-14"), "deal", "D1", "Licence, 10,507 PLN", 2437.6),
        ("2026Q3", pd.Timestamp("2026-07-15"), "service_cost", "K1", "rework, 4 h", 480.0),
        ("2026Q3", pd.Timestamp("2026-07-16"), "interaction", "I1", "status request (email)", -1.0),
        ("2026Q3", pd.Timestamp("2026-07-17"), "interaction", "I2", "escalation (call)", 0.0),
        ("2026Q2", pd.Timestamp("2026-06-30"), "team_pulse", "P1", "Elena Vogt", 2.0),
        ("2026Q2", pd.NaT, "feedback", "F1", "nps", 7.0),
        ("2026Q2", pd.Timestamp("2026-05-01"), "interaction", "I3", "director call", None),
    )
    shown = evidence_frame(rows, "revenue_decline", "EUR")
    assert shown.columns.tolist() == ["quarter", "day", "kind", "what", "figure", "record"]
    assert shown["kind"].tolist() == ["Deal", "Service cost", "Touch", "Touch", "Team pulse", "Feedback", "Touch"]
    assert shown["day"].tolist()[:2] == ["2026-07-14", "2026-07-15"] and shown["day"][5] == ""
    assert shown["figure"].tolist() == [
        "€2,438", "€480", "sentiment −1", "sentiment 0", "morale 2 of 5", "score 7", "",
    ]


def test_a_deal_behind_the_squeeze_signal_shows_its_discount_not_money():
    rows = _rows(
        ("2026Q3", pd.Timestamp("2026-07-14"), "deal", "D1", "Licence", 12.0),
        ("2026Q3", pd.Timestamp("2026-07-15"), "deal", "D2", "Training", 27.3),
    )
    assert evidence_frame(rows, "squeeze", "PLN")["figure"].tolist() == ["discount 12%", "discount 27.3%"]
    assert evidence_frame(rows, "revenue_decline", "PLN")["figure"].tolist() == ["12 zł", "27 zł"]


def test_stored_codes_in_the_description_read_as_words():
    rows = _rows(("2026Q3", pd.Timestamp("2026-07-08"), "interaction", "I1", "discount_request (meeting)", 2.0))
    assert evidence_frame(rows, "squeeze", "EUR")["what"].tolist() == ["discount request (meeting)"]


def test_the_evidence_of_every_demo_signal_can_be_shown(demo_db):
    from analytics.method.signals import SIGNALS, signal_evidence, signals_for_quarter

    con = demo_db.cursor()
    firing = signals_for_quarter(con, "2026Q3")
    shown_any = 0
    for signal_id, _label in SIGNALS:
        clients = firing.loc[firing["signal_id"] == signal_id, "client_id"]
        if clients.empty:
            continue
        rows = signal_evidence(con, signal_id, clients.iloc[0], "2026Q3")
        shown = evidence_frame(rows, signal_id, "EUR")
        assert len(shown) == len(rows) and not shown["kind"].isin(["interaction", "deal"]).any()
        assert not shown["figure"].str.contains("nan|None").any()
        shown_any += 1
    assert shown_any >= 4
