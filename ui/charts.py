"""Plotly figure builders shared by the pages: one look, one stage scale, labelled axes.

Every builder takes the frame an analytics function returned and gives back a figure;
none of them computes a score. Stages are always coloured with ui.theme.STAGE_COLORS in
the continuum's order (strained -> partnership), money carries the currency symbol, and
every axis has a title. `show` draws a figure the same way on every page.
"""

from __future__ import annotations

import math
from collections.abc import Sequence

import pandas as pd
import plotly.graph_objects as go
import streamlit as st

from analytics.method.client_profile import COST_CATEGORIES, LEVELS
from analytics.method.continuum import STAGES
from ui.theme import CHANNEL_LABELS, CURRENCY_SYMBOLS, SENTIMENT_WORDS, STAGE_COLORS, money, plotly_layout

STAGE_LABELS = dict(STAGES)
LEVEL_LABELS = dict(LEVELS)
LEVEL_COLORS = {
    "executive": "#3f2d76",
    "director": "#7566b0",
    "manager": "#aea6d8",
    "staff": "#dcd8ef",
    "unknown": "#c8c8c8",
}
COST_LABELS = dict(COST_CATEGORIES)
COST_COLORS = {"support": "#8c8c8c", "rework": "#fdb863", "free_scope": "#b35806", "other": "#cfcfcf"}
SEVERITY_COLORS = {"high": "#b2182b", "medium": "#ef8a62", "low": "#d9b44a"}
NEUTRAL = "#4d4d4d"
FAINT = "#9e9e9e"
CONFIG = {"displaylogo": False, "modeBarButtonsToRemove": ["lasso2d", "autoScale2d"]}


def show(fig: go.Figure, *, key: str | None = None, on_select: str = "ignore", **kwargs):
    """Draw `fig` full width with the shared configuration; returns the selection event."""
    return st.plotly_chart(fig, width="stretch", theme=None, config=CONFIG, key=key, on_select=on_select, **kwargs)


def stage_color(stage: str) -> str:
    return STAGE_COLORS.get(stage, FAINT)


def stage_label(stage: str) -> str:
    return STAGE_LABELS.get(stage, str(stage).replace("_", " ").capitalize())


def _rgba(hex_color: str, alpha: float) -> str:
    h = hex_color.lstrip("#")
    r, g, b = (int(h[i : i + 2], 16) for i in (0, 2, 4))
    return f"rgba({r},{g},{b},{alpha})"


def quarter_axis(quarters: Sequence[str]) -> dict:
    """A category x axis of quarters labelled on two lines ("Q3" over "2026"), so eight
    quarters fit a half-width chart without tilted labels."""
    quarters = list(quarters)
    return dict(
        title="Quarter", type="category", categoryorder="array", categoryarray=quarters,
        tickmode="array", tickvals=quarters, ticktext=[f"{q[-2:]}<br>{q[:4]}" for q in quarters],
        tickangle=0,
    )


def score_range(scores: pd.Series, margin: float = 8.0) -> list[float]:
    """The part of 0-100 worth drawing for these scores: to the nearest ten around them."""
    values = scores.dropna()
    if values.empty:
        return [0.0, 100.0]
    lo = max(0.0, math.floor((float(values.min()) - margin) / 10) * 10)
    hi = min(100.0, math.ceil((float(values.max()) + margin) / 10) * 10)
    return [lo, hi]


def add_stage_bands(fig: go.Figure, bounds: Sequence[float], shown: Sequence[float], *, alpha: float = 0.14) -> None:
    """Shade each stage's stretch of the score axis in its colour and name it on top,
    within the `shown` range of the axis."""
    edges = [0.0, *bounds, 100.0]
    lo, hi = shown
    for (stage, label), left, right in zip(STAGES, edges[:-1], edges[1:], strict=False):
        left, right = max(left, lo), min(right, hi)
        if right <= left:
            continue
        fig.add_vrect(x0=left, x1=right, fillcolor=_rgba(stage_color(stage), alpha), line_width=0, layer="below")
        fig.add_annotation(x=(left + right) / 2, y=1.0, yref="paper", yanchor="bottom", text=label,
                           showarrow=False, font=dict(color=stage_color(stage), size=12))


