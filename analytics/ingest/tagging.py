"""Tags from what people wrote: the editable rules of tags.toml, applied in DuckDB.

CRM exports give a note, not our tags. The interactions import infers the tags of every
note of the file at once (sql/tag_notes.sql over the rules loaded here into the temp
table import_tag_rules) and keeps each inferred tag's rule and matched words in
interaction_tags; `retag_interactions` does the same over every stored touch in one
pass after the rules changed, and the scores follow (the write bumps the data version).
"""

from __future__ import annotations

import os
import tomllib
from dataclasses import dataclass
from pathlib import Path

import duckdb
import pandas as pd

from analytics.access import aggregate
from analytics.db import Database
from analytics.ingest.kinds import TAGS
from analytics.ingest.rules import (
    RulesError,
    named_rules,
    negated_pattern,
    phrase_pattern,
    phrases,
    read_toml,
)
from analytics.sql_files import sql_reader

sql = sql_reader(__package__)

DEFAULT_TAG_RULES = Path(__file__).resolve().parent / "tags.toml"
ENV_TAG_RULES = "CONTINUUM_TAG_RULES"


@dataclass(frozen=True)
class TagRule:
    name: str
    tag: str
    match: tuple[str, ...]


@dataclass(frozen=True)
class TagRules:
    rules: tuple[TagRule, ...]
    negation_before: tuple[str, ...]
    negation_after: tuple[str, ...]


@dataclass(frozen=True)
class RetagResult:
    """What re-tagging the stored touches changed."""

    touches_changed: int
    tags_added: int
    tags_removed: int

    def summary_line(self) -> str:
        return (f"{self.touches_changed:,} touches re-tagged: {self.tags_added:,} tags added, "
                f"{self.tags_removed:,} removed")


def tag_rules_path() -> Path:
    """tags.toml beside this module, or the file CONTINUUM_TAG_RULES names."""
    env = os.environ.get(ENV_TAG_RULES)
    return Path(env).expanduser() if env else DEFAULT_TAG_RULES


def load_tag_rules(path: str | Path | None = None) -> TagRules:
    """The rules in file order (the first matching rule of a tag is its provenance),
    checked so that a typo is named with its file and rule."""
    path = Path(path) if path is not None else tag_rules_path()
    return _tag_rules_of(read_toml(path, "tag rules"), path)


def _tag_rules_of(data: dict, path: Path) -> TagRules:
    """The checked rules of a parsed tag rules file (`path` names it in the messages)."""
    negation = data.get("negation", {})
    if not isinstance(negation, dict):
        raise RulesError(f'"{path.name}": [negation] must be a table with "before" and "after" lists.')
    before = phrases(negation, "before", f'"{path.name}", [negation]')
    after = phrases(negation, "after", f'"{path.name}", [negation]')
    rules = [TagRule(name, tag, tuple(match))
             for name, tag, match in named_rules(data, path, "tag rules", "tag", "tag", TAGS)]
    return TagRules(tuple(rules), tuple(before), tuple(after))


STORED_TAG_RULES = "tag rules edited on the Rules page"


def stored_rules_text(con: duckdb.DuckDBPyConnection, kind: str) -> str | None:
    """The rules file of `kind` ('tags' or 'levels') as edited on the Rules page and
    stored in rule_files, or None: the packaged file (or the one the environment names)
    is in force. A connection without the table (a bare one) has none stored."""
    has_table = con.execute(
        "select count(*) from duckdb_tables() where table_name = 'rule_files' and not temporary"
    ).fetchone()[0]
    if not has_table:
        return None
    row = con.execute(sql("manual/rule_file"), {"kind": kind}).fetchone()
    return row[0] if row else None


def tag_rules_from_text(text: str, name: str = STORED_TAG_RULES) -> TagRules:
    """The checked rules of a tag rules file's text (`name` names it in the messages)."""
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise RulesError(f"The {name} are not valid TOML ({exc}).") from None
    return _tag_rules_of(data, Path(name))


def tag_rules_in_force(con: duckdb.DuckDBPyConnection) -> TagRules:
    """The rules edited on the Rules page when there are any, else the rules file."""
    text = stored_rules_text(con, "tags")
    return load_tag_rules() if text is None else tag_rules_from_text(text)


def tag_query(rules: TagRules | None = None) -> tuple[str, dict]:
    """sql/tag_notes.sql with its two marked lists filled, and its parameters.

    Every pattern, tag and rule name is a parameter ($any_N, $tag_N, $p_N, $n_N,
    $rule_N); the generated text holds only those names and integers, never a word of a
    rules file or of a note."""
    rules = load_tag_rules() if rules is None else rules
    params: dict = {}
    tag_checks: list[str] = []
    branches: list[str] = []
    by_tag: dict[str, list[tuple[int, int, TagRule, str]]] = {}
    for rule_no, rule in enumerate(rules.rules, start=1):
        for phrase_no, phrase in enumerate(rule.match, start=1):
            by_tag.setdefault(rule.tag, []).append((rule_no, phrase_no, rule, phrase))
    before, after = list(rules.negation_before), list(rules.negation_after)
    n = 0
    for t, (tag, entries) in enumerate(by_tag.items()):
        params[f"tag_{t}"] = tag
        params[f"any_{t}"] = "(?:" + "|".join(phrase_pattern(p) for _, _, _, p in entries) + ")"
        tag_checks.append(f"case when regexp_matches(note_key, $any_{t}) then $tag_{t} end")
        structs = []
        for rule_no, phrase_no, rule, phrase in entries:
            params[f"p_{n}"] = phrase_pattern(phrase)
            params[f"n_{n}"] = negated_pattern(phrase, before, after)
            params[f"rule_{n}"] = rule.name
            # the matches are counted only for a phrase that matches at all
            structs.append(
                f"case when regexp_matches(note_key, $p_{n}) then "
                f"{{rule_no: {int(rule_no)}, phrase_no: {int(phrase_no)}, rule_name: $rule_{n}, "
                f"matched: trim(regexp_extract(note_key, $p_{n})), "
                f"count_matches: len(regexp_extract_all(note_key, $p_{n})), "
                f"count_negated: len(regexp_extract_all(note_key, $n_{n}))}} end"
            )
            n += 1
        branches.append(f"when $tag_{t} then list_filter([{', '.join(structs)}], lambda x: x is not null)")
    query = sql("tag_notes").replace("/*tag_checks*/", ", ".join(tag_checks)).replace(
        "/*phrase_checks*/", " ".join(branches))
    return query, params


