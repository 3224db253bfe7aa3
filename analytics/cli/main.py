"""Command line: `python -m analytics COMMAND --db PATH ...`.

Each command opens the database and calls the same public function the pages call.
A ContinuumError becomes one "Error: ..." line on stderr and exit code 1.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable, Sequence

from analytics.cli import bench, demo, import_files, rates, report, review, score, settings, users
from analytics.db import explain_storage_error
from analytics.errors import ContinuumError

# Each module adds its sub-command: register(subparsers) sets `handler` on its parser.
COMMAND_MODULES = [demo, import_files, settings, rates, review, report, score, users, bench]


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python -m analytics",
        description="Continuum: client relationships on a continuum, from the command line.",
    )
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    for module in COMMAND_MODULES:
        module.register(sub)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    handler: Callable[[argparse.Namespace], int] = args.handler
    try:
        code = handler(args)
    except ContinuumError as exc:
        print(f"Error: {exc}", file=sys.stderr)
        code = 1
    except Exception as exc:  # the disk or the file failed under a read: one line, no traceback
        message = explain_storage_error(exc, str(getattr(args, "db", None) or "the database"))
        if message is None:
            raise
        print(f"Error: {message}", file=sys.stderr)
        code = 1
    except KeyboardInterrupt:
        print("Error: interrupted; nothing was written.", file=sys.stderr)
        code = 130
    if argv is None:
        sys.exit(code)
    return code