def money_axis(currency: str) -> dict:
    """Axis settings that print money with the currency symbol: €1.2M, 350k zł."""
    symbol = CURRENCY_SYMBOLS.get(currency, currency + " ")
    # plotly's default tick format with exponentformat "B": 500k, 1.5M, 2B
    # separatethousands: "€4,000", not "€4000", below the 10k where "k" takes over
    if currency == "PLN":
        return dict(exponentformat="B", separatethousands=True, ticksuffix=f" {symbol}")
    return dict(exponentformat="B", separatethousands=True, tickprefix=symbol)


def money_hover(currency: str, field: str) -> str:
    """A hovertemplate piece for a money value: "€%{y:,.0f}" or "%{y:,.0f} zł"."""
    symbol = CURRENCY_SYMBOLS.get(currency, currency + " ")
    return f"%{{{field}:,.0f}} {symbol}" if currency == "PLN" else f"{symbol}%{{{field}:,.0f}}"


# --------------------------------------------------------------------------- portfolio


def stage_share_bar(counts: pd.Series) -> go.Figure:
    """One 100% bar: the share of clients in each stage, strained -> partnership."""
    total = max(int(counts.sum()), 1)
    fig = go.Figure()
    for stage, label in STAGES:
        n = int(counts.get(stage, 0))
        share = n / total
        fig.add_bar(
            x=[share], y=["Clients"], orientation="h", name=label,
            marker_color=stage_color(stage),
            text=[f"{label} {share:.0%}" if share >= 0.09 else (f"{share:.0%}" if share > 0 else "")],
            textposition="inside", insidetextanchor="middle",
            textfont=dict(color="white", size=13),
            hovertemplate=f"{label}: {n} clients (%{{x:.0%}})<extra></extra>",
        )
    fig.update_layout(**plotly_layout(
        barmode="stack", height=130, showlegend=True, legend_traceorder="normal",
        margin=dict(l=10, r=10, t=30, b=10),
        xaxis=dict(tickformat=".0%", range=[0, 1], title=None, showgrid=False, visible=False),
        yaxis=dict(visible=False),
    ))
    return fig


def stage_distribution(current: pd.Series, previous: pd.Series, quarter: str, prev_quarter: str) -> go.Figure:
    """Clients per stage this quarter (solid) against last quarter (pale), side by side."""
    labels = [label for _, label in STAGES]
    colors = [stage_color(s) for s, _ in STAGES]
    prev = [int(previous.get(s, 0)) for s, _ in STAGES]
    now = [int(current.get(s, 0)) for s, _ in STAGES]
    fig = go.Figure()
    fig.add_bar(
        x=labels, y=prev, name=prev_quarter, text=prev, textposition="outside",
        marker=dict(color=[_rgba(c, 0.3) for c in colors], line=dict(color=colors, width=1.5)),
        hovertemplate=f"%{{x}} in {prev_quarter}: %{{y}} clients<extra></extra>",
    )
    fig.add_bar(
        x=labels, y=now, name=quarter, text=now, textposition="outside",
        marker=dict(color=colors, line=dict(color=colors, width=1.5)),
        hovertemplate=f"%{{x}} in {quarter}: %{{y}} clients<extra></extra>",
    )
    top = max(prev + now + [1])
    fig.update_layout(**plotly_layout(
        barmode="group", height=340, bargap=0.25,
        xaxis=dict(title="Stage on the continuum (low → high)"),
        yaxis=dict(title="Clients", range=[0, top * 1.18], rangemode="tozero"),
    ))
    fig.add_annotation(
        text=f"pale: {prev_quarter} · solid: {quarter}", xref="paper", yref="paper",
        x=1, y=1.12, showarrow=False, font=dict(size=12, color=FAINT), xanchor="right",
    )
    fig.update_layout(showlegend=False)
    return fig


