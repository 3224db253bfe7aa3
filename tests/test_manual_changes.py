"""Corrections made in the app win (issue 16, item 5): a touch logged by hand, a touch's
tags, a contact's level, champion flag and leaving day; each recorded, and each kept
over a re-import of the same file, an undo of an import and a change of the rules.

Hand-built files of two or three rows each, written in the test.
"""

from __future__ import annotations

import datetime as dt
import json

import pytest

from analytics import access
from analytics.ingest import import_file, undo_batch
from analytics.ingest.manual import (
    BadCorrection,
    Touch,
    UnknownContact,
    UnknownTouch,
    contact_levels,
    log_touch,
    rules_toml,
    rules_view,
    save_rules,
    set_touch_tags,
    touch_tags,
    unknown_level_contacts,
    unknown_level_titles,
    untagged_subjects,
    update_contact,
)
from analytics.ingest.tagging import suggest_tags
from tests.tiny import Tiny

CONTACTS = (
    "contact_id,client_id,client_name,name,title,is_champion,active_to\n"
    "P1,C1,Acme,Jan Kowalski,Dyrektor Finansowy,no,\n"  # a director by rule 'dyrektor'
    "P2,C1,Acme,Anna Nowak,Wizard of Things,no,\n"  # no rule matches: unknown
    "P3,C1,Acme,Olga Petrova,Wizard of Things,yes,\n"  # the same title, a champion
)
TOUCHES = (
    "interaction_id,client_id,contact_id,occurred_at,channel,initiated_by,notes\n"
    "I1,C1,P1,2025-05-02,call,client,\"Klient prosi o dodatkowy rabat na licencje.\"\n"  # discount_request
    "I2,C1,P2,2025-05-09,email,client,\"Quarterly review, slides attached.\"\n"  # no tag
    "I3,C1,P2,2025-05-16,email,us,\"Quarterly review, slides attached.\"\n"  # the same untagged subject
)


@pytest.fixture
def files(tmp_path):
    contacts = tmp_path / "contacts.csv"
    contacts.write_text(CONTACTS, encoding="utf-8")
    touches = tmp_path / "touches.csv"
    touches.write_text(TOUCHES, encoding="utf-8")
    return contacts, touches


@pytest.fixture
def loaded(db, files):
    contacts, touches = files
    first = import_file(db, "contacts", contacts)
    import_file(db, "interactions", touches)
    return db, contacts, touches, first.batch_id


def rows(db, query: str, params: dict | None = None) -> list[tuple]:
    return db.cursor().execute(query, params or {}).fetchall()


def changes(db, key: str) -> list[tuple]:
    return rows(db, "select field, old_value, new_value, changed_by from manual_changes where row_key = $k "
                    "order by change_no", {"k": key})


# ---------------------------------------------------------------- log a touch


def test_suggest_tags_infers_the_tags_of_one_text_with_the_import_s_rules(db):
    found = suggest_tags(db.cursor(), "Klient prosi o dodatkowy rabat, ale nie składa reklamacji.")
    assert [(s.tag, s.rule_name, s.matched) for s in found] == [
        ("discount_request", "prosi o rabat", "prosi o dodatkowy rabat")]  # the complaint is negated
    assert suggest_tags(db.cursor(), "   ") == []


