"""The review for the meeting: Markdown equal to an expected text, a self-contained
HTML page, and the command line that writes either."""

from __future__ import annotations

import datetime as dt
import re

import pytest

from analytics.cli.main import main
from analytics.db import open_database
from analytics.review.export import (
    STAGE_COLORS,
    NoReviewSaved,
    ReviewDocument,
    export_review,
    path_svg,
    render_html,
    render_markdown,
    review_document,
)
from analytics.review.store import Action, Pulse, Review, save_review, update_action_status
from analytics.review.strategy import Strategy

STAGES = [["strained", "Strained"], ["contact", "Contact"], ["rapport", "Rapport"],
          ["working_trust", "Working trust"], ["partnership", "Partnership"]]
EVIDENCE = {
    "quarter": "2026Q3", "score": 48.6, "stage": "contact", "stage_label": "Contact", "change": -6.4,
    "is_new": False, "previous_quarter": "2026Q2",
    "path": [
        {"quarter": "2026Q1", "score": 61.0, "stage": "working_trust", "stage_label": "Working trust"},
        {"quarter": "2026Q2", "score": 55.0, "stage": "rapport", "stage_label": "Rapport"},
        {"quarter": "2026Q3", "score": 48.6, "stage": "contact", "stage_label": "Contact"},
    ],
    "dimensions": [
        {"id": "high_wide", "label": "High and Wide", "score": 31.0, "change": -12.0},
        {"id": "trust", "label": "Trust and candour", "score": 72.0, "change": 3.0},
    ],
    "signals": [{"id": "access_decline", "label": "Declining access to decision makers", "severity": "high",
                 "reason": "DELT 1 this quarter vs 6 a quarter on average"}],
    "weakest": [{"id": "high_wide", "label": "High and Wide", "score": 31.0}],
    "labels": {"access_decline": "Declining access to decision makers", "high_wide": "High and Wide",
               "trust": "Trust and candour"},
    "stage_bounds": [40, 50, 60, 75],
    "stages": STAGES,
}

EXPECTED_MARKDOWN = """\
# Account review: Acme | Tools, 2026Q3

Client C1 · account manager Ala Nowak · reviewed by Ala Nowak on 2026-10-06

## 1. Where we stand

Contact, score 49 of 100 (-6 since 2026Q2).

| Quarter | Score | Stage |
| --- | ---: | --- |
| 2026Q1 | 61 | Working trust |
| 2026Q2 | 55 | Rapport |
| 2026Q3 | 49 | Contact |

| Dimension | Score | Change |
| --- | ---: | ---: |
| High and Wide | 31 | -12 |
| Trust and candour | 72 | +3 |

## 2. What works

The operations team praises delivery.

**What we keep while correcting the rest:**

The weekly operations call.

**Successes worth telling the client:**

- Go-live on time
- Support within 4 hours

## 3. What is slipping

| Signal | Severity | Why |
| --- | --- | --- |
| Declining access to decision makers | high | DELT 1 this quarter vs 6 a quarter on average |

Weakest dimensions: High and Wide (31).

We no longer meet the CEO.

## 4. Options considered

A workshop was considered and left for later.

## 5. The plan

| # | Action | Owner | Due | Should move | Expected effect |
| ---: | --- | --- | --- | --- | --- |
| 1 | Executive sponsor meeting with the CEO | Tom Ryba | 2026-11-30 | Declining access to decision makers | The CEO answers again. |
| 2 | Price change requests \\| no free work | Ala Nowak | 2026-12-31 |  |  |

## 6. Last quarter (2026Q2)

Moved forward: 2 of 3 actions (1 done, 1 partial progress).

| Action | From | Owner | Due | Status | Outcome |
| --- | --- | --- | --- | --- | --- |
| Map stakeholders | 2026Q2 | Ala Nowak | 2026-09-30 | Done | Map done. |
| Meet the CEO | 2026Q2 | Ala Nowak | 2026-09-30 | Partial progress | Met the COO. |
| Survey the users | 2026Q2 | Ala Nowak | 2026-09-30 | Not done |  |

Contact plan for 2026Q3: DELT target 5, actual 1.

## Investment for the coming quarter

**Change service model.** Reason: Free work is not sustainable; move small requests to a priced process.

## Account strategy

**Goals:**

Renew for three years.

**Stakeholder map:**

| Name | Title | Level | Role | Touches, 4 quarters |
| --- | --- | --- | --- | ---: |
| Eva Exec | CEO | Executive | Sponsor | 0 |
| Dan Dir | IT Director | Director | Champion | 2 |
| Mia Man | Project Manager | Manager |  | 2 |

**No relationship yet:**

- No one touched at these levels in four quarters: Executive, Staff
- Not touched in four quarters: Eva Exec
- The new CFO

**Contact plan for 2026Q4:** Executive 1 · Director 4 · Manager 2 · Staff 0; DELT target 5.

**Risks:**

The CEO decides the renewal.

**Proactive actions:**

Bring a benchmark.

## Account team pulse

Morale 3 of 5. Steady, a bit tired.

## Summary

Rebuild executive access before the renewal.
"""


