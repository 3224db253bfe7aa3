"""The method's results as the pages read them: each method run cached once and shared.

Every method function runs the whole method (continuum.compute) for every client before
it answers, so the pages ask each question once per database version and quarter for
the whole portfolio (`cached`), and narrow the answer to a client or a filter in pandas.
Moving from client to client, or changing a filter, then costs no method run at all.
"""

from __future__ import annotations

import datetime as dt

import pandas as pd

from analytics.continuum import contributions, score_all
from analytics.portfolio import assemble_view, review_status
from analytics.signals import signals_for_quarter
from analytics.value import client_value
from ui.data import cached
from ui.frame import Frame


def every_quarter(frame: Frame) -> pd.DataFrame:
    """continuum.score_all: every client in every quarter."""
    return cached(score_all, frame.db)


def portfolio_view(frame: Frame) -> pd.DataFrame:
    """analytics.portfolio.portfolio_view of the frame's quarter, from cached parts."""
    return assemble_view(
        every_quarter(frame),
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
    scores = every_quarter(frame)
    mine = scores[(scores["client_id"] == client_id) & (scores["quarter"] <= frame.quarter)]
    return mine.sort_values("quarter").reset_index(drop=True)


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
