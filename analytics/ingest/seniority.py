"""Seniority from job titles: the editable rules of seniority.toml, ready for DuckDB.

A CRM export gives a job title, not a level. The contacts import decides the level of
every distinct title at once in DuckDB (stage/contacts.sql joins the titles to the rules
given by level_checks); the first rule that matches
decides, and a title no rule matches leaves the level unknown (null), never staff.
The rules reach the query as parameters (level_checks), so DuckDB compiles each
pattern once.
"""

from __future__ import annotations

import os
import tomllib
from dataclasses import dataclass
from pathlib import Path

import duckdb

from analytics.ingest.kinds import ENUMS
from analytics.ingest.rules import RulesError, named_rules, phrase_pattern, read_toml
from analytics.ingest.tagging import stored_rules_text

DEFAULT_LEVEL_RULES = Path(__file__).resolve().parent / "seniority.toml"
ENV_LEVEL_RULES = "CONTINUUM_LEVEL_RULES"


@dataclass(frozen=True)
class LevelRule:
    name: str
    level: str
    match: tuple[str, ...]


def level_rules_path() -> Path:
    """seniority.toml beside this module, or the file CONTINUUM_LEVEL_RULES names."""
    env = os.environ.get(ENV_LEVEL_RULES)
    return Path(env).expanduser() if env else DEFAULT_LEVEL_RULES


def load_level_rules(path: str | Path | None = None) -> list[LevelRule]:
    """The rules in file order (the order decides), checked so that a typo is named."""
    path = Path(path) if path is not None else level_rules_path()
    return _level_rules_of(read_toml(path, "seniority rules"), path)


STORED_LEVEL_RULES = "seniority rules edited on the Rules page"


def level_rules_from_text(text: str, name: str = STORED_LEVEL_RULES) -> list[LevelRule]:
    """The checked rules of a seniority rules file's text (`name` names it in the messages)."""
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise RulesError(f"The {name} are not valid TOML ({exc}).") from None
    return _level_rules_of(data, Path(name))


def level_rules_in_force(con: duckdb.DuckDBPyConnection) -> list[LevelRule]:
    """The rules edited on the Rules page when there are any, else the rules file."""
    text = stored_rules_text(con, "levels")
    return load_level_rules() if text is None else level_rules_from_text(text)


def _level_rules_of(data: dict, path: Path) -> list[LevelRule]:
    return [LevelRule(name, level, tuple(match))
            for name, level, match in named_rules(data, path, "seniority rules", "level", "level", ENUMS["level"])]


def level_checks(rules: list[LevelRule] | None = None) -> tuple[str, dict]:
    """The list stage/contacts.sql marks /*level_checks*/ (one regexp_matches per rule,
    in file order) and its parameters: $level_rule_N (the rule's phrases in one
    pattern), $level_rule_names and $level_rule_levels. The text holds parameter names
    only, never a word of the rules file."""
    rules = load_level_rules() if rules is None else rules
    params: dict = {
        "level_rule_names": [r.name for r in rules],
        "level_rule_levels": [r.level for r in rules],
    }
    checks = []
    for i, rule in enumerate(rules):
        params[f"level_rule_{i}"] = "(?:" + "|".join(phrase_pattern(p) for p in rule.match) + ")"
        checks.append(f"regexp_matches(title_key, $level_rule_{i})")
    return ", ".join(checks), params
