"""The internal review deck: its slides and figures are the review's and the method's,
long texts continue on a next slide instead of running off, a thin review or a
deals-only client still gives a sensible deck, and the command line writes it."""

from __future__ import annotations

import datetime as dt
import io
from pathlib import Path

import pytest
from pptx import Presentation
from pptx.util import Emu

from analytics.cli.main import main
from analytics.db import open_database
from analytics.method.client_profile import value_by_quarter
from analytics.review.deck import BODY_BOTTOM, HEIGHT, WIDTH, file_stem
from analytics.review.deck_internal import deck_evidence, deck_file_name, internal_deck
from analytics.review.evidence import review_evidence
from analytics.review.export import position_sentence, review_document
from analytics.review.store import Action, Review, save_review
from tests.test_pages_thin import build_deals_only
from tests.tiny import Tiny

HELIOS, QUARTER = "C00021", "2026Q2"  # a demo partnership reviewed in 2026Q2: three actions, two done last quarter
TITLES = [
    "Helios Retail Sp. z o.o.",
    "Where we stand",
    "Revenue and margin per quarter",
    "What works, and what we keep",
    "What is slipping",
    "Options chosen from the playbook",
    "The plan",
    "Last quarter's follow-through (2026Q1)",
    "Investment for the coming quarter",
    "Account strategy: goals, contact plan and risks",
    "Stakeholder map",
]


def slides_of(data: bytes):
    return list(Presentation(io.BytesIO(data)).slides)


def titles(slides) -> list[str]:
    return [s.shapes.title.text for s in slides]


def slide_text(slide) -> str:
    """Every text a slide shows: its text boxes and table cells (charts aside)."""
    parts = []
    for shape in slide.shapes:
        if shape.has_text_frame:
            parts.append(shape.text_frame.text)
        if shape.has_table:
            parts += [cell.text for row in shape.table.rows for cell in row.cells]
    return "\n".join(parts)


def every_text(data: bytes) -> str:
    """Every text of a deck: slides, tables, charts (titles, series, categories) and notes."""
    parts = []
    for slide in slides_of(data):
        parts.append(slide_text(slide))
        for shape in slide.shapes:
            if shape.has_chart:
                chart = shape.chart
                if chart.has_title:
                    parts.append(chart.chart_title.text_frame.text)
                for plot in chart.plots:
                    parts += [str(c) for c in plot.categories]
                    for series in plot.series:
                        parts.append(series.name)
                        parts += [f"{v:.0f}" for v in series.values if v is not None]
        if slide.has_notes_slide:
            parts.append(slide.notes_slide.notes_text_frame.text)
    return "\n".join(parts)


def charts(slide) -> list:
    return [shape.chart for shape in slide.shapes if shape.has_chart]


def assert_inside(slides) -> None:
    """No shape reaches past the slide; text and tables end above the footer."""
    for number, slide in enumerate(slides, start=1):
        for shape in slide.shapes:
            bottom = shape.top + shape.height
            assert shape.left >= 0 and shape.left + shape.width <= WIDTH, (number, shape.name)
            assert bottom <= HEIGHT, (number, shape.name)
            if shape.has_table or (shape.has_text_frame and shape.top < Emu(BODY_BOTTOM) and shape.top > 0
                                   and shape != slide.shapes.title):
                assert bottom <= BODY_BOTTOM + Emu(12700), (number, shape.name, slide_text(slide)[:80])


@pytest.fixture(scope="module")
def helios(demo_db):
    con = demo_db.cursor()
    document = review_document(con, HELIOS, QUARTER)
    return document, internal_deck(document, deck_evidence(con, HELIOS, QUARTER))


def test_the_internal_deck_has_a_slide_for_every_step_of_the_review(helios):
    document, data = helios
    slides = slides_of(data)
    assert titles(slides) == TITLES
    assert_inside(slides)
    assert deck_file_name(document) == "Helios-Retail-2026Q2-review.pptx"


