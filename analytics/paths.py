"""The data folder: where the app may open, create and read files a user names.

A path typed in the app (the sidebar's database file, the address's ?db=, the Import
page's file path) is a request from whoever reaches the server, so it is confined to one
folder, CONTINUUM_DATA_DIR (default data/ in the project). A relative path is taken from
that folder; `..`, an absolute path elsewhere and a link that leads out of it are refused
before anything is opened, created or read. The file the operator starts the app with
(CONTINUUM_DB, `-- --db PATH`) and the command line's paths are the operator's own
choice and are not confined.
"""

from __future__ import annotations

import os
from pathlib import Path

from analytics.errors import ContinuumError

PROJECT_DATA = Path(__file__).resolve().parent.parent / "data"


class OutsideDataFolder(ContinuumError):
    def __init__(self, typed: str, folder: Path) -> None:
        super().__init__(
            f'"{typed}" is outside the data folder {folder}. The app opens and reads files only there '
            "(set CONTINUUM_DATA_DIR to choose the folder); write a name inside it, like portfolio.duckdb."
        )


def data_folder() -> Path:
    """CONTINUUM_DATA_DIR, else data/ in the project, with every link resolved."""
    env = os.environ.get("CONTINUUM_DATA_DIR", "").strip()
    return (Path(env).expanduser() if env else PROJECT_DATA).resolve()


def confined(typed: str | os.PathLike, folder: Path | None = None) -> Path:
    """`typed` as a path inside the data folder, or OutsideDataFolder.

    Relative paths start at the folder; the check runs on the fully resolved path, so
    `a/../../x`, `/etc/passwd`, `~/x` and a symbolic link inside the folder that points
    out of it are all refused. The path need not exist yet."""
    base = (folder or data_folder()).resolve()
    text = str(typed).strip()
    path = Path(text).expanduser()
    resolved = (path if path.is_absolute() else base / path).resolve()
    if resolved != base and base not in resolved.parents:
        raise OutsideDataFolder(text, base)
    return resolved
