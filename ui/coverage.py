"""What a number stands on, shown the same way on every page: the banner for revenue of
unknown amount, the position's coverage, the dimensions not measured and the signals
not judged. The words come from analytics.method.coverage; this module only places them."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from analytics.method.continuum import DIMENSIONS
from analytics.method.coverage import coverage_sentence, quarter_coverage, unknown_revenue
from analytics.method.signals import SIGNALS
from ui.data import cached
from ui.frame import Frame
from ui.text import plain

DIMENSION_LABELS = dict(DIMENSIONS)
SIGNAL_LABELS = dict(SIGNALS)


def money_banner(frame: Frame) -> None:
    """One warning when some clients' revenue is unknown (a currency without a rate)."""
    unknown = cached(unknown_revenue, frame.db, frame.quarter)
    if unknown.clients:
        st.warning(plain(unknown.sentence), icon=":material/currency_exchange:")


def position_words(row: pd.Series | dict) -> str:
    """'measured on Value only (20 % of the weight)', with 'the stage is provisional'
    when it is."""
    scores = {d: row[d] for d, _ in DIMENSIONS}
    words = coverage_sentence(row["coverage"], scores)
    if bool(row.get("provisional", False)) and not pd.isna(row["score"]):
        words += "; the stage is provisional until more of the picture is measured"
    return words


def stage_label(row: pd.Series | dict, labels: dict[str, str], *, provisional_mark: bool = True) -> str:
    """The stage's label, '(provisional)' after it when too little was measured (unless
    the caller says so elsewhere), or 'Not measured' when nothing was."""
    if row["stage"] is None or pd.isna(row["stage"]):
        return "Not measured"
    label = labels.get(row["stage"], row["stage"])
    return f"{label} (provisional)" if provisional_mark and bool(row.get("provisional", False)) else label


def not_measured(frame: Frame) -> dict[str, str]:
    """Dimension id -> what it needs, for the dimensions the data cannot measure."""
    return cached(quarter_coverage, frame.db, frame.quarter).not_measured


def not_judged_note(frame: Frame) -> None:
    """The signals the data cannot judge, with what each needs, as one caption list."""
    judged = cached(quarter_coverage, frame.db, frame.quarter).not_judged
    if not judged:
        return
    lines = "\n".join(f"- **{SIGNAL_LABELS.get(s['id'], s['id'])}**: needs {plain(s['needs'])}" for s in judged)
    st.markdown(f"**Not judged** ({len(judged)} of {len(SIGNALS)} signals; the data they stand on is missing):\n{lines}")


def portfolio_coverage_note(view: pd.DataFrame, panel: str = "below") -> None:
    """How much of the picture the positions in `view` stand on, in words: nothing when
    every client is measured on all five dimensions."""
    if view.empty or (view["coverage"] >= 1).all():
        return
    typical = view.sort_values("coverage").iloc[len(view) // 2]  # the median client's coverage
    provisional = int(view["provisional"].fillna(False).astype(bool).sum())
    words = coverage_sentence(typical["coverage"], {d: typical[d] for d, _ in DIMENSIONS})
    share = "every stage is" if provisional == len(view) else f"{provisional:,} of {len(view):,} stages are"
    tail = f", so {share} provisional" if provisional else ""
    st.info(
        f"Positions are {words}{tail}. The dimensions without data are not measured, never scored as a neutral "
        f"50. Open **What the data covers** {panel} for what each kind of data feeds and what to import next.",
        icon=":material/data_info_alert:",
    )


def data_coverage_panel(frame: Frame, expanded: bool) -> None:
    """For each kind of data: its rows, clients and quarters, what it enables, and what
    to import next where it is missing."""
    from analytics.method.coverage import data_coverage

    table = cached(data_coverage, frame.db)
    missing = table[(table["rows"] == 0) & (table["kind_id"] != "clients")]
    with st.expander("What the data covers", expanded=expanded, icon=":material/dataset:"):
        shown = pd.DataFrame({
            "Data": table["kind"],
            "Rows": table["rows"],
            "Clients": table["clients"],
            "Quarters": [
                f"{a}–{b}" if isinstance(a, str) and a != b else (a if isinstance(a, str) else "")
                for a, b in zip(table["first_quarter"], table["last_quarter"], strict=True)
            ],
            "What it feeds": table["enables"],
        })
        st.dataframe(
            shown, hide_index=True, placeholder="—", width="stretch",
            column_config={
                "Rows": st.column_config.NumberColumn(format="localized", width="small"),
                "Clients": st.column_config.NumberColumn(format="localized", width="small"),
                "Quarters": st.column_config.TextColumn(width="small"),
                "What it feeds": st.column_config.TextColumn(width="large"),
            },
        )
        if missing.empty:
            st.caption("Every kind of data is present: every dimension is measured and every signal judged.")
        else:
            steps = "\n".join(f"- **{k}**: import {plain(h)}" for k, h in zip(missing["kind"], missing["import_hint"],
                                                                               strict=True))
            st.markdown(f"**To complete the picture, import next** (Data → Import):\n{steps}")


def dormant_list(frame: Frame) -> None:
    """The dormant relationships, listed apart: not placed on the continuum, each a
    relationship to revive or to let rest deliberately."""
    from analytics.method.portfolio import dormant_clients
    from analytics.settings import load_settings

    dormant = cached(dormant_clients, frame.db, frame.quarter)
    if dormant.empty:
        return
    quiet_for = int(cached(load_settings, frame.db)["dormant_quarters"])
    with st.expander(
        f"Dormant relationships: {len(dormant):,} clients with no deal, touch or cost for {quiet_for} quarters "
        "or more", icon=":material/bedtime:",
    ):
        st.caption(
            "They are not placed on the continuum and not counted in the figures above. Each is a relationship "
            "to revive, or to let rest deliberately: decide which, and write down why."
        )
        st.dataframe(
            pd.DataFrame({
                "Client": dormant["name"],
                "Account manager": dormant["account_manager"].fillna("not set"),
                "Quiet for": dormant["quiet_quarters"].astype(int),
                "Last activity": pd.to_datetime(dormant["last_activity"]).dt.date,
                f"Revenue before it went quiet ({frame.currency})": dormant["revenue_before"],
            }),
            hide_index=True, width="stretch",
            column_config={
                "Quiet for": st.column_config.NumberColumn(format="%d quarters", width="small"),
                f"Revenue before it went quiet ({frame.currency})": st.column_config.NumberColumn(
                    format="localized", help="Won revenue of the four quarters ending with its last active one."),
            },
        )
