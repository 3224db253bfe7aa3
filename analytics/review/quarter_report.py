"""The quarter report for the head of sales: the portfolio and its reviews in one file.

Every figure comes from the functions the Portfolio, Signals and Reviews pages call
(method.portfolio: portfolio_view, headline, stage_counts, stage_flow, signal_inbox,
concentration_curve, top_share; review.portfolio and review.evidence for the reviews),
narrowed by the same filters as the Portfolio page (segment, region, account manager),
so the report and the pages never disagree. quarter_report_files.py draws it as a
PowerPoint deck and as the HTML page it mirrors.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Sequence
from dataclasses import dataclass, field

import duckdb
import pandas as pd

from analytics.errors import ContinuumError
from analytics.method.continuum import (
    DIMENSIONS,
    STAGES,
    MethodRun,
    contributions_of,
    positions_in,
    run_method,
)
from analytics.method.coverage import coverage_of, coverage_sentence
from analytics.method.portfolio import (
    Headline,
    clients_overview,
    concentration_curve,
    headline,
    portfolio_view,
    signal_inbox,
    stage_counts,
    stage_flow,
    top_share,
)
from analytics.method.signals import SIGNALS, firing_signals
from analytics.quarters import shift_quarter
from analytics.review.evidence import due_for_review
from analytics.review.portfolio import overdue_actions, review_status_by_client, reviews_of_quarter
from analytics.settings import is_demo, reporting_currency
from analytics.sql_files import sql_reader

sql = sql_reader(__package__)

STAGE_LABELS = dict(STAGES)
STAGE_ORDER = {stage: i for i, (stage, _) in enumerate(STAGES)}
SIGNAL_LABELS = dict(SIGNALS)
DIMENSION_LABELS = dict(DIMENSIONS)
SEVERITIES = (("high", "High"), ("medium", "Medium"), ("low", "Low"))
MOVERS = 3  # the largest falls and rises, as the Portfolio page lists them
REASONS_PER_MOVER = 2  # the components whose points moved most, in the method's words
FORMATS = ("pptx", "html")


class ReportError(ContinuumError):
    """A quarter report that cannot be made as asked; the message says what to change."""


@dataclass(frozen=True)
class ReportFilters:
    """The Portfolio page's filters on a client's segment, region and account manager;
    an empty tuple keeps all (the page's stage filter is not offered: the report shows
    every stage)."""

    segment: tuple[str, ...] = ()
    region: tuple[str, ...] = ()
    manager: tuple[str, ...] = ()

    COLUMNS = (("segment", "Segment", "segment"), ("region", "Region", "region"),
               ("manager", "Account manager", "account_manager"))

    @property
    def active(self) -> bool:
        return any((self.segment, self.region, self.manager))

    def apply(self, frame: pd.DataFrame) -> pd.DataFrame:
        """The rows of `frame` whose client passes every filter, as ui.filters.Filters.apply."""
        keep = pd.Series(True, index=frame.index)
        for name, _, column in self.COLUMNS:
            chosen = getattr(self, name)
            if chosen:
                keep &= frame[column].isin(chosen)
        return frame[keep]

    def describe(self) -> str:
        """"Segment: Enterprise · Account manager: Greta Holm", or "all clients"."""
        parts = [f"{label}: {', '.join(getattr(self, name))}" for name, label, _ in self.COLUMNS if getattr(self, name)]
        return " · ".join(parts) if parts else "all clients"

    def check(self, clients: pd.DataFrame) -> None:
        """ReportError naming a value no client of the quarter has (a typing mistake
        would otherwise give a report of nobody)."""
        for name, label, column in self.COLUMNS:
            known = sorted(str(v) for v in clients[column].dropna().unique())
            for value in getattr(self, name):
                if value not in known:
                    choices = ", ".join(known) if known else "none is set for any client"
                    raise ReportError(f'No client has {label.lower()} "{value}" in this quarter; '
                                      f"the {label.lower()}s are: {choices}.")


@dataclass(frozen=True)
class Mover:
    """One of the clients whose score moved most since last quarter, and why."""

    client_id: str
    name: str
    score_before: float
    score: float
    previous_stage: str | None
    stage: str
    dimensions: list[tuple[str, float]]  # (label, change), the largest moves first
    reasons: list[str]  # the components that moved most, in the method's words
    signals: list[str]  # labels of the signals firing now

    @property
    def change(self) -> float:
        return self.score - self.score_before

    def why(self) -> str:
        """The dimensions that moved and the components behind them, in one text."""
        parts = []
        if self.dimensions:
            parts.append(", ".join(f"{label} {change:+.0f}".replace("-", "−") for label, change in self.dimensions)
                         + ".")
        parts += [r[:1].upper() + r[1:] + ("" if r.endswith(".") else ".") for r in self.reasons]
        if self.signals:
            parts.append("Signals now: " + ", ".join(self.signals) + ".")
        return " ".join(parts) or "No single dimension explains the move."


@dataclass(frozen=True)
class OwnerFollowThrough:
    owner: str
    actions: int
    done: int
    partial: int
    not_done: int
    open: int

    @property
    def rate(self) -> float | None:
        """Done or partly done over all: partial progress is progress."""
        return (self.done + self.partial) / self.actions if self.actions else None


@dataclass
class QuarterReport:
    """Everything the report shows, figures as the pages compute them."""

    quarter: str
    previous_quarter: str
    currency: str
    filters: ReportFilters
    as_of: dt.date
    is_demo: bool
    clients_total: int  # scored in the quarter, before the filters
    view: pd.DataFrame  # portfolio_view narrowed by the filters
    top: Headline
    stages_now: dict[str, int]
    stages_before: dict[str, int]
    flow: pd.DataFrame  # stage_flow
    falls: list[Mover]
    rises: list[Mover]
    inbox: pd.DataFrame  # signal_inbox, most severe and most revenue first
    severities: list[dict]  # severity, label, signals, clients, revenue_at_stake
    not_judged: list[str]  # signals the data cannot judge, with what they need
    coverage_note: str  # empty when every client is measured on all five dimensions
    reviews: pd.DataFrame  # reviews_of_quarter of the clients in view
    due: pd.DataFrame  # due_for_review, those not reviewed yet
    clients_reviewed: int
    owners: list[OwnerFollowThrough]  # the previous quarter's plans, followed up now
    overdue: pd.DataFrame  # overdue_actions of the filtered clients
    curves: dict[str, pd.DataFrame] = field(default_factory=dict)  # concentration_curve by measure
    shares: dict[str, float | None] = field(default_factory=dict)  # top_share by measure
    costs_measured: bool = True

    @property
    def revenue_at_stake(self) -> float:
        """Won revenue of the last four quarters of the clients with a firing signal,
        each counted once, as the Signals page counts it."""
        return float(self.inbox.drop_duplicates("client_id")["revenue_4q"].sum()) if not self.inbox.empty else 0.0

    @property
    def follow_through(self) -> OwnerFollowThrough:
        """All owners together: the previous quarter's plans."""
        return OwnerFollowThrough("all", *(sum(getattr(o, f) for o in self.owners)
                                           for f in ("actions", "done", "partial", "not_done", "open")))

    def movement(self) -> dict[str, int]:
        """Clients that moved up a stage, down a stage, stayed, or are new since last quarter."""
        out = {"up": 0, "down": 0, "stayed": 0, "new": 0}
        for row in self.flow.itertuples():
            if row.from_stage == "new":
                out["new"] += int(row.clients)
                continue
            step = STAGE_ORDER.get(row.to_stage, 0) - STAGE_ORDER.get(row.from_stage, 0)
            out["up" if step > 0 else "down" if step < 0 else "stayed"] += int(row.clients)
        return out


