"""The ``caseload`` command: headless subcommands, and the terminal app.

Starting the app goes through here, so this package and the modules that define the
subcommands import only what building the parser needs; each command loads the rest when it
runs (the app's first frame should not wait for the report writers or the table parser).
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Sequence

from ..services.explain import explain
from . import audit, data, reports, rules, security, team
from .common import (
    CommandError,
    add_authority_option,
    add_database_option,
    add_team_option,
    add_today_option,
    add_worker_option,
    database_file_of,
)
from .launch import launch_app


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="caseload",
        description="Statutory visits, reviews and caseloads from the authority's timescale table.",
    )
    add_worker_option(parser, "open the app as this worker (default: remembered, or pick)", top=True)
    add_team_option(parser, "open the app on this team's dashboard (for team managers)", top=True)
    add_today_option(parser, "the date treated as today (for planning ahead, and tests)", top=True)
    add_authority_option(parser, top=True)
    add_database_option(parser, top=True)
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    reports.register(sub)
    data.register(sub)
    rules.register(sub)
    team.register(sub)
    audit.register(sub)
    security.register(sub)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run one command. The one error boundary: whatever goes wrong ends as one line on stderr
    (see :func:`..explain.explain`) and exit status 2 (or the command's own), never a traceback."""
    args = build_parser().parse_args(argv)
    from ..services.keys import set_prompt

    set_prompt(security.ask_passphrase)  # a passphrase is asked for on the terminal only
    try:
        if args.command is None:
            return launch_app(args)
        return int(args.func(args))
    except CommandError as exc:
        print(f"caseload: {exc}", file=sys.stderr)
        return exc.status
    except BrokenPipeError:  # e.g. `caseload rules show | head`
        sys.stderr.close()
        return 0
    except KeyboardInterrupt:
        return 130
    except Exception as exc:
        if os.environ.get("CASELOAD_DEBUG"):
            raise
        print(f"caseload: {explain(exc, database_file_of(args))}", file=sys.stderr)
        return 2
