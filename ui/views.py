"""The method's results as the pages read them, each answer cached per database version.

The method runs once per state of the data and every question shares it
(continuum.compute), so a question costs only its own read. The pages ask for a
quarter's portfolio-wide frames once (this quarter and the last) and narrow them to a
filter in pandas; a client's history and sentences are read for that client alone.
"""

from __future__ import annotations

import datetime as dt

import pandas as pd

from analytics.method.continuum import contributions, score_history, score_quarters
from analytics.method.portfolio import assemble_view, review_status
from analytics.method.signals import signals_for_quarter
from analytics.method.value import client_value
from analytics.quarters import shift_quarter
from ui.data import cached
from ui.frame import Frame


def portfolio_view(frame: Frame) -> pd.DataFrame:
    """analytics.method.portfolio.portfolio_view of the frame's quarter, from cached parts."""
    return assemble_view(
        cached(score_quarters, frame.db, (shift_quarter(frame.quarter, -1), frame.quarter)),
        value_of_quarter(frame),
        signals_of_quarter(frame),
        cached(review_status, frame.db, dt.date.today()),
        frame.quarter,
    )


def value_of_quarter(frame: Frame) -> pd.DataFrame:
    return cached(client_value, frame.db, frame.quarter)


def signals_of_quarter(frame: Frame) -> pd.DataFrame:
    return cached(signals_for_quarter, frame.db, frame.quarter)


def client_history(frame: Frame, client_id: str) -> pd.DataFrame:
    """The client's scored quarters up to the frame's quarter, oldest first."""
    scores = cached(score_history, frame.db, client_id)
    return scores[scores["quarter"] <= frame.quarter].reset_index(drop=True)


def client_contributions(frame: Frame, client_id: str) -> pd.DataFrame:
    """The client's contributions in the frame's quarter. Read per client: their
    sentences are written when read (continuum.VIEW_STEPS), and one client's take
    milliseconds where the whole portfolio's take most of a second at 10,000 clients."""
    return cached(contributions, frame.db, frame.quarter, client_id)


def client_signals(frame: Frame, client_id: str) -> pd.DataFrame:
    fired = signals_of_quarter(frame)
    return fired[fired["client_id"] == client_id].reset_index(drop=True)


def client_value_row(frame: Frame, client_id: str) -> pd.DataFrame:
    value = value_of_quarter(frame)
    return value[value["client_id"] == client_id].reset_index(drop=True)