def test_a_logged_touch_keeps_the_rule_of_the_suggested_tags_and_records_the_others_as_manual(loaded):
    db = loaded[0]
    logged = log_touch(db, Touch("C1", dt.date(2025, 6, 3), "meeting", "client", "P1", True, -1,
                                 "Prosi o rabat i narzeka na terminy.", ("discount_request", "praise")),
                       who="am@firm.pl")
    # suggested: discount_request (kept) and complaint (removed); praise added by hand
    assert logged.tags == ("discount_request", "praise")
    assert logged.tags_from_rules == ("discount_request",)
    assert logged.tags_added == ("praise",)
    assert logged.tags_removed == ("complaint",)
    stored = rows(db, "select client_id, contact_id, occurred_at, channel, initiated_by, answered, sentiment, "
                      "tags, batch_id, owner from interactions where interaction_id = $i",
                  {"i": logged.interaction_id})
    assert stored == [("C1", "P1", dt.datetime(2025, 6, 3), "meeting", "client", True, -1,
                       ["discount_request", "praise"], None, "am@firm.pl")]  # the owner: who logged it
    assert rows(db, "select tag, rule_name from interaction_tags where interaction_id = $i",
                {"i": logged.interaction_id}) == [("discount_request", "prosi o rabat")]
    recorded = changes(db, logged.interaction_id)
    assert [r[0] for r in recorded] == ["logged", "tags"]
    assert json.loads(recorded[1][1]) == ["complaint", "discount_request"]
    assert json.loads(recorded[1][2]) == ["discount_request", "praise"]
    assert {r[3] for r in recorded} == {"am@firm.pl"}
    why = touch_tags(db.cursor(), "C1").set_index("interaction_id").loc[logged.interaction_id]
    assert [dict(x) for x in why["tag_reasons"]] == [
        {"tag": "discount_request", "why": "'prosi o rabat' in the note, rule 'prosi o rabat'"},
        {"tag": "praise", "why": f"added by hand by am@firm.pl on {dt.date.today():%Y-%m-%d}"},
    ]
    assert list(why["tags_removed_by_hand"]) == ["complaint"]
    assert why["owner"] == "am@firm.pl"


def test_a_touch_cannot_be_logged_with_another_client_s_contact_or_in_the_future(loaded):
    db = loaded[0]
    Tiny(db).client("C2")
    with pytest.raises(UnknownContact, match="P1 is not one of client C2's contacts"):
        log_touch(db, Touch("C2", dt.date(2025, 6, 3), "call", "us", "P1"))
    with pytest.raises(BadCorrection, match="is in the future"):
        log_touch(db, Touch("C1", dt.date.today() + dt.timedelta(days=2), "call", "us"))
    with pytest.raises(BadCorrection, match="not a tag"):
        log_touch(db, Touch("C1", dt.date(2025, 6, 3), "call", "us", tags=("gossip",)))


# ---------------------------------------------------------------- tags and contacts


def test_a_stored_touch_s_tags_are_changed_recorded_and_its_removed_tag_loses_its_rule(loaded):
    db = loaded[0]
    edit = set_touch_tags(db, "C1", "I1", ["complaint"], who="head@firm.pl")
    assert (edit.tags_added, edit.tags_removed) == (("complaint",), ("discount_request",))
    assert rows(db, "select tags from interactions where interaction_id = 'I1'") == [(["complaint"],)]
    assert rows(db, "select count(*) from interaction_tags where interaction_id = 'I1'") == [(0,)]
    assert changes(db, "I1") == [("tags", '["discount_request"]', '["complaint"]', "head@firm.pl")]
    assert not set_touch_tags(db, "C1", "I1", ["complaint"]).changed  # nothing to record
    assert len(changes(db, "I1")) == 1


def test_a_touch_of_another_client_cannot_be_edited_under_this_client_s_name(loaded):
    db = loaded[0]
    Tiny(db).client("C2")
    with pytest.raises(UnknownTouch, match="I1 is not one of client C2's touches"):
        set_touch_tags(db, "C2", "I1", [])


def test_a_contact_s_level_champion_flag_and_leaving_day_are_set_and_recorded(loaded):
    db = loaded[0]
    assert update_contact(db, "C1", "P2", level="manager", is_champion=True, active_to=dt.date(2025, 9, 30),
                          who="") == ["level", "is_champion", "active_to"]
    assert rows(db, "select level, is_champion, active_to from contacts where contact_id = 'P2'") == [
        ("manager", True, dt.date(2025, 9, 30))]
    assert changes(db, "P2") == [("level", None, "manager", ""), ("is_champion", "false", "true", ""),
                                 ("active_to", None, "2025-09-30", "")]
    levels = contact_levels(db.cursor(), "C1").set_index("contact_id")
    assert levels.loc["P1", "level_why"] == "Dyrektor Finansowy → director, rule 'dyrektor'"
    assert levels.loc["P2", "level_why"] == f"set by hand on {dt.date.today():%Y-%m-%d}"
    assert update_contact(db, "C1", "P2", level="unknown", is_champion=True, active_to=dt.date(2025, 9, 30)) == ["level"]
    assert rows(db, "select level from contacts where contact_id = 'P2'") == [(None,)]


