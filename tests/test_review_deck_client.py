"""The client deck: the story we tell the client, and nothing internal in it.

The leak test reads every text of the file, slides, tables, charts and speaker notes
alike, and fails on any internal word, any internal number of the review (score,
dimensions, revenue, margin, cost to serve, LTV, discounts, morale) and any internal text
(what slips, options, the investment reason, the summary, notes, risks, the team's pulse,
actions not shared, successes hidden from the client)."""

from __future__ import annotations

import re

import pytest

from analytics.db import open_database
from analytics.method.continuum import run_method
from analytics.method.value import value_of
from analytics.review.deck_client import client_deck, client_facts, client_success
from analytics.review.export import review_document
from analytics.review.store import (
    Action,
    Pulse,
    Review,
    load_review,
    reopen_quarter,
    review_actions,
    save_review,
    team_pulse_for,
)
from analytics.review.strategy import load_strategy
from tests.test_review_deck import assert_inside, every_text, slide_text, slides_of, titles

HELIOS, QUARTER = "C00021", "2026Q2"
TITLES = [
    "Helios Retail Sp. z o.o.",
    "Our partnership in brief",
    "Successes worth telling",
    "What we heard from you, and what we did about it",
    "The joint plan",
    "What we ask of you",
]
INTERNAL_WORDS = [
    "margin", "cost to serve", "cost-to-serve", "ltv", "lifetime value", "discount", "investment", "invest more",
    "maintain", "signal", "morale", "pulse", "score", "stage", "provisional", "continuum", "delt", "internal",
    "strained", "rapport", "working trust", "dimension", "high and wide", "squeeze", "revenue", "playbook",
    "micromanag", "evidence snapshot", "not measured", "weakest", "points since",
]


@pytest.fixture(scope="module")
def shared(tmp_path_factory, demo_db_file):
    """A copy of the demo where the Helios review shares two of its three actions with
    the client, hides one success, and carries internal words everywhere else."""
    import shutil

    path = tmp_path_factory.mktemp("client-deck") / "demo.duckdb"
    shutil.copy2(demo_db_file, path)
    db = open_database(path)
    reopen_quarter(db, QUARTER)  # the demo closed it
    con = db.cursor()
    review = load_review(con, HELIOS, QUARTER)
    review.successes = ("- Joint case study published\n- NPS 9 from the sponsor\n"
                        "- Our work runs more smoothly (Balance up 17 points since 2026Q1).\n"
                        "- Weekly release calls: fewer surprises (partly done)")
    review.successes_hidden = ["NPS 9 from the sponsor"]
    review.what_slips = "Secret slip: the account burns our weekends."
    review.options_notes = "Secret option: a price rise."
    review.investment_reason = "Secret reason: a thin account."
    review.summary = "Secret summary for the team."
    review.follow_up_note = "Secret follow-up note."
    actions = review_actions(con, HELIOS, QUARTER)
    actions[0].shared_with_client, actions[0].client_owner = True, "Olga Zielińska"
    actions[1].shared_with_client = True  # no owner on their side yet
    actions.append(Action("Secret action: cut the free support hours", "Henryk Zając", addresses="balance"))
    strategy = load_strategy(con, HELIOS, QUARTER)
    strategy.risks = "Secret risk: the sponsor leaves."
    save_review(db, review, actions, pulse=Pulse(2, "Secret pulse: the team is worn out."), strategy=strategy)
    document = review_document(con, HELIOS, QUARTER)
    data = client_deck(document, client_facts(con, document))
    value = value_of(run_method(con, QUARTER))
    value = value[value["client_id"] == HELIOS].iloc[0].to_dict()
    yield db, document, data, value
    db.close()


def test_the_client_deck_tells_the_six_parts_of_the_story(shared):
    _, document, data, _ = shared
    slides = slides_of(data)
    assert titles(slides) == TITLES
    assert_inside(slides)
    text = [slide_text(s) for s in slides]
    assert "Our quarterly review, 2026Q2" in text[0] and "Henryk Zając, your account manager" in text[0]
    assert "Working together since May 2019: 7 years." in text[1]
    assert "Support extension (10)" in text[1]
    assert "We worked with 45 of your people over the last four quarters: 2 executives, 13 directors" in text[1]
    assert "“The last release fixed our main problem.” (24 June 2026)" in text[3]
    assert "You raised 9 improvement requests with us in 2026Q2." in text[3]


def test_successes_are_the_ones_shown_to_the_client_each_with_its_evidence(shared):
    slide = slides_of(shared[2])[2]
    text = slide_text(slide)
    assert "Joint case study published." in text
    assert "Our work runs more smoothly." in text and "Balance" not in text  # the manager's measure left out
    assert "Weekly release calls." in text and "fewer surprises (partly done, continuing)" in text
    assert "NPS 9" not in text  # hidden from the client


def test_the_joint_plan_holds_only_the_shared_actions_with_owners_on_both_sides(shared):
    slides = slides_of(shared[2])
    table = next(s for s in slides[4].shapes if s.has_table).table
    assert [[c.text for c in row.cells] for row in table.rows] == [
        ["Action", "Our owner", "Your owner", "Due"],
        ["Ask for a reference case study", "Henryk Zając", "Olga Zielińska", "2026-08-01"],
        ["Plan next year's roadmap together", "Tomasz Ryba", "to be agreed", "2026-08-31"],
    ]
    asks = slide_text(slides[5])
    assert "Access" in asks and "Plan next year's roadmap together" in asks  # dialogue: access to their team
    assert "A feedback session" in asks