def _node_centres(values: list[float], pad: float = 0.04) -> list[float]:
    """Vertical centres (0 top .. 1 bottom) of stacked Sankey nodes sized by `values`."""
    total = sum(values) or 1.0
    room = 1.0 - pad * (len(values) - 1)
    centres, top = [], 0.0
    for v in values:
        height = room * v / total
        centres.append(min(max(top + height / 2, 0.001), 0.999))
        top += height + pad
    return centres


def stage_flow(flows: pd.DataFrame, quarter: str, prev_quarter: str) -> go.Figure:
    """Sankey of clients moving between stages: from_stage (or "new") -> to_stage, clients.

    Both columns list the stages top to bottom from partnership down to strained, so a
    band sloping down is a client slipping and one sloping up is progress."""
    names = {"new": "New", **STAGE_LABELS}
    order = [s for s, _ in reversed(STAGES)] + ["new"]
    out_totals = flows.groupby("from_stage")["clients"].sum()
    in_totals = flows.groupby("to_stage")["clients"].sum()
    left = [s for s in order if s in out_totals.index]
    right = [s for s in order if s in in_totals.index]
    labels = [f"{names[s]} ({int(out_totals[s])})" for s in left] + [
        f"{names[s]} ({int(in_totals[s])})" for s in right
    ]
    colors = [stage_color(s) if s != "new" else FAINT for s in left] + [stage_color(s) for s in right]
    ys = _node_centres([float(out_totals[s]) for s in left]) + _node_centres([float(in_totals[s]) for s in right])
    xs = [0.001] * len(left) + [0.999] * len(right)
    index_left = {s: i for i, s in enumerate(left)}
    index_right = {s: len(left) + i for i, s in enumerate(right)}
    pairs = list(zip(flows["from_stage"], flows["to_stage"], strict=True))
    fig = go.Figure(go.Sankey(
        arrangement="fixed",
        node=dict(label=labels, color=colors, pad=12, thickness=16, x=xs, y=ys,
                  line=dict(width=0), hovertemplate="%{label}<extra></extra>"),
        link=dict(
            source=[index_left[f] for f, _ in pairs],
            target=[index_right[t] for _, t in pairs],
            value=flows["clients"].tolist(),
            color=[_rgba(stage_color(t), 0.55 if f != t else 0.22) for f, t in pairs],
            customdata=[f"{names[f]} → {names[t]}" for f, t in pairs],
            hovertemplate="%{customdata}: %{value} clients<extra></extra>",
        ),
    ))
    fig.update_layout(**plotly_layout(height=360, margin=dict(l=10, r=10, t=40, b=10)))
    fig.update_traces(textfont=dict(size=13, color=NEUTRAL))
    fig.add_annotation(text=f"<b>{prev_quarter}</b>", x=0, y=1.1, xref="paper", yref="paper",
                       showarrow=False, xanchor="left")
    fig.add_annotation(text=f"<b>{quarter}</b>", x=1, y=1.1, xref="paper", yref="paper",
                       showarrow=False, xanchor="right")
    return fig


