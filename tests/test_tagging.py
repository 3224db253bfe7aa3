"""Tags from what people wrote (issue 16): the rules of analytics/ingest/tags.toml read
notes in English, Polish and Russian, with stems and negation; every inferred tag keeps
its rule and words; changing the rules re-tags the stored touches in one pass.

The quality set (tests/fixtures/tagging/notes_*.csv) is notes written for this, with
traps: a topic word that is no request ("project status is green", the discount we
applied as agreed), negations ("no discount needed", "bez rabatu", "скидка не нужна")
and notes with two tags."""

from __future__ import annotations

import csv
import functools
from pathlib import Path

import pytest

from analytics.db import open_memory
from analytics.ingest import import_file, undo_batch
from analytics.ingest.kinds import TAGS
from analytics.ingest.rules import RulesError
from analytics.ingest.tagging import ENV_TAG_RULES, load_tag_rules, retag_interactions, tag_notes, tag_reasons
from analytics.ingest.vocabulary import word_key

QUALITY = Path(__file__).parent / "fixtures" / "tagging"
LANGUAGES = ("en", "pl", "ru")
MIN_PRECISION, MIN_RECALL = 0.9, 0.8


def quality_set() -> list[dict]:
    rows = []
    for lang in LANGUAGES:
        with (QUALITY / f"notes_{lang}.csv").open(encoding="utf-8") as fh:
            rows += list(csv.DictReader(fh))
    return rows


@functools.cache
def quality_figures() -> dict[tuple[str, str], tuple[int, int, int]]:
    """(tag, language or "all") -> (true positives, false positives, false negatives)."""
    rows = quality_set()
    db = open_memory()
    found = tag_notes(db.cursor(), [r["note"] for r in rows])
    db.close()
    got: dict[int, set[str]] = {}
    for r in found.itertuples():
        got.setdefault(r.note_no - 1, set()).add(r.tag)
    figures: dict[tuple[str, str], list[int]] = {}
    for i, row in enumerate(rows):
        want = {t for t in row["tags"].split(";") if t}
        have = got.get(i, set())
        for tag in TAGS:
            for key in ((tag, row["lang"]), (tag, "all")):
                f = figures.setdefault(key, [0, 0, 0])
                f[0] += tag in want and tag in have
                f[1] += tag in have and tag not in want
                f[2] += tag in want and tag not in have
    return {k: tuple(v) for k, v in figures.items()}


def test_the_quality_set_has_300_notes_in_three_languages_with_traps():
    rows = quality_set()
    assert len(rows) >= 300
    assert {lang: sum(r["lang"] == lang for r in rows) >= 100 for lang in LANGUAGES} == dict.fromkeys(LANGUAGES, True)
    labelled = {t for r in rows for t in r["tags"].split(";") if t}
    assert labelled == set(TAGS)
    untagged = [r["note"] for r in rows if not r["tags"]]
    assert len(untagged) >= 75  # traps and plain notes
    for trap in ("Project status is green, all milestones on track.", "No discount needed, the budget is approved.",
                 "Wycena bez rabatu, budżet zatwierdzony.", "Скидка не нужна, бюджет утверждён."):
        assert trap in untagged


@pytest.mark.parametrize("tag", TAGS)
def test_each_tag_reaches_the_precision_and_recall_bar_in_every_language(tag):
    figures = quality_figures()
    for lang in (*LANGUAGES, "all"):
        tp, fp, fn = figures[(tag, lang)]
        assert tp + fn > 0, (tag, lang)
        assert tp / (tp + fp) >= MIN_PRECISION, (tag, lang, tp, fp, fn)
        assert tp / (tp + fn) >= MIN_RECALL, (tag, lang, tp, fp, fn)


def test_a_negation_close_to_a_keyword_skips_it():
    db = open_memory()
    found = tag_notes(db.cursor(), [
        "Client asks for a discount.", "They did not ask for a discount.",
        "Prosi o rabat.", "Prosi o wycenę bez rabatu.",
        "Просят скидку.", "Скидка не нужна, просят только сроки не срывать.",
    ])
    assert list(found.itertuples(index=False, name=None)) == [
        (1, "discount_request", "asks for a discount", "asks for a discount"),
        (3, "discount_request", "prosi o rabat", "prosi o rabat"),
        (5, "discount_request", "просит скидку", "просят скидку"),
    ]


def test_python_folding_of_tag_words_is_the_import_s_folding_of_notes():
    from analytics.ingest.load import sql

    rules = load_tag_rules()
    phrases = [p for r in rules.rules for p in r.match] + list(rules.negation_before + rules.negation_after)
    words = sorted({w.rstrip("*") for p in phrases for w in p.split() if w != "~"})
    con = open_memory().cursor()
    con.execute(sql("macros"))
    folded = con.execute("select list_transform($w, lambda x: import_word_key(x))", {"w": words}).fetchone()[0]
    assert folded == [word_key(w) for w in words]


