"""`python -m analytics rates`: the exchange rates to the reporting currency; set one."""

from __future__ import annotations

import argparse

from analytics.cli.common import add_db_argument
from analytics.db import open_database
from analytics.errors import ContinuumError
from analytics.ingest import exchange_rates, missing_fx_rates, set_fx_rate
from analytics.settings import check_currency_code, reporting_currency


def register(sub: argparse._SubParsersAction) -> None:
    parser = sub.add_parser(
        "rates",
        help="show the exchange rates to the reporting currency, or set one",
        description="Exchange rates: 1 unit of a currency in the reporting currency.",
    )
    actions = parser.add_subparsers(dest="rates_command", required=True, metavar="ACTION")
    show = actions.add_parser(
        "show",
        help="print the rates in force and the currencies of deals that have none",
        description="Print the rate of every currency to the reporting currency (which is 1), then the "
        "currencies of deals that have no rate yet, with how many deals.\n\n"
        "Example: python -m analytics rates show --db data/demo.duckdb",
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    add_db_argument(show)
    show.set_defaults(handler=run_show)
    put = actions.add_parser(
        "set",
        help="set the rate of a currency and convert its deals",
        description="Set the rate of a currency to the reporting currency (1 CODE = RATE in it) and "
        "convert its deals, as the Import page's Exchange rates tab does.\n\n"
        "Example: python -m analytics rates set PLN 0.232 --db data/portfolio.duckdb",
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    put.add_argument("code", metavar="CODE", help="ISO currency code, like PLN")
    put.add_argument("rate", metavar="RATE", help="1 CODE in the reporting currency, a finite positive number")
    add_db_argument(put)
    put.set_defaults(handler=run_set)


def rate_text(rate: float) -> str:
    return f"{rate:.10g}"


def run_show(args: argparse.Namespace) -> int:
    db = open_database(args.db, create=False)
    try:
        cur = db.cursor()
        currency = reporting_currency(cur)
        rates = exchange_rates(cur)
        missing = missing_fx_rates(cur)
    finally:
        db.close()
    lines = [f"currency  rate to {currency}"]
    lines += [f"{row.currency:<8}  {rate_text(row.rate)}" for row in rates.itertuples()]
    lines += [f"{row.currency:<8}  no rate ({row.deals} deal{'' if row.deals == 1 else 's'})"
              for row in missing.itertuples()]
    print("\n".join(lines))
    return 0


def run_set(args: argparse.Namespace) -> int:
    code = check_currency_code(args.code)
    try:
        rate = float(args.rate)
    except ValueError:
        raise ContinuumError(f'"{args.rate}" is not a number; write the rate of 1 {code} like 0.25.') from None
    db = open_database(args.db, create=False)
    try:
        deals = set_fx_rate(db, code, rate)
        currency = reporting_currency(db.cursor())
    finally:
        db.close()
    print(f"1 {code} = {rate_text(rate)} {currency}; amount_base set for {deals} deal{'' if deals == 1 else 's'}")
    return 0
