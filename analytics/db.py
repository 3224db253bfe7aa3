"""One DuckDB file per portfolio: opening it safely, migrating it, writing to it.

DuckDB allows one read-write process per file, and one connection must not be shared
across threads. So a process keeps one `Database` (one connection) per file, every
read takes its own `cursor()`, and every write goes through `write()`, which holds a
lock, runs in a transaction and bumps the data version that caches key on.
"""

from __future__ import annotations

import datetime as dt
import os
import shutil
import threading
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from importlib import resources
from pathlib import Path

import duckdb

from analytics.errors import (
    CorruptDatabase,
    DatabaseError,
    DatabaseLocked,
    DatabaseMissing,
    DiskFull,
    NoPermission,
    NotADatabase,
    SchemaTooNew,
    StorageError,
)
from analytics.settings import ensure_defaults

DEFAULT_DB = Path(__file__).resolve().parent.parent / "data" / "demo.duckdb"


def default_db_path() -> Path:
    """`CONTINUUM_DB` from the environment, else data/demo.duckdb in the project."""
    env = os.environ.get("CONTINUUM_DB")
    return Path(env).expanduser() if env else DEFAULT_DB


def migrations() -> list[tuple[int, str, str]]:
    """Every migration as (version, name, sql), in order."""
    found = []
    for entry in resources.files("analytics.migrations").iterdir():
        name = entry.name
        if name.endswith(".sql") and name[:4].isdigit():
            found.append((int(name[:4]), name[5:-4], entry.read_text(encoding="utf-8")))
    return sorted(found)


def latest_version() -> int:
    return migrations()[-1][0]


def _connect(path: str, read_only: bool = False) -> duckdb.DuckDBPyConnection:
    try:
        return duckdb.connect(path, read_only=read_only)
    except duckdb.IOException as exc:
        text = str(exc)
        if "lock" in text.lower():
            raise DatabaseLocked(path) from None
        if "not a valid DuckDB database" in text or "version number" in text.lower():
            raise NotADatabase(path) from None
        if typed := storage_error(path, exc):
            raise typed from None
        raise DatabaseError(f'Cannot open "{path}": {text.splitlines()[0]}') from None
    except duckdb.Error as exc:
        if typed := storage_error(path, exc):
            raise typed from None
        raise NotADatabase(path) from exc


def _current_version(con: duckdb.DuckDBPyConnection) -> int:
    exists = con.execute(
        "select count(*) from information_schema.tables where table_name = 'schema_version'"
    ).fetchone()[0]
    if not exists:
        return 0
    return con.execute("select coalesce(max(version), 0) from schema_version").fetchone()[0]


def backup_path(path: Path, version: int) -> Path:
    stamp = dt.datetime.now().strftime("%Y%m%d-%H%M%S")
    return path.with_name(f"{path.name}.v{version}-{stamp}.bak")


def migrate(con: duckdb.DuckDBPyConnection) -> list[int]:
    """Apply every migration not yet recorded, each in its own transaction; return their versions."""
    con.execute(
        "create table if not exists schema_version "
        "(version integer primary key, name varchar, applied_at timestamp)"
    )
    done = {row[0] for row in con.execute("select version from schema_version").fetchall()}
    applied = []
    for version, name, sql in migrations():
        if version in done:
            continue
        con.execute("begin transaction")
        try:
            con.execute(sql)
            con.execute(
                "insert into schema_version values (?, ?, current_timestamp)", [version, name]
            )
            con.execute("commit")
        except Exception:
            con.execute("rollback")
            raise
        applied.append(version)
    return applied


def _pending(con: duckdb.DuckDBPyConnection) -> bool:
    done = {row[0] for row in con.execute("select version from schema_version").fetchall()}
    return any(version not in done for version, _, _ in migrations())