@pytest.fixture
def reviewed(db):
    """Acme, reviewed in 2026Q2 (three actions, a contact plan) and 2026Q3 (the review exported)."""
    with db.write() as cur:
        cur.execute("insert into clients (client_id, name, account_manager) values ('C1', 'Acme | Tools', 'Ala Nowak')")
        cur.execute("""
            insert into contacts values
                ('P1', 'C1', 'Eva Exec', 'CEO', 'executive', false, null, null, null),
                ('P2', 'C1', 'Dan Dir', 'IT Director', 'director', true, null, null, null),
                ('P3', 'C1', 'Mia Man', 'Project Manager', 'manager', false, null, null, null),
                ('P4', 'C1', 'Sam Staff', 'Analyst', 'staff', false, null, '2026-08-15', null)
        """)
        cur.execute("""
            insert into interactions (interaction_id, client_id, contact_id, occurred_at) values
                ('I1', 'C1', 'P2', '2026-05-02 10:00'), ('I2', 'C1', 'P2', '2026-07-02 10:00'),
                ('I3', 'C1', 'P3', '2026-07-03 10:00'), ('I4', 'C1', 'P3', '2026-08-03 10:00'),
                ('I5', 'C1', 'P4', '2026-07-04 10:00')
        """)
    due = dt.date(2026, 9, 30)
    saved = save_review(db, Review("C1", "2026Q2"), [
        Action("Map stakeholders", "Ala Nowak", due, "high_wide"),
        Action("Meet the CEO", "Ala Nowak", due, "access_decline"),
        Action("Survey the users", "Ala Nowak", due, "dialogue"),
    ], strategy=Strategy(contact_plan={"executive": 2, "director": 3, "manager": 1, "staff": 0}))
    for action_id, status, outcome in zip(saved.action_ids, ("done", "partial", "not_done"),
                                          ("Map done.", "Met the COO.", ""), strict=True):
        update_action_status(db, action_id, status, outcome)
    save_review(
        db,
        Review(
            "C1", "2026Q3", reviewer="Ala Nowak", held_on=dt.date(2026, 10, 6),
            what_works="The operations team praises delivery.", what_to_keep="The weekly operations call.",
            successes="Go-live on time\n- Support within 4 hours", what_slips="We no longer meet the CEO.",
            options_notes="A workshop was considered and left for later.",
            investment_level="change_service_model",
            investment_reason="Free work is not sustainable;\nmove small requests to a priced process.",
            summary="Rebuild executive access before the renewal.", evidence_snapshot=EVIDENCE,
        ),
        [
            Action("Executive sponsor meeting with the CEO", "Tom Ryba", dt.date(2026, 11, 30), "access_decline",
                   "The CEO answers again."),
            Action("Price change requests | no free work", "Ala Nowak", dt.date(2026, 12, 31)),
        ],
        pulse=Pulse(3, "Steady, a bit tired."),
        strategy=Strategy(goals="Renew for three years.", risks="The CEO decides the renewal.",
                          proactive_actions="Bring a benchmark.", people_to_reach="The new CFO",
                          roles={"P1": ("sponsor", ""), "P2": ("champion", "")},
                          contact_plan={"executive": 1, "director": 4, "manager": 2, "staff": 0}),
    )
    return db


def test_the_markdown_export_of_a_hand_built_review_equals_the_expected_text(reviewed):
    assert export_review(reviewed.cursor(), "C1", "2026Q3", "md") == EXPECTED_MARKDOWN


def test_a_review_without_history_or_strategy_says_so_in_plain_words(db):
    with db.write() as cur:
        cur.execute("insert into clients (client_id, name) values ('C1', 'Acme')")
    evidence = {"quarter": "2026Q3", "score": 70.0, "stage": "working_trust", "stage_label": "Working trust",
                "change": None, "is_new": True, "previous_quarter": None, "path": [], "dimensions": [],
                "signals": [], "weakest": []}
    save_review(db, Review("C1", "2026Q3", evidence_snapshot=evidence), [])
    assert render_markdown(review_document(db.cursor(), "C1", "2026Q3")) == (
        "# Account review: Acme, 2026Q3\n\nClient C1\n\n## 1. Where we stand\n\n"
        "Working trust, score 70 of 100 (new client: no earlier quarter to compare).\n\n"
        "## 2. What works\n\n(not written)\n\n## 3. What is slipping\n\nNo warning signal fires this quarter.\n\n"
        "## 5. The plan\n\nNo actions planned yet.\n\n## 6. Last quarter\n\n"
        "This is the first review with a plan for this client.\n\n"
        "## Investment for the coming quarter\n\n**Maintain.**\n\n"
        "## Account strategy\n\nNo account strategy written yet.\n\n**No relationship yet:**\n\n"
        "- No contacts on record for this client: import a contacts export to map who we reach\n"
    )


