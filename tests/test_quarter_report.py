"""The quarter report for the head of sales: its figures are the Portfolio, Signals and
Reviews pages' own for the same quarter and filters, the filters narrow every part, a
deals-only portfolio still gives a sensible report, the HTML page escapes what it
prints, both files open, and the command line fails in one line."""

from __future__ import annotations

import datetime as dt
import io
import json
import re
import subprocess
import sys
from pathlib import Path

import pytest
from pptx import Presentation
from streamlit.testing.v1 import AppTest

from analytics.cli.main import main
from analytics.db import open_database
from analytics.method.continuum import STAGES
from analytics.method.portfolio import (
    concentration_curve,
    headline,
    portfolio_view,
    signal_inbox,
    stage_counts,
    stage_flow,
    top_share,
)
from analytics.method.signals import signals_for_quarter
from analytics.review.portfolio import actions_by_owner, follow_through, overdue_actions
from analytics.review.quarter_report import ReportError, ReportFilters, quarter_report, report_file_name
from analytics.review.quarter_report_files import quarter_report_html, quarter_report_pptx
from tests.conftest import DEMO_END_QUARTER
from tests.test_pages_thin import build_deals_only
from tests.test_review_deck import slide_text, slides_of, titles
from tests.test_review_deck_render import ink, pages, require_libreoffice, to_pdf
from ui.filters import Filters
from ui.theme import money

ROOT = Path(__file__).resolve().parent.parent
QUARTER, PREVIOUS = DEMO_END_QUARTER, "2026Q2"
TODAY = dt.date.today()  # the pages count overdue actions as of today: so does the report here
TITLES = [
    f"Quarter report {QUARTER}",
    f"{QUARTER} at a glance",
    "Where clients stand and how they moved",
    f"Largest falls since {PREVIOUS}, and why",
    f"Largest rises since {PREVIOUS}, and why",
    "Warning signals by severity, and the revenue at stake",
    "The most urgent signals",
    f"Reviews of {QUARTER}: done",
    f"Reviews of {QUARTER}: still due, most urgent first",
    f"Follow-through by owner: the {PREVIOUS} plans",
    f"Overdue actions on {TODAY.isoformat()}",
    f"Overdue actions on {TODAY.isoformat()} (continued)",
    "Where value and cost concentrate",
]


@pytest.fixture(scope="module")
def report(demo_db):
    return quarter_report(demo_db.cursor(), QUARTER)


@pytest.fixture(scope="module")
def deck(report) -> bytes:
    return quarter_report_pptx(report)


def portfolio_page(db_file: Path, monkeypatch, **params) -> AppTest:
    monkeypatch.setenv("CONTINUUM_DB", str(db_file))
    app = AppTest.from_file(str(ROOT / "pages" / "portfolio.py"), default_timeout=180)
    for key, value in params.items():
        app.query_params[key] = value
    return app.run()


# --------------------------------------------------------------------------- the same figures as the pages


@pytest.mark.parametrize("params", [{}, {"segment": "Enterprise"}, {"manager": "Greta Holm"}, {"region": "DACH"}])
def test_the_reports_figures_equal_the_portfolio_pages_for_the_same_quarter_and_filters(
    demo_db, demo_db_file, monkeypatch, params
):
    filters = ReportFilters(**{k: (v,) for k, v in params.items()})
    report = quarter_report(demo_db.cursor(), QUARTER, filters)
    # the page's own frame, narrowed by the page's own filters
    view = Filters(**{k: (v,) for k, v in params.items()}).apply(portfolio_view(demo_db.cursor(), QUARTER, TODAY))
    assert report.top == headline(view)
    assert report.stages_now == stage_counts(view).to_dict()
    assert report.stages_before == stage_counts(view, "previous_stage").to_dict()
    assert report.flow.equals(stage_flow(view))
    assert report.shares == {m: top_share(concentration_curve(view, m)) for m in ("revenue", "cost")}

    app = portfolio_page(demo_db_file, monkeypatch, quarter=QUARTER, **params)
    assert not app.exception, app.exception
    shown = {m.label: m.value for m in app.metric}
    assert shown == {
        "Clients": f"{report.top.clients:,}",
        "Revenue, last 4 quarters": money(report.top.revenue_4q, report.currency),
        "High-severity clients": f"{report.top.clients_with_high_signal:,}",
        "Review actions overdue": f"{report.top.actions_overdue:,}",
    }
    distribution = json.loads(app.get("plotly_chart")[1].proto.spec)["data"]
    assert distribution[0]["y"] == [report.stages_before.get(s, 0) for s, _ in STAGES]
    assert distribution[1]["y"] == [report.stages_now.get(s, 0) for s, _ in STAGES]
    # the page's "Largest falls" and "Largest rises" links are the report's movers, in order
    links = [re.sub(r"\\(.)", r"\1", str(m.value)) for m in app.markdown if "](client?" in str(m.value)]
    named = [found.group(1) for link in links if (found := re.match(r"\[(.*): \d+ → \d+ \(", link))]
    assert named and named == [m.name for m in report.falls] + [m.name for m in report.rises]


