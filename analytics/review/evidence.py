"""The evidence beside each step of the review, and the drafts it pre-fills.

Reads the method (analytics.method.continuum, analytics.method.signals, analytics.method.value) for one
client and quarter: the position and its path, the dimensions with their
contributions, the signals with their reasons. From those it suggests what works,
what to keep, successes worth telling and what is slipping (the reviewer edits them),
and which playbook entries to offer. Also the list of clients due for review.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import duckdb
import pandas as pd

from analytics.access import client_detail, per_client
from analytics.method.continuum import (
    DIMENSIONS,
    STAGES,
    MethodRun,
    contributions_of,
    positions_of,
    run_method,
    score_history,
)
from analytics.method.coverage import coverage_of, coverage_sentence
from analytics.method.portfolio import clients_overview
from analytics.method.signals import SIGNALS, firing_signals
from analytics.review.portfolio import review_status_by_client
from analytics.review.store import Action
from analytics.settings import STAGE_KEYS, load_settings

PATH_QUARTERS = 8  # how far back step 1 and the export draw the path
SEVERITY_WEIGHT = {"high": 3, "medium": 2, "low": 1}
# step 4 offers options for every firing signal and for this many weakest dimensions
WEAKEST_DIMENSIONS = 2
# a dimension that moved at least this many points counts as improved or slipping
NOTABLE_CHANGE = 5


@dataclass
class Evidence:
    """What the data says about one client in one quarter."""

    client_id: str
    quarter: str
    position: dict | None  # score, stage, change, is_new, coverage, provisional; None when not scored
    previous_quarter: str | None
    path: pd.DataFrame  # quarter, score, stage (up to PATH_QUARTERS ending with `quarter`)
    dimensions: pd.DataFrame  # dimension, label, score, previous, change
    contributions: pd.DataFrame  # dimension, component, points, sentence
    signals: pd.DataFrame  # signal_id, label, severity, reason, evidence_count
    stage_bounds: list[float]  # the lowest score of each stage after the first (settings)
    not_measured: dict[str, str] = field(default_factory=dict)  # dimension id -> what it needs
    not_judged: list[dict] = field(default_factory=list)  # [{id, needs}]: signals the data cannot judge

    @property
    def stage_label(self) -> str:
        """The stage's label, "(provisional)" after it when too little of the weight was measured."""
        if not self.position or self.position.get("stage") is None:
            return "Not measured" if self.position else ""
        label = dict(STAGES).get(self.position["stage"], "")
        return f"{label} (provisional)" if self.position.get("provisional") else label

    @property
    def coverage_words(self) -> str:
        """'measured on Value only (20 % of the weight)'; '' when not scored."""
        if not self.position:
            return ""
        scores = dict(zip(self.dimensions["dimension"], self.dimensions["score"], strict=True))
        return coverage_sentence(self.position.get("coverage"), scores)

    def _measured(self) -> pd.DataFrame:
        return self.dimensions.dropna(subset=["score"])

    def _split(self) -> tuple[int, int]:
        """How many measured dimensions count as strongest and as weakest. The two never
        overlap: with two measured, one is each; with one, it is a strength from 50 up and
        a weakness below (a portfolio that measures little must not tell a user to keep
        and to correct the same thing)."""
        measured = self._measured()
        if len(measured) == 1:
            return (1, 0) if float(measured["score"].iloc[0]) >= 50 else (0, 1)
        weak = min(WEAKEST_DIMENSIONS, len(measured) // 2)
        return min(2, len(measured) - weak), weak

    def strongest(self) -> pd.DataFrame:
        n = self._split()[0]
        return self._measured().sort_values(["score", "dimension"], ascending=[False, True]).head(n)

    def weakest(self) -> pd.DataFrame:
        n = self._split()[1]
        return self._measured().sort_values(["score", "dimension"]).head(n)

    def improved(self) -> pd.DataFrame:
        return self.dimensions[self.dimensions["change"] >= NOTABLE_CHANGE]

    def slipped(self) -> pd.DataFrame:
        return self.dimensions[self.dimensions["change"] <= -NOTABLE_CHANGE]

    def option_keys(self) -> list[str]:
        """What step 4 answers: the firing signals (most severe first), then the weakest dimensions."""
        keys = list(dict.fromkeys(self.signals["signal_id"]))
        return keys + [d for d in self.weakest()["dimension"] if d not in keys]

    def snapshot(self) -> dict:
        """The evidence as plain data, stored with a saved review and used by its export."""
        stage_labels = dict(STAGES)
        position = self.position or {}
        return {
            "quarter": self.quarter,
            "score": position.get("score"),
            "stage": position.get("stage"),
            "stage_label": self.stage_label or None,
            "change": position.get("change"),
            "is_new": bool(position.get("is_new", False)),
            "coverage": position.get("coverage"),
            "provisional": bool(position.get("provisional", False)),
            "coverage_words": self.coverage_words or None,
            "not_measured": dict(self.not_measured),
            "not_judged": list(self.not_judged),
            "previous_quarter": self.previous_quarter,
            "path": [
                {"quarter": r["quarter"], "score": round(float(r["score"]), 1), "stage": r["stage"],
                 "stage_label": stage_labels.get(r["stage"], r["stage"])}
                for r in self.path.to_dict("records") if pd.notna(r["score"])
            ],
            "dimensions": [
                {"id": r["dimension"], "label": r["label"],
                 "score": None if pd.isna(r["score"]) else round(float(r["score"]), 1),
                 "change": None if pd.isna(r["change"]) else round(float(r["change"]), 1)}
                for r in self.dimensions.to_dict("records")
            ],
            "signals": [
                {"id": r["signal_id"], "label": r["label"], "severity": r["severity"], "reason": r["reason"]}
                for r in self.signals.to_dict("records")
            ],
            "weakest": [
                {"id": r["dimension"], "label": r["label"], "score": round(float(r["score"]), 1)}
                for r in self.weakest().to_dict("records")
            ],
            "labels": dict(SIGNALS) | dict(DIMENSIONS),
            "stage_bounds": list(self.stage_bounds),
            "stages": [list(s) for s in STAGES],
        }


@client_detail("client_id")
def review_evidence(con: duckdb.DuckDBPyConnection, client_id: str, quarter: str) -> Evidence:
    """The evidence for the review of `client_id` in `quarter` (see Evidence)."""
    history = score_history(con, client_id)
    history = history[history["quarter"] <= quarter]
    path = history.tail(PATH_QUARTERS)[["quarter", "score", "stage"]].reset_index(drop=True)
    current = history[history["quarter"] == quarter]
    labels = dict(DIMENSIONS)
    settings = load_settings(con)
    bounds = [float(settings[k]) for k in STAGE_KEYS]
    if current.empty:
        empty_dims = pd.DataFrame(columns=["dimension", "label", "score", "previous", "change"])
        return Evidence(
            client_id, quarter, None, None, path, empty_dims,
            pd.DataFrame(columns=["dimension", "component", "points", "sentence"]),
            _signals(pd.DataFrame(columns=["signal_id", "severity", "reason", "evidence_count"])),
            bounds,
        )
    row = current.iloc[0]
    earlier = history[history["quarter"] < quarter]
    before = earlier.iloc[-1] if not earlier.empty else None
    dims = pd.DataFrame({
        "dimension": [d for d, _ in DIMENSIONS],
        "label": [labels[d] for d, _ in DIMENSIONS],
        "score": [float(row[d]) if pd.notna(row[d]) else None for d, _ in DIMENSIONS],
        "previous": [float(before[d]) if before is not None and pd.notna(before[d]) else None for d, _ in DIMENSIONS],
    })
    dims["score"] = dims["score"].astype(float)
    dims["change"] = dims["score"] - dims["previous"].astype(float)
    run = run_method(con, quarter)  # the client was scored in it, so it has data
    parts = contributions_of(run, client_id)
    fired = firing_signals(run, client_id)
    coverage = coverage_of(run)
    return Evidence(
        client_id=client_id,
        quarter=quarter,
        position={
            "score": None if pd.isna(row["score"]) else float(row["score"]),
            "stage": None if pd.isna(row["stage"]) else row["stage"],
            "change": None if pd.isna(row["change"]) else float(row["change"]),
            "is_new": bool(row["is_new"]),
            "coverage": float(row["coverage"]),
            "provisional": bool(row["provisional"]),
        },
        previous_quarter=before["quarter"] if before is not None else None,
        path=path,
        dimensions=dims,
        contributions=parts[["dimension", "component", "points", "sentence"]].reset_index(drop=True),
        signals=_signals(fired),
        stage_bounds=bounds,
        not_measured=coverage.not_measured,
        not_judged=coverage.not_judged,
    )


def _signals(fired: pd.DataFrame) -> pd.DataFrame:
    frame = fired[["signal_id", "severity", "reason", "evidence_count"]].copy()
    frame.insert(1, "label", frame["signal_id"].map(dict(SIGNALS)))
    frame["rank"] = frame["severity"].map(SEVERITY_WEIGHT)
    return frame.sort_values(["rank", "signal_id"], ascending=[False, True]).drop(columns="rank").reset_index(drop=True)


# --------------------------------------------------------------------------- suggestions


def _best_sentence(evidence: Evidence, dimension: str, positive: bool) -> str | None:
    parts = evidence.contributions[evidence.contributions["dimension"] == dimension]
    parts = parts[parts["points"] > 0] if positive else parts[parts["points"] < 0]
    if parts.empty:
        return None
    pick = parts.sort_values("points", ascending=not positive).iloc[0]
    return str(pick["sentence"])


def suggest_what_works(evidence: Evidence) -> str:
    """The strongest dimensions and what improved, with the numbers behind them."""
    if evidence.position is None:
        return ""
    lines = []
    for r in evidence.strongest().to_dict("records"):
        why = _best_sentence(evidence, r["dimension"], positive=True)
        lines.append(f"- {r['label']} is among the strongest dimensions ({r['score']:.0f}/100)" + (f": {why}" if why else "."))
    for r in evidence.improved().to_dict("records"):
        lines.append(f"- {r['label']} improved by {r['change']:.0f} points since {evidence.previous_quarter} ({r['score']:.0f}/100).")
    return "\n".join(lines)


def suggest_what_to_keep(evidence: Evidence) -> str:
    if evidence.position is None:
        return ""
    strong = " and ".join(evidence.strongest()["label"])
    weak = " and ".join(evidence.weakest()["label"])
    if strong and weak:
        return f"Keep the practices behind {strong} while we correct {weak}."
    if strong:
        return f"Keep the practices behind {strong}."
    return f"Nothing measured is strong yet: correct {weak} first." if weak else ""


# what an improved dimension means, said to the client (its components: docs/method.md)
SUCCESS_WORDS = {
    "high_wide": "We now work with more of your people, at more levels of your organisation",
    "dialogue": "We hear from you more often and earlier, and answer each other more",
    "trust": "Your feedback and the tone of our exchanges have improved",
    "balance": "Our work runs more smoothly: less rework, fewer rushed deadlines and status chases",
    "value": "Our work together brings more value on both sides",
}


def suggest_successes(evidence: Evidence, follow_up: list[Action]) -> str:
    """Evidence of progress to tell the client (DOMAIN §6): actions done or partly
    done last quarter, and dimensions that improved, in words for the client with the
    measure behind them in brackets for the account manager."""
    lines = []
    for a in follow_up:
        if a.status in ("done", "partial"):
            lines.append(f"- {a.description}" + (f": {a.outcome}" if a.outcome else "") + (" (partly done)" if a.status == "partial" else ""))
    for r in evidence.improved().to_dict("records"):
        said = SUCCESS_WORDS.get(r["dimension"], r["label"])
        lines.append(f"- {said} ({r['label']} up {r['change']:.0f} points since {evidence.previous_quarter}).")
    return "\n".join(lines)


def suggest_what_slips(evidence: Evidence) -> str:
    """The weakest dimensions and what slipped, with the component that costs most."""
    if evidence.position is None:
        return ""
    lines = []
    shown = set()
    for r in pd.concat([evidence.weakest(), evidence.slipped()]).to_dict("records"):
        if r["dimension"] in shown:
            continue
        shown.add(r["dimension"])
        why = _best_sentence(evidence, r["dimension"], positive=False)
        moved = f", {r['change']:+.0f} since {evidence.previous_quarter}" if pd.notna(r["change"]) else ""
        lines.append(f"- {r['label']} {r['score']:.0f}/100{moved}" + (f": {why}" if why else "."))
    return "\n".join(lines)


# --------------------------------------------------------------------------- who is due


@per_client
def due_for_review(con: duckdb.DuckDBPyConnection, quarter: str) -> pd.DataFrame:
    """One row per client scored in `quarter`, those not yet reviewed first, then by
    the weight of their firing signals (high 3, medium 2, low 1) and the revenue at
    stake (won revenue over the last four quarters): client_id, name, account_manager,
    score, stage, change, signal_weight, count_signals, signals (labels, most severe
    first), revenue_4q, is_reviewed, last_review_quarter, count_open_actions,
    count_overdue_actions."""
    run = run_method(con, quarter)
    scores = positions_of(run)[["client_id", "name", "account_manager", "score", "stage", "change"]]
    fired = _signals_with_clients(run)
    weights = fired.groupby("client_id").agg(
        signal_weight=("weight", "sum"),
        count_signals=("signal_id", "count"),
        signals=("label", lambda s: "; ".join(s)),
    ).reset_index()
    revenue = clients_overview(con, run.quarter)[["client_id", "revenue_4q"]]
    status = review_status_by_client(con, run.quarter, as_of=None)
    due = (
        scores.merge(weights, on="client_id", how="left")
        .merge(revenue, on="client_id", how="left")
        .merge(status, on="client_id", how="left")
    )
    due["signal_weight"] = due["signal_weight"].fillna(0).astype(int)
    due["count_signals"] = due["count_signals"].fillna(0).astype(int)
    due["signals"] = due["signals"].fillna("")
    due["revenue_4q"] = due["revenue_4q"].fillna(0.0)
    due["is_reviewed"] = due["is_reviewed"].fillna(False).astype(bool)
    due = due.sort_values(
        ["is_reviewed", "signal_weight", "revenue_4q", "name"], ascending=[True, False, False, True]
    ).reset_index(drop=True)
    return due[[
        "client_id", "name", "account_manager", "score", "stage", "change", "signal_weight",
        "count_signals", "signals", "revenue_4q", "is_reviewed", "last_review_quarter",
        "count_open_actions", "count_overdue_actions",
    ]]


def _signals_with_clients(run: MethodRun) -> pd.DataFrame:
    fired = firing_signals(run)[["client_id", "signal_id", "severity"]].copy()
    fired["label"] = fired["signal_id"].map(dict(SIGNALS))
    fired["weight"] = fired["severity"].map(SEVERITY_WEIGHT)
    return fired.sort_values(["client_id", "weight", "signal_id"], ascending=[True, False, True])
