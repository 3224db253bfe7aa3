"""End to end (issue 16): a small demo portfolio written as HubSpot, Salesforce and
Pipedrive exports (tests/crm_exports.py: job titles and notes in English, Polish and
Russian, no level and no tags), imported into a fresh database the way the command line
does it (`import KIND FILE --preset auto`), gives back the demo's levels and tags, and
the planted stories are found as they are from the templates: every client's position
and every signal equal to the template-built demo's. Importing the same exports again
changes no row count.

One module-scoped run builds the demo, writes the exports, imports them twice and keeps
what each step gave; the tests only read it.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pandas as pd
import pytest

from analytics.db import Database, open_memory
from analytics.demo import build_demo, planted_stories
from analytics.demo.stories import STORY_ORDER, story_positions
from analytics.ingest import ImportResult, prepare, run_import, save_mapping
from analytics.ingest.fx import set_fx_rate
from analytics.ingest.manual import update_contact
from analytics.ingest.mapping import detect_kind, detect_preset, interaction_variant, suggest_mapping
from analytics.ingest.sniff import sniff
from analytics.method.continuum import contributions, score_all, score_clients
from analytics.method.signals import signals_for_quarter
from analytics.settings import load_settings, set_reporting_currency
from tests.conftest import DEMO_END_QUARTER, DEMO_SEED
from tests.crm_exports import (
    CRMS,
    LANGUAGES,
    TAG_SENTENCES,
    ExportFile,
    Exports,
    copy_as_is,
    write_exports,
)

# the fewest clients that still plant every story: story_positions gives each of the 15
# stories its own client, and one client fewer drops a story (checked in the first test)
CLIENTS = len(STORY_ORDER)
STORY = planted_stories(CLIENTS)
SIGNAL_STORIES = ("access_decline", "no_advance_info", "revenue_decline", "feedback_silence",
                  "micromanagement", "team_morale", "squeeze")
TABLES = ("clients", "contacts", "contact_details", "interactions", "interaction_tags", "deals", "feedback",
          "team_pulse", "service_costs", "market_trend", "fx_rates", "manual_changes", "import_header_mappings")


@dataclass
class Run:
    template: Database
    imported: Database
    exports: Exports
    first: dict[str, ImportResult]
    again: dict[str, ImportResult]
    sources: dict[str, str]  # file name -> where its mapping came from (suggested, saved)
    counts: dict[str, int]  # rows per table after the first import
    counts_again: dict[str, int]
    batches: tuple[int, int]  # import batches after the first round, after the second
    positions: tuple[pd.DataFrame, pd.DataFrame]  # score_all: template, imported
    signals: tuple[pd.DataFrame, pd.DataFrame]  # signals_for_quarter: template, imported
    positions_again: pd.DataFrame
    signals_again: pd.DataFrame
    changed_by_hand: list[list[str]]


def _counts(db: Database) -> dict[str, int]:
    cur = db.cursor()
    return {t: cur.execute(f"select count(*) from {t}").fetchone()[0] for t in TABLES}  # noqa: S608


def _confirm_mapping(db: Database, file: ExportFile) -> None:
    """What a person does once on the Import page for an export with columns the preset
    does not read: keep the suggested mapping and add those columns (saved for this set
    of headers, so every later `--preset auto` import of the export uses it). The preset
    is not saved with it: the import still detects it from the headers."""
    plan = prepare(db.cursor(), file.path, file.kind, "auto")
    headers = plan.sniffed.headers
    mapping = {**plan.mapping, **{f: headers.index(h) for f, h in file.needs_mapping.items()}}
    save_mapping(db, file.kind, headers, mapping, {})


def _import_round(db: Database, exports: Exports, *, confirm: bool) -> tuple[dict[str, ImportResult], dict[str, str]]:
    """Every file in order, as `python -m analytics import KIND FILE --preset auto` does
    (prepare and run_import are what its import_file calls)."""
    results, sources = {}, {}
    for file in exports.files:
        if confirm and file.needs_mapping:
            _confirm_mapping(db, file)
        plan = prepare(db.cursor(), file.path, file.kind, "auto")
        sources[file.path.name] = plan.mapping_source
        results[file.path.name] = run_import(db, plan)
    return results, sources


def _set_by_hand(db: Database, exports: Exports) -> list[list[str]]:
    """The champion flags and leaving dates no export carries, set as on the Client page
    (which sends the level shown, unchanged)."""
    changed = []
    for change in exports.contact_changes:
        level = db.cursor().execute("select level from contacts where contact_id = $c",
                                    {"c": change.contact_key}).fetchone()[0]
        changed.append(update_contact(db, change.client_id, change.contact_key, level=level,
                                      is_champion=change.is_champion, active_to=change.active_to))
    return changed


@pytest.fixture(scope="module")
def run(tmp_path_factory) -> Run:
    template = open_memory()
    build_demo(template, clients=CLIENTS, seed=DEMO_SEED, end_quarter=DEMO_END_QUARTER)
    exports = write_exports(template.cursor(), tmp_path_factory.mktemp("crm_exports"))
    imported = open_memory()
    # the Exchange rates tab first: the reporting currency and the rates the deals need
    set_reporting_currency(imported, exports.reporting_currency)
    for code, rate in exports.rates.items():
        set_fx_rate(imported, code, rate)
    first, sources = _import_round(imported, exports, confirm=True)
    changed = _set_by_hand(imported, exports)
    copy_as_is(template.cursor(), imported)
    counts = _counts(imported)
    batches = imported.cursor().execute("select count(*) from import_batches").fetchone()[0]
    positions = (score_all(template.cursor()), score_all(imported.cursor()))
    signals = (signals_for_quarter(template.cursor(), DEMO_END_QUARTER),
               signals_for_quarter(imported.cursor(), DEMO_END_QUARTER))
    again, _ = _import_round(imported, exports, confirm=False)
    result = Run(
        template=template, imported=imported, exports=exports, first=first, again=again, sources=sources,
        counts=counts, counts_again=_counts(imported),
        batches=(batches, imported.cursor().execute("select count(*) from import_batches").fetchone()[0]),
        positions=positions, signals=signals, positions_again=score_all(imported.cursor()),
        signals_again=signals_for_quarter(imported.cursor(), DEMO_END_QUARTER), changed_by_hand=changed,
    )
    yield result
    template.close()
    imported.close()


def _files(run: Run, kind: str | None = None, crm: bool | None = None) -> list[ExportFile]:
    return [f for f in run.exports.files if (kind is None or f.kind == kind)
            and (crm is None or (f.preset in CRMS) == crm)]


# ---------------------------------------------------------------- the portfolio and the files


def test_the_small_demo_plants_every_story_and_every_crm_carries_warning_stories(run):
    assert story_positions(CLIENTS) == list(range(CLIENTS))
    assert len(story_positions(CLIENTS - 1)) < len(STORY_ORDER)
    assert set(STORY_ORDER) == set(STORY)
    crm_of = run.exports.crm_of_client
    assert sorted(set(crm_of.values())) == sorted(CRMS)
    for crm in CRMS:
        stories = {s for s, ids in STORY.items() for c in ids if crm_of[c] == crm}
        assert stories & set(SIGNAL_STORIES), crm
        assert "partnership" in stories, crm


def test_the_exports_hold_no_level_and_no_tags_and_speak_three_languages(run):
    for file in _files(run, crm=True):
        headers = [h.lower() for h in sniff(file.path).headers]
        assert not {"level", "tags", "seniority", "labels"} & set(headers), file.path.name
    text = "".join(f.path.read_text(encoding="utf-8-sig") for f in _files(run, crm=True))
    for word in ("prosi o dodatkowy rabat", "Клиент просит скидку", "asked for a deeper discount",
                 "Dyrektor Finansowy", "Генеральный директор", "Kierownik działu zakupów"):
        assert word in text, word


# ---------------------------------------------------------------- (a) detection


def test_every_crm_export_is_told_by_its_headers(run):
    seen = set()
    for file in _files(run, crm=True):
        headers = sniff(file.path).headers
        assert detect_kind(headers) == file.kind, file.path.name
        assert detect_preset(headers, file.kind) == file.preset, file.path.name
        if file.kind == "interactions":
            assert interaction_variant(file.preset, headers)["name"] == file.variant, file.path.name
        seen.add((file.preset, file.kind, file.variant))
    assert seen == {
        ("hubspot", "contacts", None), ("salesforce", "contacts", None), ("pipedrive", "contacts", None),
        ("hubspot", "interactions", "calls"), ("hubspot", "interactions", "meetings"),
        ("hubspot", "interactions", "emails"), ("hubspot", "interactions", "notes"),
        ("salesforce", "interactions", "activities"), ("pipedrive", "interactions", "activities"),
    }


def test_each_import_detected_the_expected_preset(run):
    for first in (run.first, run.again):
        assert {name: r.detection["preset"] for name, r in first.items()} == {
            f.path.name: f.preset for f in run.exports.files}


def test_the_team_s_own_columns_the_presets_read_and_those_a_person_maps_once(run):
    """The gap, exactly: sentiment, "Initiated by" and "Replied" are read by the header
    synonyms beside the preset, HubSpot's "Call and meeting type" by the preset; Pipedrive's
    "Activity - …" fields are read by no preset or synonym, so a mapping is saved once."""
    needs = {}
    for file in _files(run, "interactions"):
        headers = sniff(file.path).headers
        _, suggested = suggest_mapping(file.kind, headers, "auto")
        for field_name in file.mapped_by_synonym:
            assert headers[suggested[field_name]] == file.custom[field_name], (file.path.name, field_name)
        assert not set(file.needs_mapping) & set(suggested), file.path.name
        needs[file.path.name] = sorted(file.needs_mapping)
    assert needs == {
        "hubspot_calls.csv": [], "hubspot_meetings.csv": [], "hubspot_emails.csv": [],
        "hubspot_notes.csv": [], "salesforce_activities.csv": [],
        "pipedrive_activities.csv": ["answered", "initiated_by", "sentiment"],
    }
    assert run.sources == {f.path.name: "saved" if f.needs_mapping else "suggested" for f in run.exports.files}


def test_every_row_of_every_file_is_loaded_or_skipped_and_no_client_is_new(run):
    for file in run.exports.files:
        r = run.first[file.path.name]
        assert (r.loaded, r.updated, r.rejected, r.skipped) == (file.loads, 0, 0, file.skipped), file.path.name
        if file.kind != "clients":
            assert r.new_clients == [], file.path.name
    notes = run.first["hubspot_notes.csv"]
    assert notes.rejects["reason"].tolist() == ["no company and no known contact: not a touch with a client"] * 3
    assert sum(f.loads for f in _files(run, "interactions")) == 8508
    assert [run.first[f"{crm}_activities.csv"].skipped for crm in ("salesforce", "pipedrive")] == [3, 0]


# ---------------------------------------------------------------- (b) levels and tags


def _demo_contacts(run: Run) -> pd.DataFrame:
    frame = run.template.cursor().execute(
        "select contact_id, client_id, name, level, is_champion, active_to from contacts order by contact_id").df()
    frame["key"] = frame["contact_id"].map(run.exports.contact_keys)
    return frame


def test_every_contact_gets_the_demo_s_level_from_its_title(run):
    demo = _demo_contacts(run)
    imported = run.imported.cursor().execute(
        "select c.contact_id as key, c.client_id, c.name, c.title, c.level, d.level_source, d.email "
        "from contacts as c join contact_details as d using (contact_id)").df().set_index("key")
    assert len(imported) == len(demo) == demo["key"].nunique() == 331
    mine = imported.loc[demo["key"]]
    assert mine["level"].tolist() == demo["level"].tolist()
    assert mine["client_id"].tolist() == demo["client_id"].tolist()
    assert mine["name"].tolist() == demo["name"].tolist()
    assert set(mine["level_source"]) == {"rule"}
    assert (mine["email"] == mine.index).all()
    # a third of the titles each in English (the demo's own), Polish and Russian
    polish = mine["title"].str.contains("Dyrektor|Prezes|Kierownik|Specjalista|Członek|Wiceprezes|Szef|Menedżer"
                                        "|Analityk|Koordynator|Inżynier")
    russian = mine["title"].str.contains("[А-Яа-я]")
    assert (int(polish.sum()), int(russian.sum()), len(mine) - int(polish.sum()) - int(russian.sum())) == (
        110, 110, 111)


def test_champions_and_leaving_dates_set_by_hand_match_the_demo(run):
    demo = _demo_contacts(run).set_index("key")
    imported = run.imported.cursor().execute(
        "select contact_id as key, is_champion, active_to, active_from from contacts").df().set_index("key")
    imported = imported.loc[demo.index]
    assert imported["is_champion"].tolist() == demo["is_champion"].tolist()
    assert imported["active_to"].tolist() == demo["active_to"].tolist()
    # 15 champions, 16 who left (one a champion); each change once, as the Client page saves it
    assert (int(demo["is_champion"].sum()), int(demo["active_to"].notna().sum())) == (15, 16)
    assert sorted(map(tuple, run.changed_by_hand)) == sorted(
        [("is_champion",)] * 14 + [("is_champion", "active_to")] + [("active_to",)] * 15)
    # no layout has a "since" for a contact: every imported contact's start is unknown
    assert imported["active_from"].isna().all()


def _touches(run: Run) -> tuple[pd.DataFrame, pd.DataFrame]:
    columns = ("interaction_id, client_id, contact_id, occurred_at, channel, initiated_by, answered, sentiment, "
               "list_sort(tags) as tags")
    demo = run.template.cursor().execute(f"select {columns} from interactions order by interaction_id").df()
    imported = run.imported.cursor().execute(f"select {columns}, notes from interactions").df()
    imported = imported.set_index("interaction_id").loc[demo["interaction_id"].map(run.exports.touch_ids)]
    return demo, imported.reset_index()


def test_every_touch_gets_exactly_the_demo_s_tags_from_its_note(run):
    demo, imported = _touches(run)
    assert len(imported) == len(demo) == 8508
    assert [list(t) for t in imported["tags"]] == [list(t) for t in demo["tags"]]
    assert sum(len(t) for t in demo["tags"]) == 3232
    # each tag came from the rules, with the words they matched: none from a file
    provenance = run.imported.cursor().execute(
        "select count(*), count(*) filter (where rule_name is not null and matched is not null) "
        "from interaction_tags").fetchone()
    assert provenance == (3232, 3232)
    # the notes rotate the three languages: each tagged note is written in one of them
    tagged = imported.loc[imported["tags"].map(len) > 0, "notes"]
    languages = tagged.map(lambda note: [lang for lang in LANGUAGES
                                         if any(s in note for s in TAG_SENTENCES[lang].values())])
    assert languages.map(len).eq(1).all()
    assert languages.str[0].value_counts().sort_index().to_dict() == {"en": 943, "pl": 913, "ru": 906}


def test_every_touch_keeps_its_client_contact_channel_direction_answer_and_sentiment(run):
    demo, imported = _touches(run)
    # every touch came through an export: a CRM's id, a batch, never the demo's own row
    assert not set(imported["interaction_id"]) & set(demo["interaction_id"])
    assert run.imported.cursor().execute(
        "select count(*) from interactions where batch_id is null").fetchone()[0] == 0
    assert imported["client_id"].tolist() == demo["client_id"].tolist()
    assert imported["contact_id"].tolist() == demo["contact_id"].map(run.exports.contact_keys).tolist()
    for column in ("channel", "initiated_by"):
        assert imported[column].tolist() == demo[column].tolist(), column
    for column in ("answered", "sentiment"):
        assert imported[column].astype(object).where(imported[column].notna(), None).tolist() == \
            demo[column].astype(object).where(demo[column].notna(), None).tolist(), column


def test_the_day_of_every_touch_is_kept_and_its_time_where_the_export_has_one(run):
    """Salesforce's Date and Pipedrive's Due date are days (Pipedrive's Due time is not
    read): those touches load at midnight of their day; HubSpot's keep the second."""
    demo, imported = _touches(run)
    crm = demo["client_id"].map(run.exports.crm_of_client)
    assert (imported["occurred_at"].dt.date == demo["occurred_at"].dt.date).all()
    exact = imported["occurred_at"] == demo["occurred_at"]
    assert exact[crm == "hubspot"].all()
    by_day = crm != "hubspot"
    assert (imported.loc[by_day, "occurred_at"] == imported.loc[by_day, "occurred_at"].dt.normalize()).all()
    assert (int((~exact).sum()), int(by_day.sum())) == (5501, 5501)