def quarter_report(
    con: duckdb.DuckDBPyConnection,
    quarter: str | None = None,
    filters: ReportFilters | None = None,
    as_of: dt.date | None = None,
) -> QuarterReport:
    """The quarter report of `quarter` (default: the default quarter) for the clients
    that pass `filters`; overdue means planned or in progress and due before `as_of`
    (default today), as on the Reviews page. ReportError when no client is placed in
    the quarter, a filter names a value no client has, or the filters leave nobody."""
    filters = filters or ReportFilters()
    as_of = as_of or dt.date.today()
    run = run_method(con, quarter)  # NoDataForQuarter outside the data
    quarter, previous = run.quarter, shift_quarter(run.quarter, -1)
    everyone = portfolio_view(con, quarter, as_of)
    if everyone.empty:
        raise ReportError(f"No client could be placed on the continuum in {quarter}: there is no activity to "
                          "score. Choose another quarter, or import interactions and deals.")
    clients = clients_overview(con, quarter)
    filters.check(clients)
    view = filters.apply(everyone)
    if view.empty:
        raise ReportError(f"No client of {quarter} matches {filters.describe()}. Choose fewer filters.")
    in_filter = set(filters.apply(clients)["client_id"])
    inbox = signal_inbox(firing_signals(run), view)
    coverage = coverage_of(run)
    status = review_status_by_client(con, quarter, as_of=as_of)
    active = status[status["client_id"].isin(view["client_id"])]
    reviews = reviews_of_quarter(con, quarter)
    due = due_for_review(con, quarter)
    due = due[due["client_id"].isin(view["client_id"]) & ~due["is_reviewed"]].reset_index(drop=True)
    overdue = overdue_actions(con, as_of=as_of)
    curves = {m: concentration_curve(view, m) for m in ("revenue", "cost")}
    falls, rises = _movers(run, view)
    return QuarterReport(
        quarter=quarter,
        previous_quarter=previous,
        currency=reporting_currency(con),
        filters=filters,
        as_of=as_of,
        is_demo=is_demo(con),
        clients_total=len(everyone),
        view=view,
        top=headline(view),
        stages_now={str(k): int(v) for k, v in stage_counts(view).items()},
        stages_before={str(k): int(v) for k, v in stage_counts(view, "previous_stage").items()},
        flow=stage_flow(view),
        falls=falls,
        rises=rises,
        inbox=inbox,
        severities=_by_severity(inbox),
        not_judged=[f"{SIGNAL_LABELS.get(s['id'], s['id'])} (needs {s['needs']})" for s in coverage.not_judged],
        coverage_note=_coverage_note(view),
        reviews=reviews[reviews["client_id"].isin(view["client_id"])].reset_index(drop=True),
        due=due,
        clients_reviewed=int(active["is_reviewed"].sum()),
        owners=_owners(report_actions(con, [previous]), in_filter),
        overdue=overdue[overdue["client_id"].isin(in_filter)].reset_index(drop=True),
        curves=curves,
        shares={m: top_share(c) for m, c in curves.items()},
        costs_measured=bool(view["margin_4q"].notna().any()),
    )


