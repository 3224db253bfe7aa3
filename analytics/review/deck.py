"""Slides that never overflow: the layout both review decks are drawn with (python-pptx).

PowerPoint does not measure text for a program that writes a file, and LibreOffice grows a
table row to fit its text, so a long plan or a long "what works" would run off the slide.
So every text is measured here before it is placed: words are wrapped at the width of
their box with Arial's average letter width (Arial is in every PowerPoint; LibreOffice
draws it with the metric-equal Liberation Sans), and what does not fit continues on a next
slide titled "(continued)". Charts are native PowerPoint charts, so a team can restyle
them and edit their data. Nothing here knows about reviews: deck_internal.py and
deck_client.py say what goes on the slides.
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from dataclasses import dataclass

from pptx import Presentation
from pptx.chart.data import CategoryChartData
from pptx.dml.color import RGBColor
from pptx.enum.chart import (
    XL_AXIS_CROSSES,
    XL_CHART_TYPE,
    XL_LABEL_POSITION,
    XL_LEGEND_POSITION,
    XL_MARKER_STYLE,
)
from pptx.enum.dml import MSO_LINE_DASH_STYLE
from pptx.enum.text import MSO_ANCHOR, MSO_AUTO_SIZE, PP_ALIGN
from pptx.util import Emu, Inches, Pt

from analytics.review.file_names import file_stem  # noqa: F401 - the decks' file names

FONT = "Arial"
# Arial's mean advance per character of English and Polish prose, in ems, rounded up so
# that a wrapped line measured here is never longer than the one drawn.
CHAR_EM = 0.54
LINE_SPACING = 1.2  # a line's height as a multiple of its font size (PowerPoint's single)
WIDTH, HEIGHT = Inches(13.333), Inches(7.5)  # 16:9
MARGIN = Inches(0.55)
BODY_TOP = Inches(1.3)
BODY_BOTTOM = Inches(6.85)  # above the footer
INSET = Inches(0.1)  # PowerPoint's left and right inset of a text box and a table cell
INSET_V = Inches(0.05)

INK = RGBColor(0x22, 0x22, 0x22)
MUTED = RGBColor(0x66, 0x66, 0x66)
ACCENT = RGBColor(0x21, 0x66, 0xAC)
PALE = RGBColor(0xF3, 0xF5, 0xF8)
LIGHT_BAR = RGBColor(0xBB, 0xC4, 0xCF)

TITLE_PT, BODY_PT, SMALL_PT, TABLE_PT = 28, 16, 11, 12


def rgb(hex_color: str) -> RGBColor:
    return RGBColor.from_string(hex_color.lstrip("#").upper())


# --------------------------------------------------------------------------- measuring


def wrap(text: str, width: int, size_pt: float) -> list[str]:
    """`text` broken into the lines a box `width` EMU wide draws at `size_pt` (its own
    line breaks kept; a word longer than a line is cut, as PowerPoint does)."""
    per_line = max(int(Emu(width).pt / (size_pt * CHAR_EM)), 4)
    lines: list[str] = []
    for paragraph in (text or "").split("\n"):
        line = ""
        for word in paragraph.split():
            while len(word) > per_line:
                if line:
                    lines.append(line)
                    line = ""
                lines.append(word[:per_line])
                word = word[per_line:]
            candidate = f"{line} {word}" if line else word
            if len(candidate) <= per_line:
                line = candidate
            else:
                lines.append(line)
                line = word
        lines.append(line)
    return lines


def text_height(text: str, width: int, size_pt: float) -> int:
    """The height in EMU that `text` takes in a box `width` EMU wide (insets included)."""
    return int(len(wrap(text, width - 2 * INSET, size_pt)) * Pt(size_pt * LINE_SPACING)) + 2 * INSET_V


def shorten(text: str, width: int, size_pt: float, lines: int = 1) -> str:
    """`text` cut with an ellipsis to fit `lines` lines of a box `width` EMU wide."""
    got = wrap(" ".join((text or "").split()), width - 2 * INSET, size_pt)
    if len(got) <= lines:
        return " ".join((text or "").split())
    kept = " ".join(got[:lines])
    return kept[: max(len(kept) - 1, 1)].rstrip() + "…"


# --------------------------------------------------------------------------- content


@dataclass
class Para:
    """One paragraph of a text slide: plain, a bullet, a small heading or a quiet note."""

    text: str
    kind: str = "text"  # text | bullet | heading | note

    @property
    def size(self) -> float:
        return {"heading": BODY_PT, "note": SMALL_PT + 2}.get(self.kind, BODY_PT)

    @property
    def indent(self) -> int:
        return Inches(0.3) if self.kind == "bullet" else 0


def paragraphs(text: str, kind: str = "text") -> list[Para]:
    """Text as written: lines starting with "- " or "* " become bullets, others `kind`."""
    out = []
    for raw in (text or "").strip().splitlines():
        line = raw.strip()
        if not line:
            continue
        if line.startswith(("- ", "* ", "• ")):
            out.append(Para(line[2:].strip(), "bullet"))
        else:
            out.append(Para(line, kind))
    return out


def bullets(items: Sequence[str]) -> list[Para]:
    return [Para(str(i), "bullet") for i in items if str(i).strip()]


SPACE_AFTER_PT = 6


def para_height(p: Para, width: int) -> int:
    return text_height(p.text, width - p.indent, p.size) - 2 * INSET_V + int(Pt(SPACE_AFTER_PT))


def split_pages(paras: Sequence[Para], width: int, height: int) -> list[list[Para]]:
    """Paragraphs in pages that fit a box of `width` x `height` EMU; a paragraph taller
    than a page is broken at its lines; a heading never ends a page."""
    pages: list[list[Para]] = [[]]
    used = 2 * INSET_V
    room = height
    for p in paras:
        need = para_height(p, width)
        if need > room - 2 * INSET_V:  # taller than a whole page: break it into line runs
            lines = wrap(p.text, width - p.indent - 2 * INSET, p.size)
            per_page = max(int((room - 2 * INSET_V - Pt(SPACE_AFTER_PT)) // Pt(p.size * LINE_SPACING)), 1)
            for start in range(0, len(lines), per_page):
                part = Para(" ".join(lines[start:start + per_page]), p.kind)
                need_part = para_height(part, width)
                if used + need_part > room and pages[-1]:
                    pages.append([])
                    used = 2 * INSET_V
                pages[-1].append(part)
                used += need_part
            continue
        if used + need > room and pages[-1]:
            carried = [pages[-1].pop()] if pages[-1] and pages[-1][-1].kind == "heading" else []
            pages.append(carried)
            used = 2 * INSET_V + sum(para_height(x, width) for x in carried)
        pages[-1].append(p)
        used += need
    return [page for page in pages if page] or [[]]


# --------------------------------------------------------------------------- the deck


class Deck:
    """A 16:9 presentation whose slides are laid out by measure (see the module's note)."""

    def __init__(self, footer: str) -> None:
        self.prs = Presentation()
        self.prs.slide_width, self.prs.slide_height = WIDTH, HEIGHT
        self.footer = footer
        self._layout = self.prs.slide_layouts[5]  # "Title Only": a real title placeholder

    # ---- slides

    def slide(self, title: str, notes: str = ""):
        """A slide with its title (one line, shortened to fit) and speaker notes."""
        slide = self.prs.slides.add_slide(self._layout)
        shape = slide.shapes.title
        shape.left, shape.top, shape.width, shape.height = MARGIN, Inches(0.35), WIDTH - 2 * MARGIN, Inches(0.8)
        frame = shape.text_frame
        frame.word_wrap, frame.auto_size = True, MSO_AUTO_SIZE.NONE
        frame.vertical_anchor = MSO_ANCHOR.MIDDLE
        frame.text = shorten(title, shape.width, TITLE_PT)
        para = frame.paragraphs[0]
        para.alignment = PP_ALIGN.LEFT
        _style(para.runs[0], TITLE_PT, bold=True, color=ACCENT)
        line = slide.shapes.add_connector(1, MARGIN, Inches(1.17), WIDTH - MARGIN, Inches(1.17))
        line.line.color.rgb, line.line.width = ACCENT, Pt(1.5)
        self.text(slide, self.footer, MARGIN, Inches(6.95), WIDTH - 2 * MARGIN - Inches(1), SMALL_PT, color=MUTED)
        self.text(slide, str(len(self.prs.slides)), WIDTH - MARGIN - Inches(1), Inches(6.95), Inches(1), SMALL_PT,
                  color=MUTED, align=PP_ALIGN.RIGHT)
        if notes.strip():
            slide.notes_slide.notes_text_frame.text = notes.strip()
        return slide

    def title_slide(self, title: str, lines: Sequence[str], notes: str = "") -> None:
        """The opening slide: a large title (the slide's real title) and a few lines under it."""
        slide = self.prs.slides.add_slide(self._layout)
        width = WIDTH - 2 * MARGIN
        fitted = shorten(title, width, 36, lines=2)
        shape = slide.shapes.title
        shape.left, shape.top, shape.width = MARGIN, Inches(2.0), width
        shape.height = text_height(fitted, width, 36)
        frame = shape.text_frame
        frame.word_wrap, frame.auto_size = True, MSO_AUTO_SIZE.NONE
        frame.vertical_anchor = MSO_ANCHOR.TOP
        frame.text = fitted
        frame.paragraphs[0].alignment = PP_ALIGN.LEFT
        _style(frame.paragraphs[0].runs[0], 36, bold=True, color=ACCENT)
        top = shape.top + shape.height + Inches(0.2)
        for text in (x for x in lines if x):
            text = shorten(text, width, 20, lines=2)
            height = text_height(text, width, 20)
            self.text(slide, text, MARGIN, top, width, 20, height=height)
            top += height + Inches(0.08)
        if notes.strip():
            slide.notes_slide.notes_text_frame.text = notes.strip()

    def text_slides(self, title: str, paras: Sequence[Para], notes: str = "", *,
                    left: int = MARGIN, width: int | None = None, top: int = BODY_TOP) -> list:
        """As many slides as `paras` need (the later ones "(continued)")."""
        width = width or WIDTH - 2 * MARGIN
        pages = split_pages(list(paras), width, BODY_BOTTOM - top)
        slides = []
        for i, page in enumerate(pages):
            slide = self.slide(title if i == 0 else f"{title} (continued)", notes)
            self.paragraphs(slide, page, left, top, width, BODY_BOTTOM - top)
            slides.append(slide)
        return slides

    def table_slides(
        self, title: str, header: Sequence[str], rows: Sequence[Sequence[str]], widths: Sequence[float],
        notes: str = "", *, intro: Sequence[Para] = (), after: Sequence[Para] = (), numeric: set[int] | None = None,
    ) -> list:
        """A table over as many slides as its rows need, the header on each; `intro`
        above it on the first slide, `after` below it on the last (or a slide of its own)."""
        total = WIDTH - 2 * MARGIN
        col = [int(total * w / sum(widths)) for w in widths]
        intro_h = sum(para_height(p, total) for p in intro)
        head_h = self._row_height(header, col, bold=True)
        heights = [self._row_height(r, col) for r in rows]
        slides, start, used = [], 0, BODY_TOP
        while True:
            top = BODY_TOP + (intro_h if not slides else 0)
            room, end = BODY_BOTTOM - top - head_h, start
            while end < len(rows) and (room >= heights[end] or end == start):
                room -= heights[end]
                end += 1
            slide = self.slide(title if not slides else f"{title} (continued)", notes)
            if not slides and intro:
                self.paragraphs(slide, list(intro), MARGIN, BODY_TOP, total, intro_h)
            used = top
            if rows:
                self.table(slide, header, rows[start:end], col, top, [head_h] + heights[start:end], numeric or set())
                used = top + head_h + sum(heights[start:end])
            slides.append(slide)
            start = end
            if start >= len(rows):
                break
        if after:
            gap = Inches(0.15) if rows else 0
            after_h = sum(para_height(p, total) for p in after) + 2 * INSET_V
            if used + gap + after_h <= BODY_BOTTOM:
                self.paragraphs(slides[-1], list(after), MARGIN, used + gap, total, BODY_BOTTOM - used - gap)
            else:
                slides += self.text_slides(f"{title} (continued)", list(after), notes)
        return slides

    # ---- shapes

    def text(self, slide, text: str, left: int, top: int, width: int, size: float, *, bold: bool = False,
             color: RGBColor = INK, align=PP_ALIGN.LEFT, height: int | None = None):
        box = slide.shapes.add_textbox(left, top, width, height or text_height(text, width, size))
        frame = box.text_frame
        frame.word_wrap, frame.auto_size = True, MSO_AUTO_SIZE.NONE
        frame.text = text
        for para in frame.paragraphs:
            para.alignment = align
            for run in para.runs:
                _style(run, size, bold=bold, color=color)
        return box

    def paragraphs(self, slide, paras: Sequence[Para], left: int, top: int, width: int, height: int):
        """Paragraphs in one box (they were measured to fit it)."""
        box = slide.shapes.add_textbox(left, top, width, max(height, Inches(0.3)))
        frame = box.text_frame
        frame.word_wrap, frame.auto_size = True, MSO_AUTO_SIZE.NONE
        for i, p in enumerate(paras):
            para = frame.paragraphs[0] if i == 0 else frame.add_paragraph()
            para.space_after = Pt(SPACE_AFTER_PT)
            text = p.text
            if p.kind == "bullet":
                text = "• " + text
                _hanging(para, p.indent)
            run = para.add_run()
            run.text = text
            _style(run, p.size, bold=p.kind == "heading", color=MUTED if p.kind == "note" else INK)
        return box

    def _row_height(self, cells: Sequence[str], col: Sequence[int], bold: bool = False) -> int:
        size = TABLE_PT
        tallest = max((len(wrap(str(c), w - 2 * INSET, size * (1.05 if bold else 1))) for c, w in zip(cells, col, strict=True)),
                      default=1)
        return int(tallest * Pt(size * LINE_SPACING)) + 2 * INSET_V + int(Pt(2))

    def table(self, slide, header: Sequence[str], rows: Sequence[Sequence[str]], col: Sequence[int], top: int,
              heights: Sequence[int], numeric: set[int]):
        shape = slide.shapes.add_table(len(rows) + 1, len(header), MARGIN, top, sum(col), sum(heights))
        table = shape.table
        for j, w in enumerate(col):
            table.columns[j].width = w
        for i, h in enumerate(heights):
            table.rows[i].height = h
        for i, row in enumerate([list(header), *[list(r) for r in rows]]):
            for j, value in enumerate(row):
                cell = table.cell(i, j)
                cell.margin_left = cell.margin_right = INSET
                cell.margin_top = cell.margin_bottom = INSET_V
                cell.text = str(value)
                para = cell.text_frame.paragraphs[0]
                para.alignment = PP_ALIGN.RIGHT if j in numeric else PP_ALIGN.LEFT
                para.font.size = Pt(TABLE_PT)  # an empty cell keeps the row at the text's height
                for run in para.runs:
                    _style(run, TABLE_PT, bold=i == 0, color=RGBColor(0xFF, 0xFF, 0xFF) if i == 0 else INK)
                cell.fill.solid()
                cell.fill.fore_color.rgb = ACCENT if i == 0 else (PALE if i % 2 == 0 else RGBColor(0xFF, 0xFF, 0xFF))
        return shape

    # ---- charts

    def line_chart(self, slide, categories: Sequence[str], series: Sequence[tuple[str, Sequence[float | None], str]],
                   box: tuple[int, int, int, int], *, labelled: int = 0, y_max: float = 100, title: str = ""):
        """A line chart; `series` (name, values, colour); the first `labelled` series carry
        their values as labels and markers, the others are thin dashed guide lines."""
        data = CategoryChartData(number_format="0")
        data.categories = list(categories)
        for name, values, _ in series:
            data.add_series(name, list(values))
        chart = slide.shapes.add_chart(XL_CHART_TYPE.LINE_MARKERS, *box, data).chart
        _chart_text(chart, title)
        axis = chart.value_axis
        axis.minimum_scale, axis.maximum_scale, axis.major_unit = 0, y_max, 25
        axis.has_major_gridlines = True
        axis.major_gridlines.format.line.color.rgb = RGBColor(0xE3, 0xE3, 0xE3)
        for i, (plot_series, (_, _, color)) in enumerate(zip(chart.plots[0].series, series, strict=True)):
            plot_series.smooth = False
            plot_series.format.line.color.rgb = rgb(color)
            if i < labelled:
                plot_series.format.line.width = Pt(2.5)
                plot_series.marker.style, plot_series.marker.size = XL_MARKER_STYLE.CIRCLE, 8
                plot_series.marker.format.fill.solid()
                plot_series.marker.format.fill.fore_color.rgb = rgb(color)
                labels = plot_series.data_labels
                labels.show_value, labels.number_format, labels.number_format_is_linked = True, "0", False
                labels.position = XL_LABEL_POSITION.ABOVE
                labels.font.size, labels.font.bold = Pt(12), True
            else:
                plot_series.format.line.width = Pt(1.25)
                plot_series.format.line.dash_style = MSO_LINE_DASH_STYLE.DASH
                plot_series.marker.style = XL_MARKER_STYLE.NONE
        chart.has_legend = len(series) > 1
        if chart.has_legend:
            chart.legend.position, chart.legend.include_in_layout = XL_LEGEND_POSITION.BOTTOM, False
        return chart

    def bar_chart(self, slide, categories: Sequence[str], series: Sequence[tuple[str, Sequence[float | None], str]],
                  box: tuple[int, int, int, int], *, horizontal: bool = False, number_format: str = "0",
                  axis_max: float | None = None, labels_on: Sequence[int] = (-1,), title: str = ""):
        """A clustered bar (horizontal) or column chart with its values as labels on the
        series `labels_on` (default: the last)."""
        data = CategoryChartData(number_format=number_format)
        data.categories = list(categories)
        for name, values, _ in series:
            data.add_series(name, list(values))
        kind = XL_CHART_TYPE.BAR_CLUSTERED if horizontal else XL_CHART_TYPE.COLUMN_CLUSTERED
        chart = slide.shapes.add_chart(kind, *box, data).chart
        _chart_text(chart, title)
        axis = chart.value_axis
        axis.minimum_scale = 0
        if axis_max is not None:
            axis.maximum_scale = axis_max
        axis.tick_labels.number_format, axis.tick_labels.number_format_is_linked = number_format, False
        axis.has_major_gridlines = True
        axis.major_gridlines.format.line.color.rgb = RGBColor(0xE3, 0xE3, 0xE3)
        if horizontal:
            chart.category_axis.reverse_order = True  # the first category on top, as read
            # the value axis crosses the reversed categories at their last, so it stays at the bottom
            chart.category_axis.crosses = XL_AXIS_CROSSES.MAXIMUM
        plot = chart.plots[0]
        plot.gap_width, plot.overlap = 60, 0
        wanted = {i % len(series) for i in labels_on}
        for i, (plot_series, (_, _, color)) in enumerate(zip(plot.series, series, strict=True)):
            plot_series.format.fill.solid()
            plot_series.format.fill.fore_color.rgb = rgb(color)
            if i in wanted:
                labels = plot_series.data_labels
                labels.show_value, labels.number_format, labels.number_format_is_linked = True, number_format, False
                labels.position = XL_LABEL_POSITION.OUTSIDE_END
                labels.font.size = Pt(11)
        chart.has_legend = len(series) > 1
        if chart.has_legend:
            chart.legend.position, chart.legend.include_in_layout = XL_LEGEND_POSITION.BOTTOM, False
        return chart

    def to_bytes(self) -> bytes:
        out = io.BytesIO()
        self.prs.save(out)
        return out.getvalue()




def _style(run, size: float, *, bold: bool = False, color: RGBColor = INK) -> None:
    run.font.name, run.font.size, run.font.bold = FONT, Pt(size), bold
    run.font.color.rgb = color


def _chart_text(chart, title: str = "") -> None:
    chart.font.name, chart.font.size = FONT, Pt(12)
    chart.has_title = bool(title)
    if title:
        chart.chart_title.text_frame.text = title
        for run in chart.chart_title.text_frame.paragraphs[0].runs:
            _style(run, 14, bold=True, color=INK)


def _hanging(para, indent: int) -> None:
    """A bullet paragraph: its wrapped lines start under the text, not under the bullet."""
    p = para._p.get_or_add_pPr()
    p.set("marL", str(int(indent)))
    p.set("indent", str(-int(Inches(0.22))))