# ---------------------------------------------------------------- manual changes win


def test_corrections_survive_a_re_import_of_the_same_files(loaded):
    db, contacts, touches, _ = loaded
    update_contact(db, "C1", "P1", level="executive", is_champion=True, active_to=dt.date(2025, 12, 31))
    update_contact(db, "C1", "P3", level="staff", is_champion=False, active_to=None)
    set_touch_tags(db, "C1", "I1", ["praise"])  # the rule's discount_request removed, praise added
    set_touch_tags(db, "C1", "I2", ["status_request"])
    again = import_file(db, "contacts", contacts)
    assert again.updated == 3
    import_file(db, "interactions", touches)
    assert rows(db, "select contact_id, level, is_champion, active_to from contacts order by 1") == [
        ("P1", "executive", True, dt.date(2025, 12, 31)),
        ("P2", None, False, None),  # not corrected: as the file says
        ("P3", "staff", False, None),
    ]
    assert rows(db, "select interaction_id, tags from interactions order by 1") == [
        ("I1", ["praise"]), ("I2", ["status_request"]), ("I3", [])]
    # the rule's tag the person removed has no provenance again after the re-import
    assert rows(db, "select count(*) from interaction_tags where interaction_id = 'I1'") == [(0,)]


def test_undoing_an_import_keeps_the_corrections_made_before_or_after_it(loaded):
    db, contacts, touches, first = loaded
    update_contact(db, "C1", "P1", level="executive", is_champion=True, active_to=None)
    set_touch_tags(db, "C1", "I1", ["praise"])
    second = import_file(db, "contacts", contacts)
    second_touches = import_file(db, "interactions", touches)
    update_contact(db, "C1", "P2", level="manager", is_champion=False, active_to=None)  # after the re-import
    undo_batch(db, second.batch_id)
    undo_batch(db, second_touches.batch_id)
    assert rows(db, "select contact_id, level, is_champion from contacts order by 1") == [
        ("P1", "executive", True), ("P2", "manager", False), ("P3", None, True)]
    assert rows(db, "select tags from interactions where interaction_id = 'I1'") == [(["praise"],)]
    # undoing the first import removes its contacts; the corrections stay recorded and
    # come back with the next import of the same rows
    undo_batch(db, first)
    assert rows(db, "select count(*) from contacts") == [(0,)]
    import_file(db, "contacts", contacts)
    assert rows(db, "select contact_id, level from contacts order by 1") == [
        ("P1", "executive"), ("P2", "manager"), ("P3", None)]


def test_a_logged_touch_is_not_removed_by_undoing_an_import(loaded):
    db, _, touches, _ = loaded
    logged = log_touch(db, Touch("C1", dt.date(2025, 6, 3), "call", "us", note="Call about the renewal."))
    batch = import_file(db, "interactions", touches).batch_id
    undo_batch(db, batch)
    assert rows(db, "select count(*) from interactions where interaction_id = $i", {"i": logged.interaction_id}) == [(1,)]


# ---------------------------------------------------------------- the rules


def test_saving_edited_tag_rules_re_tags_the_stored_touches_and_keeps_the_tags_set_by_hand(loaded):
    db = loaded[0]
    set_touch_tags(db, "C1", "I1", ["discount_request", "referral"])  # referral added by hand
    view = rules_view(db.cursor(), "tags")
    assert view.source == "file"
    rules = view.rules.copy()
    mine = rules.index[rules["name"] == "asks for a status update"][0]
    rules.at[mine, "phrases"] = [*rules.at[mine, "phrases"], "slides attached"]
    text = rules_toml("tags", rules, view.negation_before, view.negation_after)
    saved = save_rules(db, "tags", text, who="head@firm.pl")
    assert (saved.touches_changed, saved.tags_added, saved.tags_removed) == (2, 2, 0)  # I2 and I3
    assert rows(db, "select interaction_id, tags from interactions order by 1") == [
        ("I1", ["discount_request", "referral"]), ("I2", ["status_request"]), ("I3", ["status_request"])]
    assert rules_view(db.cursor(), "tags").source == "edited"
    assert rows(db, "select saved_by from rule_files where kind = 'tags'") == [("head@firm.pl",)]
    # the next import reads the edited rules too
    assert [s.tag for s in suggest_tags(db.cursor(), "Slides attached.")] == ["status_request"]
    back = save_rules(db, "tags", None)
    assert back.touches_changed == 2
    assert rows(db, "select count(*) from rule_files") == [(0,)]
    assert rows(db, "select tags from interactions where interaction_id = 'I1'") == [(["discount_request", "referral"],)]