def client_map(
    view: pd.DataFrame, y: str, y_title: str, currency: str, stage_bounds: Sequence[float] = ()
) -> go.Figure:
    """Clients as bubbles: x continuum score, y `y` (money), size revenue, colour stage.

    One trace per stage in continuum order (so the legend reads low -> high); each point
    carries its client_id in customdata so a selection can open the client.
    """
    fig = go.Figure()
    size_ref = max(float(view["revenue_4q"].max() or 0), 1.0)
    many = len(view) > 500
    scatter = go.Scattergl if many else go.Scatter  # WebGL keeps thousands of points smooth
    smallest, spread = (4, 22) if many else (8, 34)
    for stage, label in STAGES:
        part = view[view["stage"] == stage]
        if part.empty:
            continue
        sizes = smallest + spread * (part["revenue_4q"].clip(lower=0) / size_ref) ** 0.5
        fig.add_trace(scatter(
            x=part["score"], y=part[y], mode="markers", name=label,
            marker=dict(size=sizes, color=stage_color(stage), opacity=0.6 if many else 0.8,
                        line=dict(color="white", width=0.5 if many else 0.8)),
            customdata=part[["client_id", "name", "revenue_4q"]].to_numpy(),
            hovertemplate=(
                "<b>%{customdata[1]}</b><br>" + label + ", score %{x:.0f}<br>"
                + y_title + ": " + money_hover(currency, "y") + "<br>"
                + "Revenue, 4 quarters: " + money_hover(currency, "customdata[2]")
                + "<extra>click to open</extra>"
            ),
        ))
    shown = score_range(view["score"])
    if stage_bounds:
        add_stage_bands(fig, stage_bounds, shown, alpha=0.08)
    fig.add_hline(y=0, line=dict(color=FAINT, width=1))
    fig.update_layout(**plotly_layout(
        height=480,
        legend=dict(orientation="h", yanchor="bottom", y=1.08, xanchor="left", x=0),
        margin=dict(l=10, r=10, t=70, b=10),
        xaxis=dict(title="Continuum score (0 = strained, 100 = partnership)", range=shown),
        yaxis=dict(title=f"{y_title} ({currency})", **money_axis(currency)),
    ))
    return fig


def concentration_curves(curves: dict[str, pd.DataFrame], shares: dict[str, float]) -> go.Figure:
    """Pareto curves (share of clients vs cumulative share of the measure), with the
    top-20% share written on each; the diagonal is "every client the same"."""
    colors = {"revenue": "#2166ac", "cost": "#e08214"}
    names = {"revenue": "Revenue", "cost": "Cost to serve"}
    fig = go.Figure()
    fig.add_scatter(x=[0, 1], y=[0, 1], mode="lines", name="Equal shares",
                    line=dict(color="#cccccc", dash="dot"), hoverinfo="skip")
    for measure, curve in curves.items():
        fig.add_scatter(
            x=curve["client_share"], y=curve["cumulative_share"], mode="lines",
            name=names[measure], line=dict(color=colors[measure], width=3),
            hovertemplate=f"Top %{{x:.0%}} of clients: %{{y:.0%}} of {names[measure].lower()}<extra></extra>",
        )
    fig.add_vline(x=0.2, line=dict(color=FAINT, width=1, dash="dash"))
    for i, (measure, share) in enumerate(shares.items()):
        if share is None or pd.isna(share):
            continue
        fig.add_annotation(
            x=0.2, y=share, text=f"top 20%: {share:.0%} of {names[measure].lower()}",
            showarrow=True, arrowhead=0, ax=70, ay=25 + 30 * i, xanchor="left",
            font=dict(color=colors[measure], size=13), bgcolor="rgba(255,255,255,0.85)",
        )
    fig.update_layout(**plotly_layout(
        height=380,
        xaxis=dict(title="Share of clients, largest first", tickformat=".0%", range=[-0.01, 1.02], dtick=0.2),
        yaxis=dict(title="Cumulative share", tickformat=".0%", range=[-0.01, 1.03], dtick=0.2),
    ))
    return fig