def test_the_title_slide_names_client_quarter_reviewer_and_date(helios):
    text = slide_text(slides_of(helios[1])[0])
    for part in ("Quarterly account review, 2026Q2", "Reviewed by Henryk Zając, held on 2026-07-10",
                 "Demo portfolio: generated data, not a real client"):
        assert part in text


def test_where_we_stand_shows_the_position_the_path_and_the_dimensions_of_the_review(helios):
    document, data = helios
    slide = slides_of(data)[1]
    e = document.evidence
    assert position_sentence(document) in slide_text(slide)
    assert "Partnership, score 83 of 100 (+9 since 2026Q1)." in slide_text(slide)
    path, dimensions = charts(slide)
    score = path.plots[0].series[0]
    assert list(path.plots[0].categories) == [p["quarter"] for p in e["path"]]
    assert list(score.values) == [p["score"] for p in e["path"]]
    assert [s.name for s in path.plots[0].series][1:] == [
        "Contact from 40", "Rapport from 50", "Working trust from 60", "Partnership from 70"]
    this_quarter = dimensions.plots[0].series[-1]
    assert this_quarter.name == QUARTER
    assert list(this_quarter.values) == [d["score"] for d in e["dimensions"]]
    assert list(dimensions.plots[0].categories) == [
        "High and Wide (+3)", "Dialogue (+13)", "Trust and candour (+1)", "Balance (+17)", "Value (+13)"]


def test_revenue_and_margin_per_quarter_are_the_client_pages_figures(helios, demo_db):
    slide = slides_of(helios[1])[2]
    chart = charts(slide)[0]
    expected = value_by_quarter(demo_db.cursor(), HELIOS, QUARTER, 8)
    revenue, margin = chart.plots[0].series
    assert list(chart.plots[0].categories) == expected["quarter"].tolist()
    assert list(revenue.values) == pytest.approx(expected["revenue"].tolist())
    assert list(margin.values) == pytest.approx(expected["margin"].tolist())
    value = positions_value(demo_db)  # the method's revenue and margin over the four quarters
    assert f"Won revenue over the last 4 quarters: {value['revenue_4q']:,.0f} EUR; margin after cost to serve: " \
           f"{value['margin_4q']:,.0f} EUR (99% of revenue)." in slide_text(slide)


def positions_value(demo_db) -> dict:
    from analytics.method.continuum import run_method
    from analytics.method.value import value_of

    frame = value_of(run_method(demo_db.cursor(), QUARTER))
    return frame[frame["client_id"] == HELIOS].iloc[0].to_dict()


def test_the_plan_and_the_follow_through_are_the_reviews(helios):
    document, data = helios
    slides = slides_of(data)
    plan = next(s for s in slides[6].shapes if s.has_table).table
    rows = [[c.text for c in row.cells] for row in plan.rows]
    assert rows[0] == ["#", "Action", "Owner", "Due", "Should move", "Shared"]
    assert rows[1:] == [
        ["1", "Ask for a reference case study", "Henryk Zając", "2026-08-01", "Value", ""],
        ["2", "Plan next year's roadmap together", "Tomasz Ryba", "2026-08-31", "Dialogue", ""],
        ["3", "Share a results summary with the CFO", "Henryk Zając", "2026-09-30", "Trust and candour", ""],
    ]
    follow = slide_text(slides[7])
    assert "Moved forward: 2 of 2 actions (2 done, 0 partial progress)." in follow
    assert "Keep the stakeholder map current" in follow and "Done as planned." in follow
    assert "Invest more" in slide_text(slides[8])
    strategy = slide_text(slides[9])
    assert "For 2026Q3: Executive 3, Director 6, Manager 10, Staff 6; DELT target 9." in strategy
    assert "Dependency on our lead architect." in strategy


