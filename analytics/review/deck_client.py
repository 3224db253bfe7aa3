"""The client deck (.pptx): the story of the quarter we tell the client.

Built from the same review as the internal deck, but only from what may leave the house:
the partnership in brief (how long, what we did together, with how many of their
people), the successes the reviewer lets the client see, what the client told us and
what we did about it, the actions marked as shared with the client and what we ask of
them. Nothing internal is read into it: no score, stage, signal, margin, cost to serve,
lifetime value, discount, investment level, team morale or internal note. Slides and
speaker notes alike are written from the shared parts only (tests/test_review_deck_client
reads every text of the file to prove it).
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field

import duckdb
import pandas as pd

from analytics.access import client_detail
from analytics.quarters import quarter_end, quarter_start, shift_quarter
from analytics.review.deck import Deck, Para, bullets
from analytics.review.export import DEMO_NOTE, ReviewDocument
from analytics.review.store import Action, status_label
from analytics.sql_files import sql_reader

sql = sql_reader(__package__)

# what each kind of plan action asks of the client, by what the action should move
ASKS: list[tuple[str, str, tuple[str, ...]]] = [
    ("Introductions", "Introduce us to the people this needs", ("high_wide", "access_decline")),
    ("Access", "Give us early word of your plans and time with your team", (
        "dialogue", "no_advance_info", "micromanagement", "value", "revenue_decline", "balance", "squeeze")),
    ("A feedback session", "Tell us candidly what works for you and what we should change", (
        "trust", "feedback_silence")),
]
LEVEL_WORDS = {"executive": "executives", "director": "directors", "manager": "managers", "staff": "team members"}
# a success as the review suggests it ends with its measure in brackets for the account
# manager: "(Dialogue up 13 points since 2026Q1)"; the client deck leaves that out
_MEASURE = re.compile(r"\s*\([^()]*\bpoints?\b[^()]*\)\s*\.?\s*$")
_PARTLY = re.compile(r"\s*\(partly done\)\s*$")


@dataclass
class ClientFacts:
    """Plain facts about the relationship that the client may read."""

    since: dt.date | None = None
    scope: list[tuple[str, int]] = field(default_factory=list)  # won deals' titles in four quarters, with counts
    people: dict[str, int] = field(default_factory=dict)  # level -> people we worked with in four quarters
    comments: list[tuple[dt.date, str]] = field(default_factory=list)  # feedback in the quarter, newest first
    requests: int = 0  # improvement requests in the quarter
    complaints: int = 0


@client_detail("document")
def client_facts(con: duckdb.DuckDBPyConnection, document: ReviewDocument) -> ClientFacts:
    """The facts the client deck tells, for the review's client and quarter."""
    client_id, quarter = document.client_id, document.review.quarter
    window = {"client_id": client_id, "year_start": quarter_start(shift_quarter(quarter, -3)), "q_end": quarter_end(quarter)}
    scope = con.execute(sql("client_deck_scope"), window).df()
    heard = con.execute(sql("client_deck_heard"), {
        "client_id": client_id, "q_start": quarter_start(quarter), "q_end": quarter_end(quarter)}).df()
    facts = ClientFacts()
    since = scope["since"].dropna()
    if not since.empty:
        facts.since = pd.Timestamp(since.iloc[0]).date()
    facts.scope = [(str(r["title"]), int(r["count_deals"])) for r in scope.to_dict("records") if r["title"]]
    for p in document.stakeholders:
        if p.touches_4q > 0:
            facts.people[p.level] = facts.people.get(p.level, 0) + 1
    facts.comments = [(pd.Timestamp(r["received_on"]).date(), str(r["comment"])) for r in heard.to_dict("records") if r["comment"]]
    if not heard.empty:
        facts.requests = int(heard["count_requests"].iloc[0] or 0)
        facts.complaints = int(heard["count_complaints"].iloc[0] or 0)
    return facts


def client_success(line: str) -> tuple[str, str]:
    """(what to tell, its evidence) of one success line: "Action: outcome" tells the
    action with its outcome as evidence; the account manager's measure in brackets is
    left out."""
    text = _MEASURE.sub("", line.strip()).strip()
    partly = bool(_PARTLY.search(text))
    text = _PARTLY.sub("", text)
    said, _, evidence = text.partition(": ")
    evidence = evidence.strip()
    if partly:
        evidence = (evidence + " " if evidence else "") + "(partly done, continuing)"
    return said.strip().rstrip(".") + ".", evidence


# --------------------------------------------------------------------------- the deck


def client_deck(document: ReviewDocument, facts: ClientFacts | None = None) -> bytes:
    """The client deck as .pptx bytes: six slides (more when a list continues)."""
    d, r = document, document.review
    facts = facts or ClientFacts()
    deck = Deck(f"{d.client_name} · quarterly review {r.quarter}")
    lines = [f"Our quarterly review, {r.quarter}"]
    who = d.account_manager or r.reviewer
    if who:
        lines.append(f"{who}, your account manager" + (f" · {r.held_on.isoformat()}" if r.held_on else ""))
    if d.is_demo:
        lines.append(DEMO_NOTE)
    deck.title_slide(d.client_name, lines, "Open with what the client wants from this meeting; the agenda follows the slides: "
                     "our partnership, successes, what we heard, the joint plan and what we ask.")
    _in_brief(deck, d, facts)
    _successes(deck, d)
    _heard(deck, d, facts)
    shared = [a for a in d.plan if a.shared_with_client]
    _joint_plan(deck, shared)
    _asks(deck, shared)
    return deck.to_bytes()