def whale_curve(curve: pd.DataFrame, currency: str) -> go.Figure:
    """Cumulative profit as clients are added from the most to the least profitable."""
    fig = go.Figure()
    fig.add_scatter(
        x=curve["client_share"], y=curve["cumulative_profit"], mode="lines",
        line=dict(color="#2166ac", width=3), fill="tozeroy", fillcolor="rgba(33,102,172,0.08)",
        name="Cumulative profit",
        hovertemplate="Most profitable %{x:.0%} of clients: " + money_hover(currency, "y") + "<extra></extra>",
    )
    if len(curve) > 1:
        peak = curve.loc[curve["cumulative_profit"].idxmax()]
        final = curve.iloc[-1]
        peak_text = f"peak {money(peak['cumulative_profit'], currency)}<br>at {peak['client_share']:.0%} of clients"
        if final["cumulative_profit"] >= 0.97 * peak["cumulative_profit"]:
            peak_text += f"<br>all clients {money(final['cumulative_profit'], currency)}"
        else:
            # the end lies below the peak: its label goes above-left of it, the peak's below it
            fig.add_annotation(
                x=final["client_share"], y=final["cumulative_profit"],
                text=f"all clients {money(final['cumulative_profit'], currency)}",
                showarrow=True, arrowhead=0, ax=-20, ay=-45, xanchor="right", font=dict(size=13),
                bgcolor="rgba(255,255,255,0.85)",
            )
        # the peak's label below it, on the side with room: right of an early peak, left of a late one
        early = float(peak["client_share"]) < 0.5
        fig.add_annotation(
            x=peak["client_share"], y=peak["cumulative_profit"], text=peak_text,
            showarrow=True, arrowhead=0, ax=50 if early else -50, ay=55, xanchor="left" if early else "right",
            align="left" if early else "right", font=dict(size=13), bgcolor="rgba(255,255,255,0.85)",
        )
    fig.update_layout(**plotly_layout(
        height=380, showlegend=False,
        xaxis=dict(title="Share of clients, most profitable first", tickformat=".0%", range=[-0.01, 1.02], dtick=0.2),
        yaxis=dict(title=f"Cumulative profit ({currency})", **money_axis(currency)),
    ))
    return fig


# --------------------------------------------------------------------------- client


def continuum_band(history: pd.DataFrame, stage_bounds: Sequence[float]) -> go.Figure:
    """The stages as coloured bands along the score axis, the client's quarters as a
    path (older pale, the latest large), one row per quarter, latest on top."""
    fig = go.Figure()
    quarters = history["quarter"].tolist()
    shown = score_range(history["score"], margin=12)
    add_stage_bands(fig, stage_bounds, shown, alpha=0.16)
    if quarters:
        n = len(quarters)
        fig.add_scatter(
            x=history["score"], y=quarters, mode="lines+markers",
            line=dict(color=NEUTRAL, width=1.5),
            marker=dict(
                size=[10] * (n - 1) + [20],
                color=[stage_color(s) for s in history["stage"]],
                line=dict(color="white", width=1.5),
                opacity=[0.6] * (n - 1) + [1.0],
            ),
            text=[stage_label(s) for s in history["stage"]],
            hovertemplate="%{y}: score %{x:.0f} (%{text})<extra></extra>",
            showlegend=False,
        )
        last = history.iloc[-1]
        came_from_right = n > 1 and history.iloc[-2]["score"] > last["score"]
        fig.add_annotation(x=last["score"], y=quarters[-1], text=f"<b>{last['score']:.0f}</b>",
                           showarrow=False, xshift=-26 if came_from_right else 26, font=dict(size=15))
    fig.update_layout(**plotly_layout(
        height=max(220, 70 + 30 * len(quarters)), margin=dict(l=10, r=10, t=36, b=10),
        xaxis=dict(title="Continuum score (0-100)", range=shown, showgrid=False),
        yaxis=dict(title="Quarter", type="category", categoryorder="array", categoryarray=quarters),
    ))
    return fig


def dimension_bars(scores: pd.DataFrame) -> go.Figure:
    """Each dimension's 0-100 score this quarter (dimension, label, score, previous); a
    dimension not measured has no bar and says so."""
    scores = scores.assign(score=scores["score"].astype(float))
    fig = go.Figure()
    fig.add_bar(
        y=scores["label"], x=scores["score"], orientation="h", marker_color="#67a9cf",
        text=["not measured" if pd.isna(v) else f"{v:.0f}" for v in scores["score"]], textposition="outside",
        name="This quarter",
        hovertemplate="%{y}: %{x:.0f}<extra></extra>",
    )
    if "previous" in scores and scores["previous"].notna().any():
        fig.add_scatter(
            y=scores["label"], x=scores["previous"], mode="markers", name="Last quarter",
            marker=dict(symbol="line-ns", size=22, line=dict(width=3, color=NEUTRAL)),
            hovertemplate="%{y} last quarter: %{x:.0f}<extra></extra>",
        )
    fig.update_layout(**plotly_layout(
        height=60 + 42 * len(scores), margin=dict(l=10, r=30, t=30, b=10),
        xaxis=dict(title="Dimension score (0-100)", range=[0, 108]),
        yaxis=dict(title="Dimension", autorange="reversed"),
    ))
    return fig