# ---------------------------------------------------------------- (c) the stories, as from the templates


def test_the_method_runs_on_the_same_settings(run):
    assert load_settings(run.imported.cursor()) == load_settings(run.template.cursor())


def test_every_client_stands_where_the_template_built_demo_puts_it_in_every_quarter(run):
    template, imported = run.positions
    assert len(template) > CLIENTS * 10
    pd.testing.assert_frame_equal(imported, template, check_exact=True)


def test_every_signal_fires_as_on_the_template_built_demo(run):
    template, imported = run.signals
    assert len(template) >= len(SIGNAL_STORIES)
    pd.testing.assert_frame_equal(imported, template, check_exact=True)


@pytest.mark.parametrize("client", sorted({c for ids in STORY.values() for c in ids}))
def test_each_story_client_raises_the_same_signals(run, client):
    template, imported = run.signals
    mine = set(imported.loc[imported["client_id"] == client, "signal_id"])
    assert mine == set(template.loc[template["client_id"] == client, "signal_id"])
    story = next(s for s, ids in STORY.items() if client in ids)
    if story in SIGNAL_STORIES:
        assert story in mine
    elif story in ("partnership", "new_client"):
        assert mine == set()


def test_the_stories_read_on_the_imported_portfolio(run):
    cur = run.imported.cursor()
    scores = score_clients(cur, DEMO_END_QUARTER).set_index("client_id")
    assert set(scores.loc[STORY["partnership"], "stage"]) == {"partnership"}
    assert bool(scores.loc[STORY["new_client"][0], "is_new"])
    troubled = [STORY[s][0] for s in SIGNAL_STORIES]
    assert scores.loc[troubled, "score"].max() < scores.loc[STORY["partnership"], "score"].min()
    parts = contributions(cur, DEMO_END_QUARTER, STORY["single_thread_champion_left"][0]).set_index("component")
    assert parts.loc["champion_lost", "points"] < 0
    assert parts.loc["champion_lost", "sentence"].startswith("Champion lost: ")
    assert parts.loc["single_thread", "points"] < 0