def _in_brief(deck: Deck, d: ReviewDocument, facts: ClientFacts) -> None:
    paras: list[Para] = []
    quarter_ends = quarter_end(d.review.quarter)
    if facts.since:
        years = (quarter_ends - facts.since).days // 365
        how_long = f"{years} year{'s' if years != 1 else ''}" if years >= 1 else "less than a year"
        paras.append(Para(f"Working together since {facts.since:%B %Y}: {how_long}."))
    if facts.scope:
        paras.append(Para("What we delivered together over the last four quarters", "heading"))
        paras += bullets([f"{title} ({n})" if n > 1 else title for title, n in facts.scope])
    if facts.people:
        count = sum(facts.people.values())
        levels = ", ".join(f"{n} {LEVEL_WORDS.get(level, level)}" for level, n in sorted(
            facts.people.items(), key=lambda kv: list(LEVEL_WORDS).index(kv[0]) if kv[0] in LEVEL_WORDS else 9))
        paras.append(Para(f"We worked with {count} of your people over the last four quarters: {levels}."))
    if not paras:
        paras = [Para(f"Our partnership in {d.review.quarter}: the details follow on the next slides.")]
    notes = ("How long: from the first record of the relationship. The scope: the work won over the last four "
             "quarters, by title, with how many of each.")
    deck.text_slides("Our partnership in brief", paras, notes)


def _successes(deck: Deck, d: ReviewDocument) -> None:
    paras: list[Para] = []
    notes = []
    for line in d.review.shown_successes():
        said, evidence = client_success(line)
        paras.append(Para(said, "bullet"))
        if evidence:
            paras.append(Para(evidence, "note"))
        notes.append(f"{said} {evidence}".strip())
    if not paras:
        paras = [Para("We will report the results of this quarter's joint work at our next review.")]
    deck.text_slides("Successes worth telling", paras, "Each success with its evidence:\n" + "\n".join(notes)
                     if notes else "")


def _heard(deck: Deck, d: ReviewDocument, facts: ClientFacts) -> None:
    paras: list[Para] = [Para("What we heard from you", "heading")]
    heard = [f"“{comment}” ({day:%d %B %Y})" for day, comment in facts.comments]
    raised = []
    if facts.requests:
        raised.append(f"{facts.requests} improvement request{'s' if facts.requests != 1 else ''}")
    if facts.complaints:
        raised.append(f"{facts.complaints} complaint{'s' if facts.complaints != 1 else ''}")
    if raised:
        heard.append(f"You raised {' and '.join(raised)} with us in {d.review.quarter}.")
    paras += bullets(heard) if heard else [Para("No feedback recorded this quarter: we would like to hear yours.")]
    did = [a for a in d.follow_up if a.shared_with_client]
    paras.append(Para("What we did about it", "heading"))
    if did:
        paras += [Para(_did(a), "bullet") for a in did]
    else:
        paras.append(Para("Our joint actions start with the plan on the next slide; we report on them at our next review."))
    notes = "Feedback as you gave it to us, with its date; the actions we agreed with you last quarter, and how they went."
    deck.text_slides("What we heard from you, and what we did about it", paras, notes)


def _did(a: Action) -> str:
    status = {"done": "done", "partial": "partly done, continuing", "in_progress": "in progress",
              "planned": "planned", "not_done": "not done yet, carried on"}.get(a.status, status_label(a.status).lower())
    return f"{a.description}: {status}" + (f". {a.outcome}" if a.outcome and a.status in ("done", "partial") else ".")


def _joint_plan(deck: Deck, shared: list[Action]) -> None:
    rows = [[a.description, a.owner, a.client_owner or "to be agreed", a.due_on.isoformat() if a.due_on else ""]
            for a in shared]
    intro = [] if shared else [Para("We would like to agree the joint actions for the coming quarter with you in "
                                    "this meeting.")]
    notes = "\n".join(f"{a.description}: with us {a.owner}, with you {a.client_owner or 'to be agreed'}." for a in shared)
    deck.table_slides("The joint plan", ["Action", "Our owner", "Your owner", "Due"], rows, [5.2, 2.0, 2.0, 1.3],
                      notes, intro=intro)


def _asks(deck: Deck, shared: list[Action]) -> None:
    paras: list[Para] = []
    asked_feedback = False
    for title, ask, moves in ASKS:
        actions = [a for a in shared if a.addresses in moves]
        if not actions:
            continue
        asked_feedback |= title == "A feedback session"
        paras.append(Para(title, "heading"))
        paras.append(Para(ask + ":"))
        paras += bullets([a.description + (f" (with {a.client_owner})" if a.client_owner else "") for a in actions])
    if not asked_feedback:
        paras += [Para("A feedback session", "heading"),
                  Para("Before our next review: half an hour on what works for you and what we should change.")]
    deck.text_slides("What we ask of you", paras, "Each ask comes from an action of the joint plan that needs you.")
