"""The quarter report as a PowerPoint deck and as the printable HTML page it mirrors.

Both draw one QuarterReport (quarter_report.py) in the same order and with the same
words, so the head of sales can bring either. The deck uses the review decks' layout
(deck.py: every text measured before it is placed, long tables continued on a next
slide, native charts a team can restyle); the stacked bars, the Pareto curves and the
figure cards it needs beyond deck.py are drawn here.
"""

from __future__ import annotations

import html
from collections.abc import Sequence

import numpy as np
import pandas as pd
from pptx.chart.data import CategoryChartData, XyChartData
from pptx.dml.color import RGBColor
from pptx.enum.chart import XL_CHART_TYPE, XL_LABEL_POSITION, XL_LEGEND_POSITION
from pptx.enum.dml import MSO_LINE_DASH_STYLE
from pptx.enum.shapes import MSO_SHAPE
from pptx.enum.text import MSO_ANCHOR, PP_ALIGN
from pptx.util import Inches, Pt

from analytics.access import reads_all
from analytics.method.portfolio import top_share
from analytics.review.deck import (
    ACCENT,
    BODY_BOTTOM,
    BODY_TOP,
    FONT,
    INK,
    MARGIN,
    MUTED,
    PALE,
    SMALL_PT,
    WIDTH,
    Deck,
    Para,
    para_height,
    rgb,
    shorten,
)
from analytics.review.export import DEMO_NOTE, STAGE_COLORS
from analytics.review.quarter_report import (
    SIGNAL_LABELS,
    STAGE_LABELS,
    STAGE_ORDER,
    Mover,
    QuarterReport,
    ReportFilters,
    quarter_report,
    report_file_name,
)
from analytics.review.store import investment_label, status_label

STATUS_COLORS = {"done": "#1A7F37", "partial": "#67A9CF", "not_done": "#EF8A62", "open": "#BDBDBD"}
STATUS_NAMES = {"done": "Done", "partial": "Partial progress", "not_done": "Not done", "open": "Still open"}
PARETO_COLORS = {"revenue": "#2166AC", "cost": "#E08214"}
PARETO_NAMES = {"revenue": "Revenue", "cost": "Cost to serve"}
UP, DOWN, SAME = RGBColor(0xDC, 0xEF, 0xE0), RGBColor(0xFB, 0xE3, 0xD6), RGBColor(0xEE, 0xEE, 0xEE)
GREY = "#BBC4CF"
URGENT = 8  # the most urgent signals listed (the notes and the HTML page list them all)
DUE_LISTED = 10  # the reviews still due listed, most urgent first
HALF_GAP = Inches(0.4)


# --------------------------------------------------------------------------- words shared by both files


def money(value: float | None, currency: str) -> str:
    """11289451 EUR -> "11.29M EUR", 845000 -> "845k EUR"; "unknown" for an unknown amount."""
    if value is None or value != value:
        return "unknown"
    size = abs(value)
    if size >= 1_000_000:
        text = f"{value / 1_000_000:,.2f}M"
    elif size >= 10_000:
        text = f"{value / 1_000:,.0f}k"
    else:
        text = f"{value:,.0f}"
    return f"{text} {currency}"


def percent(value: float | None) -> str:
    return "none yet" if value is None or value != value else f"{value:.0%}"


def stage_name(stage: str | None) -> str:
    """A stage's label; "New" for a client not placed last quarter."""
    return "New" if not stage or stage == "new" else STAGE_LABELS.get(stage, stage)


def day(value) -> str:
    """A date or timestamp as 2026-10-06; empty when there is none."""
    return "" if value is None or pd.isna(value) else pd.Timestamp(value).strftime("%Y-%m-%d")


def title_lines(r: QuarterReport) -> list[str]:
    lines = [
        "Portfolio and reviews for the head of sales",
        f"{r.filters.describe().capitalize() if not r.filters.active else r.filters.describe()} · "
        f"{r.top.clients:,} of {r.clients_total:,} clients · money in {r.currency}",
        f"Compared with {r.previous_quarter} · revenue over the four quarters ending {r.quarter}",
        f"Overdue actions as of {r.as_of.isoformat()}",
    ]
    if r.is_demo:
        lines.append(DEMO_NOTE)
    return lines


def figures(r: QuarterReport) -> list[tuple[str, str]]:
    """The eight figures of the first slide: (value, label), as the pages word them."""
    f = r.follow_through
    return [
        (f"{r.top.clients:,}", "Clients"),
        (money(r.top.revenue_4q, r.currency), "Revenue, last 4 quarters"),
        (f"{r.top.clients_with_high_signal:,}", "High-severity clients"),
        (f"{r.top.actions_overdue:,}", "Review actions overdue"),
        (f"{r.clients_reviewed:,} of {r.top.clients:,}", f"Clients reviewed for {r.quarter}"),
        (percent(f.rate), f"Follow-through, {r.previous_quarter} plans"),
        (f"{len(r.inbox):,}", "Signals firing"),
        (money(r.revenue_at_stake, r.currency), "Revenue at stake, 4 quarters"),
    ]