def test_the_html_export_is_one_self_contained_printable_page(reviewed):
    page = export_review(reviewed.cursor(), "C1", "2026Q3", "html")
    assert page.startswith("<!doctype html>") and page.rstrip().endswith("</html>")
    assert "<svg" in page and "@media print" in page
    assert not re.search(r"""(src|href)=["']?(https?:)?//""", page)  # nothing fetched from elsewhere
    assert "Acme &#x27;" not in page and "Acme | Tools" in page
    for text in ("Declining access to decision makers", "Executive sponsor meeting with the CEO",
                 "Partial progress", "Change service model", "DELT target 5, actual 1", "Renew for three years."):
        assert text in page


def test_user_text_is_escaped_in_the_html_page(db):
    with db.write() as cur:
        cur.execute("insert into clients (client_id, name) values ('C1', '<script>alert(1)</script>')")
    save_review(db, Review("C1", "2026Q3", what_works="<b>bold</b> & more", evidence_snapshot=EVIDENCE), [])
    page = export_review(db.cursor(), "C1", "2026Q3", "html")
    assert "<script>" not in page and "&lt;script&gt;" in page and "&lt;b&gt;bold&lt;/b&gt; &amp; more" in page


def test_the_path_chart_draws_one_point_per_scored_quarter_and_the_stage_bands():
    svg = path_svg(EVIDENCE["path"], EVIDENCE["stage_bounds"], STAGES)
    assert svg.count("<circle") == 3 and svg.count("<rect") == 5
    assert STAGE_COLORS["contact"] in svg and ">Partnership<" in svg
    assert "No scored quarters yet" in path_svg([])


def test_the_export_colours_are_the_apps_stage_colours():
    from ui.theme import STAGE_COLORS as APP_COLORS

    assert STAGE_COLORS == APP_COLORS


def test_exporting_a_review_that_was_never_saved_says_what_to_do(reviewed):
    with pytest.raises(NoReviewSaved) as caught:
        review_document(reviewed.cursor(), "C1", "2026Q4")
    assert str(caught.value) == (
        "No review of client C1 is saved for 2026Q4. Start it on the Review page and save it, "
        "or choose a quarter with a saved review."
    )


def test_render_takes_only_the_document(reviewed):
    document = review_document(reviewed.cursor(), "C1", "2026Q3")
    assert isinstance(document, ReviewDocument)
    assert render_markdown(document) == EXPECTED_MARKDOWN
    assert render_html(document) == export_review(reviewed.cursor(), "C1", "2026Q3", "html")


# --------------------------------------------------------------------------- command line


@pytest.fixture
def reviewed_file(tmp_path, reviewed):
    """The hand-built review copied into a file, for the command line."""
    path = tmp_path / "r.duckdb"
    target = open_database(path)
    with target.write() as cur:
        for table in ("clients", "contacts", "interactions", "reviews", "actions", "team_pulse",
                      "account_strategies", "stakeholder_roles", "contact_plans"):
            frame = reviewed.cursor().execute(f"select * from {table}").df()  # noqa: S608 - fixed names
            cur.register("copy_rows", frame)
            cur.execute(f"insert into {table} select * from copy_rows")  # noqa: S608
            cur.unregister("copy_rows")
    target.close()
    return path


def test_review_export_command_prints_markdown(reviewed_file, capsys):
    code = main(["review", "export", "--db", str(reviewed_file), "--client", "C1", "--quarter", "2026q3"])
    out = capsys.readouterr().out
    assert code == 0, out
    assert out == EXPECTED_MARKDOWN


def test_review_export_command_writes_html_to_a_file(reviewed_file, tmp_path, capsys):
    target = tmp_path / "review.html"
    code = main(["review", "export", "--db", str(reviewed_file), "--client", "C1", "--quarter", "2026Q3",
                 "--format", "html", "--output", str(target)])
    assert code == 0
    assert target.read_text(encoding="utf-8").startswith("<!doctype html>")
    assert capsys.readouterr().err == f"Wrote the 2026Q3 review of C1 to {target}\n"


