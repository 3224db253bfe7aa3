"""The category of cost to serve from what a time entry says: the editable rules of
cost_categories.toml, applied in DuckDB by the same mechanism as the tag rules.

A time tracker's detailed report (Toggl Track, Clockify, Harvest) gives a description,
a task and tags, not our categories. The costs import reads them for every entry of the
file at once: the phrases of cost_categories.toml (stems, `~` gaps and negation, exactly
as tags.toml is read: analytics/ingest/rules.py) run as sql/tag_notes.sql does for
notes, and the first rule in file order that matches gives the entry its category
(sql/cost_categories.sql); an entry no rule matches is "other".
"""

from __future__ import annotations

import os
from pathlib import Path

import duckdb
import pandas as pd

from analytics.ingest.kinds import ENUMS
from analytics.ingest.rules import RulesError, named_rules, phrases, read_toml
from analytics.ingest.tagging import TagRule, TagRules, tag_query
from analytics.sql_files import sql_reader

sql = sql_reader(__package__)

DEFAULT_COST_CATEGORY_RULES = Path(__file__).resolve().parent / "cost_categories.toml"
ENV_COST_CATEGORY_RULES = "CONTINUUM_COST_CATEGORY_RULES"
DEFAULT_CATEGORY = "other"


def cost_category_rules_path() -> Path:
    """cost_categories.toml beside this module, or the file CONTINUUM_COST_CATEGORY_RULES names."""
    env = os.environ.get(ENV_COST_CATEGORY_RULES)
    return Path(env).expanduser() if env else DEFAULT_COST_CATEGORY_RULES


def load_cost_category_rules(path: str | Path | None = None) -> TagRules:
    """The rules in file order (the first that matches decides an entry's category), as
    the tag rules' structure with the category in place of the tag; a typo is named with
    its file and rule."""
    path = Path(path) if path is not None else cost_category_rules_path()
    what = "cost category rules"
    data = read_toml(path, what)
    negation = data.get("negation", {})
    if not isinstance(negation, dict):
        raise RulesError(f'"{path.name}": [negation] must be a table with "before" and "after" lists.')
    before = phrases(negation, "before", f'"{path.name}", [negation]')
    after = phrases(negation, "after", f'"{path.name}", [negation]')
    rules = [TagRule(name, category, tuple(match))
             for name, category, match in named_rules(data, path, what, "category", "category", ENUMS["category"])]
    return TagRules(tuple(rules), tuple(before), tuple(after))


def infer_categories(cur: duckdb.DuckDBPyConnection, source: str, target: str,
                     rules: TagRules | None = None) -> None:
    """Temp table `target` (text_id, category, rule_name, matched): the category of each
    text of temp relation `source` (text_id, note) that a rule matches, by the first
    matching rule in file order. Both names are the callers' constants, never input."""
    rules = load_cost_category_rules() if rules is None else rules
    cur.execute(sql("macros"))
    query, params = tag_query(rules)
    cur.execute(f"create or replace temp view tag_input as select text_id as interaction_id, note from {source}")
    cur.execute("create or replace temp table cost_category_matches as " + query, params)
    cur.execute("drop view temp.tag_input")
    cur.execute(f"create or replace temp table {target} as " + sql("cost_categories"),
                {"rule_names": [rule.name for rule in rules.rules]})
    cur.execute("drop table temp.cost_category_matches")


def categorise(con: duckdb.DuckDBPyConnection, texts: list[str], rules: TagRules | None = None) -> pd.DataFrame:
    """The category of some time-entry texts (text_no from 1, category, rule_name,
    matched), as a costs import infers them; "other" with no rule where none matches."""
    cur = con.cursor()
    try:
        cur.execute("create or replace temp table cost_texts_input (text_id bigint, note varchar)")
        cur.execute("insert into cost_texts_input select unnest($i), unnest($n)",
                    {"i": list(range(1, len(texts) + 1)), "n": texts})
        infer_categories(cur, "cost_texts_input", "cost_texts_output", rules)
        return cur.execute(
            """
            select i.text_id as text_no, coalesce(o.category, $other) as category, o.rule_name, o.matched
            from cost_texts_input as i
            left join cost_texts_output as o using (text_id)
            order by 1
            """,
            {"other": DEFAULT_CATEGORY},
        ).df()
    finally:
        cur.execute("drop table if exists temp.cost_texts_input")
        cur.execute("drop table if exists temp.cost_texts_output")
        cur.close()