def movement_sentence(r: QuarterReport) -> str:
    m = r.movement()
    parts = [f"{m['up']:,} moved up a stage", f"{m['down']:,} moved down", f"{m['stayed']:,} stayed"]
    if m["new"]:
        parts.append(f"{m['new']:,} {'is' if m['new'] == 1 else 'are'} new")
    return f"Since {r.previous_quarter}: " + ", ".join(parts) + "."


def concentration_sentence(r: QuarterReport) -> str:
    clients = len(r.curves["revenue"]) - 1 if not r.curves["revenue"].empty else 0
    if not clients:
        return "No client has known revenue in the last four quarters: there is no curve to draw."
    top = -(-clients // 5)  # ceil(20 %), as top_share counts
    text = (f"The largest 20% of clients ({top:,} of {clients:,}) bring {percent(r.shares['revenue'])} of the "
            "revenue of the last four quarters")
    if r.costs_measured and r.shares.get("cost") is not None:
        text += f"; the 20% costliest to serve take {percent(r.shares['cost'])} of the cost to serve."
    else:
        text += ". Cost to serve is not measured: the portfolio has no service costs."
    return text


def follow_sentence(r: QuarterReport) -> str:
    f = r.follow_through
    if not f.actions:
        return f"No action was agreed in the {r.previous_quarter} reviews of these clients."
    return (f"The {r.previous_quarter} reviews agreed {f.actions:,} actions: {f.done:,} done, {f.partial:,} partial "
            f"progress, {f.not_done:,} not done, {f.open:,} still open. {percent(f.rate)} moved forward "
            "(partial progress is progress).")


def reviews_sentence(r: QuarterReport) -> str:
    due = r.top.clients - r.clients_reviewed
    return (f"{r.clients_reviewed:,} of {r.top.clients:,} clients reviewed for {r.quarter}; {due:,} still due, "
            "the most urgent first (not reviewed, then the weight of their signals, then the revenue at stake).")


def mover_rows(movers: Sequence[Mover]) -> list[list[str]]:
    """Client, score before → now (change), stage before → now, why."""
    return [[m.name, f"{m.score_before:.0f} → {m.score:.0f} ({m.change:+.0f})".replace("-", "−"),
             f"{stage_name(m.previous_stage)} → {stage_name(m.stage)}", m.why()] for m in movers]


def severity_rows(r: QuarterReport) -> list[list[str]]:
    rows = [[s["label"], f"{s['signals']:,}", f"{s['clients']:,}", money(s["revenue_at_stake"], r.currency)]
            for s in r.severities]
    rows.append(["All", f"{len(r.inbox):,}", f"{r.inbox['client_id'].nunique() if not r.inbox.empty else 0:,}",
                 money(r.revenue_at_stake, r.currency)])
    return rows


def urgent_rows(r: QuarterReport, limit: int | None = URGENT) -> list[list[str]]:
    shown = r.inbox if limit is None else r.inbox.head(limit)
    return [[x.name, SIGNAL_LABELS.get(x.signal_id, x.signal_id), str(x.severity).capitalize(),
             money(x.revenue_4q, r.currency), x.reason] for x in shown.itertuples()]


def done_rows(r: QuarterReport) -> list[list[str]]:
    return [[x.name, x.reviewer or "", day(x.held_on),
             investment_label(x.investment_level) if x.investment_level else "", str(int(x.count_actions))]
            for x in r.reviews.itertuples()]


def due_rows(r: QuarterReport, limit: int | None = DUE_LISTED) -> list[list[str]]:
    shown = r.due if limit is None else r.due.head(limit)
    return [[x.name, x.account_manager if isinstance(x.account_manager, str) else "not set", stage_name(x.stage),
             x.signals or "none", money(x.revenue_4q, r.currency),
             x.last_review_quarter if isinstance(x.last_review_quarter, str) else "never"]
            for x in shown.itertuples()]


def owner_rows(r: QuarterReport) -> list[list[str]]:
    return [[o.owner, f"{o.actions}", f"{o.done}", f"{o.partial}", f"{o.not_done}", f"{o.open}", percent(o.rate)]
            for o in r.owners]


def overdue_rows(r: QuarterReport) -> list[list[str]]:
    return [[x.name or x.client_id, x.description, x.owner or "", day(x.due_on),
             f"{int(x.days_overdue)}", status_label(x.status)] for x in r.overdue.itertuples()]


@reads_all
def report_file(con, quarter: str | None, fmt: str, filters: ReportFilters | None = None,
                as_of=None) -> tuple[str, bytes]:
    """(file name, bytes) of the quarter report in `fmt` ("pptx" or "html"): what the
    Reviews page's download buttons and `report quarter` write."""
    report = quarter_report(con, quarter, filters, as_of)
    data = quarter_report_pptx(report) if fmt == "pptx" else quarter_report_html(report).encode("utf-8")
    return report_file_name(report.quarter, report.filters, fmt), data


# --------------------------------------------------------------------------- the deck


def quarter_report_pptx(r: QuarterReport) -> bytes:
    """The quarter report as .pptx bytes."""
    footer = f"Quarter report {r.quarter} · {r.filters.describe()} · internal: for the sales team"
    deck = Deck(shorten(footer, WIDTH - 2 * MARGIN - Inches(1), SMALL_PT))  # one line, however many filters
    deck.title_slide(f"Quarter report {r.quarter}", title_lines(r),
                     "Every figure is the one the Portfolio, Signals and Reviews pages show for the same quarter "
                     "and filters.")
    _glance(deck, r)
    _stages(deck, r)
    _movers(deck, r)
    _signals(deck, r)
    _reviews(deck, r)
    _follow_through(deck, r)
    _overdue(deck, r)
    _concentration(deck, r)
    return deck.to_bytes()


def _glance(deck: Deck, r: QuarterReport) -> None:
    slide = deck.slide(f"{r.quarter} at a glance", "\n".join(f"{label}: {value}" for value, label in figures(r)))
    width = WIDTH - 2 * MARGIN
    gap = Inches(0.25)
    card_w, card_h = (width - 3 * gap) // 4, Inches(1.35)
    for i, (value, label) in enumerate(figures(r)):
        left = MARGIN + (i % 4) * (card_w + gap)
        top = BODY_TOP + Inches(0.1) + (i // 4) * (card_h + gap)
        _card(slide, left, top, card_w, card_h, value, label)
    top = BODY_TOP + Inches(0.1) + 2 * (card_h + gap) + Inches(0.1)
    paras = [Para(movement_sentence(r)), Para(concentration_sentence(r))]
    if r.coverage_note:
        paras.append(Para(r.coverage_note, "note"))
    deck.paragraphs(slide, paras, MARGIN, top, width, BODY_BOTTOM - top)


def _card(slide, left: int, top: int, width: int, height: int, value: str, label: str) -> None:
    box = slide.shapes.add_shape(MSO_SHAPE.ROUNDED_RECTANGLE, left, top, width, height)
    box.adjustments[0] = 0.08
    box.fill.solid()
    box.fill.fore_color.rgb = PALE
    box.line.color.rgb = RGBColor(0xD5, 0xDB, 0xE3)
    frame = box.text_frame
    frame.word_wrap = True
    frame.vertical_anchor = MSO_ANCHOR.MIDDLE
    frame.margin_left = frame.margin_right = Inches(0.15)
    first = frame.paragraphs[0]
    first.alignment = PP_ALIGN.LEFT
    run = first.add_run()
    run.text = value
    _font(run, 26 if len(value) <= 12 else 20, bold=True, color=ACCENT)
    second = frame.add_paragraph()
    second.alignment = PP_ALIGN.LEFT
    run = second.add_run()
    run.text = label
    _font(run, 13, color=MUTED)


def _stages(deck: Deck, r: QuarterReport) -> None:
    notes = [f"{label}: {r.stages_before.get(s, 0)} in {r.previous_quarter}, {r.stages_now.get(s, 0)} in {r.quarter}."
             for s, label in STAGE_LABELS.items()]
    notes += [f"{stage_name(x.from_stage)} → {stage_name(x.to_stage)}: {x.clients}" for x in r.flow.itertuples()]
    slide = deck.slide("Where clients stand and how they moved", "\n".join(notes))
    width = WIDTH - 2 * MARGIN
    half = int((width - HALF_GAP) * 0.45)
    head = [Para(movement_sentence(r))] + ([Para(r.coverage_note, "note")] if r.coverage_note else [])
    head_h = sum(para_height(p, width) for p in head)
    deck.paragraphs(slide, head, MARGIN, BODY_TOP, width, head_h)
    top = BODY_TOP + head_h + Inches(0.05)
    labels = list(STAGE_LABELS.values())
    series = [(r.previous_quarter, [r.stages_before.get(s, 0) for s in STAGE_LABELS], GREY),
              (r.quarter, [r.stages_now.get(s, 0) for s in STAGE_LABELS], "#2166AC")]
    chart = deck.bar_chart(slide, labels, series, (MARGIN, top, half, BODY_BOTTOM - top), labels_on=(0, 1),
                           title="Clients per stage, strained to partnership")
    for point, stage in zip(chart.plots[0].series[1].points, STAGE_LABELS, strict=False):
        point.format.fill.solid()
        point.format.fill.fore_color.rgb = rgb(STAGE_COLORS[stage])
    _flow_matrix(deck, slide, r, MARGIN + half + HALF_GAP, top, width - half - HALF_GAP)


def _flow_matrix(deck: Deck, slide, r: QuarterReport, left: int, top: int, width: int) -> None:
    """From last quarter's stage (rows) to this quarter's (columns): moving up is green,
    down is orange, staying grey."""
    stages = list(STAGE_LABELS)
    sources = [s for s in [*stages, "new"] if s in set(r.flow["from_stage"])]
    counts = {(x.from_stage, x.to_stage): int(x.clients) for x in r.flow.itertuples()}
    deck.text(slide, f"From {r.previous_quarter} (rows) to {r.quarter} (columns)", left, top, width, 14,
              bold=True)
    header = ["", *[STAGE_LABELS[s] for s in stages]]
    rows = [[stage_name(a), *[str(counts.get((a, b), "")) for b in stages]] for a in sources]
    first = Inches(1.15)
    col = [int(first), *[int((width - first) / len(stages))] * len(stages)]
    heights = [deck._row_height(header, col, bold=True)] + [deck._row_height(x, col) for x in rows]
    table_top = top + Inches(0.45)
    shape = deck.table(slide, header, rows, col, table_top, heights, set(range(1, len(header))))
    shape.left = left
    for j in range(1, len(header)):  # "Partnership" in one line: a smaller header, narrower insets
        cell = shape.table.cell(0, j)
        cell.margin_left = cell.margin_right = Inches(0.04)
        for run in cell.text_frame.paragraphs[0].runs:
            run.font.size = Pt(11)
    for i, a in enumerate(sources, start=1):
        for j, b in enumerate(stages, start=1):
            cell = shape.table.cell(i, j)
            cell.fill.solid()
            step = None if a == "new" else STAGE_ORDER[b] - STAGE_ORDER[a]
            cell.fill.fore_color.rgb = (RGBColor(0xFF, 0xFF, 0xFF) if step is None
                                        else UP if step > 0 else DOWN if step < 0 else SAME)
    below = table_top + sum(heights) + Inches(0.15)
    deck.text(slide, "Green: moved up a stage · orange: moved down · grey: stayed.", left, below, width, 12,
              color=MUTED)


def _movers(deck: Deck, r: QuarterReport) -> None:
    for movers, title, none in ((r.falls, "Largest falls", "No client's score fell"),
                                (r.rises, "Largest rises", "No client's score rose")):
        rows = mover_rows(movers)
        intro = [] if rows else [Para(f"{none} since {r.previous_quarter}.")]
        notes = "\n".join(f"{x[0]}: {x[1]}, {x[2]}. {x[3]}" for x in rows)
        deck.table_slides(f"{title} since {r.previous_quarter}, and why", ["Client", "Score", "Stage", "Why"], rows,
                          [2.3, 1.5, 2.1, 6.3], notes, intro=intro)


def _signals(deck: Deck, r: QuarterReport) -> None:
    notes = [f"{x[0]} ({x[2]}), {x[3]} at stake: {x[1]}. {x[4]}" for x in urgent_rows(r, None)]
    slide = deck.slide("Warning signals by severity, and the revenue at stake", "\n".join(notes))
    width = WIDTH - 2 * MARGIN
    half = (width - HALF_GAP) // 2
    header = ["Severity", "Signals", "Clients", "Revenue at stake"]
    rows = severity_rows(r)
    col = [int(half * w) for w in (0.28, 0.2, 0.2, 0.32)]
    heights = [deck._row_height(header, col, bold=True)] + [deck._row_height(x, col) for x in rows]
    deck.table(slide, header, rows, col, BODY_TOP, heights, {1, 2, 3})
    below = BODY_TOP + sum(heights) + Inches(0.2)
    paras = [Para("A client is counted once, at its most severe signal; its revenue at stake is its won revenue "
                  "over the last four quarters. A signal is a prompt to act early, never a verdict.", "note")]
    if r.not_judged:
        paras.append(Para("Not judged (the data they stand on is missing): " + "; ".join(r.not_judged) + ".",
                          "note"))
    deck.paragraphs(slide, paras, MARGIN, below, half, BODY_BOTTOM - below)
    if r.inbox.empty:
        deck.text(slide, "No warning signal fires for these clients this quarter.", MARGIN + half + HALF_GAP,
                  BODY_TOP, half, 16)
        return
    values = [s["revenue_at_stake"] for s in r.severities]
    chart = deck.bar_chart(slide, [s["label"] for s in r.severities],
                           [(f"Revenue at stake ({r.currency})", values, "#B2182B")],
                           (MARGIN + half + HALF_GAP, BODY_TOP, half, BODY_BOTTOM - BODY_TOP), horizontal=True,
                           number_format=_money_format(values), title="Revenue at stake by severity")
    for point, color in zip(chart.plots[0].series[0].points, ("#B2182B", "#EF8A62", "#D9B44A"), strict=False):
        point.format.fill.solid()
        point.format.fill.fore_color.rgb = rgb(color)
    rows = urgent_rows(r)
    if rows:
        more = len(r.inbox) - len(rows)
        after = [Para(f"{more:,} more signals fire; the notes and the Signals page list them all.", "note")] if more else []
        deck.table_slides("The most urgent signals", ["Client", "Signal", "Severity", "At stake", "Why it fires"],
                          rows, [2.2, 2.1, 0.9, 1.1, 5.9], "\n".join(notes), after=after, numeric={3})


def _money_format(values: Sequence[float]) -> str:
    big = max([abs(v) for v in values if v == v] or [0])
    return '#,##0,"k"' if big >= 10_000 else "#,##0"


def _reviews(deck: Deck, r: QuarterReport) -> None:
    rows = done_rows(r)
    intro = [Para(reviews_sentence(r))] + ([] if rows else [Para(f"No review of these clients is saved for "
                                                                   f"{r.quarter} yet.")])
    notes = "\n".join(f"{x[0]}: reviewed by {x[1]} on {x[2]}, {x[3]}, {x[4]} actions" for x in rows)
    deck.table_slides(f"Reviews of {r.quarter}: done", ["Client", "Reviewer", "Held on", "Investment", "Actions"],
                      rows, [3.2, 2.4, 1.4, 2.6, 1.0], notes, intro=intro, numeric={4})
    rows = due_rows(r)
    more = len(r.due) - len(rows)
    after = [Para(f"{more:,} more clients are due; the Review page lists them all.", "note")] if more else []
    notes = "\n".join(f"{x[0]} ({x[1]}): {x[2]}, signals {x[3]}, {x[4]} at stake, last review {x[5]}"
                      for x in due_rows(r, None))
    intro = [] if rows else [Para(f"Every client in view is reviewed for {r.quarter}.")]
    deck.table_slides(f"Reviews of {r.quarter}: still due, most urgent first",
                      ["Client", "Account manager", "Stage", "Signals", "At stake", "Last review"], rows,
                      [3.0, 2.0, 1.6, 3.0, 1.3, 1.2], notes, intro=intro, after=after, numeric={4})


def _follow_through(deck: Deck, r: QuarterReport) -> None:
    title = f"Follow-through by owner: the {r.previous_quarter} plans"
    notes = "\n".join(f"{o.owner}: {o.actions} actions, {o.done} done, {o.partial} partial, {o.not_done} not done, "
                      f"{o.open} still open ({percent(o.rate)} moved forward)" for o in r.owners)
    if not r.owners:
        deck.text_slides(title, [Para(follow_sentence(r))], notes)
        return
    slide = deck.slide(title, notes)
    width = WIDTH - 2 * MARGIN
    head = [Para(follow_sentence(r))]
    head_h = sum(para_height(p, width) for p in head)
    deck.paragraphs(slide, head, MARGIN, BODY_TOP, width, head_h)
    top = BODY_TOP + head_h + Inches(0.05)
    chart_w = int(width * 0.55)
    owners = r.owners[:12]
    series = [(STATUS_NAMES[k], [getattr(o, k) for o in owners], STATUS_COLORS[k]) for k in STATUS_COLORS]
    _stacked_bars(slide, [o.owner for o in owners], series, (MARGIN, top, chart_w, BODY_BOTTOM - top))
    left = MARGIN + chart_w + HALF_GAP
    table_w = width - chart_w - HALF_GAP
    header = ["Owner", "Actions", "Moved forward"]
    rows = [[o.owner, f"{o.actions}", percent(o.rate)] for o in owners]
    col = [int(table_w * w) for w in (0.5, 0.2, 0.3)]
    heights = [deck._row_height(header, col, bold=True)] + [deck._row_height(x, col) for x in rows]
    shape = deck.table(slide, header, rows, col, top, heights, {1, 2})
    shape.left = left
    if len(r.owners) > len(owners):
        deck.text(slide, f"{len(r.owners) - len(owners)} more owners are in the notes.", left,
                  top + sum(heights) + Inches(0.1), table_w, 12, color=MUTED)


def _stacked_bars(slide, categories: Sequence[str], series: Sequence[tuple[str, Sequence[int], str]],
                  box: tuple[int, int, int, int]) -> None:
    """A horizontal stacked bar chart, the first category on top, each segment labelled."""
    data = CategoryChartData(number_format="0")
    data.categories = list(categories)
    for name, values, _ in series:
        data.add_series(name, [v or None for v in values])  # no label "0" on an empty segment
    chart = slide.shapes.add_chart(XL_CHART_TYPE.BAR_STACKED, *box, data).chart
    chart.font.name, chart.font.size = FONT, Pt(12)
    chart.has_title = False
    chart.category_axis.reverse_order = True
    from pptx.enum.chart import XL_AXIS_CROSSES

    chart.category_axis.crosses = XL_AXIS_CROSSES.MAXIMUM
    axis = chart.value_axis
    axis.minimum_scale = 0
    axis.has_major_gridlines = True
    axis.major_gridlines.format.line.color.rgb = RGBColor(0xE3, 0xE3, 0xE3)
    axis.tick_labels.number_format, axis.tick_labels.number_format_is_linked = "0", False
    plot = chart.plots[0]
    plot.gap_width, plot.overlap = (50 if len(categories) > 4 else 200), 100  # a few owners: no fat bars
    for plot_series, (_, _, color) in zip(plot.series, series, strict=True):
        plot_series.format.fill.solid()
        plot_series.format.fill.fore_color.rgb = rgb(color)
        labels = plot_series.data_labels
        labels.show_value, labels.number_format, labels.number_format_is_linked = True, "0", False
        labels.position = XL_LABEL_POSITION.CENTER
        labels.font.size = Pt(11)
    chart.has_legend = True
    chart.legend.position, chart.legend.include_in_layout = XL_LEGEND_POSITION.BOTTOM, False


def _overdue(deck: Deck, r: QuarterReport) -> None:
    rows = overdue_rows(r)
    intro = [] if rows else [Para(f"No open action of these clients is past its due date ({r.as_of.isoformat()}).")]
    after = [Para("Update a status on the client's page, or in step 6 of its next review.", "note")] if rows else []
    notes = "\n".join(f"{x[0]}: {x[1]} ({x[2]}, due {x[3]}, {x[4]} days overdue, {x[5]})" for x in rows)
    deck.table_slides(f"Overdue actions on {r.as_of.isoformat()}",
                      ["Client", "Action", "Owner", "Due", "Days", "Status"], rows,
                      [2.6, 4.6, 1.8, 1.2, 0.7, 1.3], notes, intro=intro, after=after, numeric={4})


def _concentration(deck: Deck, r: QuarterReport) -> None:
    notes = [concentration_sentence(r)]
    for measure, curve in r.curves.items():
        if not curve.empty:
            notes.append(f"{PARETO_NAMES[measure]}: " + ", ".join(
                f"the top {x:.0%} of clients hold {percent(top_share(curve, x))}" for x in (0.1, 0.2, 0.5)) + ".")
    slide = deck.slide("Where value and cost concentrate", "\n".join(notes))
    width = WIDTH - 2 * MARGIN
    head = [Para(concentration_sentence(r))]
    head_h = sum(para_height(p, width) for p in head)
    deck.paragraphs(slide, head, MARGIN, BODY_TOP, width, head_h)
    top = BODY_TOP + head_h + Inches(0.05)
    curves = {m: c for m, c in r.curves.items() if not c.empty and (m != "cost" or r.costs_measured)}
    if not curves:
        return
    # LibreOffice draws only the series with the most points, so every series gets the
    # same x values: each curve's own corners, all of them (a line through them is the same line)
    grid = sorted({round(float(x), 9) for c in curves.values() for x in c["client_share"]})
    data = XyChartData()
    for measure, curve in curves.items():
        s = data.add_series(f"{PARETO_NAMES[measure]} ({percent(r.shares[measure])} with the top 20%)")
        for x, y in zip(grid, np.interp(grid, curve["client_share"], curve["cumulative_share"]), strict=True):
            s.add_data_point(x, float(y))
    diagonal = data.add_series("Every client the same")
    for x in grid:
        diagonal.add_data_point(x, x)
    chart_w = int(width * 0.7)
    chart = slide.shapes.add_chart(XL_CHART_TYPE.XY_SCATTER_LINES_NO_MARKERS,
                                   MARGIN + (width - chart_w) // 2, top, chart_w, BODY_BOTTOM - top, data).chart
    chart.font.name, chart.font.size = FONT, Pt(12)
    chart.has_title = False
    for axis, title in ((chart.category_axis, "Share of clients, largest first"),
                        (chart.value_axis, "Cumulative share")):
        axis.minimum_scale, axis.maximum_scale, axis.major_unit = 0, 1, 0.2
        axis.tick_labels.number_format, axis.tick_labels.number_format_is_linked = "0%", False
        axis.has_major_gridlines = True
        axis.major_gridlines.format.line.color.rgb = RGBColor(0xE3, 0xE3, 0xE3)
        axis.has_title = True
        axis.axis_title.text_frame.text = title
        for run in axis.axis_title.text_frame.paragraphs[0].runs:
            _font(run, 12, color=INK)
    colors = [*[PARETO_COLORS[m] for m in curves], "#888888"]
    for i, (plot_series, color) in enumerate(zip(chart.plots[0].series, colors, strict=True)):
        plot_series.smooth = False
        plot_series.format.line.color.rgb = rgb(color)
        last = i == len(colors) - 1
        plot_series.format.line.width = Pt(1.5 if last else 3)
        if last:
            plot_series.format.line.dash_style = MSO_LINE_DASH_STYLE.DASH
    chart.has_legend = True
    chart.legend.position, chart.legend.include_in_layout = XL_LEGEND_POSITION.BOTTOM, False


def _font(run, size: float, *, bold: bool = False, color: RGBColor = INK) -> None:
    run.font.name, run.font.size, run.font.bold = FONT, Pt(size), bold
    run.font.color.rgb = color


# --------------------------------------------------------------------------- the HTML page

_CSS = """
body { font-family: -apple-system, "Segoe UI", Roboto, Helvetica, Arial, sans-serif; color: #222;
       max-width: 980px; margin: 24px auto; padding: 0 20px; line-height: 1.45; font-size: 14px; }
h1 { font-size: 24px; margin-bottom: 4px; color: #2166ac; }
h2 { font-size: 18px; margin-top: 28px; border-bottom: 2px solid #2166ac; padding-bottom: 3px; }
.meta { color: #555; margin: 2px 0; }
.cards { display: grid; grid-template-columns: repeat(4, 1fr); gap: 10px; margin: 14px 0; }
.card { background: #f3f5f8; border: 1px solid #d5dbe3; border-radius: 8px; padding: 10px 12px; }
.card b { display: block; font-size: 22px; color: #2166ac; } .card span { color: #666; font-size: 13px; }
table { border-collapse: collapse; width: 100%; margin: 8px 0 12px; }
th, td { border: 1px solid #d5d5d5; padding: 4px 7px; text-align: left; vertical-align: top; }
th { background: #2166ac; color: #fff; } td.num { text-align: right; white-space: nowrap; }
td.up { background: #dcefe0; } td.down { background: #fbe3d6; } td.same { background: #eeeeee; }
.note { color: #666; font-size: 13px; }
.grid { display: flex; gap: 24px; flex-wrap: wrap; } .grid > div { flex: 1 1 380px; }
@media print { body { margin: 0; max-width: none; font-size: 11.5px; }
  h2 { break-after: avoid; } table, svg, .cards { break-inside: avoid; } }
@page { size: A4; margin: 16mm 14mm; }
"""


def _h(text) -> str:
    return html.escape(str(text if text is not None else ""))


def _table(header: Sequence[str], rows: Sequence[Sequence[str]], numeric: set[int] | None = None,
           classes: Sequence[Sequence[str]] | None = None) -> str:
    numeric = numeric or set()
    head = "".join(f"<th>{_h(x)}</th>" for x in header)
    body = []
    for i, row in enumerate(rows):
        cells = []
        for j, value in enumerate(row):
            css = " ".join(x for x in ("num" if j in numeric else "", classes[i][j] if classes else "") if x)
            cells.append(f'<td class="{css}">{_h(value)}</td>' if css else f"<td>{_h(value)}</td>")
        body.append("<tr>" + "".join(cells) + "</tr>")
    return f"<table><thead><tr>{head}</tr></thead><tbody>{''.join(body)}</tbody></table>"


def _stage_svg(r: QuarterReport) -> str:
    """Clients per stage: last quarter pale, this quarter in the stage's colour."""
    width, height, base, left = 440, 230, 190, 10
    stages = list(STAGE_LABELS)
    top = max([*r.stages_now.values(), *r.stages_before.values(), 1])
    slot = (width - left) / len(stages)
    parts = [f'<svg viewBox="0 0 {width} {height}" width="100%" role="img" '
             'aria-label="Clients per stage, last quarter and this quarter">']
    for i, s in enumerate(stages):
        for k, (count, color) in enumerate(((r.stages_before.get(s, 0), "#bbc4cf"), (r.stages_now.get(s, 0),
                                                                                     STAGE_COLORS[s]))):
            h = 150 * count / top
            x = left + i * slot + 8 + k * (slot - 16) / 2
            w = (slot - 16) / 2 - 2
            parts.append(f'<rect x="{x:.1f}" y="{base - h:.1f}" width="{w:.1f}" height="{h:.1f}" fill="{color}"/>')
            parts.append(f'<text x="{x + w / 2:.1f}" y="{base - h - 4:.1f}" font-size="11" text-anchor="middle">'
                         f"{count}</text>")
        parts.append(f'<text x="{left + (i + 0.5) * slot:.1f}" y="{base + 16}" font-size="11" '
                     f'text-anchor="middle">{_h(STAGE_LABELS[s])}</text>')
    parts.append(f'<text x="{left}" y="{height - 4}" font-size="11" fill="#666">Pale: {_h(r.previous_quarter)} · '
                 f"coloured: {_h(r.quarter)}</text></svg>")
    return "".join(parts)


def _pareto_svg(r: QuarterReport) -> str:
    size, pad = 300, 36
    inner = size - 2 * pad

    def point(x: float, y: float) -> str:
        return f"{pad + x * inner:.1f},{size - pad - y * inner:.1f}"

    parts = [f'<svg viewBox="0 0 {size + 210} {size}" width="100%" style="max-width: 620px" role="img" '
             'aria-label="Pareto curves">',
             f'<rect x="{pad}" y="{pad}" width="{inner}" height="{inner}" fill="none" stroke="#ccc"/>',
             f'<polyline points="{point(0, 0)} {point(1, 1)}" fill="none" stroke="#999" stroke-dasharray="4 3"/>']
    legend_y = pad + 10
    for measure, curve in r.curves.items():
        if curve.empty or (measure == "cost" and not r.costs_measured):
            continue
        pts = " ".join(point(x, y) for x, y in zip(curve["client_share"], curve["cumulative_share"], strict=True))
        parts.append(f'<polyline points="{pts}" fill="none" stroke="{PARETO_COLORS[measure]}" stroke-width="2.5"/>')
        parts.append(f'<text x="{size}" y="{legend_y}" font-size="12" fill="{PARETO_COLORS[measure]}">'
                     f"{_h(PARETO_NAMES[measure])}: top 20% {percent(r.shares[measure])}</text>")
        legend_y += 18
    parts.append(f'<text x="{pad}" y="{size - 8}" font-size="11" fill="#666">Share of clients, largest first →</text>')
    parts.append(f'<text x="{pad}" y="{pad - 8}" font-size="11" fill="#666">Cumulative share ↑</text></svg>')
    return "".join(parts)


def quarter_report_html(r: QuarterReport) -> str:
    """The quarter report as a printable, self-contained HTML page (inline CSS and SVG)."""
    stages = list(STAGE_LABELS)
    sources = [s for s in [*stages, "new"] if s in set(r.flow["from_stage"])]
    counts = {(x.from_stage, x.to_stage): int(x.clients) for x in r.flow.itertuples()}
    flow_rows = [[stage_name(a), *[str(counts.get((a, b), "")) for b in stages]] for a in sources]
    flow_classes = [["", *["" if a == "new" else "up" if STAGE_ORDER[b] > STAGE_ORDER[a]
                           else "down" if STAGE_ORDER[b] < STAGE_ORDER[a] else "same" for b in stages]]
                    for a in sources]
    cards = "".join(f"<div class=\"card\"><b>{_h(v)}</b><span>{_h(label)}</span></div>" for v, label in figures(r))
    more_due = len(r.due) - min(len(r.due), DUE_LISTED)
    body = [
        f"<h1>Quarter report {_h(r.quarter)}</h1>",
        *[f'<p class="meta">{_h(line)}</p>' for line in title_lines(r)],
        f'<div class="cards">{cards}</div>',
        f"<p>{_h(movement_sentence(r))} {_h(concentration_sentence(r))}</p>",
        f'<p class="note">{_h(r.coverage_note)}</p>' if r.coverage_note else "",
        "<h2>Where clients stand and how they moved</h2>",
        '<div class="grid"><div>', _stage_svg(r), "</div><div>",
        f"<p><b>From {_h(r.previous_quarter)} (rows) to {_h(r.quarter)} (columns)</b></p>",
        _table(["", *[STAGE_LABELS[s] for s in stages]], flow_rows, set(range(1, 6)), flow_classes),
        '<p class="note">Green: moved up a stage · orange: moved down · grey: stayed.</p></div></div>',
        "<h2>The clients who moved most, and why</h2>",
        "<p><b>Largest falls</b></p>",
        _table(["Client", "Score", "Stage", "Why"], mover_rows(r.falls)) if r.falls
        else f"<p>No client's score fell since {_h(r.previous_quarter)}.</p>",
        "<p><b>Largest rises</b></p>",
        _table(["Client", "Score", "Stage", "Why"], mover_rows(r.rises)) if r.rises
        else f"<p>No client's score rose since {_h(r.previous_quarter)}.</p>",
        "<h2>Warning signals by severity, and the revenue at stake</h2>",
        _table(["Severity", "Signals", "Clients", "Revenue at stake"], severity_rows(r), {1, 2, 3}),
        '<p class="note">A client is counted once, at its most severe signal; its revenue at stake is its won revenue '
        "over the last four quarters. A signal is a prompt to act early, never a verdict.</p>",
        (f'<p class="note">Not judged (the data they stand on is missing): {_h("; ".join(r.not_judged))}.</p>'
         if r.not_judged else ""),
        _table(["Client", "Signal", "Severity", "At stake", "Why it fires"], urgent_rows(r, None), {3})
        if not r.inbox.empty else "<p>No warning signal fires for these clients.</p>",
        f"<h2>Reviews of {_h(r.quarter)}: done and due</h2>",
        f"<p>{_h(reviews_sentence(r))}</p>",
        _table(["Client", "Reviewer", "Held on", "Investment", "Actions"], done_rows(r), {2, 4}) if not r.reviews.empty
        else f"<p>No review of these clients is saved for {_h(r.quarter)} yet.</p>",
        "<p><b>Still due, most urgent first</b></p>",
        _table(["Client", "Account manager", "Stage", "Signals", "At stake", "Last review"], due_rows(r), {4})
        if not r.due.empty else f"<p>Every client in view is reviewed for {_h(r.quarter)}.</p>",
        f'<p class="note">{more_due:,} more clients are due; the Review page lists them all.</p>' if more_due else "",
        f"<h2>Follow-through by owner: the {_h(r.previous_quarter)} plans</h2>",
        f"<p>{_h(follow_sentence(r))}</p>",
        _table(["Owner", "Actions", "Done", "Partial", "Not done", "Still open", "Moved forward"], owner_rows(r),
               set(range(1, 7))) if r.owners else "",
        f"<h2>Overdue actions on {_h(r.as_of.isoformat())}</h2>",
        _table(["Client", "Action", "Owner", "Due", "Days", "Status"], overdue_rows(r), {3, 4}) if not r.overdue.empty
        else f"<p>No open action of these clients is past its due date ({_h(r.as_of.isoformat())}).</p>",
        "<h2>Where value and cost concentrate</h2>",
        f"<p>{_h(concentration_sentence(r))}</p>",
        _pareto_svg(r) if not r.curves["revenue"].empty else "",
    ]
    title = f"Quarter report {r.quarter} · {r.filters.describe()}"
    return ("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
            f"<title>{_h(title)}</title><style>{_CSS}</style></head><body>\n"
            + "\n".join(x for x in body if x) + "\n</body></html>\n")
