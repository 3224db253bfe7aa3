"""Shared fixtures: a fresh in-memory schema per test, one demo file per session."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from analytics.db import open_database, open_memory
from analytics.demo import build_demo

DEMO_END_QUARTER = "2026Q3"  # fixed, so the demo does not move with today's date
DEMO_CLIENTS = 60
DEMO_SEED = 7


@pytest.fixture
def db():
    """An empty portfolio with the full schema, in memory."""
    database = open_memory()
    yield database
    database.close()


@pytest.fixture(scope="session")
def demo_db_file(tmp_path_factory) -> Path:
    """The demo portfolio built once per session into a file (closed again, so any
    process may open it)."""
    path = tmp_path_factory.mktemp("demo") / "demo.duckdb"
    database = open_database(path)
    build_demo(database, clients=DEMO_CLIENTS, seed=DEMO_SEED, end_quarter=DEMO_END_QUARTER)
    database.close()
    return path


@pytest.fixture(scope="session")
def demo_db(demo_db_file):
    """The session's demo portfolio, open read-write in this process."""
    database = open_database(demo_db_file)
    yield database
    database.close()


@pytest.fixture
def demo_copy(demo_db_file, tmp_path) -> Path:
    """A private copy of the demo file, for tests that write or hand it to another process."""
    target = tmp_path / "demo-copy.duckdb"
    shutil.copy2(demo_db_file, target)
    return target