def test_the_reports_signals_and_reviews_equal_the_signals_and_reviews_pages(demo_db, report):
    con = demo_db.cursor()
    inbox = signal_inbox(signals_for_quarter(con, QUARTER), portfolio_view(con, QUARTER, TODAY))
    assert report.revenue_at_stake == inbox.drop_duplicates("client_id")["revenue_4q"].sum()
    assert sum(s["signals"] for s in report.severities) == len(inbox)
    assert sum(s["clients"] for s in report.severities) == inbox["client_id"].nunique()
    assert sum(s["revenue_at_stake"] for s in report.severities) == pytest.approx(report.revenue_at_stake)
    # follow-through by owner: the Reviews page's "Agreed in 2026Q2" view, owner by owner
    by_owner = actions_by_owner(con, [PREVIOUS])
    expected = {}
    for row in by_owner.itertuples():
        key = "open" if row.status in ("planned", "in_progress") else row.status
        expected.setdefault(row.owner, {}).setdefault(key, 0)
        expected[row.owner][key] += row.count_actions
    got = {o.owner: {k: v for k, v in (("done", o.done), ("partial", o.partial), ("not_done", o.not_done),
                                       ("open", o.open)) if v} for o in report.owners}
    assert got == expected
    rate = follow_through(con).set_index("quarter").loc[PREVIOUS, "follow_through_rate"]
    assert report.follow_through.rate == pytest.approx(rate)
    assert report.overdue["action_id"].tolist() == overdue_actions(con, TODAY)["action_id"].tolist()
    assert report.clients_reviewed == 2 and report.reviews["name"].tolist() == [
        "Amber Logistics S.A.", "Warta Pharma S.A."]
    assert len(report.due) == report.top.clients - 2


def test_the_deck_has_its_slide_titles_and_the_key_figures(report, deck):
    slides = slides_of(deck)
    assert titles(slides) == TITLES
    glance = slide_text(slides[1])
    for figure in ("60", "11.29M EUR", "2 of 60", "55%", f"{len(report.inbox)}", "2.07M EUR",
                   f"{report.top.clients_with_high_signal}", f"{report.top.actions_overdue}"):
        assert f"{figure}\n" in glance + "\n", figure
    falls = slide_text(slides[3])
    first = report.falls[0]
    assert first.name in falls and f"{first.score_before:.0f} → {first.score:.0f}" in falls
    assert "Signals now: Declining access to decision makers." in falls  # the why: Pomerania's access story
    severity = slide_text(slides[5])
    assert "High\n8\n8\n1.15M EUR" in severity and "All\n17\n16\n2.07M EUR" in severity
    chart = next(s for s in slides[9].shapes if s.has_chart).chart
    done = dict(zip(chart.plots[0].categories, chart.plots[0].series[0].values, strict=True))
    assert done["Henryk Zając"] == 6  # six done of his six 2026Q2 actions
    overdue = "\n".join(slide_text(s) for s in slides[10:12])
    assert all(name in overdue for name in report.overdue["name"])
    pareto = next(s for s in slides[12].shapes if s.has_chart).chart
    assert pareto.plots[0].series[0].name == f"Revenue ({report.shares['revenue']:.0%} with the top 20%)"


