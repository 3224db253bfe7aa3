"""The playbook is data a team can edit: every signal and dimension answered, each
entry citing DOMAIN, and a broken file explained rather than crashing the review."""

from __future__ import annotations

import re

import pytest

from analytics.method.continuum import DIMENSIONS
from analytics.method.signals import SIGNALS
from analytics.review.playbook import DEFAULT_PLAYBOOK, PlaybookError, load_playbook, options_for

ENTRY = """
[[entry]]
id = "{id}"
answers = "{answers}"
title = "Plan DELT"
intervention = "Plan director touches."
expected_effect = "DELT up."
domain = "§4"
"""


def test_every_signal_and_every_dimension_has_at_least_one_intervention():
    answered = {entry.answers for entry in load_playbook()}
    assert answered == {s for s, _ in SIGNALS} | {d for d, _ in DIMENSIONS}


def test_every_entry_cites_a_section_of_domain():
    for entry in load_playbook():
        sections = [int(n) for n in re.findall(r"§(\d+)", entry.domain)]
        assert sections and all(1 <= n <= 8 for n in sections), entry.id


def test_the_issue_s_interventions_are_in_the_playbook():
    by_answer: dict[str, str] = {}
    for entry in load_playbook():
        by_answer[entry.answers] = by_answer.get(entry.answers, "") + " " + (entry.title + " " + entry.intervention).lower()
    assert "delt" in by_answer["access_decline"] and "executive sponsor" in by_answer["access_decline"]
    assert "stakeholder map" in by_answer["high_wide"] and "levels" in by_answer["high_wide"]
    assert "feedback session" in by_answer["feedback_silence"] and "survey" in by_answer["feedback_silence"]
    assert "check-in" in by_answer["no_advance_info"]
    assert "status cadence" in by_answer["micromanagement"] and "autonomy" in by_answer["micromanagement"]
    assert "renegotiate scope and pricing" in by_answer["squeeze"] and "free work" in by_answer["squeeze"]
    assert "rotate" in by_answer["team_morale"] and "support" in by_answer["team_morale"]
    assert "needs discovery" in by_answer["revenue_decline"] and "proactive proposals" in by_answer["revenue_decline"]


def test_options_follow_the_order_of_what_fires_then_the_file():
    entries = load_playbook()
    chosen = options_for(entries, ["squeeze", "access_decline"])
    assert [e.answers for e in chosen] == ["squeeze", "squeeze", "access_decline", "access_decline"]
    assert [e.id for e in chosen] == ["renegotiate_scope", "free_work_on_record", "delt_plan", "executive_sponsor_meeting"]


def test_a_team_can_point_the_app_at_its_own_playbook(tmp_path, monkeypatch):
    own = tmp_path / "ours.toml"
    own.write_text(ENTRY.format(id="ours", answers="access_decline"), encoding="utf-8")
    monkeypatch.setenv("CONTINUUM_PLAYBOOK", str(own))
    assert [e.id for e in load_playbook()] == ["ours"]
    assert load_playbook(DEFAULT_PLAYBOOK)[0].id == "delt_plan"


@pytest.mark.parametrize(
    "text, message",
    [
        (ENTRY.format(id="x", answers="firing_clients"),
         'Playbook entry 1 in "p.toml" answers "firing_clients", which is neither a signal nor a dimension'),
        (ENTRY.format(id="x", answers="squeeze") + ENTRY.format(id="x", answers="trust"),
         'Playbook entry 2 in "p.toml" repeats the id "x"; ids must be unique.'),
        (ENTRY.format(id="Bad Id", answers="squeeze"),
         'Playbook entry 1 in "p.toml" has the id "Bad Id"; use lowercase letters, digits and underscores.'),
        ('[[entry]]\nid = "x"\nanswers = "squeeze"\n',
         'Playbook entry 1 in "p.toml" lacks title, intervention, expected_effect, domain'),
        ("[[entry]\n", 'is not valid TOML'),
        ("# nothing yet\n", "has no [[entry]] tables."),
    ],
)
def test_a_broken_playbook_file_gets_a_message_that_says_what_to_fix(tmp_path, text, message):
    path = tmp_path / "p.toml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(PlaybookError) as caught:
        load_playbook(path)
    assert message in str(caught.value)


def test_a_missing_playbook_file_names_the_setting(tmp_path, monkeypatch):
    monkeypatch.setenv("CONTINUUM_PLAYBOOK", str(tmp_path / "gone.toml"))
    with pytest.raises(PlaybookError, match="does not exist; unset CONTINUUM_PLAYBOOK"):
        load_playbook()


def test_the_review_docs_name_the_command_the_levels_and_the_playbook_fields():
    from pathlib import Path

    from analytics.review.playbook import FIELDS
    from analytics.review.store import INVESTMENT_LEVELS

    text = (Path(__file__).resolve().parent.parent / "docs" / "review.md").read_text(encoding="utf-8")
    assert "python -m analytics review export" in text
    for _, label in INVESTMENT_LEVELS:
        assert label in text
    for field in FIELDS:
        assert f"`{field}`" in text
