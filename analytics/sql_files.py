"""Read a package's named queries: one query per file in its sql/ folder, named for
what it returns, so each part of the product keeps its SQL beside its Python."""

from __future__ import annotations

from collections.abc import Callable
from functools import cache
from importlib import resources


def sql_reader(package: str) -> Callable[[str], str]:
    """A reader of `package`'s queries: reader("evidence/squeeze") is the text of
    <package>/sql/evidence/squeeze.sql. Each text is read once per process."""
    folder = resources.files(package).joinpath("sql")

    @cache
    def sql(name: str) -> str:
        return folder.joinpath(*f"{name}.sql".split("/")).read_text(encoding="utf-8")

    return sql
