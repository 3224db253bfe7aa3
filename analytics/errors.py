"""Typed errors: each message names the file, client or column and says what to do next.

The app renders them with st.error in one place (app.py); the command line prints
"Error: <message>" and exits with code 1. Anything else is a bug.
"""

from __future__ import annotations


class ContinuumError(Exception):
    """Base of every error a user can cause and fix."""


class DatabaseError(ContinuumError):
    """A database file cannot be used."""


class DatabaseLocked(DatabaseError):
    def __init__(self, path: str) -> None:
        super().__init__(
            f'The database "{path}" is open in another program (another Continuum '
            "window or a command-line import). Close it there, or choose another file."
        )


class SchemaTooNew(DatabaseError):
    def __init__(self, path: str, version: int, newest: int) -> None:
        super().__init__(
            f'"{path}" has schema version {version}, newer than this Continuum knows (version {newest}). '
            "It was left untouched; open it with the newer Continuum that wrote it."
        )


class NotADatabase(DatabaseError):
    def __init__(self, path: str) -> None:
        super().__init__(
            f'"{path}" exists but is not a DuckDB database. It was left untouched; '
            "choose a .duckdb file, or a new path to create one."
        )


class StorageError(DatabaseError):
    """The disk or the file failed under a read or a write: full, damaged or not ours to
    write. The transaction in progress was rolled back, so the file is as it was."""


class DiskFull(StorageError):
    def __init__(self, path: str) -> None:
        super().__init__(
            f'The disk holding "{path}" is full, so the change was not saved and the file is as it was. '
            "Free some space and try again."
        )


class CorruptDatabase(StorageError):
    def __init__(self, path: str) -> None:
        super().__init__(
            f'"{path}" is damaged: a block of it fails its checksum. It was left untouched; restore it from '
            "its .bak copy beside it or from a backup, or import your exports into a new file."
        )


class NoPermission(StorageError):
    def __init__(self, path: str) -> None:
        super().__init__(
            f'Continuum may not write "{path}" (permission denied or a read-only disk), so nothing was saved '
            "and the file is as it was. Give this user write access, or choose another file."
        )


class DatabaseMissing(DatabaseError):
    def __init__(self, path: str) -> None:
        super().__init__(
            f'No database at "{path}". Create one with: python -m analytics demo --db "{path}"'
        )


class EmptyDatabase(DatabaseError):
    def __init__(self, path: str) -> None:
        super().__init__(
            f'The database "{path}" holds no clients yet. Import CSV files or build a demo '
            f'portfolio: python -m analytics demo --db "{path}"'
        )


class UnknownClient(ContinuumError):
    def __init__(self, client_id: str) -> None:
        super().__init__(f'No client with id "{client_id}" in this database.')
        self.client_id = client_id


class BadQuarter(ContinuumError):
    def __init__(self, text: str) -> None:
        super().__init__(f'"{text}" is not a quarter; write it like 2025Q3.')