def test_every_slide_after_the_title_carries_its_evidence_in_the_speaker_notes(helios):
    slides = slides_of(helios[1])
    notes = {s.shapes.title.text: s.notes_slide.notes_text_frame.text for s in slides if s.has_notes_slide}
    assert set(TITLES) - set(notes) == set()
    assert "Dialogue: 91 of 100, +13 since 2026Q1." in notes["Where we stand"]
    assert "The contributions are the method's reading of the data as it is now." in notes["Where we stand"]
    assert "2026Q2: revenue 435,927 EUR, cost to serve 2,873 EUR, margin 433,054 EUR" in notes[
        "Revenue and margin per quarter"]


def test_a_signal_slide_gives_each_reason_and_its_evidence_rows(demo_db):
    con = demo_db.cursor()
    document = review_document(con, "C00005", QUARTER)  # Vistula Freight: access declines
    slides = slides_of(internal_deck(document, deck_evidence(con, "C00005", QUARTER)))
    slide = next(s for s in slides if s.shapes.title.text == "What is slipping")
    reason = document.evidence["signals"][0]["reason"]
    assert "Declining access to decision makers" in slide_text(slide) and reason in slide_text(slide)
    notes = slide.notes_slide.notes_text_frame.text
    assert notes.startswith(f"Declining access to decision makers (high): {reason}")
    assert "The evidence, newest first:" in notes and "interaction" in notes


@pytest.fixture
def bare(db):
    """One client with a week of activity, reviewed with nothing written: no signal, no plan."""
    tiny = Tiny(db)
    tiny.client("A")
    with db.write() as cur:
        cur.execute("update clients set name = 'Acme GmbH' where client_id = 'A'")
    tiny.touches("A", "2026-05-04", 3)
    evidence = review_evidence(db.cursor(), "A", "2026Q2").snapshot()
    save_review(db, Review("A", "2026Q2", evidence_snapshot=evidence), [])
    return db


def test_a_review_with_no_signal_no_plan_and_no_strategy_still_gives_a_sensible_deck(bare):
    con = bare.cursor()
    document = review_document(con, "A", "2026Q2")
    slides = slides_of(internal_deck(document, deck_evidence(con, "A", "2026Q2")))
    assert titles(slides)[:3] == ["Acme GmbH", "Where we stand", "Revenue and margin per quarter"]
    text = {s.shapes.title.text: slide_text(s) for s in slides}
    assert "No warning signal fires this quarter." in text["What is slipping"]
    assert "No actions planned yet." in text["The plan"]
    assert "This is the first review with a plan for this client." in text["Last quarter's follow-through"]
    assert "No won deals and no cost to serve in the quarters of the path." in text["Revenue and margin per quarter"]
    assert "No account strategy written yet." in text["Account strategy: goals, contact plan and risks"]
    assert_inside(slides)
    assert deck_file_name(document, "client") == "Acme-2026Q2-client.pptx"


def test_long_texts_continue_on_a_next_slide_and_never_run_past_the_footer(bare):
    con = bare.cursor()
    long = "\n".join(f"- Point {i}: " + "the weekly operations call keeps delivery on track " * 4 for i in range(30))
    actions = [Action(f"Action {i}: " + "agree the release calendar with the operations team " * 3, "Ola Test")
               for i in range(14)]
    evidence = review_evidence(con, "A", "2026Q2").snapshot()
    save_review(bare, Review("A", "2026Q2", what_works=long, evidence_snapshot=evidence), actions)
    slides = slides_of(internal_deck(review_document(con, "A", "2026Q2")))
    names = titles(slides)
    assert "What works, and what we keep (continued)" in names and "The plan (continued)" in names
    shown = "\n".join(slide_text(s) for s in slides)
    assert all(f"Point {i}:" in shown for i in range(30)) and all(f"Action {i}:" in shown for i in range(14))
    assert_inside(slides)


@pytest.fixture(scope="module")
def deals_only(tmp_path_factory) -> Path:
    """The Portfolio test's deals-only database (three clients, six quarters of won deals),
    with client B reviewed in 2025Q4."""
    path = tmp_path_factory.mktemp("deck") / "deals-only.duckdb"
    build_deals_only(path)
    db = open_database(path)
    evidence = review_evidence(db.cursor(), "B", "2025Q4").snapshot()
    save_review(db, Review("B", "2025Q4", reviewer="Ola", held_on=dt.date(2026, 1, 9), evidence_snapshot=evidence),
                [Action("Ask for a reference", "Ola", dt.date(2026, 3, 31), "value")])
    db.close()
    return path


