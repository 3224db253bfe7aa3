"""`python -m analytics users`: the team of a shared server (who may sign in, in which role)."""

from __future__ import annotations

import argparse

from analytics.access import ROLE_LABELS, add_user, managers_without_clients, remove_user, users
from analytics.cli.common import add_db_argument
from analytics.db import open_database

ROLE_HELP = "head-of-sales (everything and this list), account-manager (their own clients) or viewer (reads)"


def register(sub: argparse._SubParsersAction) -> None:
    parser = sub.add_parser(
        "users",
        help="list, add or remove the people who may sign in to a team server",
        description="The team of a server that runs with sign-in (docs/deploy.md): each person is known "
        "by the email they sign in with and has a role. An account manager also has the manager name "
        "their clients carry in the account manager column.",
    )
    actions = parser.add_subparsers(dest="users_command", required=True, metavar="ACTION")
    show = actions.add_parser("list", help="print the team list")
    add_db_argument(show)
    show.set_defaults(handler=run_list)
    put = actions.add_parser(
        "add",
        help="add a person, or change the role of one on the list",
        description="Add a person, or change their role and manager name.\n\nExamples:\n"
        "  python -m analytics users add ewa@firm.pl --role head-of-sales --db data/team.duckdb\n"
        '  python -m analytics users add anna@firm.pl --role account-manager --manager "Anna Nowak" --db data/team.duckdb',
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    put.add_argument("email", metavar="EMAIL")
    put.add_argument("--role", required=True, help=ROLE_HELP)
    put.add_argument("--manager", metavar="NAME", help="for an account manager: the manager name on their clients")
    add_db_argument(put)
    put.set_defaults(handler=run_add)
    drop = actions.add_parser("remove", help="remove a person (the last head of sales stays)")
    drop.add_argument("email", metavar="EMAIL")
    add_db_argument(drop)
    drop.set_defaults(handler=run_remove)


def run_list(args: argparse.Namespace) -> int:
    db = open_database(args.db, create=False)
    try:
        team = users(db.cursor())
    finally:
        db.close()
    if not team:
        print("No one is on the team list yet; add the first head of sales with: "
              "python -m analytics users add EMAIL --role head-of-sales")
        return 0
    width = max(len(u.email) for u in team)
    print(f"{'email':<{width}}  {'role':<15}  manager name")
    for u in team:
        print(f"{u.email:<{width}}  {ROLE_LABELS[u.role]:<15}  {u.manager or ''}".rstrip())
    return 0


def run_add(args: argparse.Namespace) -> int:
    db = open_database(args.db, create=False)
    try:
        user = add_user(db, args.email, args.role, args.manager, added_by="command line")
        unknown = managers_without_clients(db.cursor(), [user.manager or ""])
    finally:
        db.close()
    manager = f" for the clients of {user.manager}" if user.manager else ""
    print(f"{user.email}: {ROLE_LABELS[user.role]}{manager}")
    if unknown:
        print(f"Note: no client carries the account manager name {user.manager!r} yet; they will see "
              "their clients once an import or a head of sales gives them some.")
    return 0


def run_remove(args: argparse.Namespace) -> int:
    db = open_database(args.db, create=False)
    try:
        removed = remove_user(db, args.email)
    finally:
        db.close()
    print(f"Removed {args.email.strip().lower()}" if removed else f"{args.email} was not on the team list")
    return 0
