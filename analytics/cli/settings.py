"""`python -m analytics settings`: the reporting currency and every method setting in force; set one."""

from __future__ import annotations

import argparse
import sys

from analytics.cli.common import add_db_argument
from analytics.db import open_database
from analytics.settings import (
    REGISTRY,
    load_settings,
    reporting_currency,
    reporting_currency_is_set,
    save_settings,
    set_reporting_currency,
)

CURRENCY_KEY = "reporting_currency"


def register(sub: argparse._SubParsersAction) -> None:
    parser = sub.add_parser(
        "settings",
        help="show the reporting currency and the method's settings in force, or set one",
        description="The reporting currency and the method's weights and thresholds in force.",
    )
    actions = parser.add_subparsers(dest="settings_command", required=True, metavar="ACTION")
    show = actions.add_parser(
        "show",
        help="print every setting in force: key and value, one a line",
        description="Print the reporting currency and every method setting in force, one `key value` a line.\n\n"
        "Example: python -m analytics settings show --db data/demo.duckdb",
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    add_db_argument(show)
    show.set_defaults(handler=run_show)
    put = actions.add_parser(
        "set",
        help="set one setting (reporting_currency takes an ISO code like PLN)",
        description="Set one setting. reporting_currency takes an ISO code (PLN, EUR, USD...): the exchange "
        "rates are converted to it and every deal's amount in the reporting currency is recomputed. "
        "A method setting takes a number within its range (see docs/method.md).\n\n"
        "Examples: python -m analytics settings set reporting_currency PLN --db data/portfolio.duckdb\n"
        "          python -m analytics settings set weight_value 0.3 --db data/portfolio.duckdb",
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    put.add_argument("key", metavar="KEY", help="reporting_currency, or a method setting's key")
    put.add_argument("value", metavar="VALUE", help="an ISO currency code, or a number")
    add_db_argument(put)
    put.set_defaults(handler=run_set)


def run_show(args: argparse.Namespace) -> int:
    db = open_database(args.db, create=False)
    try:
        cur = db.cursor()
        currency, chosen = reporting_currency(cur), reporting_currency_is_set(cur)
        values = load_settings(cur)
    finally:
        db.close()
    rows = [(CURRENCY_KEY, currency)] + [(s.key, f"{values[s.key]:g}") for s in REGISTRY]
    width = max(len(key) for key, _ in rows)
    sys.stdout.write("".join(f"{key.ljust(width)}  {value}\n" for key, value in rows))
    if not chosen:
        print(f"note: the reporting currency was never chosen; {currency} is in force until it is "
              f"(settings set {CURRENCY_KEY} CODE, or the first deals import into an empty database).",
              file=sys.stderr)
    return 0


def run_set(args: argparse.Namespace) -> int:
    key = args.key.strip()
    db = open_database(args.db, create=False)
    try:
        if key == CURRENCY_KEY:
            change = set_reporting_currency(db, args.value)
            line = f"{CURRENCY_KEY} set to {change.currency} (was {change.previous})"
            if change.rates_converted:
                n = change.rates_converted
                line += f"; {n} exchange rate{'' if n == 1 else 's'} converted to {change.currency}"
            line += f"; amount_base recomputed for {change.deals} deal{'' if change.deals == 1 else 's'}"
        else:
            before = load_settings(db.cursor()).get(key)
            values = save_settings(db, {key: args.value})
            line = f"{key} set to {values[key]:g} (was {before:g})"
    finally:
        db.close()
    print(line)
    return 0