def report_actions(con: duckdb.DuckDBPyConnection, quarters: Sequence[str]) -> pd.DataFrame:
    """One row per action of the reviews of `quarters`: action_id, client_id,
    review_quarter, owner ("(no owner)" when blank), status."""
    return con.execute(sql("quarter_report_actions"), {"quarters": list(quarters)}).df()


def _owners(actions: pd.DataFrame, clients: set[str]) -> list[OwnerFollowThrough]:
    """Follow-through per owner over the actions of the filtered clients."""
    actions = actions[actions["client_id"].isin(clients)]
    out = []
    for owner, rows in actions.groupby("owner", sort=True):
        counts = rows["status"].value_counts()
        out.append(OwnerFollowThrough(
            str(owner), len(rows), int(counts.get("done", 0)), int(counts.get("partial", 0)),
            int(counts.get("not_done", 0)), int(counts.get("planned", 0) + counts.get("in_progress", 0)),
        ))
    return sorted(out, key=lambda o: (-o.actions, o.owner))


def _by_severity(inbox: pd.DataFrame) -> list[dict]:
    """Per severity: signals firing, clients whose most severe signal it is, and their
    revenue at stake, so the three rows add up to the Signals page's totals."""
    out = []
    top = inbox.drop_duplicates("client_id")  # the inbox is sorted most severe first
    for severity, label in SEVERITIES:
        mine = top[top["severity"] == severity]
        out.append({
            "severity": severity, "label": label,
            "signals": int((inbox["severity"] == severity).sum()) if not inbox.empty else 0,
            "clients": len(mine),
            "revenue_at_stake": float(mine["revenue_4q"].sum()) if not mine.empty else 0.0,
        })
    return out