def touches_by_level(touches: pd.DataFrame) -> go.Figure:
    """Stacked touches per quarter by the contact's seniority level."""
    fig = go.Figure()
    for level, label in LEVELS:
        part = touches[touches["level"] == level]
        if part.empty:
            continue
        fig.add_bar(
            x=part["quarter"], y=part["count_touches"], name=label, marker_color=LEVEL_COLORS[level],
            customdata=part["count_contacts_touched"],
            hovertemplate=f"%{{x}} {label}: %{{y}} touches with %{{customdata}} people<extra></extra>",
        )
    fig.update_layout(**plotly_layout(
        barmode="stack", height=340, legend_traceorder="normal",
        xaxis=quarter_axis(touches["quarter"].unique()),
        yaxis=dict(title="Touches (interactions)"),
    ))
    return fig


def delt_trend(delt: pd.DataFrame) -> go.Figure:
    """DELT per quarter as bars, with the trailing four-quarter average as a line."""
    fig = go.Figure()
    fig.add_bar(x=delt["quarter"], y=delt["count_delt"], name="DELT in the quarter",
                marker_color=LEVEL_COLORS["director"], text=delt["count_delt"], textposition="outside",
                hovertemplate="%{x}: %{y} director and executive touches<extra></extra>")
    fig.add_scatter(x=delt["quarter"], y=delt["avg_delt_prior_4q"], name="Average of the 4 quarters before",
                    mode="lines+markers", line=dict(color=NEUTRAL, dash="dot"),
                    hovertemplate="%{x}: average before %{y:.1f}<extra></extra>")
    top = float(max(delt["count_delt"].max(), delt["avg_delt_prior_4q"].max() or 0, 1))
    fig.update_layout(**plotly_layout(
        height=340,
        xaxis=quarter_axis(delt["quarter"]),
        yaxis=dict(title="Director and executive touches", range=[0, top * 1.2]),
    ))
    return fig


def value_by_quarter(value: pd.DataFrame, currency: str) -> go.Figure:
    """Revenue and cost to serve per quarter as bars, margin after cost to serve as a line."""
    fig = go.Figure()
    fig.add_bar(x=value["quarter"], y=value["revenue"], name="Won revenue", marker_color="#2166ac",
                hovertemplate="%{x} revenue: " + money_hover(currency, "y") + "<extra></extra>")
    fig.add_bar(x=value["quarter"], y=value["cost_to_serve"], name="Cost to serve", marker_color="#e08214",
                hovertemplate="%{x} cost to serve: " + money_hover(currency, "y") + "<extra></extra>")
    fig.add_scatter(x=value["quarter"], y=value["margin"], name="Margin after cost to serve",
                    mode="lines+markers", line=dict(color=NEUTRAL, width=2),
                    hovertemplate="%{x} margin: " + money_hover(currency, "y") + "<extra></extra>")
    fig.update_layout(**plotly_layout(
        barmode="group", height=360,
        xaxis=quarter_axis(value["quarter"]),
        yaxis=dict(title=f"Amount ({currency})", **money_axis(currency)),
    ))
    return fig


def cost_by_category(costs: pd.DataFrame, currency: str) -> go.Figure:
    """Stacked cost to serve per quarter by category (rework and free scope in warm colours)."""
    fig = go.Figure()
    for category, label in COST_CATEGORIES:
        part = costs[costs["category"] == category]
        fig.add_bar(
            x=part["quarter"], y=part["cost"], name=label, marker_color=COST_COLORS[category],
            customdata=part["hours"],
            hovertemplate=f"%{{x}} {label}: " + money_hover(currency, "y") + " (%{customdata:.0f} h)<extra></extra>",
        )
    fig.update_layout(**plotly_layout(
        barmode="stack", height=360, legend_traceorder="normal",
        xaxis=quarter_axis(costs["quarter"].unique()),
        yaxis=dict(title=f"Cost to serve ({currency})", **money_axis(currency)),
    ))
    return fig


