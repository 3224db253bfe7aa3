"""What the data covers, and what a number stands on.

A portfolio brings the kinds of data it has: a deals export alone, or deals and an
activity export, or everything. A component, a dimension or a signal that stands on a
kind the portfolio lacks is *not measured* (or *not judged*): it says what it needs and
what to import, and is never shown as a neutral 50 or a 0 (docs/method.md, "What a
number stands on"). The method's steps method_data_kinds and method_component_needs
hold the facts; this module puts them in words for the pages, the exports and `score`.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import duckdb
import pandas as pd

from analytics.access import aggregate
from analytics.method.continuum import DIMENSIONS, MethodRun, run_method
from analytics.method.signals import SIGNALS
from analytics.settings import reporting_currency

# the kinds of data, as the method's method_data_kinds names them, in words
KINDS: dict[str, str] = {
    "has_deals": "won deals",
    "has_contacts": "contacts",
    "has_touches": "touches",
    "has_feedback": "feedback",
    "has_costs": "service costs",
    "has_discounts": "deals with a discount",
    "has_team_pulse": "team pulse",
}
# what to import to get each kind
IMPORT_HINTS: dict[str, str] = {
    "has_deals": "a deals export with won deals",
    "has_contacts": "a contacts export",
    "has_touches": "an activity export (calls, meetings, emails)",
    "has_feedback": "a feedback export (NPS or CSAT)",
    "has_costs": "a cost-to-serve or time-tracking export",
    "has_discounts": "deals with a discount column",
    "has_team_pulse": "a team pulse (the account team's morale per quarter)",
}
# what each dimension stands on, to say what to import (whether it is measured is the
# method's method_component_needs): the kinds of its components, the main one first
DIMENSION_NEEDS: dict[str, tuple[tuple[str, ...], ...]] = {
    "high_wide": (("has_contacts", "has_touches"), ("has_contacts",)),
    "dialogue": (("has_touches",),),
    "trust": (("has_touches",), ("has_feedback",)),
    "balance": (("has_touches",), ("has_discounts",), ("has_costs",)),
    "value": (("has_deals",), ("has_touches",)),
}
# what each signal stands on, in the same form
SIGNAL_NEEDS: dict[str, tuple[tuple[str, ...], ...]] = {
    "access_decline": (("has_contacts", "has_touches"),),
    "no_advance_info": (("has_touches",),),
    "revenue_decline": (("has_deals",),),
    "feedback_silence": (("has_touches",), ("has_feedback",)),
    "micromanagement": (("has_touches",),),
    "team_morale": (("has_team_pulse",),),
    "squeeze": (("has_touches",), ("has_discounts",), ("has_costs",)),
}


def data_kinds(con: duckdb.DuckDBPyConnection) -> dict[str, bool]:
    """Which kinds of data the portfolio holds at all (the method's method_data_kinds;
    computed when the method is)."""
    row = con.execute("select * from method_data_kinds").df().iloc[0]
    return {k: bool(row[k]) for k in KINDS}


def _met(kinds: dict[str, bool], alternatives: tuple[tuple[str, ...], ...]) -> bool:
    return any(all(kinds[k] for k in needed) for needed in alternatives)


def needs_sentence(alternatives: tuple[tuple[str, ...], ...], kinds: dict[str, bool]) -> str:
    """'touches: import an activity export (calls, meetings, emails)': what is needed,
    naming the missing kinds of the first alternative (the one read most), and how."""
    missing = [k for k in alternatives[0] if not kinds[k]] or list(alternatives[0])
    what = " and ".join(KINDS[k] for k in missing)
    how = " and ".join(IMPORT_HINTS[k] for k in missing)
    return f"{what}: import {how}"


def not_measured_dimensions(con: duckdb.DuckDBPyConnection, kinds: dict[str, bool]) -> dict[str, str]:
    """Dimension id -> what it needs (needs_sentence), for each dimension none of whose components the
    portfolio's data can measure (the method's method_component_needs decides)."""
    measured = dict(con.execute(
        "select dimension, bool_or(measured) from method_component_needs group by dimension"
    ).fetchall())
    return {d: needs_sentence(DIMENSION_NEEDS[d], kinds) for d, _ in DIMENSIONS if not measured.get(d, False)}


def not_judged_signals(kinds: dict[str, bool]) -> list[dict[str, str]]:
    """[{id, needs}] for each signal the portfolio's data cannot judge, in SIGNALS order."""
    return [
        {"id": s, "needs": needs_sentence(SIGNAL_NEEDS[s], kinds)}
        for s, _ in SIGNALS if not _met(kinds, SIGNAL_NEEDS[s])
    ]


def coverage_sentence(coverage: float | None, scores: dict[str, float | None]) -> str:
    """The position's coverage in words: 'measured on all five dimensions', or
    'measured on Value only (20 % of the weight)', or 'measured on High and Wide and
    Value (45 % of the weight)'; 'not measured' when nothing is."""
    labels = dict(DIMENSIONS)
    measured = [labels[d] for d, _ in DIMENSIONS if scores.get(d) is not None and not _is_nan(scores.get(d))]
    if not measured or coverage is None or _is_nan(coverage):
        return "not measured: no dimension has data"
    if len(measured) == len(DIMENSIONS):
        return "measured on all five dimensions"
    share = f"{round(100 * coverage)} % of the weight"
    if len(measured) == 1:
        return f"measured on {measured[0]} only ({share})"
    return f"measured on {', '.join(measured[:-1])} and {measured[-1]} ({share})"


def _is_nan(value) -> bool:
    return isinstance(value, float) and math.isnan(value)