TOUCHES = (
    "interaction_id,client_id,contact_id,occurred_at,channel,initiated_by,tags,notes\n"
    "I1,C1,,2025-05-02,call,client,,\"Klient prosi o dodatkowy rabat na licencje.\"\n"
    "I2,C1,,2025-05-09,email,client,praise,\"Dziękuje za szybkie wsparcie, chce raport codziennie.\"\n"
    "I3,C1,,2025-05-16,meeting,us,,\"Quarterly review, slides attached.\"\n"
)


@pytest.fixture()
def touches(tmp_path):
    path = tmp_path / "touches.csv"
    path.write_text(TOUCHES, encoding="utf-8")
    db = open_memory()
    result = import_file(db, "interactions", path)
    yield db, result, path
    db.close()


def _tags(db) -> dict[str, list[str]]:
    return dict(db.cursor().execute("select interaction_id, list_sort(tags) from interactions order by 1").fetchall())


def test_the_import_adds_the_tags_of_the_notes_to_the_file_s_own_and_says_why(touches):
    db, result, _ = touches
    assert result.loaded == 3
    assert _tags(db) == {"I1": ["discount_request"], "I2": ["praise", "status_request"], "I3": []}
    reasons = tag_reasons(db.cursor(), ["I1", "I2"])
    assert list(reasons[["interaction_id", "tag", "reason"]].itertuples(index=False, name=None)) == [
        ("I1", "discount_request", "Discount request: 'prosi o dodatkowy rabat' in the note, rule 'prosi o rabat'"),
        ("I2", "status_request", "Status request: 'chce raport' in the note, rule 'prosi o status'"),
    ]  # praise came from the file's tags column: no inferred provenance


def test_importing_the_same_touches_again_updates_and_undo_removes_the_provenance(touches):
    db, first, path = touches
    again = import_file(db, "interactions", path)
    assert (again.loaded, again.updated) == (0, 3)
    assert db.cursor().execute("select count(*) from interaction_tags").fetchone()[0] == 2
    undo_batch(db, again.batch_id)
    assert db.cursor().execute("select count(*) from interaction_tags").fetchone()[0] == 2
    undo_batch(db, first.batch_id)
    assert db.cursor().execute("select count(*) from interaction_tags").fetchone()[0] == 0


def test_changed_rules_re_tag_the_stored_touches_and_the_scores_follow(touches, tmp_path, monkeypatch):
    from analytics.method.continuum import compute

    db, _, _ = touches
    cur = db.cursor()
    compute(cur)
    before = cur.execute("select sum(scope_or_discount_requests), sum(status_requests) from method_facts").fetchone()
    assert before == (1, 1)
    rules = tmp_path / "tags.toml"
    rules.write_text('[negation]\nbefore = ["bez"]\n\n[[rule]]\nname = "slides"\ntag = "scope_request"\n'
                     'match = ["slides"]\n', encoding="utf-8")
    monkeypatch.setenv(ENV_TAG_RULES, str(rules))
    result = retag_interactions(db)
    assert (result.touches_changed, result.tags_added, result.tags_removed) == (3, 1, 2)
    assert _tags(db) == {"I1": [], "I2": ["praise"], "I3": ["scope_request"]}  # the file's praise stays
    assert db.cursor().execute("select interaction_id, rule_name, matched from interaction_tags").fetchall() == [
        ("I3", "slides", "slides")]
    cur = db.cursor()
    compute(cur)
    after = cur.execute("select sum(scope_or_discount_requests), sum(status_requests) from method_facts").fetchone()
    assert after == (1, 0)


def test_a_broken_tag_rules_file_is_named_with_the_rule_at_fault(tmp_path):
    bad = tmp_path / "tags.toml"
    bad.write_text('[[rule]]\nname = "x"\ntag = "gossip"\nmatch = ["rumour*"]\n', encoding="utf-8")
    with pytest.raises(RulesError, match=r'"tags.toml", rule 1 \("x"\): tag "gossip" is not one of status_request'):
        load_tag_rules(bad)


def test_the_held_out_notes_reach_the_bar_over_all_tags():
    """holdout.csv was written after the rules and measured before any change to them
    (docs/method.md gives both figures); asserted over all tags, its counts per tag
    being small."""
    with (QUALITY / "holdout.csv").open(encoding="utf-8") as fh:
        rows = list(csv.DictReader(fh))
    db = open_memory()
    found = tag_notes(db.cursor(), [r["note"] for r in rows])
    got: dict[int, set[str]] = {}
    for r in found.itertuples():
        got.setdefault(r.note_no - 1, set()).add(r.tag)
    tp = fp = fn = 0
    for i, row in enumerate(rows):
        want, have = {t for t in row["tags"].split(";") if t}, got.get(i, set())
        tp, fp, fn = tp + len(want & have), fp + len(have - want), fn + len(want - have)
    assert (len(rows), tp / (tp + fp) >= MIN_PRECISION, tp / (tp + fn) >= MIN_RECALL) == (75, True, True)