def test_a_filter_narrows_every_part_of_the_report(demo_db, report):
    greta = quarter_report(demo_db.cursor(), QUARTER, ReportFilters(manager=("Greta Holm",)))
    assert greta.top.clients == 7 < report.top.clients
    assert set(greta.view["account_manager"]) == {"Greta Holm"}
    assert set(greta.inbox["account_manager"]) <= {"Greta Holm"}
    assert set(greta.due["account_manager"]) == {"Greta Holm"}
    assert greta.reviews["name"].tolist() == ["Warta Pharma S.A."]  # Amber is Henryk Zając's
    clients = set(greta.view["client_id"])
    assert set(greta.overdue["client_id"]) <= clients and len(greta.overdue) < len(report.overdue)
    assert greta.follow_through.actions < report.follow_through.actions
    text = "\n".join(slide_text(s) for s in slides_of(quarter_report_pptx(greta)))
    assert "Account manager: Greta Holm · 7 of 60 clients" in text
    assert "Amber Logistics" not in text
    assert report_file_name(QUARTER, greta.filters, "pptx") == "Quarter-report-2026Q3-Greta-Holm.pptx"


def test_a_filter_no_client_has_or_one_that_leaves_nobody_is_refused(demo_db):
    with pytest.raises(ReportError, match='No client has account manager "Nobody" in this quarter'):
        quarter_report(demo_db.cursor(), QUARTER, ReportFilters(manager=("Nobody",)))
    # Dawid Sobczak looks after Mid-market clients only
    with pytest.raises(ReportError, match="No client of 2026Q3 matches Segment: Enterprise · Account manager: "
                                          "Dawid Sobczak. Choose fewer filters."):
        quarter_report(demo_db.cursor(), QUARTER, ReportFilters(segment=("Enterprise",), manager=("Dawid Sobczak",)))


# --------------------------------------------------------------------------- thin data, escaping, files


@pytest.fixture(scope="module")
def deals_only(tmp_path_factory):
    path = tmp_path_factory.mktemp("qr") / "deals-only.duckdb"
    build_deals_only(path)
    db = open_database(path)
    yield db
    db.close()


def test_a_deals_only_portfolio_gives_a_report_that_says_what_is_measured(deals_only):
    report = quarter_report(deals_only.cursor())
    assert report.top.clients == 3
    assert report.coverage_note.startswith("Positions are measured on Value only (20 % of the weight), so every "
                                           "stage is provisional")
    assert len(report.not_judged) == 6  # revenue decline alone stands on deals
    assert report.reviews.empty and report.owners == [] and report.overdue.empty
    assert not report.costs_measured
    slides = slides_of(quarter_report_pptx(report))
    text = "\n".join(slide_text(s) for s in slides)
    assert "Cost to serve is not measured: the portfolio has no service costs." in text
    assert f"No review of these clients is saved for {report.quarter} yet." in text
    assert f"No action was agreed in the {report.previous_quarter} reviews of these clients." in text
    assert "0 of 3 clients reviewed" in text and "Not judged (the data they stand on is missing)" in text
    page = quarter_report_html(report)
    assert "Cost to serve is not measured" in page and "None" not in page and "nan" not in page


def test_the_html_page_escapes_a_client_name(demo_copy):
    db = open_database(demo_copy)
    top = portfolio_view(db.cursor(), QUARTER, TODAY).sort_values("change").iloc[0]  # the largest fall
    db.cursor().execute("update clients set name = '<script>alert(1)</script>' where client_id = ?",
                        [top["client_id"]])
    page = quarter_report_html(quarter_report(db.cursor(), QUARTER))
    db.close()
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert "<script" not in page