@dataclass(frozen=True)
class Coverage:
    """What the run's data measures and judges, in words."""

    kinds: dict[str, bool]
    not_measured: dict[str, str]  # dimension id -> needs
    not_judged: list[dict[str, str]]  # [{id, needs}]

    @property
    def complete(self) -> bool:
        return not self.not_measured and not self.not_judged


def coverage_of(run: MethodRun) -> Coverage:
    kinds = data_kinds(run.con)
    return Coverage(kinds, not_measured_dimensions(run.con, kinds), not_judged_signals(kinds))


@aggregate
def data_coverage(con: duckdb.DuckDBPyConnection) -> pd.DataFrame:
    """One row per kind of data: kind (words), rows, clients, first_quarter,
    last_quarter, enables (the dimensions and signals it feeds) and import_hint (what to
    import when it has no rows). Read from the raw tables: what the Portfolio page shows
    under "What the data covers"."""
    frame = con.execute(_DATA_COVERAGE_SQL).df()
    labels = dict(DIMENSIONS) | dict(SIGNALS)
    enables = {}
    for kind in KINDS:
        fed = [labels[d] for d, alts in DIMENSION_NEEDS.items() if any(kind in a for a in alts)]
        fed += [labels[s] for s, alts in SIGNAL_NEEDS.items() if any(kind in a for a in alts)]
        enables[kind] = ", ".join(fed)
    enables["clients"] = "the list of clients, segments and account managers"
    frame["enables"] = frame["kind_id"].map(enables)
    frame["import_hint"] = frame["kind_id"].map(IMPORT_HINTS | {"clients": "a clients export"})
    return frame


# the raw tables behind each kind: rows, clients and the quarters they span
_DATA_COVERAGE_SQL = """
with kinds as (
    select 'clients' as kind_id, 'Clients' as kind, count(*) as rows, count(*) as clients,
        null::date as first_day, null::date as last_day, 0 as ordinal
    from clients
    union all
    select 'has_contacts', 'Contacts', count(*), count(distinct client_id), min(active_from), max(active_from), 1
    from contacts
    union all
    select 'has_touches', 'Touches', count(*), count(distinct client_id),
        min(occurred_at)::date, max(occurred_at)::date, 2
    from interactions
    union all
    select 'has_deals', 'Won deals', count(*), count(distinct client_id), min(closed_on), max(closed_on), 3
    from deals where status = 'won'
    union all
    select 'has_discounts', 'Deals with a discount', count(*), count(distinct client_id),
        min(created_on), max(created_on), 4
    from deals where discount_pct is not null
    union all
    select 'has_feedback', 'Feedback', count(*), count(distinct client_id), min(received_on), max(received_on), 5
    from feedback
    union all
    select 'has_costs', 'Service costs', count(*), count(distinct client_id), min(day), max(day), 6
    from service_costs
    union all
    select 'has_team_pulse', 'Team pulse', count(*), count(distinct client_id), null, null, 7
    from team_pulse
)
select
    kind_id, kind, rows, clients,
    case when first_day is not null then year(first_day)::varchar || 'Q' || quarter(first_day)::varchar end
        as first_quarter,
    case when last_day is not null then year(last_day)::varchar || 'Q' || quarter(last_day)::varchar end
        as last_quarter
from kinds
order by ordinal
"""


@dataclass(frozen=True)
class UnknownRevenue:
    """Clients whose revenue in the run's quarter is unknown (a won deal in a currency
    without an exchange rate), and the currencies that lack a rate."""

    clients: int
    currencies: list[str]
    reporting_currency: str

    @property
    def sentence(self) -> str:
        if not self.clients:
            return ""
        who = "1 client is" if self.clients == 1 else f"{self.clients:,} clients is"
        pairs = ", ".join(f"{c} → {self.reporting_currency}" for c in self.currencies)
        rates = "rate" if len(self.currencies) == 1 else "rates"
        return (f"Revenue of {who} unknown: no {rates} for {pairs}. "
                "Add it on Import → Exchange rates (or: python -m analytics rates set CODE RATE).")


def unknown_revenue_of(run: MethodRun) -> UnknownRevenue:
    """The clients of unknown revenue in the run's quarter and the rates that are missing."""
    clients = run.con.execute(
        "select count(*) from client_value where q_index = ? and not revenue_known", [run.q_index]
    ).fetchone()[0]
    currencies = [r[0] for r in run.con.execute(_MISSING_RATES_SQL).fetchall()] if clients else []
    return UnknownRevenue(int(clients), currencies, reporting_currency(run.con))


# currencies of won deals that convert to nothing: no rate, not the reporting currency,
# and no amount in the reporting currency stored by the import
_MISSING_RATES_SQL = """
select distinct d.currency
from deals as d
left join fx_rate_ranges as fx on fx.currency = d.currency
    and deal_rate_q(d.closed_on, d.created_on) between fx.q_from and fx.q_to
where d.status = 'won' and d.amount is not null and d.amount_base is null and fx.rate_to_base is null
    and d.currency is distinct from (
        select coalesce(max(value), 'EUR') from settings where key = 'reporting_currency'
    )
order by 1
"""


@aggregate
def unknown_revenue(con: duckdb.DuckDBPyConnection, quarter: str | None = None) -> UnknownRevenue:
    """unknown_revenue_of for `quarter` (default: the default quarter): the one banner
    every page that shows money shows."""
    return unknown_revenue_of(run_method(con, quarter))


@aggregate
def quarter_coverage(con: duckdb.DuckDBPyConnection, quarter: str | None = None) -> Coverage:
    """coverage_of for `quarter`: what the portfolio's data measures and judges."""
    return coverage_of(run_method(con, quarter))
