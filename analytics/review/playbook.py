"""The review playbook: interventions per warning signal and weak dimension, as data.

The entries live in analytics/playbook.toml (or the file named by CONTINUUM_PLAYBOOK)
so a team can edit them without touching code; each cites the DOMAIN section it
comes from. Step 4 of the review offers the entries answering what fires or is weak.
"""

from __future__ import annotations

import os
import re
import tomllib
from dataclasses import dataclass
from pathlib import Path

from analytics.review.errors import PlaybookError

DEFAULT_PLAYBOOK = Path(__file__).resolve().parent / "playbook.toml"
FIELDS = ("id", "answers", "title", "intervention", "expected_effect", "domain")


@dataclass(frozen=True)
class PlaybookEntry:
    id: str
    answers: str  # a signal id or a dimension id
    title: str
    intervention: str
    expected_effect: str
    domain: str


def playbook_path() -> Path:
    env = os.environ.get("CONTINUUM_PLAYBOOK")
    return Path(env).expanduser() if env else DEFAULT_PLAYBOOK


def answerable() -> dict[str, str]:
    """Every id an entry may answer, with its label: the signals, then the dimensions."""
    from analytics.method.continuum import DIMENSIONS
    from analytics.method.signals import SIGNALS

    return dict(SIGNALS) | dict(DIMENSIONS)


def load_playbook(path: str | Path | None = None) -> list[PlaybookEntry]:
    """Every entry of the playbook file, validated, in file order."""
    path = Path(path) if path else playbook_path()
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise PlaybookError(f'The playbook file "{path}" does not exist; unset CONTINUUM_PLAYBOOK or fix the path.') from None
    except tomllib.TOMLDecodeError as exc:
        raise PlaybookError(f'The playbook file "{path}" is not valid TOML: {exc}.') from None
    known = answerable()
    entries: list[PlaybookEntry] = []
    seen: set[str] = set()
    for number, raw in enumerate(data.get("entry", []), start=1):
        where = f'Playbook entry {number} in "{path.name}"'
        missing = [f for f in FIELDS if not str(raw.get(f, "")).strip()]
        if missing:
            raise PlaybookError(f"{where} lacks {', '.join(missing)}; every entry needs {', '.join(FIELDS)}.")
        if not re.fullmatch(r"[a-z0-9_]+", raw["id"]):
            raise PlaybookError(f'{where} has the id "{raw["id"]}"; use lowercase letters, digits and underscores.')
        if raw["id"] in seen:
            raise PlaybookError(f'{where} repeats the id "{raw["id"]}"; ids must be unique.')
        if raw["answers"] not in known:
            raise PlaybookError(
                f'{where} answers "{raw["answers"]}", which is neither a signal nor a dimension; '
                f"use one of: {', '.join(known)}."
            )
        seen.add(raw["id"])
        entries.append(PlaybookEntry(**{f: str(raw[f]).strip() for f in FIELDS}))
    if not entries:
        raise PlaybookError(f'The playbook file "{path}" has no [[entry]] tables.')
    return entries


def options_for(entries: list[PlaybookEntry], answers: list[str]) -> list[PlaybookEntry]:
    """The entries answering any of `answers`, in the order of `answers` then the file."""
    order = {key: i for i, key in enumerate(answers)}
    chosen = [e for e in entries if e.answers in order]
    return sorted(chosen, key=lambda e: order[e.answers])