def test_saving_edited_seniority_rules_derives_the_levels_again_except_one_set_by_hand(loaded):
    db, contacts, _, _ = loaded
    update_contact(db, "C1", "P3", level="executive", is_champion=True, active_to=None)
    view = rules_view(db.cursor(), "levels")
    rules = view.rules.copy()
    rules.loc[len(rules)] = {"position": 0, "name": "wizard", "level": "manager", "phrases": ["wizard*"]}
    saved = save_rules(db, "levels", rules_toml("levels", rules))
    assert saved.contacts_changed == 1  # P2; P3 keeps the level set by hand
    assert rows(db, "select contact_id, level from contacts order by 1") == [
        ("P1", "director"), ("P2", "manager"), ("P3", "executive")]
    assert contact_levels(db.cursor(), "C1").set_index("contact_id").loc["P2", "level_why"] == \
        "Wizard of Things → manager, rule 'wizard'"
    # a re-import of the contacts decides by the edited rules as well
    import_file(db, "contacts", contacts)
    assert rows(db, "select contact_id, level from contacts order by 1") == [
        ("P1", "director"), ("P2", "manager"), ("P3", "executive")]


def test_rules_with_a_mistake_are_refused_with_the_rule_named(loaded):
    db = loaded[0]
    view = rules_view(db.cursor(), "tags")
    rules = view.rules.copy()
    rules.at[0, "tag"] = "gossip"
    with pytest.raises(Exception, match='rule 1 \\("asks for a status update"\\): tag "gossip" is not one of'):
        save_rules(db, "tags", rules_toml("tags", rules, view.negation_before, view.negation_after))
    assert rows(db, "select count(*) from rule_files") == [(0,)]


# ---------------------------------------------------------------- where a rule would help


def test_the_import_page_lists_unknown_levels_by_title_and_untagged_subjects(loaded):
    db = loaded[0]
    titles = unknown_level_titles(db.cursor())
    assert titles.to_dict("records") == [{"title": "Wizard of Things", "count_contacts": 2, "count_clients": 1}]
    assert sorted(unknown_level_contacts(db.cursor())["name"]) == ["Anna Nowak", "Olga Petrova"]
    subjects = untagged_subjects(db.cursor())
    assert subjects[["subject", "count_touches", "count_clients"]].to_dict("records") == [
        {"subject": "Quarterly review, slides attached.", "count_touches": 2, "count_clients": 1}]


# ---------------------------------------------------------------- scope


def test_each_correction_is_marked_and_checked_against_who_asks(loaded):
    db = loaded[0]
    assert access.scope_of(log_touch) == ("edits_client", "touch")
    assert access.scope_of(set_touch_tags) == ("edits_client", "client_id")
    assert access.scope_of(update_contact) == ("edits_client", "client_id")
    assert access.scope_of(save_rules) == ("administers", None)
    assert access.scope_of(touch_tags) == ("client_detail", "client_id")
    viewer = access.Access(role="viewer", email="v@firm.pl")
    with pytest.raises(access.NotAllowed):
        access.write(db, viewer, set_touch_tags, "C1", "I1", [])
    other = access.Access(role="account_manager", email="am@firm.pl", manager="Someone Else")
    with pytest.raises(access.NotAllowed):
        access.write(db, other, log_touch, Touch("C1", dt.date(2025, 6, 3), "call", "us"))
    with pytest.raises(access.NotAllowed):
        access.write(db, other, save_rules, "tags", None)
    edit = access.write(db, access.Access(role="head_of_sales", email="head@firm.pl"), set_touch_tags, "C1", "I1", [])
    assert edit.tags_removed == ("discount_request",)
    assert changes(db, "I1")[-1][3] == "head@firm.pl"  # who is the caller, from the gate
