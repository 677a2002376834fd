"""The ``caseload`` command: headless subcommands (and, later, the terminal app)."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence

from ..domain.table import TableError
from . import data, reports, rules
from .common import CommandError


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="caseload",
        description="Statutory visits, reviews and caseloads from the authority's timescale table.",
    )
    sub = parser.add_subparsers(dest="command", required=True)
    reports.register(sub)
    data.register(sub)
    rules.register(sub)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        return int(args.func(args))
    except TableError as exc:
        print(f"caseload: invalid timescale table:\n{exc}", file=sys.stderr)
        return 2
    except CommandError as exc:
        print(f"caseload: {exc}", file=sys.stderr)
        return exc.status
    except ValueError as exc:  # e.g. a date that is not a date
        print(f"caseload: {exc}", file=sys.stderr)
        return 2
    except BrokenPipeError:  # e.g. `caseload rules show | head`
        sys.stderr.close()
        return 0
    except KeyboardInterrupt:
        return 130