def test_a_deals_only_client_gets_its_coverage_and_what_is_not_measured_in_words(deals_only):
    db = open_database(deals_only)
    try:
        con = db.cursor()
        document = review_document(con, "B", "2025Q4")
        slides = slides_of(internal_deck(document, deck_evidence(con, "B", "2025Q4")))
    finally:
        db.close()
    text = {s.shapes.title.text: slide_text(s) for s in slides}
    stand = text["Where we stand"]
    assert "The position is measured on Value only (20 % of the weight); the stage is provisional." in stand
    assert "Not measured: High and Wide (needs contacts and touches); Dialogue (needs touches); Trust and candour " \
           "(needs touches); Balance (needs touches)." in stand
    notes = slides[1].notes_slide.notes_text_frame.text
    assert "High and Wide: not measured (needs contacts and touches: import a contacts export and an activity " \
           "export (calls, meetings, emails))." in notes
    assert "Cost to serve and margin are not measured" in text["Revenue and margin per quarter"]
    revenue = charts(slides[2])[0].plots[0].series
    assert [s.name for s in revenue] == ["Revenue (EUR)"]  # no margin series where it is not measured
    assert list(revenue[0].values)[-6:] == [3000.0] * 6
    assert "Not judged (the data they stand on is missing)" in text["What is slipping"]
    assert_inside(slides)


def test_a_file_name_says_what_it_is():
    assert file_stem("Helios Retail Sp. z o.o.") == "Helios-Retail"
    assert file_stem("Warta Pharma S.A.") == "Warta-Pharma"
    assert file_stem("Fjord Systems AB") == "Fjord-Systems"
    assert file_stem("Ромашка ООО") == "Ромашка"
    assert file_stem("") == "client"


def test_review_export_writes_the_deck_under_its_own_name(demo_copy, tmp_path, monkeypatch, capsys):
    monkeypatch.chdir(tmp_path)
    assert main(["review", "export", "--db", str(demo_copy), "--client", HELIOS, "--quarter", QUARTER,
                 "--format", "pptx"]) == 0
    assert titles(slides_of((tmp_path / "Helios-Retail-2026Q2-review.pptx").read_bytes())) == TITLES
    assert capsys.readouterr().err == (
        "Wrote the internal review deck of the 2026Q2 review of C00021 to Helios-Retail-2026Q2-review.pptx\n")
    target = tmp_path / "for-them.pptx"
    assert main(["review", "export", "--db", str(demo_copy), "--client", HELIOS, "--quarter", QUARTER,
                 "--format", "client-pptx", "--out", str(target)]) == 0
    assert titles(slides_of(target.read_bytes()))[1] == "Our partnership in brief"


@pytest.mark.parametrize("fmt", ["pptx", "client-pptx", "md", "html"])
@pytest.mark.parametrize(
    "client, quarter, message",
    [
        ("C99999", QUARTER, 'Error: No client with id "C99999" in this database.\n'),
        (HELIOS, "2024Q1", "Error: No review of client C00021 is saved for 2024Q1. Start it on the Review page and "
         "save it, or choose a quarter with a saved review.\n"),
    ],
)
def test_review_export_errors_are_one_line_with_exit_code_1(demo_copy, tmp_path, monkeypatch, capsys,
                                                             fmt, client, quarter, message):
    monkeypatch.chdir(tmp_path)
    code = main(["review", "export", "--db", str(demo_copy), "--client", client, "--quarter", quarter,
                 "--format", fmt])
    captured = capsys.readouterr()
    assert (code, captured.err, captured.out) == (1, message, "")
    assert not list(tmp_path.glob("*.pptx"))
