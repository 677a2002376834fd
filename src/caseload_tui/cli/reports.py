"""``caseload due``, ``caseload caseload`` and ``caseload export ics``: what is due, and for whom."""

from __future__ import annotations

import argparse
import sys
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import TYPE_CHECKING

from ..domain.dates import long_date
from ..exports import FORMATS, caseload_row, due_json, due_row, due_table_rows, render, visits_calendar
from ..files import check_target, write_file
from .common import (
    CommandError,
    add_authority_option,
    add_database_option,
    add_team_option,
    add_today_option,
    add_worker_option,
    database_file_of,
    open_for_reading,
    required,
    table_in_force,
    today_from,
    warn,
)

if TYPE_CHECKING:
    from ..domain.engine import DueItem
    from ..domain.table import TimescaleTable
    from ..evaluation import Keep
    from ..store.reads import Reads


def _listed(item: DueItem) -> tuple[bool, date, str, str]:
    """Due items by date, child and kind; record gaps after them all, apart."""
    return (item.status == "not_recorded", item.due, item.child_id, item.kind)


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


def due_items(
    store: Reads,
    table: TimescaleTable,
    today: date,
    worker: str | None,
    team: str | None,
    keep: Keep = lambda item: True,
) -> list[DueItem]:
    """The kept due items for the children asked about, overdue first; gaps reported on stderr."""
    from ..evaluation import due_and_gaps

    items, gaps = due_and_gaps(store, table, today, worker, team, keep)
    for gap in gaps:
        warn(f"{gap.child_id}: {gap.message()}")
    items.sort(key=_listed)
    return items


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


def due_text(
    store: Reads,
    table: TimescaleTable,
    today: date,
    *,
    within: int | None = None,
    fmt: str = "table",
    worker: str | None = None,
    team: str | None = None,
    names: bool = False,
    heading: str | None = None,
) -> str:
    """The due list as ``fmt`` (a table for people, CSV or JSON); warnings go to stderr."""
    if (review := table.review_warning(today)) is not None:
        warn(review)

    def keep(item: DueItem) -> bool:
        return within is None or item.status == "overdue" or (item.due - today).days <= within

    items = due_items(store, table, today, worker, team, keep)
    child_names = (
        {c.child_id: f"{c.given_name} {c.family_name}" for c in store.children(worker_id=worker, team=team)}
        if fmt == "table" or names
        else {}
    )
    if fmt == "table":
        worker_names = {w.worker_id: w.name for w in store.workers(team=team)}
        rows = due_table_rows(items, child_names, worker_names)
        text = render(rows, "table") if items else "nothing due\n"
        title = heading or "Due"
        text = f"{title}: {table.authority} table v{table.version}, today {long_date(today)}\n\n{text}"
    elif fmt == "json":
        text = due_json(items, child_names if names else None)
    else:
        text = render([due_row(i, child_names if names else None) for i in items], fmt)
    return text


def due_command(args: argparse.Namespace) -> int:
    output = output_target(args, args.output)
    store = open_for_reading(args)
    try:
        if args.worker and store.worker(args.worker) is None:
            raise CommandError(f"no worker with id {args.worker!r}")
        table = table_in_force(args, store)
        text = due_text(
            store, table, today_from(args), within=None if args.all else (
                table.due_soon_days if args.within is None else args.within
            ), fmt=args.format, worker=args.worker, team=args.team, names=args.names,
        )  # fmt: skip
        emit(text, args, output)
    finally:
        store.close()
    return 0


def caseload_command(args: argparse.Namespace) -> int:
    from ..domain.caseload import caseloads

    output = output_target(args, args.output)
    store = open_for_reading(args)
    try:
        table = table_in_force(args, store)
        workers = store.workers(team=args.team)
        children = store.children(team=args.team)
        records = [w.record() for w in workers]
        rows = [
            caseload_row(c)
            for c in caseloads(records, [c.worker_id for c in children], table.caseload_target)
        ]
        text = render(rows, args.format)
        if args.format == "table":
            unallocated = sum(1 for c in children if c.worker_id is None)
            target = f"target {table.caseload_target:g} per full-time worker"
            text += f"\n{len(children)} open children, {unallocated} unallocated; {target}\n"
        emit(text, args, output)
    finally:
        store.close()
    return 0


def export_ics(args: argparse.Namespace) -> int:
    worker = required(args, "worker")
    output = output_target(args, args.file)
    assert output is not None
    store = open_for_reading(args)
    try:
        if store.worker(worker) is None:
            raise CommandError(f"no worker with id {worker!r}")
        table = table_in_force(args, store)
        today = today_from(args)
        end = today + timedelta(weeks=args.weeks)
        planned = [(v.child_id, v.on, v.note) for v in store.planned_visits(worker, today, end)]
        due = due_items(
            store, table, today, worker, None,
            lambda i: i.kind == "visit" and i.status != "not_recorded" and i.due <= end,
        )  # fmt: skip
        stamp = datetime.combine(today, datetime.now(UTC).timetz())
        write_file(output, visits_calendar(worker, planned, due, stamp), force=args.force,
                   database=database_file_of(args))  # fmt: skip
    finally:
        store.close()
    print(f"{args.file}: {len(planned)} planned visits and {len(due)} visits due, to {long_date(end)}")
    return 0


def emit(text: str, args: argparse.Namespace, output: Path | None) -> None:
    """``text`` to the screen, or whole to the ``-o`` file (see :mod:`..files`)."""
    if output is None:
        sys.stdout.write(text)
        return
    write_file(output, text.encode("utf-8"), force=args.force, database=database_file_of(args))
    print(f"written to {output}", file=sys.stderr)