# ---------------------------------------------------------------- (d) the same exports again


def test_importing_the_same_exports_again_changes_no_row_count(run):
    assert run.counts_again == run.counts
    assert run.counts["interactions"] == 8508 and run.counts["contacts"] == 331
    assert run.batches == (len(run.exports.files), 2 * len(run.exports.files))
    for file in run.exports.files:
        first, again = run.first[file.path.name], run.again[file.path.name]
        assert (again.loaded, again.updated, again.rejected, again.skipped) == (
            0, first.loaded, 0, first.skipped), file.path.name


def test_after_the_second_import_every_position_and_signal_is_still_the_template_s(run):
    pd.testing.assert_frame_equal(run.positions_again, run.positions[0], check_exact=True)
    pd.testing.assert_frame_equal(run.signals_again, run.signals[0], check_exact=True)


def test_the_folder_holds_only_the_files_listed_and_writing_again_gives_the_same_bytes(run, tmp_path):
    assert sorted(p.name for p in Path(run.exports.folder).iterdir()) == sorted(
        f.path.name for f in run.exports.files)
    again = write_exports(run.template.cursor(), tmp_path)
    for first, second in zip(run.exports.files, again.files, strict=True):
        assert first.path.read_bytes() == second.path.read_bytes(), first.path.name
