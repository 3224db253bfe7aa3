"""The one place that caches: one Database per file per process, results per data version.

`st.cache_resource` holds the process's single connection per file (DuckDB allows one
read-write process per file); every read takes its own cursor. `cached` wraps any
analytics read function so its result is keyed by the file, its data version (bumped by
every write), the arguments and who asks: an import or a saved review shows at once.

Both `cached` and `change` go through analytics.access, which checks the signed-in
person's scope against the function's mark: the pages never call a function that reads
or changes the database any other way.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

import streamlit as st

from analytics import access as scope
from analytics.access import Access
from analytics.db import Database, open_database

T = TypeVar("T")


@st.cache_resource(show_spinner=False)
def database(path: str) -> Database:
    """The process's one Database for `path` (created and migrated if missing)."""
    return open_database(path)


ACCESS_KEY = "continuum_access"


def current_access() -> Access:
    """Who this session is (set by ui.sign_in before any page runs); a session that has
    not been through it is nobody and reads nothing."""
    access = st.session_state.get(ACCESS_KEY)
    if not isinstance(access, Access):
        raise scope.NotAllowed("Sign in first: this page needs to know who you are.")
    scope.act_as(access)  # the marks in analytics check this thread's caller
    return access


@st.cache_data(show_spinner=False, max_entries=512)
def _cached_call(
    key: str, path: str, version: int, who: tuple, args: tuple, kwargs: tuple, _fn, _db, _access
) -> Any:
    return scope.read(_db.cursor(), _access, _fn, *args, **dict(kwargs))


def cached(fn: Callable[..., T], db: Database, *args: Any, **kwargs: Any) -> T:
    """fn(cursor, *args, **kwargs) as the signed-in person may see it, cached per
    database file, data version and person."""
    access = current_access()
    key = f"{fn.__module__}.{fn.__qualname__}"
    return _cached_call(
        key, db.path, db.data_version(), access.cache_key(), args, tuple(sorted(kwargs.items())), fn, db, access
    )


def change(fn: Callable[..., T], db: Database, *args: Any, **kwargs: Any) -> T:
    """fn(db, *args, **kwargs) if the signed-in person may make that change (NotAllowed,
    a ContinuumError the frame shows, otherwise)."""
    return scope.write(db, current_access(), fn, *args, **kwargs)
