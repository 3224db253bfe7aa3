"""`python -m analytics rates`: the exchange rates to the reporting currency; set one."""

from __future__ import annotations

import argparse

from analytics.cli.common import add_db_argument
from analytics.db import open_database
from analytics.errors import ContinuumError
from analytics.ingest import delete_fx_rate, exchange_rates, missing_fx_rates, set_fx_rate
from analytics.quarters import parse_quarter
from analytics.settings import check_currency_code, reporting_currency


def register(sub: argparse._SubParsersAction) -> None:
    parser = sub.add_parser(
        "rates",
        help="show the exchange rates to the reporting currency, or set or delete one",
        description="Exchange rates: 1 unit of a currency in the reporting currency. A rate holds from "
        "the start, or from a quarter on (--quarter); a deal converts at the latest rate from its "
        "quarter or before, and where none is that early, at the currency's first rate.",
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
        "convert its deals, as the Import page's Exchange rates tab does. Without --quarter the rate "
        "holds from the start; with it, from that quarter on, so older deals keep their own rate.\n\n"
        "Examples:\n"
        "  python -m analytics rates set PLN 0.232 --db data/portfolio.duckdb\n"
        "  python -m analytics rates set PLN 0.215 --quarter 2023Q1 --db data/portfolio.duckdb",
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    put.add_argument("code", metavar="CODE", help="ISO currency code, like PLN")
    put.add_argument("rate", metavar="RATE", help="1 CODE in the reporting currency, a finite positive number")
    put.add_argument("--quarter", metavar="Q", help="the quarter the rate holds from, like 2024Q3 (default: from the start)")
    add_db_argument(put)
    put.set_defaults(handler=run_set)
    drop = actions.add_parser(
        "delete",
        help="delete a rate; its deals convert at the rate left for their quarter, or become unknown",
        description="Delete the rate of a currency from the start, or the one from --quarter. Its deals "
        "convert at the rate that is left for their quarter; with none left, their amount in the "
        "reporting currency is unknown (never 0) until a rate is given.\n\n"
        "Example: python -m analytics rates delete PLN --quarter 2023Q1 --db data/portfolio.duckdb",
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    drop.add_argument("code", metavar="CODE", help="ISO currency code, like PLN")
    drop.add_argument("--quarter", metavar="Q", help="the quarter of the dated rate to delete (default: the rate from the start)")
    add_db_argument(drop)
    drop.set_defaults(handler=run_delete)


def rate_text(rate: float) -> str:
    return f"{rate:.10g}"


def since_text(since: object) -> str:
    return since if isinstance(since, str) and since else "the start"


def run_show(args: argparse.Namespace) -> int:
    db = open_database(args.db, create=False)
    try:
        cur = db.cursor()
        currency = reporting_currency(cur)
        rates = exchange_rates(cur)
        missing = missing_fx_rates(cur)
    finally:
        db.close()
    lines = [f"currency  from        rate to {currency}"]
    lines += [f"{row.currency:<8}  {since_text(row.since):<10}  {rate_text(row.rate)}" for row in rates.itertuples()]
    lines += [f"{row.currency:<8}  {'':<10}  no rate ({row.deals} deal{'' if row.deals == 1 else 's'})"
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
        deals = set_fx_rate(db, code, rate, args.quarter)
        currency = reporting_currency(db.cursor())
    finally:
        db.close()
    since = f" from {quarter_text(args.quarter)}" if args.quarter else ""
    print(f"1 {code} = {rate_text(rate)} {currency}{since}; amount_base set for {deals} deal{'' if deals == 1 else 's'}")
    return 0


def run_delete(args: argparse.Namespace) -> int:
    code = check_currency_code(args.code)
    db = open_database(args.db, create=False)
    try:
        deals = delete_fx_rate(db, code, args.quarter)
    finally:
        db.close()
    since = f"from {quarter_text(args.quarter)}" if args.quarter else "from the start"
    print(f"Deleted the rate of {code} {since}; amount_base set for {deals} deal{'' if deals == 1 else 's'}")
    return 0


def quarter_text(quarter: str) -> str:
    year, q = parse_quarter(quarter)
    return f"{year}Q{q}"
