"""Date order and number format, decided per column from the whole column (not per cell).

"05/03/2024" alone is ambiguous; a column that also holds "25/03/2024" is day first.
"1,250" alone is ambiguous; a column that also holds "12,5" has a decimal comma.
The evidence is counted in SQL (import_date_profile, import_number_profile) over every
row; the choice, and why, is shown to the user, who may override it.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import duckdb

from analytics.ingest.kinds import Kind
from analytics.ingest.sniff import Sniffed

ORDER_LABELS = {"ymd": "year first (ISO)", "dmy": "day first", "mdy": "month first (US)"}
DECIMAL_LABELS = {".": "decimal point", ",": "decimal comma"}


@dataclass
class Formats:
    date_orders: dict[str, str] = field(default_factory=dict)
    decimals: dict[str, str] = field(default_factory=dict)
    fractions: dict[str, bool] = field(default_factory=dict)
    notes: dict[str, str] = field(default_factory=dict)  # field -> what was decided and why
    warnings: list[str] = field(default_factory=list)


def _default_day_first(sniffed: Sniffed, preset: str) -> bool:
    """For a column where every date could be either way: the file's locale decides."""
    if preset in ("hubspot", "salesforce"):
        return False
    return not (sniffed.delimiter == "," and sniffed.encoding in ("utf-8", "utf-8-sig", "cp1252"))


def decide(cur: duckdb.DuckDBPyConnection, k: Kind, mapping: dict[str, int], sniffed: Sniffed,
           preset: str, overrides: dict | None = None) -> Formats:
    """Profile the mapped date and number columns of import_mapped and decide their formats."""
    overrides = overrides or {}
    out = Formats()
    dates = [f.name for f in k.fields if f.type in ("date", "timestamp") and f.name in mapping]
    numbers = [f.name for f in k.fields if f.type in ("number", "int") and f.name in mapping]
    for f in k.fields:
        if f.type in ("date", "timestamp"):
            out.date_orders[f.name] = "dmy"
        if f.type in ("number", "int"):
            out.decimals[f.name] = ","
            out.fractions[f.name] = False
    if not dates and not numbers:
        return out
    # field names come from the kind's constants, never from the file
    profiles = {}
    for name in dates:
        profiles[name] = cur.execute(
            f"select import_date_profile(v, n) from (select {name} as v, count(*) as n from import_mapped "
            f"where {name} <> '' group by 1)"
        ).fetchone()[0]
    for name in numbers:
        profiles[name] = cur.execute(
            f"select import_number_profile({name}) from import_mapped"
        ).fetchone()[0]
        if name == "discount_pct" and profiles[name]["max_value"] is None and profiles[name]["filled"]:
            # "0,15": only then is the comma replaced, row by row
            profiles[name]["max_value"] = cur.execute(
                f"select max(try_cast(replace(replace({name}, '%', ''), ',', '.') as double)) from import_mapped"
            ).fetchone()[0]
    day_first_default = _default_day_first(sniffed, preset)
    for name in dates:
        p = profiles[name]
        forced = (overrides.get("date_orders") or {}).get(name)
        if forced in ORDER_LABELS:
            order, why = forced, "chosen by you"
        elif p["day_first"] and not p["month_first"] or p["dotted"]:
            order, why = "dmy", f"e.g. {p['example']}"
        elif p["month_first"] and not p["day_first"]:
            order, why = "mdy", f"e.g. {p['example']}"
        elif p["month_first"] and p["day_first"]:
            order = "dmy" if p["day_first"] >= p["month_first"] else "mdy"
            why = "the column mixes both orders; the rows that do not fit are rejected"
            out.warnings.append(f"{name} mixes day-first and month-first dates; read as {ORDER_LABELS[order]}.")
        elif p["filled"] and not p["slashed"]:
            order, why = "ymd", "every value is ISO (2024-03-05)"
        elif p["filled"]:
            order = "dmy" if day_first_default else "mdy"
            why = f"every value could be either (e.g. {p['example']}); assumed from the file's locale"
        else:
            order, why = ("dmy" if day_first_default else "mdy"), "the column is empty"
        # ISO dates read the same either way; the order only matters for other values
        out.date_orders[name] = order if order != "ymd" else ("dmy" if day_first_default else "mdy")
        out.notes[name] = f"{ORDER_LABELS[order]} ({why})"
    for name in numbers:
        p = profiles[name]
        forced = (overrides.get("decimals") or {}).get(name)
        if forced in DECIMAL_LABELS:
            mark, why = forced, "chosen by you"
        elif p["comma_decimal"] and not p["dot_decimal"]:
            mark, why = ",", f"e.g. {p['example']}"
        elif p["dot_decimal"] and not p["comma_decimal"]:
            mark, why = ".", f"e.g. {p['example'] or 'plain numbers'}"
        elif p["dot_decimal"] and p["comma_decimal"]:
            mark = "," if p["comma_decimal"] > p["dot_decimal"] else "."
            why = "the column mixes both; the rows that do not fit are rejected"
            out.warnings.append(f"{name} mixes decimal commas and points; read with a {DECIMAL_LABELS[mark]}.")
        else:
            mark = "," if sniffed.delimiter == ";" else "."
            why = "no value shows it; assumed from the delimiter"
        out.decimals[name] = mark
        note = f"{DECIMAL_LABELS[mark]} ({why})"
        if name == "discount_pct":
            forced_fraction = (overrides.get("fractions") or {}).get(name)
            fraction = (
                bool(forced_fraction) if forced_fraction is not None
                else bool(p["max_value"] is not None and 0 < p["max_value"] <= 1 and not p["percent_signs"])
            )
            out.fractions[name] = fraction
            if fraction:
                note += "; values are fractions (0.15 = 15%)"
        out.notes[name] = note
    return out
