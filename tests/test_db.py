"""The database file: migrations, backups, clear errors, serialised writes."""

from __future__ import annotations

import subprocess
import sys
import threading

import duckdb
import pytest

from analytics.db import latest_version, migrate, migrations, open_database, open_memory
from analytics.errors import DatabaseLocked, DatabaseMissing, NotADatabase

CORE_TABLES = {
    "clients", "contacts", "interactions", "deals", "feedback", "service_costs",
    "team_pulse", "market_trend", "fx_rates", "reviews", "actions", "import_batches",
    "import_rejects", "settings", "schema_version",
}


def table_names(con) -> set[str]:
    return {r[0] for r in con.execute("select table_name from information_schema.tables").fetchall()}


def test_migrations_from_empty_create_every_table_and_record_the_version():
    con = duckdb.connect()
    applied = migrate(con)
    assert applied == sorted(version for version, _, _ in migrations())
    assert applied[0] == 1 and applied[-1] == latest_version()
    assert table_names(con) >= CORE_TABLES
    versions = [r[0] for r in con.execute("select version from schema_version order by 1").fetchall()]
    assert versions == applied


def test_migrations_rerun_apply_nothing_and_keep_data(tmp_path):
    path = tmp_path / "p.duckdb"
    db = open_database(path)
    with db.write() as cur:
        cur.execute("insert into clients (client_id, name) values ('A', 'Alpha')")
    db.close()
    db = open_database(path)
    assert migrate(db.cursor()) == []
    assert db.cursor().execute("select name from clients").fetchall() == [("Alpha",)]
    db.close()


def test_migrating_an_older_file_backs_it_up_first(tmp_path):
    path = tmp_path / "old.duckdb"
    con = duckdb.connect(str(path))
    con.execute("create table schema_version (version integer primary key, name varchar, applied_at timestamp)")
    version, name, text = migrations()[0]
    con.execute(text)
    con.execute("insert into schema_version values (?, ?, now())", [version, name])
    con.execute("insert into clients (client_id, name) values ('A', 'Alpha')")
    con.close()
    assert latest_version() > 1, "this test needs a second migration to apply"
    db = open_database(path)
    backups = list(tmp_path.glob("old.duckdb.v1-*.bak"))
    assert len(backups) == 1
    assert duckdb.connect(str(backups[0])).execute("select name from clients").fetchall() == [("Alpha",)]
    db.close()


def test_a_file_that_is_not_duckdb_is_reported_and_left_untouched(tmp_path):
    path = tmp_path / "notes.duckdb"
    path.write_bytes(b"just some text, not a database\n" * 50)
    before = path.read_bytes()
    with pytest.raises(NotADatabase, match="is not a DuckDB database"):
        open_database(path)
    assert path.read_bytes() == before


def test_a_file_held_by_another_process_is_reported_as_locked(tmp_path):
    path = tmp_path / "held.duckdb"
    open_database(path).close()
    holder = subprocess.Popen(
        [sys.executable, "-c", f"import duckdb,sys,time; c=duckdb.connect({str(path)!r}); print('ok', flush=True); time.sleep(30)"],
        stdout=subprocess.PIPE, text=True,
    )
    try:
        assert holder.stdout.readline().strip() == "ok"
        with pytest.raises(DatabaseLocked, match="open in another program"):
            open_database(path)
    finally:
        holder.kill()
        holder.wait()


def test_a_missing_file_is_reported_when_creation_is_not_wanted(tmp_path):
    with pytest.raises(DatabaseMissing, match="python -m analytics demo"):
        open_database(tmp_path / "nope.duckdb", create=False)


def test_a_failed_write_rolls_back_everything_and_keeps_the_version():
    db = open_memory()
    version = db.data_version()
    with pytest.raises(RuntimeError), db.write() as cur:
        cur.execute("insert into clients (client_id, name) values ('A', 'Alpha')")
        raise RuntimeError("boom")
    assert db.client_count() == 0
    assert db.data_version() == version


def test_each_committed_write_bumps_the_data_version():
    db = open_memory()
    with db.write() as cur:
        cur.execute("insert into clients (client_id, name) values ('A', 'Alpha')")
    assert db.data_version() == 1


def test_concurrent_writers_from_many_threads_lose_nothing(tmp_path):
    db = open_database(tmp_path / "busy.duckdb")
    errors = []

    def writer(n: int) -> None:
        try:
            for i in range(20):
                with db.write() as cur:
                    cur.execute("insert into clients (client_id, name) values (?, ?)", [f"T{n}-{i}", "x"])
                db.cursor().execute("select count(*) from clients").fetchone()
        except Exception as exc:  # pragma: no cover - the assertion below reports it
            errors.append(exc)

    threads = [threading.Thread(target=writer, args=(n,)) for n in range(6)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    assert db.client_count() == 120
    assert db.data_version() == 120
    db.close()


def test_a_file_from_a_newer_schema_is_refused_with_both_versions_and_left_untouched(tmp_path):
    import duckdb

    from analytics.db import migrations
    from analytics.errors import SchemaTooNew

    path = tmp_path / "future.duckdb"
    open_database(path).close()
    con = duckdb.connect(str(path))
    con.execute("insert into schema_version values (99, 'from the future', current_timestamp)")
    con.close()
    before = path.read_bytes()
    newest = max(v for v, _, _ in migrations())
    with pytest.raises(SchemaTooNew) as caught:
        open_database(path)
    assert str(caught.value) == (
        f'"{path}" has schema version 99, newer than this Continuum knows (version {newest}). '
        "It was left untouched; open it with the newer Continuum that wrote it."
    )
    assert path.read_bytes() == before and not list(tmp_path.glob("*.bak"))
    # one version newer is the boundary: the newest known version itself opens
    con = duckdb.connect(str(path))
    con.execute("delete from schema_version where version = 99")
    con.close()
    open_database(path).close()


def test_the_app_serves_this_machine_only_by_default():
    import tomllib
    from pathlib import Path

    config = tomllib.loads((Path(__file__).resolve().parents[1] / ".streamlit" / "config.toml").read_text())
    assert config["server"]["address"] == "127.0.0.1"
