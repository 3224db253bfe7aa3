"""Read the named queries in analytics/sql/ (one query per file, named for what it returns)."""

from __future__ import annotations

from functools import cache
from importlib import resources


@cache
def sql(name: str) -> str:
    """The text of analytics/sql/<name>.sql."""
    return resources.files("analytics.sql").joinpath(f"{name}.sql").read_text(encoding="utf-8")
