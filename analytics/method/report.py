"""The command line's score report: every client's position for a quarter as data,
with what each number stands on (coverage, not measured, not judged, unknown revenue)."""

from __future__ import annotations

import duckdb
import pandas as pd

from analytics.method.continuum import DIMENSIONS, check_client, contributions_of, positions_of, run_method
from analytics.method.coverage import coverage_of, unknown_revenue_of
from analytics.method.value import value_of
from analytics.settings import reporting_currency


def score_report(
    con: duckdb.DuckDBPyConnection, quarter: str | None = None, client_id: str | None = None
) -> list[dict]:
    """The command line's JSON: one object per client scored in `quarter` with
    client_id, name, quarter, score (null when nothing is measured), stage, provisional,
    coverage (0..1), change, is_new, currency (the reporting currency), revenue_4q (won
    revenue of the 4 quarters ending with the quarter; null when unknown), dimensions
    (id -> {score (null when not measured), contributions: [sentence, ...]}), signals
    ([{id, severity, reason, evidence_count}], most severe first) and not_judged
    ([{id, needs}]). Ordered by client_id."""
    run = run_method(con, quarter)
    check_client(con, client_id)
    positions = positions_of(run, client_id).sort_values("client_id")
    parts = contributions_of(run, client_id)
    revenue = value_of(run).set_index("client_id")["revenue_4q"]
    not_judged = coverage_of(run).not_judged
    currency = reporting_currency(con)
    fired = con.execute(
        """
        select client_id, signal_id, severity, reason, evidence_count
        from client_signals
        where q_index = $q_index and ($client_id is null or client_id = $client_id)
        order by client_id, case severity when 'high' then 0 when 'medium' then 1 else 2 end, signal_id
        """,
        {"q_index": run.q_index, "client_id": client_id},
    ).fetchall()
    sentences: dict[tuple[str, str], list[str]] = {}
    for row in parts.itertuples(index=False):
        sentences.setdefault((row.client_id, row.dimension), []).append(row.sentence)
    signals: dict[str, list[dict]] = {}
    for cid, sid, severity, reason, count in fired:
        signals.setdefault(cid, []).append(
            {"id": sid, "severity": severity, "reason": reason, "evidence_count": int(count)}
        )
    report = []
    for row in positions.itertuples(index=False):
        report.append({
            "client_id": row.client_id,
            "name": row.name,
            "quarter": run.quarter,
            "score": _number(row.score),
            "stage": None if pd.isna(row.stage) else row.stage,
            "provisional": bool(row.provisional),
            "coverage": round(float(row.coverage), 4),
            "change": _number(row.change),
            "is_new": bool(row.is_new),
            "currency": currency,
            "revenue_4q": _number(revenue.get(row.client_id)),
            "dimensions": {
                d: {
                    "score": None if pd.isna(getattr(row, d)) else int(getattr(row, d)),
                    "contributions": sentences.get((row.client_id, d), []),
                }
                for d, _ in DIMENSIONS
            },
            "signals": signals.get(row.client_id, []),
            "not_judged": not_judged,
        })
    return report


def report_warnings(con: duckdb.DuckDBPyConnection, quarter: str | None = None) -> list[str]:
    """What `score` prints on stderr about the numbers it could not make: unknown revenue."""
    unknown = unknown_revenue_of(run_method(con, quarter))
    return [unknown.sentence] if unknown.clients else []


def _number(value) -> float | None:
    return None if value is None or pd.isna(value) else float(value)