def _coverage_note(view: pd.DataFrame) -> str:
    """The Portfolio page's coverage note in words (nothing when all is measured)."""
    if (view["coverage"] >= 1).all():
        return ""
    typical = view.sort_values("coverage").iloc[len(view) // 2]
    provisional = int(view["provisional"].fillna(False).astype(bool).sum())
    words = coverage_sentence(typical["coverage"], {d: typical[d] for d, _ in DIMENSIONS})
    share = "every stage is" if provisional == len(view) else f"{provisional:,} of {len(view):,} stages are"
    tail = f", so {share} provisional" if provisional else ""
    return f"Positions are {words}{tail}. Dimensions without data are not measured, never scored as a neutral 50."


def largest_moves(view: pd.DataFrame, n: int = MOVERS) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The `n` largest falls and rises of score since last quarter (the clients of the
    Portfolio page's "Largest falls" and "Largest rises")."""
    moved = view.dropna(subset=["change"])
    return moved[moved["change"] < 0].nsmallest(n, "change"), moved[moved["change"] > 0].nlargest(n, "change")


def _movers(run: MethodRun, view: pd.DataFrame) -> tuple[list[Mover], list[Mover]]:
    falls, rises = largest_moves(view)
    ids = [*falls["client_id"], *rises["client_id"]]
    if not ids:
        return [], []
    previous = MethodRun(run.con, shift_quarter(run.quarter, -1), run.settings)
    before = positions_in(run, (previous.quarter,)).set_index("client_id")
    signals = {r.client_id: [SIGNAL_LABELS.get(s, s) for s in r.signal_ids] for r in view.itertuples()}

    def mover(row) -> Mover:
        sign = -1 if row.change < 0 else 1
        dims = []
        if row.client_id in before.index:
            for d, label in DIMENSIONS:
                now, then = getattr(row, d), before.at[row.client_id, d]
                if pd.notna(now) and pd.notna(then) and sign * (now - then) >= 1:
                    dims.append((d, label, float(now - then)))
        dims.sort(key=lambda x: -abs(x[2]))
        return Mover(
            client_id=row.client_id, name=row.name, score_before=float(row.score - row.change),
            score=float(row.score), stage=row.stage,
            previous_stage=None if pd.isna(row.previous_stage) else row.previous_stage,
            dimensions=[(label, change) for _, label, change in dims[:3]],
            reasons=_reasons(run, previous, row.client_id, sign, [d for d, _, _ in dims[:REASONS_PER_MOVER]]),
            signals=signals.get(row.client_id, []),
        )

    return [mover(r) for r in falls.itertuples()], [mover(r) for r in rises.itertuples()]


def _reasons(run: MethodRun, previous: MethodRun, client_id: str, sign: int, dimensions: list[str]) -> list[str]:
    """For each of `dimensions` (the ones that moved most), the method's sentence of the
    component whose points moved most in the direction of the client's move, with its
    points last quarter."""
    now = contributions_of(run, client_id)
    then = contributions_of(previous, client_id)[["dimension", "component", "points"]]
    both = now.merge(then, on=["dimension", "component"], how="inner", suffixes=("", "_before"))
    both = both.assign(delta=(both["points"] - both["points_before"]) * sign)
    both = both[both["delta"] > 0].sort_values(["delta", "ordinal"], ascending=[False, True])
    out = []
    for dimension in dimensions:
        mine = both[both["dimension"] == dimension]
        if not mine.empty:
            r = mine.iloc[0]
            out.append(f"{r['sentence']} (last quarter {_points(r['points_before'])})")
    return out


def _points(value: float) -> str:
    return "0" if round(value) == 0 else f"{value:+.0f}".replace("-", "−")


def report_file_name(quarter: str, filters: ReportFilters, fmt: str) -> str:
    """"Quarter-report-2026Q3.pptx", with the filters in the name when there are any
    ("Quarter-report-2026Q3-Enterprise-Greta-Holm.html")."""
    chosen = [*filters.segment, *filters.region, *filters.manager]
    words = re.findall(r"\w+", " ".join(chosen))[:8]
    return "-".join(["Quarter-report", quarter, *words]) + f".{fmt}"
