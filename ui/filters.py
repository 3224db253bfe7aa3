"""Sidebar filters shared by the Portfolio and Signals pages, kept in the URL.

Each filter is a multiselect bound to a query parameter (`?segment=Enterprise&stage=Rapport`),
so a filtered view can be shared by copying the address; `persist_state="session"` keeps
the choice while the user visits a client and comes back. An empty filter keeps all.
The same `Filters.apply` narrows every frame a page draws, so the charts and the table
always show the same clients.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import pandas as pd
import streamlit as st

from analytics.method.continuum import STAGES
from analytics.method.portfolio import clients_overview
from ui.data import cached
from ui.frame import Frame

STAGE_LABELS = dict(STAGES)
STAGE_IDS = {label: stage for stage, label in STAGES}

# query parameter -> (label, column of the frames it narrows)
FILTERS: dict[str, tuple[str, str]] = {
    "segment": ("Segment", "segment"),
    "region": ("Region", "region"),
    "manager": ("Account manager", "account_manager"),
    "stage": ("Stage", "stage"),
}


@dataclass(frozen=True)
class Filters:
    """The chosen values per filter; an empty tuple means "all"."""

    segment: tuple[str, ...] = ()
    region: tuple[str, ...] = ()
    manager: tuple[str, ...] = ()
    stage: tuple[str, ...] = ()  # stage ids

    @property
    def active(self) -> bool:
        return any((self.segment, self.region, self.manager, self.stage))

    def apply(self, frame: pd.DataFrame) -> pd.DataFrame:
        """The rows of `frame` that pass every filter (columns it lacks are not filtered)."""
        keep = pd.Series(True, index=frame.index)
        for name, (_, column) in FILTERS.items():
            chosen = getattr(self, name)
            if chosen and column in frame.columns:
                keep &= frame[column].isin(chosen)
        return frame[keep]

    def describe(self) -> str:
        """"Segment: Enterprise · Stage: Rapport, Contact", or "all clients"."""
        parts = []
        for name, (label, _) in FILTERS.items():
            chosen = getattr(self, name)
            if chosen:
                shown = [STAGE_LABELS.get(v, v) for v in chosen] if name == "stage" else chosen
                parts.append(f"{label}: {', '.join(shown)}")
        return " · ".join(parts) if parts else "all clients"


def _options(values: pd.Series) -> list[str]:
    return sorted(str(v) for v in values.dropna().unique())


def sidebar_filters(frame: Frame) -> Filters:
    """Draw the four filters in the sidebar (options from the clients of the quarter)."""
    clients = cached(clients_overview, frame.db, frame.quarter)
    with st.sidebar:
        st.markdown("**Filters**")
        segment = _multiselect("segment", _options(clients["segment"]))
        region = _multiselect("region", _options(clients["region"]))
        manager = _multiselect("manager", _options(clients["account_manager"]))
        stage_labels = _multiselect("stage", [label for _, label in STAGES])
    return Filters(
        segment=tuple(segment),
        region=tuple(region),
        manager=tuple(manager),
        stage=tuple(STAGE_IDS[label] for label in stage_labels),
    )


def _multiselect(name: str, options: Sequence[str]) -> list[str]:
    label = FILTERS[name][0]
    if name in st.session_state:
        # the same filter on another page is another widget: carry the choice over
        st.session_state[name] = [v for v in st.session_state[name] if v in options]
    return st.multiselect(
        label,
        options,
        key=name,
        bind="query-params",
        persist_state="session",
        placeholder="All",
        help=f"Show only clients with these values of {label.lower()}; empty shows all. "
        "The choice is kept in the page address, so the view can be shared.",
    )


def no_match(filters: Filters) -> None:
    """The empty state when the filters leave no client."""
    st.info(
        f"No client matches these filters ({filters.describe()}). Clear a filter in the "
        "sidebar to see more clients.",
        icon=":material/filter_alt_off:",
    )