def storage_error(path: str, exc: BaseException) -> StorageError | None:
    """The typed error for a failure of the disk or of the file under `exc`, or None when
    `exc` is something else (a bug, which must not be hidden behind a message)."""
    if not isinstance(exc, duckdb.Error):
        return None
    text = str(exc)
    if "No space left on device" in text or "Disk quota exceeded" in text:
        return DiskFull(path)
    if "Corrupt database file" in text or "checksum" in text and "does not match" in text:
        return CorruptDatabase(path)
    if "Permission denied" in text or "Read-only file system" in text:
        return NoPermission(path)
    return None


def explain_storage_error(exc: BaseException, path: str = "the database") -> str | None:
    """storage_error's message, for the app's and the command line's last line of defence."""
    typed = storage_error(path, exc)
    return str(typed) if typed else None


class Database:
    """The process's one connection to one DuckDB file."""

    def __init__(self, path: str | Path, con: duckdb.DuckDBPyConnection) -> None:
        self.path = str(path)
        self._con = con
        self._write_lock = threading.RLock()

    def cursor(self) -> duckdb.DuckDBPyConnection:
        """A cursor of its own for one read: safe to use from any thread."""
        return self._con.cursor()

    @contextmanager
    def write(self) -> Iterator[duckdb.DuckDBPyConnection]:
        """One transaction, one writer at a time; rolled back whole on any error. A full
        disk, a damaged block or a file we may not write becomes a StorageError that
        says so in one line (a failed commit has already rolled back: nothing is left
        half written)."""
        with self._write_lock:
            cur = self._con.cursor()
            cur.execute("begin transaction")
            try:
                yield cur
                cur.execute("update data_version set version = version + 1")
                cur.execute("commit")
            except BaseException as exc:
                with suppress(duckdb.Error):  # a commit that failed has ended the transaction already
                    cur.execute("rollback")
                if isinstance(exc, duckdb.Error) and (typed := storage_error(self.path, exc)):
                    raise typed from None
                raise
            finally:
                cur.close()

    def data_version(self) -> int:
        """Changes after every committed write: the cache key for computed results."""
        return self.cursor().execute("select version from data_version").fetchone()[0]

    def client_count(self) -> int:
        return self.cursor().execute("select count(*) from clients").fetchone()[0]

    def close(self) -> None:
        self._con.close()


def open_database(path: str | Path, *, create: bool = True) -> Database:
    """Open (or create) a portfolio file and bring its schema up to date.

    A file that already has data is copied to a `.bak` beside it before any migration
    touches it. A locked file or a file that is not DuckDB raises a DatabaseError and is
    left untouched.
    """
    path = Path(path).expanduser()
    if not path.exists():
        if not create:
            raise DatabaseMissing(str(path))
        path.parent.mkdir(parents=True, exist_ok=True)
    elif path.is_dir():
        raise DatabaseError(f'"{path}" is a folder; give the path of a .duckdb file.')
    con = _connect(str(path))
    backup = None
    try:
        current = _current_version(con)
        newest = max((version for version, _, _ in migrations()), default=0)
        if current > newest:
            con.close()
            raise SchemaTooNew(str(path), current, newest)
        if current > 0 and _pending(con):
            con.execute("checkpoint")
            con.close()
            backup = backup_path(path, current)
            shutil.copy2(path, backup)
            con = _connect(str(path))
        migrate(con)
        ensure_defaults(con)
    except duckdb.Error as exc:
        con.close()
        if backup is not None:  # a migration that failed half way: the file goes back as it was
            shutil.copy2(backup, path)
            Path(f"{path}.wal").unlink(missing_ok=True)
        if typed := storage_error(str(path), exc):
            raise typed from None
        raise DatabaseError(f'Cannot prepare "{path}": {str(exc).splitlines()[0]}') from None
    return Database(path, con)


def open_memory() -> Database:
    """An in-memory portfolio with the full schema: for tests and the benchmark."""
    con = duckdb.connect(":memory:")
    migrate(con)
    ensure_defaults(con)
    return Database(":memory:", con)
