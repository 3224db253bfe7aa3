"""`python -m analytics review export`: a saved review as Markdown, printable HTML or a
PowerPoint deck (the internal review deck, or the client deck); `review history`: who
saved each version of a review, when, and what it changed."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

import pandas as pd

from analytics.cli.common import add_db_argument
from analytics.db import open_database
from analytics.errors import ContinuumError
from analytics.quarters import parse_quarter

FORMATS = ("md", "html", "pptx", "client-pptx")
DECKS = {"pptx": ("review", "internal review deck"), "client-pptx": ("client", "client deck")}


def register(sub: argparse._SubParsersAction) -> None:
    parser = sub.add_parser(
        "review",
        help="quarterly account reviews (export one for the meeting, list its history)",
        description="Quarterly account reviews.",
    )
    actions = parser.add_subparsers(dest="review_command", required=True, metavar="ACTION")
    export = actions.add_parser(
        "export",
        help="export a saved review as Markdown, a printable HTML page or a PowerPoint deck",
        description="Export the saved review of one client for one quarter: position, what works, "
        "signals with reasons, the plan, last quarter's follow-up and the account strategy. "
        "pptx is the internal review deck, client-pptx the deck for the client (only what is "
        "shared with them); a deck is written to --out, or to a file named like "
        "Helios-Retail-2026Q2-review.pptx in the current folder.\n\n"
        "Example: python -m analytics review export --db data/demo.duckdb --client C00002 "
        "--quarter 2026Q2 --format pptx --out review.pptx",
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    add_db_argument(export)
    export.add_argument("--client", required=True, help="client id, like C00002")
    export.add_argument("--quarter", required=True, help="review quarter, like 2026Q2")
    export.add_argument("--format", choices=FORMATS, default="md", help="md (default), html, pptx or client-pptx")
    export.add_argument("--out", "--output", dest="output",
                        help="file to write (default: standard output for md and html, the deck's own name for a deck)")
    export.set_defaults(handler=run_export)
    history = actions.add_parser(
        "history",
        help="list every saved version of a review: who saved it, when, what changed",
        description="List every saved version of the review of one client for one quarter, newest first: "
        "its version, when it was saved, who saved it (the reviewer's name; 'not recorded' for a change "
        "made without one) and what it changed.\n\n"
        "Example: python -m analytics review history --db data/demo.duckdb --client C00002 --quarter 2026Q2",
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    add_db_argument(history)
    history.add_argument("--client", required=True, help="client id, like C00002")
    history.add_argument("--quarter", required=True, help="review quarter, like 2026Q2")
    history.set_defaults(handler=run_history)


def run_export(args: argparse.Namespace) -> int:
    from analytics.review.export import export_review

    year, q = parse_quarter(args.quarter)
    quarter = f"{year}Q{q}"
    client = args.client.strip()
    db = open_database(args.db, create=False)
    try:
        if args.format in DECKS:
            kind, what = DECKS[args.format]
            name, data = _deck(db.cursor(), client, quarter, kind)
            target = Path(args.output or name)
            _write(target, data)
            print(f"Wrote the {what} of the {quarter} review of {client} to {target}", file=sys.stderr)
            return 0
        text = export_review(db.cursor(), client, quarter, args.format)
    finally:
        db.close()
    if args.output:
        _write(Path(args.output), text.encode("utf-8"))
        print(f"Wrote the {args.quarter} review of {args.client} to {args.output}", file=sys.stderr)
    else:
        sys.stdout.write(text)
    return 0


def run_history(args: argparse.Namespace) -> int:
    from analytics.review.errors import NoReviewSaved
    from analytics.review.history import review_history
    from analytics.review.store import client_account_manager

    year, q = parse_quarter(args.quarter)
    quarter = f"{year}Q{q}"
    client = args.client.strip()
    db = open_database(args.db, create=False)
    try:
        client_account_manager(db.cursor(), client)  # an unknown client is its own message
        versions = review_history(db.cursor(), client, quarter)
    finally:
        db.close()
    if versions.empty:
        raise NoReviewSaved(client, quarter)
    rows = [("version", "saved at", "saved by", "what changed")] + [
        (str(r["version"]), _when(r["saved_at"]), r["saved_by"] or "not recorded", r["what_changed"])
        for r in versions.to_dict("records")
    ]
    widths = [max(len(row[i]) for row in rows) for i in range(3)]
    for row in rows:
        print("  ".join(cell.ljust(width) for cell, width in zip(row[:3], widths, strict=True)) + "  " + row[3])
    return 0


def _when(value) -> str:
    return "not recorded" if value is None or pd.isna(value) else f"{value:%Y-%m-%d %H:%M}"


def _write(target: Path, data: bytes) -> None:
    """Write the export; a folder that does not exist or cannot be written is one clear line."""
    try:
        target.write_bytes(data)
    except OSError as exc:
        raise ContinuumError(f'Cannot write "{target}": {exc.strerror or exc}.') from None


def _deck(con, client_id: str, quarter: str, kind: str) -> tuple[str, bytes]:
    """(file name, .pptx bytes) of the saved review's deck of `kind` (review or client)."""
    from analytics.review.deck_client import client_deck, client_facts
    from analytics.review.deck_internal import deck_evidence, deck_file_name, internal_deck
    from analytics.review.export import review_document

    document = review_document(con, client_id, quarter)
    if kind == "client":
        return deck_file_name(document, "client"), client_deck(document, client_facts(con, document))
    return deck_file_name(document), internal_deck(document, deck_evidence(con, client_id, quarter))