@pytest.mark.parametrize(
    "args, message",
    [
        (["--client", "C9", "--quarter", "2026Q3"], 'Error: No client with id "C9" in this database.\n'),
        (["--client", "C1", "--quarter", "2026Q9"], 'Error: "2026Q9" is not a quarter; write it like 2025Q3.\n'),
        (["--client", "C1", "--quarter", "2026Q1"], "Error: No review of client C1 is saved for 2026Q1. Start it on "
         "the Review page and save it, or choose a quarter with a saved review.\n"),
    ],
)
def test_review_export_command_errors_are_one_line(reviewed_file, capsys, args, message):
    assert main(["review", "export", "--db", str(reviewed_file), *args]) == 1
    assert capsys.readouterr().err == message


def test_review_export_command_does_not_create_a_missing_database(tmp_path, capsys):
    missing = tmp_path / "none.duckdb"
    assert main(["review", "export", "--db", str(missing), "--client", "C1", "--quarter", "2026Q3"]) == 1
    assert capsys.readouterr().err.startswith("Error: No database at")
    assert not missing.exists()


def test_interventions_taken_from_the_playbook_are_listed_and_no_internal_document_is_named(db):
    with db.write() as cur:
        cur.execute("insert into clients (client_id, name) values ('C1', 'Acme')")
    save_review(db, Review("C1", "2026Q3", evidence_snapshot=EVIDENCE), [
        Action("Plan two director touches a month", "Ala", playbook_entry="delt_plan"),
        Action("Our own idea", "Ala"),
    ])
    text = export_review(db.cursor(), "C1", "2026Q3", "md")
    assert "## 4. Options considered\n\nChosen from the playbook:\n\n" \
           "- Plan director and executive touches (DELT)\n" in text
    html_text = export_review(db.cursor(), "C1", "2026Q3", "html")
    assert "<li>Plan director and executive touches (DELT)</li>" in html_text
    # the reader has no DOMAIN.md: the exports cite no section of it
    assert "DOMAIN" not in text and "§" not in text and "DOMAIN" not in html_text and "§" not in html_text


def test_the_html_renders_bullet_lines_as_a_list_and_never_prints_a_literal_dash(db):
    with db.write() as cur:
        cur.execute("insert into clients (client_id, name) values ('C1', 'Acme')")
    save_review(db, Review("C1", "2026Q3", what_works="Steady delivery.\n- praised by ops\n- on time\nMore text.",
                           evidence_snapshot=EVIDENCE), [])
    html_text = export_review(db.cursor(), "C1", "2026Q3", "html")
    assert '<p class="text">Steady delivery.</p><ul><li>praised by ops</li><li>on time</li></ul>' in html_text
    assert "<p class=\"text\">More text.</p>" in html_text
    assert "- praised" not in html_text


def test_an_export_of_the_demo_says_it_is_the_demo(demo_db, db):
    client_id, quarter = demo_db.cursor().execute(
        "select client_id, quarter from reviews order by quarter, client_id limit 1").fetchone()
    for fmt in ("md", "html"):
        assert "Demo portfolio: generated data, not a real client" in export_review(
            demo_db.cursor(), client_id, quarter, fmt)
    with db.write() as cur:
        cur.execute("insert into clients (client_id, name) values ('C1', 'Acme')")
    save_review(db, Review("C1", "2026Q3", evidence_snapshot=EVIDENCE), [])
    assert "Demo portfolio" not in export_review(db.cursor(), "C1", "2026Q3", "md")


def test_an_export_is_named_after_the_client_and_quarter_never_its_id(reviewed):
    from analytics.review.export import export_file_name

    document = review_document(reviewed.cursor(), "C1", "2026Q3")
    assert export_file_name(document, "md") == "Acme-Tools-2026Q3-review.md"  # "Acme | Tools"
    assert "C1" not in export_file_name(document, "html")


def test_the_markdown_export_keeps_html_images_and_links_from_data_inert(db):
    with db.write() as cur:
        cur.execute("insert into clients (client_id, name) values ('C1', '![p](http://attacker/x.png) <img src=x>')")
    evidence = {"quarter": "2026Q3", "score": 70.0, "stage": "working_trust", "stage_label": "Working trust",
                "change": None, "is_new": True, "previous_quarter": None, "path": [], "dimensions": [],
                "signals": [], "weakest": []}
    save_review(db, Review("C1", "2026Q3", summary="<script>alert(1)</script> [click](javascript:x) & co",
                           evidence_snapshot=evidence), [])
    markdown = export_review(db.cursor(), "C1", "2026Q3", "md")
    assert "<img" not in markdown and "<script>" not in markdown and "![p](" not in markdown
    assert "](javascript" not in markdown
    assert "# Account review: !\\[p]\\(http://attacker/x.png) &lt;img src=x&gt;, 2026Q3" in markdown
    assert "&lt;script&gt;alert(1)&lt;/script&gt; [click]\\(javascript:x) &amp; co" in markdown