def test_nothing_internal_reaches_the_client_deck(shared):
    db, document, data, value = shared
    text = every_text(data)
    lowered = text.casefold()
    assert [w for w in INTERNAL_WORDS if w in lowered] == []
    for secret in ("Secret", "NPS 9", "cut the free support hours", "Invite them to the customer advisory board",
                   "Grow together: two new product lines", "Dependency on our lead architect", "Keep the QBR rhythm"):
        assert secret not in text
    e = document.evidence
    # the score, its path and the dimensions, standing alone or as a signed change; a
    # number the deck says as a fact (13 directors, 9 requests) may equal one by chance
    facts = client_facts(db.cursor(), document)
    told = {str(n) for n in [*facts.people.values(), *(n for _, n in facts.scope), facts.requests, facts.complaints]}
    numbers = {round(e["score"])} | {round(d["score"]) for d in e["dimensions"]} | {round(p["score"]) for p in e["path"]}
    money = [value["revenue_4q"], value["margin_4q"], value["cost_to_serve_4q"], value["ltv"]]
    money += [v[k] for v in document.value for k in ("revenue", "margin", "cost_to_serve")]
    found = set(re.findall(r"(?<![\d.,-])\d+(?![\d.,])", text))
    assert {str(n) for n in numbers} & found - told == set(), "a score or a dimension reached the client deck"
    assert re.findall(r"(?<![\w-])[+−-]\d+", text) == [], "a change of score reached the client deck"
    for amount in money:
        for shown in (f"{amount:,.0f}", f"{amount:.0f}", f"{amount / 1000:,.0f}k"):
            assert shown not in text, shown
    assert f"{value['margin_pct']:.0%}" not in text


def test_the_sharing_flags_are_saved_and_read_back(shared):
    db = shared[0]
    con = db.cursor()
    review = load_review(con, HELIOS, QUARTER)
    assert review.successes_hidden == ["NPS 9 from the sponsor"]
    assert review.shown_successes() == [
        "Joint case study published", "Our work runs more smoothly (Balance up 17 points since 2026Q1).",
        "Weekly release calls: fewer surprises (partly done)"]
    actions = review_actions(con, HELIOS, QUARTER)
    assert [(a.shared_with_client, a.client_owner) for a in actions] == [
        (True, "Olga Zielińska"), (True, ""), (False, ""), (False, "")]
    assert team_pulse_for(con, HELIOS, QUARTER).morale == 2


def test_a_success_no_longer_written_is_no_longer_hidden(db):
    from tests.tiny import Tiny

    Tiny(db).client("A")
    save_review(db, Review("A", "2026Q2", successes="- Kept\n- Hidden", successes_hidden=["Hidden", "Gone"]), [])
    assert load_review(db.cursor(), "A", "2026Q2").successes_hidden == ["Hidden"]
    save_review(db, Review("A", "2026Q2", successes="- Kept", successes_hidden=["Hidden"]), [])
    assert load_review(db.cursor(), "A", "2026Q2").successes_hidden == []


def test_actions_are_not_shared_with_the_client_unless_marked(db):
    from tests.tiny import Tiny

    Tiny(db).client("A")
    save_review(db, Review("A", "2026Q2"), [Action("Call them", "Ola")])
    assert [(a.shared_with_client, a.client_owner) for a in review_actions(db.cursor(), "A", "2026Q2")] == [
        (False, "")]


@pytest.mark.parametrize("line, expected", [
    ("Go-live on time", ("Go-live on time.", "")),
    ("Keep the stakeholder map current: Done.", ("Keep the stakeholder map current.", "Done.")),
    ("We hear from you more often (Dialogue up 13 points since 2026Q1).", ("We hear from you more often.", "")),
    ("Map the users: half done (partly done)", ("Map the users.", "half done (partly done, continuing)")),
])
def test_a_success_line_becomes_what_we_tell_and_its_evidence(line, expected):
    assert client_success(line) == expected


def test_a_review_with_nothing_shared_still_gives_a_sensible_client_deck(db):
    from tests.tiny import Tiny

    tiny = Tiny(db)
    tiny.client("A")
    tiny.touches("A", "2026-05-04", 2)
    save_review(db, Review("A", "2026Q2", successes=""), [Action("Internal only", "Ola")])
    document = review_document(db.cursor(), "A", "2026Q2")
    slides = slides_of(client_deck(document, client_facts(db.cursor(), document)))
    assert titles(slides) == ["Client A", *TITLES[1:]]
    text = [slide_text(s) for s in slides]
    assert "We will report the results of this quarter's joint work at our next review." in text[2]
    assert "No feedback recorded this quarter: we would like to hear yours." in text[3]
    assert "We would like to agree the joint actions for the coming quarter with you in this meeting." in text[4]
    assert "Before our next review: half an hour on what works for you" in text[5]
    assert "Internal only" not in every_text(client_deck(document))
    assert_inside(slides)