SENTIMENT_COLORS = {-2: "#b2182b", -1: "#ef8a62", 0: "#9e9e9e", 1: "#67a9cf", 2: "#2166ac", 99: "#d0d0d0"}
SENTIMENT_NAMES = {**SENTIMENT_WORDS, 99: "not recorded"}


def interaction_timeline(timeline: pd.DataFrame, channels: Sequence[str]) -> go.Figure:
    """Interactions over time, one row per channel (in `channels` order); the colour is
    the sentiment recorded, a filled dot was started by the client, a hollow one by us."""
    fig = go.Figure()
    frame = timeline.assign(
        sentiment_key=timeline["sentiment"].astype("Float64").round().fillna(99).astype(int),
        tag_text=timeline["tags"].map(lambda t: ", ".join(t) if t is not None and len(t) else "no tags"),
        who=timeline["contact_name"].fillna("unknown contact"),
        by_client=timeline["initiated_by"] == "client",
        channel=timeline["channel"].map(lambda c: CHANNEL_LABELS.get(c, c)),
        started=timeline["initiated_by"].map({"client": "the client", "us": "us"}).fillna("unknown"),
    )
    for key, name in SENTIMENT_NAMES.items():
        part = frame[frame["sentiment_key"] == key]
        if part.empty:
            continue
        color = SENTIMENT_COLORS[key]
        fig.add_scatter(
            x=part["occurred_at"], y=part["channel"], mode="markers", name=f"sentiment {name}",
            marker=dict(size=11, color=[color if c else "white" for c in part["by_client"]],
                        line=dict(color=color, width=2)),
            customdata=part[["who", "tag_text", "started"]].to_numpy(),
            hovertemplate="%{x|%d %b %Y}, %{y} with %{customdata[0]}<br>started by %{customdata[2]}"
                          "<br>%{customdata[1]}<extra></extra>",
        )
    for name, fill in (("started by the client", NEUTRAL), ("started by us", "white")):
        fig.add_scatter(x=[None], y=[None], mode="markers", name=name,
                        marker=dict(size=11, color=fill, line=dict(color=NEUTRAL, width=2)))
    present = [CHANNEL_LABELS.get(c, c) for c in channels if CHANNEL_LABELS.get(c, c) in set(frame["channel"])]
    fig.update_layout(**plotly_layout(
        height=140 + 34 * len(present),
        xaxis=dict(title="Date"),
        yaxis=dict(title="Channel", type="category", categoryorder="array", categoryarray=present[::-1]),
    ))
    return fig


# --------------------------------------------------------------------------- signals


def signal_history(history: pd.DataFrame, labels: dict[str, str], quarters: Sequence[str]) -> go.Figure:
    """A grid of signals (rows) by quarters (columns): how many clients each signal
    fires on, the number written in each cell, darker for more."""
    signals = list(labels)
    grid = (
        history.pivot_table(index="signal_id", columns="quarter", values="clients", aggfunc="sum", fill_value=0)
        .reindex(index=signals, columns=list(quarters), fill_value=0)
    )
    values = grid.to_numpy()
    fig = go.Figure(go.Heatmap(
        z=values, x=list(quarters), y=[labels[s] for s in signals],
        colorscale=[[0, "#f7f7f7"], [0.001, "#fde0dd"], [1, "#b2182b"]], showscale=False,
        # 0 is always the pale end: a grid where nothing fires is pale, never solid red
        zmin=0, zmax=max(1, int(values.max()) if values.size else 1),
        text=[[str(v) if v else "" for v in row] for row in values], texttemplate="%{text}",
        textfont=dict(size=13), xgap=2, ygap=2,
        hovertemplate="%{y} in %{x}: %{z} clients<extra></extra>",
    ))
    fig.update_layout(**plotly_layout(
        height=90 + 36 * len(signals), margin=dict(l=10, r=10, t=10, b=10),
        xaxis=dict(**quarter_axis(quarters), side="bottom"),
        yaxis=dict(title="Warning signal", autorange="reversed"),
    ))
    return fig
