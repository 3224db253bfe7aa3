"""Exchange rates to the reporting currency: the rates in force, dated or from the start,
setting and deleting one, and the currencies of deals that have none.

A rate holds from the start (fx_rates) or from a quarter on (fx_rates_dated, migration
0007). A deal converts at the latest rate from its quarter or before, and where none is
that early, at the currency's first rate (the view fx_rate_ranges). Each change
recomputes the amount_base of that currency's deals in the same transaction.
"""

from __future__ import annotations

import math

import duckdb
import pandas as pd

from analytics.access import administers, aggregate
from analytics.db import Database
from analytics.errors import ContinuumError
from analytics.quarters import parse_quarter
from analytics.settings import check_currency_code, recompute_amount_base, reporting_currency


def _quarter(quarter: str | None) -> tuple[str, int] | None:
    """("2024Q3", its q_index) of a quarter given as text, or None for "from the start"."""
    if quarter is None or not str(quarter).strip():
        return None
    year, q = parse_quarter(quarter)
    return f"{year}Q{q}", year * 4 + q - 1


def _rate(value: float | str) -> float:
    try:
        rate = float(value)
    except (TypeError, ValueError):
        raise ContinuumError(f'"{value}" is not a number; write a rate like 0.25.') from None
    if not (math.isfinite(rate) and rate > 0):
        raise ContinuumError(f"An exchange rate must be a finite positive number, not {rate:g}.")
    return rate


@administers
def set_fx_rate(db: Database, currency: str, rate_to_base: float | str, quarter: str | None = None) -> int:
    """Set the rate of a currency to the reporting currency (1 unit = rate_to_base in it),
    from the start or, with `quarter`, from that quarter on; convert its deals and return
    how many were updated."""
    code = check_currency_code(currency)
    rate = _rate(rate_to_base)
    dated = _quarter(quarter)
    with db.write() as cur:
        if code == reporting_currency(cur):
            raise ContinuumError(f"{code} is the reporting currency: it converts at 1 and needs no rate.")
        if dated is None:
            cur.execute("insert or replace into fx_rates values ($c, $r)", {"c": code, "r": rate})
        else:
            cur.execute(
                "insert or replace into fx_rates_dated values ($c, $label, $q, $r)",
                {"c": code, "label": dated[0], "q": dated[1], "r": rate},
            )
        return recompute_amount_base(cur, [code])


@administers
def delete_fx_rate(db: Database, currency: str, quarter: str | None = None) -> int:
    """Remove a rate of a currency (the one from the start, or the one from `quarter`):
    its deals convert at the rate that is left for their quarter, or become unknown again
    (never 0) when none is; returns deals updated."""
    code = check_currency_code(currency)
    dated = _quarter(quarter)
    with db.write() as cur:
        if code == reporting_currency(cur):
            raise ContinuumError(f"{code} is the reporting currency: it converts at 1 and has no rate to delete.")
        if dated is None:
            where, params, what = "from fx_rates where currency = $c", {"c": code}, f"{code} from the start"
        else:
            where = "from fx_rates_dated where currency = $c and q_index = $q"
            params, what = {"c": code, "q": dated[1]}, f"{code} from {dated[0]}"
        if not cur.execute(f"select count(*) {where}", params).fetchone()[0]:  # noqa: S608 - constants
            raise ContinuumError(f"There is no rate of {what} to delete.")
        cur.execute(f"delete {where}", params)  # noqa: S608 - constants
        return recompute_amount_base(cur, [code])


@aggregate
def exchange_rates(con: duckdb.DuckDBPyConnection) -> pd.DataFrame:
    """The rates in force: currency, since (None for the rate from the start, else the
    quarter it holds from), rate (1 unit in the reporting currency). The reporting
    currency comes first at 1 (it converts at 1 with or without a row), then the others
    by code, each from its oldest rate to its newest."""
    base = reporting_currency(con)
    return con.execute(
        """
        select currency, since, rate from (
            select $base as currency, null::varchar as since, 1.0::double as rate, 0 as place, 0 as q
            union all
            select currency, null, rate_to_base, 1, -1000000 from fx_rates where currency <> $base
            union all
            select currency, quarter, rate_to_base, 1, q_index from fx_rates_dated where currency <> $base
        )
        order by place, currency, q
        """,
        {"base": base},
    ).df()


@aggregate
def missing_fx_rates(con: duckdb.DuckDBPyConnection) -> pd.DataFrame:
    """Currencies of deals with no rate to the reporting currency: currency, deals."""
    return con.execute(
        """
        select currency, count(*) as deals
        from deals
        where amount is not null and amount_base is null and currency is not null
        group by currency
        order by deals desc, currency
        """
    ).df()