@pytest.mark.parametrize("which", ["demo", "deals-only"])
def test_the_report_deck_converts_with_libreoffice_one_drawn_page_per_slide(which, deck, deals_only, tmp_path):
    require_libreoffice()
    data = deck if which == "demo" else quarter_report_pptx(quarter_report(deals_only.cursor()))
    target = tmp_path / f"quarter-report-{which}.pptx"
    target.write_bytes(data)
    drawn = pages(to_pdf(target, tmp_path), tmp_path)
    assert len(drawn) == len(slides_of(data))
    assert [n for n, page in enumerate(drawn, start=1) if ink(page) < 0.01] == []


# --------------------------------------------------------------------------- the command line


def test_report_quarter_writes_the_deck_and_the_page(demo_db_file, tmp_path, capsys):
    deck, page = tmp_path / "r.pptx", tmp_path / "r.html"
    base = ["report", "quarter", "--db", str(demo_db_file), "--quarter", QUARTER, "--manager", "Greta Holm"]
    assert main([*base, "--format", "pptx", "--out", str(deck)]) == 0, capsys.readouterr().err
    assert main([*base, "--format", "html", "--out", str(page)]) == 0, capsys.readouterr().err
    assert capsys.readouterr().err.endswith(f"quarter report (Account manager: Greta Holm) to {page}\n")
    assert titles(list(Presentation(io.BytesIO(deck.read_bytes())).slides))[0] == f"Quarter report {QUARTER}"
    assert page.read_text().startswith("<!DOCTYPE html>") and "Greta Holm" in page.read_text()


@pytest.mark.parametrize("args,message", [
    (["--quarter", "2019Q1"], "Error: No data for quarter 2019Q1; quarters with data: 2023Q4..2026Q3.\n"),
    (["--quarter", QUARTER, "--manager", "Nobody"], 'Error: No client has account manager "Nobody" in this quarter'),
    (["--quarter", QUARTER, "--out", "/nonexistent/folder/r.pptx"],
     'Error: Cannot write "/nonexistent/folder/r.pptx": No such file or directory.\n'),
    (["--quarter", "2026Q9"], 'Error: "2026Q9" is not a quarter; write it like 2025Q3.\n'),
])
def test_report_quarter_fails_in_one_line_with_exit_code_1(demo_db_file, tmp_path, capsys, args, message):
    out = [] if "--out" in args else ["--out", str(tmp_path / "r.pptx")]
    assert main(["report", "quarter", "--db", str(demo_db_file), *args, *out]) == 1
    err = capsys.readouterr().err
    assert err.startswith(message) and err.count("\n") == 1
    assert not (tmp_path / "r.pptx").exists()


def test_python_dash_m_analytics_report_prints_no_traceback(demo_db_file, tmp_path):
    run = subprocess.run([sys.executable, "-m", "analytics", "report", "quarter", "--db", str(demo_db_file),
                          "--quarter", QUARTER, "--region", "Atlantis", "--out", str(tmp_path / "r.html")],
                         capture_output=True, text=True, cwd=ROOT, timeout=120)
    assert run.returncode == 1 and "Traceback" not in run.stderr
    assert run.stderr.startswith('Error: No client has region "Atlantis" in this quarter; the regions are: ')


# --------------------------------------------------------------------------- the Reviews page


def test_the_reviews_page_offers_the_report_with_the_portfolio_pages_filters(demo_db_file, monkeypatch):
    monkeypatch.setenv("CONTINUUM_DB", str(demo_db_file))
    app = AppTest.from_file(str(ROOT / "pages/reviews_overview.py"), default_timeout=180)
    app.session_state["manager"] = ["Greta Holm"]  # chosen on the Portfolio page
    app.run()
    assert not app.exception, app.exception
    assert app.multiselect(key="report_manager").value == ["Greta Holm"]
    buttons = {b.key: b.label for b in app.get("download_button")}
    assert buttons["reviews_report_pptx"] == "Quarter report (PowerPoint)"
    assert buttons["reviews_report_html"] == "Quarter report (HTML)"
    assert "7 of 60 clients · Account manager: Greta Holm." in [c.value for c in app.caption]
    app.multiselect(key="report_manager").set_value([]).run()
    assert "60 of 60 clients · all clients." in [c.value for c in app.caption]
