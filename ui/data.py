"""The one place that caches: one Database per file per process, results per data version.

`st.cache_resource` holds the process's single connection per file (DuckDB allows one
read-write process per file); every read takes its own cursor. `cached` wraps any
analytics read function so its result is keyed by the file, its data version (bumped by
every write) and the arguments: an import or a saved review shows at once.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

import streamlit as st

from analytics.db import Database, open_database

T = TypeVar("T")


@st.cache_resource(show_spinner=False)
def database(path: str) -> Database:
    """The process's one Database for `path` (created and migrated if missing)."""
    return open_database(path)


@st.cache_data(show_spinner=False, max_entries=512)
def _cached_call(key: str, path: str, version: int, args: tuple, kwargs: tuple, _fn, _db) -> Any:
    return _fn(_db.cursor(), *args, **dict(kwargs))


def cached(fn: Callable[..., T], db: Database, *args: Any, **kwargs: Any) -> T:
    """fn(cursor, *args, **kwargs), cached per database file and data version."""
    key = f"{fn.__module__}.{fn.__qualname__}"
    return _cached_call(key, db.path, db.data_version(), args, tuple(sorted(kwargs.items())), fn, db)
