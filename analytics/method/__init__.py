"""The method: where each client stands on the continuum and why, the early-warning
signals, value and concentration, and the reads the Portfolio and Client pages draw.

    run = run_method(con, "2025Q3")     # the quarter resolved, the method computed once
    positions_of(run)                   # score, stage, change and the five dimensions
    firing_signals(run)                 # the signals that fire, with their reasons
    value_of(run)                       # revenue, cost to serve, margin, LTV, quadrant

The SQL is in sql/: steps/ (the method's tables, in the order of continuum.STEPS),
evidence/ (the rows behind each signal), portfolio/ and profile/ (what the pages read).
Imports only the ground modules (analytics.db, errors, settings, quarters, sql_files).
"""

from __future__ import annotations

from analytics.method.continuum import (
    DIMENSIONS,
    STAGES,
    MethodRun,
    compute,
    contributions,
    contributions_of,
    positions_in,
    positions_of,
    run_method,
    score_clients,
    score_history,
    score_quarters,
)
from analytics.method.data_quarters import quarters_with_data
from analytics.method.portfolio import portfolio_view
from analytics.method.report import score_report
from analytics.method.signals import SIGNALS, firing_signals, signal_evidence, signals_for_quarter
from analytics.method.value import client_value, value_of

__all__ = [
    "DIMENSIONS", "SIGNALS", "STAGES", "MethodRun", "client_value", "compute", "contributions",
    "contributions_of", "firing_signals", "portfolio_view", "positions_in", "positions_of",
    "quarters_with_data", "run_method", "score_clients", "score_history", "score_quarters",
    "score_report", "signal_evidence", "signals_for_quarter", "value_of",
]
