"""Word rules as data: the phrase syntax shared by the seniority rules (job title →
level) and the tag rules (note → tags), and the TOML files they live in.

A phrase is words separated by spaces, compared after folding (lower case, accents
stripped, ł → l, punctuation as a space: what `vocabulary.word_key` does in Python and
the import's `import_word_key` macro does in DuckDB):

- `dyrektor`   the word itself;
- `dyrektor*`  a stem: the word and every ending (dyrektora, dyrektorem, dyrektorzy),
               which is how Polish and Russian inflection is matched (скидк* → скидка,
               скидку, скидки);
- `~`          up to three other words in between (`prosi* ~ rabat*` matches "prosi o
               dodatkowy rabat").

A phrase becomes one RE2 pattern, matched in DuckDB over every row at once; words are
bounded by spaces (RE2's `\\b` knows ASCII only, and titles are in Cyrillic too).
"""

from __future__ import annotations

import re
import tomllib
from pathlib import Path

from analytics.errors import ContinuumError
from analytics.ingest.vocabulary import word_key

GAP = "~"
GAP_PATTERN = "(?: [^ ]+){0,3}"


class RulesError(ContinuumError):
    """A rules file that cannot be used: says which file, which rule and what to fix."""


def _pieces(phrase: str) -> list[str]:
    """The pattern pieces of a phrase's tokens: a word (a stem takes any ending) or a gap."""
    pieces: list[str] = []
    for token in phrase.split():
        if token == GAP:
            if pieces and pieces[-1] != GAP_PATTERN:
                pieces.append(GAP_PATTERN)
            continue
        stem = token.endswith("*")
        word = word_key(token.rstrip("*"))
        if not word:
            continue
        # a folded word may be two words ("e-mail" → "e mail"): each keeps its space
        pieces.append((" " if pieces else "") + re.escape(word) + ("[^ ]*" if stem else ""))
    if not pieces or pieces[-1] == GAP_PATTERN:
        raise ValueError(f'"{phrase}" has no word to match')
    return pieces


def phrase_core(phrase: str) -> str:
    """The phrase's pattern without its bounds, to be placed inside a larger pattern."""
    return "".join(_pieces(phrase))


def phrase_pattern(phrase: str) -> str:
    """The RE2 pattern of one phrase over folded text, bounded by spaces or the ends."""
    return "(?:^| )" + phrase_core(phrase) + "(?: |$)"


def negated_pattern(phrase: str, before: list[str], after: list[str]) -> str:
    """The pattern of the phrase where a negation stands close to it: a negation word up
    to two words before it ("no discount", "nie prosi o rabat"), up to one word before
    its last word ("prosi o wycenę bez rabatu"), or a negating phrase right after it
    ("скидка не нужна", "discount not needed")."""
    pieces = _pieces(phrase)
    core = "".join(pieces)
    alternatives = []
    if before:
        neg = "(?:" + "|".join(phrase_core(p) for p in before) + ")"
        alternatives.append(neg + "(?: [^ ]+){0,2} " + core)
        if len(pieces) > 1:
            last = pieces[-1].lstrip(" ")
            alternatives.append("".join(pieces[:-1]) + " " + neg + "(?: [^ ]+){0,1} " + last)
    if after:
        alternatives.append(core + "(?: [^ ]+){0,1} (?:" + "|".join(phrase_core(p) for p in after) + ")")
    if not alternatives:
        return r"\x00"  # nothing negates: folded text never holds a NUL
    return "(?:^| )(?:" + "|".join(alternatives) + ")(?: |$)"


def read_toml(path: Path, what: str) -> dict:
    """The parsed TOML file, or a RulesError naming the file and the line at fault."""
    try:
        return tomllib.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise RulesError(f'No {what} file at "{path}".') from None
    except tomllib.TOMLDecodeError as exc:
        raise RulesError(f'The {what} file "{path}" is not valid TOML ({exc}).') from None


def phrases(entry: dict, key: str, where: str) -> list[str]:
    """The list of phrases under `key` of a rule, checked: text, each with a word."""
    value = entry.get(key, [])
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, list) or not all(isinstance(p, str) for p in value):
        raise RulesError(f'{where}: "{key}" must be a list of phrases, like ["dyrektor*", "head of"].')
    for p in value:
        try:
            phrase_pattern(p)
        except ValueError as exc:
            raise RulesError(f"{where}: {exc}.") from None
    return value


def named_rules(data: dict, path: Path, what: str, thing: str, field: str, allowed) -> list[tuple[str, str, list[str]]]:
    """The [[rule]] entries of a rules file as (name, value of `field`, match phrases), in
    file order, each checked: a name of its own (shown as the reason for a `thing`), a
    value in `allowed`, and at least one phrase."""
    entries = data.get("rule", [])
    if not isinstance(entries, list) or not entries:
        raise RulesError(f'The {what} file "{path}" has no [[rule]] entries.')
    out: list[tuple[str, str, list[str]]] = []
    seen: set[str] = set()
    for number, entry in enumerate(entries, start=1):
        name = str(entry.get("name", "")).strip()
        where = f'"{path.name}", rule {number}' + (f' ("{name}")' if name else "")
        if not name:
            raise RulesError(f"{where}: every rule needs a name (shown as the reason for a {thing}).")
        if name in seen:
            raise RulesError(f'{where}: the name "{name}" is used twice; give each rule its own.')
        value = entry.get(field)
        if value not in allowed:
            raise RulesError(f'{where}: {field} "{value}" is not one of {", ".join(allowed)}.')
        match = phrases(entry, "match", where)
        if not match:
            raise RulesError(f"{where}: match lists no phrase.")
        seen.add(name)
        out.append((name, value, match))
    return out
