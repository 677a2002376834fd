"""``caseload due``, ``caseload caseload`` and ``caseload export ics``: what is due, and for whom."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from ..domain.dates import long_date
from ..services.exports import FORMATS, caseload_row, render
from ..services.files import check_target, write_file
from .common import (
    add_authority_option,
    add_database_option,
    add_team_option,
    add_today_option,
    add_worker_option,
    database_file_of,
    open_workspace_of,
    required,
    today_from,
    warn,
)

MAX_WEEKS = 520  # a calendar export ten years ahead is already far more than a diary needs


def weeks_ahead(text: str) -> int:
    """``--weeks``: a whole number from 1 to :data:`MAX_WEEKS`."""
    if not (text.isascii() and text.isdigit()) or not 1 <= int(text) <= MAX_WEEKS:
        raise argparse.ArgumentTypeError(f"{text!r} is not a number of weeks from 1 to {MAX_WEEKS}")
    return int(text)


def register(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    due = sub.add_parser("due", help="what is due: overdue first, with the rule behind each date")
    add_worker_option(due, "one worker's children (worker id)")
    add_team_option(due, "one team's children")
    add_today_option(due, "the date to treat as today")
    scope = due.add_mutually_exclusive_group()
    scope.add_argument(
        "--within", type=int, help="items due within this many days (default: the table's due-soon window)"
    )
    scope.add_argument("--all", action="store_true", help="every item, however far ahead")
    due.add_argument("--format", choices=FORMATS, default="table")
    due.add_argument("--names", action="store_true", help="include children's names in CSV/JSON")
    add_output_options(due)
    add_authority_option(due)
    add_database_option(due)
    due.set_defaults(func=due_command)

    load = sub.add_parser("caseload", help="children per worker against the target, pro rata")
    add_team_option(load, "one team")
    load.add_argument("--format", choices=FORMATS, default="table")
    add_output_options(load)
    add_authority_option(load)
    add_database_option(load)
    load.set_defaults(func=caseload_command)

    export = sub.add_parser("export", help="export a worker's visits as a calendar file")
    export_sub = export.add_subparsers(dest="export_kind", required=True)
    ics = export_sub.add_parser("ics", help="planned visits and visits due, as an .ics file Outlook opens")
    add_worker_option(ics, "worker id (required)")
    ics.add_argument(
        "--weeks", type=weeks_ahead, default=4, help=f"how many weeks ahead (default 4, at most {MAX_WEEKS})"
    )
    add_today_option(ics, "the date to treat as today")
    ics.add_argument("file", metavar="FILE.ics")
    ics.add_argument("--force", action="store_true", help="replace FILE.ics if it exists")
    add_authority_option(ics)
    add_database_option(ics)
    ics.set_defaults(func=export_ics)


def add_output_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("-o", "--output", metavar="FILE", help="write to this file instead of the screen")
    parser.add_argument("--force", action="store_true", help="replace FILE if it exists")


def output_target(args: argparse.Namespace, name: str | None) -> Path | None:
    """The file ``-o`` (or the command's FILE) names, checked before any work is done."""
    if not name:
        return None
    path = Path(name)
    check_target(path, force=args.force, database=database_file_of(args))
    return path


def due_command(args: argparse.Namespace) -> int:
    from ..services.due import due_text

    output = output_target(args, args.output)
    workspace = open_workspace_of(args)
    try:
        worker = workspace.worker_named(args.worker) if args.worker else None
        team = workspace.team_named(args.team) if args.team else None
        table = workspace.table
        text = due_text(
            workspace, today_from(args), within=None if args.all else (
                table.due_soon_days if args.within is None else args.within
            ), fmt=args.format, worker=worker, team=team, names=args.names, warn=warn,
            shown="print" if output is None else "export",
        )  # fmt: skip
        emit(text, args, output)
    finally:
        workspace.close()
    return 0


def caseload_command(args: argparse.Namespace) -> int:
    output = output_target(args, args.output)
    workspace = open_workspace_of(args)
    try:
        team = workspace.team_named(args.team) if args.team else None
        loads, children, unallocated = workspace.caseload_table(team)
        text = render([caseload_row(c) for c in loads], args.format)
        if args.format == "table":
            target = f"target {workspace.table.caseload_target:g} per full-time worker"
            text += f"\n{children} open children, {unallocated} unallocated; {target}\n"
        emit(text, args, output)
    finally:
        workspace.close()
    return 0


def export_ics(args: argparse.Namespace) -> int:
    from ..services.due import visits_ahead

    output = output_target(args, args.file)
    assert output is not None
    workspace = open_workspace_of(args)
    try:
        worker = workspace.worker_named(required(args, "worker"))
        calendar, planned, due, end = visits_ahead(workspace, worker, today_from(args), args.weeks)
        write_file(output, calendar, force=args.force, database=database_file_of(args))
    finally:
        workspace.close()
    print(f"{args.file}: {planned} planned visits and {due} visits due, to {long_date(end)}")
    return 0


def emit(text: str, args: argparse.Namespace, output: Path | None) -> None:
    """``text`` to the screen, or whole to the ``-o`` file (see :mod:`..services.files`)."""
    if output is None:
        sys.stdout.write(text)
        return
    write_file(output, text.encode("utf-8"), force=args.force, database=database_file_of(args))
    print(f"written to {output}", file=sys.stderr)
