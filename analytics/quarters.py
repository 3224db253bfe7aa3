"""Quarters as text ids like "2025Q3": the grain of every score and review."""

from __future__ import annotations

import datetime as dt
import re

from analytics.errors import BadQuarter

_QUARTER = re.compile(r"^\s*(\d{4})\s*-?\s*[Qq]\s*([1-4])\s*$")


def parse_quarter(text: str) -> tuple[int, int]:
    """Return (year, quarter) of "2025Q3" (also "2025-Q3", "2025q3")."""
    m = _QUARTER.match(str(text))
    if not m:
        raise BadQuarter(str(text))
    return int(m.group(1)), int(m.group(2))


def quarter_of(day: dt.date) -> str:
    return f"{day.year}Q{(day.month - 1) // 3 + 1}"


def quarter_start(quarter: str) -> dt.date:
    year, q = parse_quarter(quarter)
    return dt.date(year, 3 * (q - 1) + 1, 1)


def quarter_end(quarter: str) -> dt.date:
    """Last day of the quarter (inclusive)."""
    return quarter_start(shift_quarter(quarter, 1)) - dt.timedelta(days=1)


def shift_quarter(quarter: str, n: int) -> str:
    year, q = parse_quarter(quarter)
    index = year * 4 + (q - 1) + n
    return f"{index // 4}Q{index % 4 + 1}"


def quarter_range(last: str, count: int) -> list[str]:
    """The `count` quarters ending with `last`, oldest first."""
    return [shift_quarter(last, -i) for i in range(count - 1, -1, -1)]


def last_complete_quarter(today: dt.date | None = None) -> str:
    today = today or dt.date.today()
    return shift_quarter(quarter_of(today), -1)