def infer_tags(cur: duckdb.DuckDBPyConnection, source: str, target: str, rules: TagRules | None = None) -> None:
    """Temp table `target` (interaction_id, tag, rule_name, matched): the tags of the notes
    of temp relation `source` (interaction_id, note). Both names are the callers'
    constants, never input. Without `rules`, the rules in force (tag_rules_in_force)."""
    cur.execute(sql("macros"))
    query, params = tag_query(tag_rules_in_force(cur) if rules is None else rules)
    cur.execute(f"create or replace temp view tag_input as select interaction_id, note from {source}")
    cur.execute(f"create or replace temp table {target} as " + query, params)
    cur.execute("drop view temp.tag_input")


def tag_notes(con: duckdb.DuckDBPyConnection, notes: list[str], rules: TagRules | None = None) -> pd.DataFrame:
    """The tags of some notes (note_no from 1, tag, rule_name, matched), as an import
    would infer them: for suggesting tags while a note is written, and for the tests."""
    cur = con.cursor()
    try:
        cur.execute("create or replace temp table tag_notes_input (interaction_id bigint, note varchar)")
        cur.execute("insert into tag_notes_input select unnest($i), unnest($n)",
                    {"i": list(range(1, len(notes) + 1)), "n": notes})
        infer_tags(cur, "tag_notes_input", "tag_notes_output", rules)
        return cur.execute(
            "select interaction_id as note_no, tag, rule_name, matched from tag_notes_output order by 1, 2"
        ).df()
    finally:
        cur.execute("drop table if exists temp.tag_notes_input")
        cur.execute("drop table if exists temp.tag_notes_output")
        cur.close()


@dataclass(frozen=True)
class TagSuggestion:
    """A tag the rules infer from a text, with the rule that gave it and the words it matched."""

    tag: str
    rule_name: str
    matched: str


@aggregate
def suggest_tags(con: duckdb.DuckDBPyConnection, text: str, rules: TagRules | None = None) -> list[TagSuggestion]:
    """The tags an import would infer from one text (a note being written after a
    meeting), by the rules in force: the same query over a one-row input, no copy of it."""
    if not str(text or "").strip():
        return []
    found = tag_notes(con, [str(text)], rules)
    return [TagSuggestion(r.tag, r.rule_name, r.matched) for r in found.itertuples()]


def retag_interactions(db: Database, rules: TagRules | None = None) -> RetagResult:
    """Re-tag every stored touch with a note by the rules in force, in one SQL pass:
    tags inferred before (those with a row in interaction_tags) are replaced by the
    tags inferred now; tags a file gave stay."""
    with db.write() as cur:
        return retag_stored(cur, rules)


def retag_stored(cur: duckdb.DuckDBPyConnection, rules: TagRules | None = None) -> RetagResult:
    """retag_interactions inside a transaction the caller holds (the Rules page saves the
    rules, re-tags and keeps the tags set by hand in one)."""
    infer_tags(cur, "(select interaction_id, notes as note from main.interactions)", "retag_inferred", rules)
    cur.execute("create or replace temp table retag_changes as " + sql("retag_changes"))
    changed, added, removed = cur.execute(
        """
        select
            count(*) filter (where changed),
            coalesce(sum(len(list_filter(tags_after, lambda x: not list_contains(tags_before, x)))), 0),
            coalesce(sum(len(list_filter(tags_before, lambda x: not list_contains(tags_after, x)))), 0)
        from retag_changes
        """
    ).fetchone()
    cur.execute(
        """
        update interactions as i set tags = c.tags_after
        from retag_changes as c
        where c.interaction_id = i.interaction_id and c.changed
        """
    )
    cur.execute("delete from interaction_tags")
    cur.execute(
        """
        insert into interaction_tags (interaction_id, tag, rule_name, matched, batch_id)
        select r.interaction_id, r.tag, r.rule_name, r.matched, i.batch_id
        from retag_inferred as r
        join retag_changes as c on c.interaction_id = r.interaction_id
        join interactions as i on i.interaction_id = r.interaction_id
        where not list_contains(c.base_tags, r.tag)
        """
    )
    cur.execute("drop table temp.retag_changes")
    cur.execute("drop table temp.retag_inferred")
    return RetagResult(int(changed), int(added), int(removed))


def tag_reasons(con: duckdb.DuckDBPyConnection, interaction_ids: list[str]) -> pd.DataFrame:
    """Why each inferred tag of these touches is there: interaction_id, tag, rule_name,
    matched and the sentence for the evidence rows ("Discount request: 'prosi o
    dodatkowy rabat' in the note, rule 'prosi o rabat'")."""
    return con.execute(sql("tag_reasons"), {"ids": interaction_ids}).df()
