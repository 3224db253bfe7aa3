"""The seven early-warning signals: DOMAIN section 5's six plus the squeeze of seed 004.

Each signal has a measure, three severity thresholds (low, medium, high) and a guard
against noise, all settings; client_signals.sql computes them for every client and
quarter at once, with a one-line reason and the count of its evidence rows, and
evidence_<signal>.sql returns those rows. A signal is a prompt to act, never a verdict.
"""

from __future__ import annotations

import duckdb
import pandas as pd

from analytics.access import aggregate, client_detail, per_client
from analytics.errors import ContinuumError
from analytics.method.continuum import (
    MethodRun,
    check_client,
    compute,
    quarter_index,
    resolve_quarter,
    run_method,
)
from analytics.settings import load_settings, params_for
from analytics.sql_files import sql_reader

sql = sql_reader(__package__)

SIGNALS: list[tuple[str, str]] = [
    ("access_decline", "Declining access to decision makers"),
    ("no_advance_info", "No advance information"),
    ("revenue_decline", "Revenue decline"),
    ("feedback_silence", "Feedback silence"),
    ("micromanagement", "Micromanagement"),
    ("team_morale", "Falling team morale"),
    ("squeeze", "Squeeze"),
]
SEVERITIES = ("low", "medium", "high")


class UnknownSignal(ContinuumError):
    def __init__(self, signal_id: str) -> None:
        known = ", ".join(s for s, _ in SIGNALS)
        super().__init__(f'No signal "{signal_id}"; the signals are: {known}.')


@per_client
def signals_for_quarter(
    con: duckdb.DuckDBPyConnection, quarter: str | None = None, client_id: str | None = None
) -> pd.DataFrame:
    """One row per firing signal per client in `quarter` (default: the default quarter).

    Columns: client_id, name, account_manager, quarter, signal_id, severity (low,
    medium, high), measure (the number compared with the thresholds), reason (one line
    with the numbers), evidence_count (rows signal_evidence returns). Most severe first.
    """
    run = run_method(con, quarter)
    check_client(con, client_id)
    return firing_signals(run, client_id)


def firing_signals(run: MethodRun, client_id: str | None = None) -> pd.DataFrame:
    """signals_for_quarter of the run's quarter, read from the run's results."""
    return run.con.execute(
        """
        select
            s.client_id, c.name, c.account_manager, $quarter as quarter,
            s.signal_id, s.severity, s.measure, s.reason, s.evidence_count::int as evidence_count
        from client_signals as s
        join clients as c on c.client_id = s.client_id
        where s.q_index = $q_index and ($client_id is null or s.client_id = $client_id)
        order by case s.severity when 'high' then 0 when 'medium' then 1 else 2 end,
            s.signal_id, c.name, s.client_id
        """,
        {"quarter": run.quarter, "q_index": run.q_index, "client_id": client_id},
    ).df()


@aggregate
def signal_history(con: duckdb.DuckDBPyConnection) -> pd.DataFrame:
    """How many clients each signal fires on in every quarter: quarter, signal_id,
    clients, high (of them at high severity). Quarters with no firing are left out."""
    compute(con)
    return con.execute(
        """
        select
            (q_index // 4)::varchar || 'Q' || (q_index % 4 + 1)::varchar as quarter,
            signal_id,
            count(*) as clients,
            count(*) filter (where severity = 'high') as high
        from client_signals
        group by all
        order by quarter, signal_id
        """
    ).df()


@client_detail("client_id")
def signal_evidence(
    con: duckdb.DuckDBPyConnection, signal_id: str, client_id: str, quarter: str | None = None
) -> pd.DataFrame:
    """The rows behind `signal_id` for one client in `quarter`: quarter, day, source
    (interaction, deal, feedback, service_cost, team_pulse), row_id, detail, value.
    The same rows are counted by evidence_count, whether or not the signal fires."""
    if signal_id not in dict(SIGNALS):
        raise UnknownSignal(signal_id)
    quarter = resolve_quarter(con, quarter)
    check_client(con, client_id)
    text = sql(f"evidence/{signal_id}")
    params = params_for(text, load_settings(con), client_id=client_id, q_index=quarter_index(quarter))
    return con.execute(text, params).df()
