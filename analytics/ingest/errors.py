"""Why a file cannot be imported at all, in words that say what to do.

A file that can be read is never refused for its rows: bad rows are rejected one by one
with a reason. These errors are for files that cannot be read as CSV at all.
"""

from __future__ import annotations

from analytics.errors import ContinuumError


class ImportError_(ContinuumError):
    """Base of every file-level import problem (the file is left out, nothing is written)."""


class UnreadableFile(ImportError_):
    def __init__(self, file_name: str, reason: str) -> None:
        super().__init__(f'"{file_name}" cannot be imported: {reason}')
        self.file_name = file_name
        self.reason = reason


class UnknownKind(ImportError_):
    def __init__(self, name: str, kinds: list[str]) -> None:
        super().__init__(f'"{name}" is not a kind of import; use one of: {", ".join(kinds)}.')


class UnknownPreset(ImportError_):
    def __init__(self, name: str, presets: list[str]) -> None:
        super().__init__(f'"{name}" is not a preset; use auto, {", ".join(presets)} or generic.')


class BadMapping(ImportError_):
    """A mapping (from the page or a --mapping file) that does not fit the file."""


class TooLarge(ImportError_):
    def __init__(self, file_name: str, size_mb: float, limit_mb: float) -> None:
        super().__init__(
            f'"{file_name}" is {size_mb:,.0f} MB, above the upload limit of {limit_mb:,.0f} MB. '
            "Import it with the command line (python -m analytics import), or raise the "
            "import_max_upload_mb setting."
        )


class UnknownBatch(ImportError_):
    def __init__(self, batch_id: str) -> None:
        super().__init__(f'No import batch "{batch_id}" in this database.')
