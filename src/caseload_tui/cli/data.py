"""``caseload import``, ``caseload backup`` and ``caseload demo``: getting data in and kept."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, TypeVar

from .common import (
    CommandError,
    Progress,
    add_authority_option,
    add_database_option,
    add_today_option,
    add_worker_option,
    database_file_of,
    database_url,
    open_database,
    open_for_reading,
    table_in_force,
    today_from,
)

if TYPE_CHECKING:
    from ..importing.problems import ImportResult
    from ..store.read_models import ImportCounts
    from ..store.store import Store

R = TypeVar("R")
KINDS = ("workers", "children", "events")
DEMO_BUILT_FOR = "demo_built_for"


def register(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    imp = sub.add_parser("import", help="import workers, children or events from a CSV export")
    imp.add_argument("kind", choices=KINDS)
    imp.add_argument("file", metavar="FILE.csv")
    imp.add_argument("--map", metavar="MAP.toml", help="column and value mapping for another system's export")
    imp.add_argument("--dry-run", action="store_true", help="check every row; write nothing")
    add_today_option(imp, "the date events may not be after (default: today)")
    add_database_option(imp)
    imp.set_defaults(func=import_csv)

    backup = sub.add_parser("backup", help="a consistent copy of the database, safe while the app runs")
    backup.add_argument("file", metavar="FILE")
    add_database_option(backup)
    backup.set_defaults(func=backup_database)

    restore = sub.add_parser(
        "restore", help="put a backup in place of the database (kept aside, never deleted); app closed"
    )
    restore.add_argument("backup", metavar="BACKUP")
    add_database_option(restore)
    restore.set_defaults(func=restore_database)

    demo = sub.add_parser("demo", help="open the app on a synthetic demo database (built on first use)")
    demo.add_argument(
        "--db", default=argparse.SUPPRESS,
        help="demo database (default: demo.db in the user data folder; never your own)",
    )  # fmt: skip
    add_today_option(demo, "the date to treat as today (dd/mm/yyyy or yyyy-mm-dd)")
    demo.add_argument("--within", type=int, default=7, help="days ahead to list (overdue is always shown)")
    demo.add_argument("--rebuild", action="store_true", help="build the demo database afresh")
    demo.add_argument("--print", action="store_true", help="print the due list instead of opening the app")
    add_worker_option(demo, "open as this worker (default: the first demo worker)")
    add_authority_option(demo)
    demo.set_defaults(func=run_demo)


def import_csv(args: argparse.Namespace) -> int:
    """Validate every row, list every problem, and write all or nothing in one transaction."""
    from ..importing import load_mapping, read_children, read_events, read_workers
    from ..importing.problems import MappingError

    path = Path(args.file)
    try:
        mapping = load_mapping(args.map) if args.map else None
    except MappingError as exc:
        for problem in exc.problems:
            print(problem, file=sys.stderr)
        raise CommandError(f"the mapping file {args.map} is not valid; nothing was read", 1) from None
    progress = Progress(f"reading {path.name}", path.stat().st_size if path.is_file() else 1)
    today = today_from(args)
    if args.kind == "workers":
        workers = read_workers(path, mapping, today=today, on_progress=progress)
        return _write(args, path, workers, progress, lambda store: store.upsert_workers)
    if args.kind == "children":
        children = read_children(path, mapping, today=today, on_progress=progress)
        return _write(args, path, children, progress, lambda store: store.upsert_children)
    events = read_events(path, mapping, today=today, on_progress=progress)
    return _write(args, path, events, progress, lambda store: store.add_events)


def _write(
    args: argparse.Namespace,
    path: Path,
    result: ImportResult[R],
    progress: Progress,
    writer: Callable[[Store], Callable[[list[R]], ImportCounts]],
) -> int:
    from ..store.errors import StoreError

    progress.finish()
    read_as = f" (read as {result.encoding})" if result.encoding else ""
    if not result.ok:
        for problem in result.errors:
            print(problem, file=sys.stderr)
        raise CommandError(f"{len(result.errors)} problem(s) in {path}{read_as}; nothing was written", 1)
    rows = len(result.records)
    if args.dry_run:
        print(f"{path}: {rows:,} {args.kind} rows are valid ({result.encoding}); nothing written (--dry-run)")
        return 0
    store = open_database(args, verify=True)  # a damaged database is never imported into
    try:
        counts = writer(store)(list(result.records))
    except StoreError as exc:
        raise CommandError(str(exc), 1) from None
    finally:
        store.close()
    print(
        f"{path}{read_as}: {rows:,} {args.kind} rows imported: {counts.inserted:,} new, "
        f"{counts.updated:,} updated, {counts.unchanged:,} unchanged"
    )
    return 0


def backup_database(args: argparse.Namespace) -> int:
    """A checked copy of the database at a new FILE (never over an existing one)."""
    from ..store.backup import backup_sqlite
    from ..store.check import check_file

    database = database_file_of(args)
    if database is None:
        raise CommandError("backup copies SQLite databases only; use the server's own tools")
    check_file(database)
    backup_sqlite(database, Path(args.file))
    print(f"backed up to {args.file} (checked: the copy is whole)")
    return 0


def restore_database(args: argparse.Namespace) -> int:
    """Put a backup in place of the database, keeping the database as it was aside."""
    from datetime import datetime

    from ..store.backup import restore_sqlite

    database = database_file_of(args)
    if database is None:
        raise CommandError("restore puts back SQLite databases only; use the server's own tools")
    aside = restore_sqlite(Path(args.backup), database, datetime.now())
    kept = f"; the database as it was is kept as {aside}" if aside else ""
    print(f"restored {args.backup} to {database}{kept}")
    return 0


def demo_database_path() -> Path:
    from platformdirs import user_data_path

    from ..store.location import APP_NAME

    return user_data_path(APP_NAME, appauthor=False) / "demo.db"


def demo_built_for(db: Path) -> str | None:
    """What the demo database at ``db`` was built for (day, table), or None when there is no
    file. Raises :class:`CommandError` for any other file: the demo writes only to a database it
    made itself (it marks it with the ``demo_built_for`` setting)."""
    import sqlite3

    from ..store.check import DatabaseProblem, check_file
    from ..store.reader import SqliteReader

    if not db.exists():
        return None
    refused = CommandError(
        f"{db} is not a demo database (caseload demo writes only to a database it made itself): "
        "nothing was changed. Leave out --db for the demo's own database, or name a new file"
    )
    try:
        check_file(db)
        with SqliteReader(db).connection() as conn:  # also a read-only demo
            row = conn.execute("SELECT value FROM settings WHERE key = ?", (DEMO_BUILT_FOR,)).fetchone()
    except (DatabaseProblem, sqlite3.Error):
        raise refused from None
    if row is None:
        raise refused
    return str(row[0])


def build_demo(db: Path, today: date, authority: str | None) -> None:
    """(Re)build the demo database at ``db`` for ``today``: synthetic data only.

    Built under a temporary name beside ``db`` and renamed into place when complete, so a build
    that fails or is stopped leaves no half-built demo; ``db`` itself must be a demo database
    already, or not exist.
    """
    import os

    from ..demo import demo_data
    from ..services.catalogue import open_table
    from ..store.check import side_files
    from ..store.store import AUTHORITY_TABLE, open_store

    demo_built_for(db)  # refuses anything but an earlier demo
    table = open_table(authority)
    data = demo_data(today, table)
    db.parent.mkdir(parents=True, exist_ok=True)
    building = db.with_name(f".{db.name}.building-{os.getpid()}")
    try:
        for leftover in (building, *side_files(building)):
            leftover.unlink(missing_ok=True)
        store = open_store(database_url(building))
        try:
            store.import_records(data.workers, data.children, data.events)
            for case_ref, booking in data.bookings:
                store.book_meeting(case_ref, booking.kind, booking.on)
            store.set_setting(AUTHORITY_TABLE, authority or table.authority.lower())
            store.set_setting(DEMO_BUILT_FOR, f"{today.isoformat()} {table.authority} {table.version}")
        finally:
            store.close()
        for stale in side_files(db):  # the old demo's, which would not match the new file
            stale.unlink(missing_ok=True)
        os.replace(building, db)
    finally:
        for leftover in (building, *side_files(building)):
            leftover.unlink(missing_ok=True)


def demo_note(db: Path, today: date, authority: str | None) -> str | None:
    """What to say when the demo database was built for another day or table (it is kept:
    it holds whatever was done in the demo; only --rebuild builds it again)."""
    from ..services.catalogue import open_table

    table = open_table(authority)
    built_for = demo_built_for(db)
    if built_for is None or built_for == f"{today.isoformat()} {table.authority} {table.version}":
        return None
    return (
        f"note: the demo database ({db}) was built for {built_for}, and keeps what you did in it; "
        "`caseload demo --rebuild` builds it afresh for today's date and table"
    )


def ensure_demo(
    db: Path, today: date, authority: str | None, rebuild: bool = False, quiet: bool = False
) -> None:
    """Build the demo database if there is none yet, or afresh when ``rebuild``.

    A demo database built for another day or table is kept (see :func:`demo_note`); anything
    at ``db`` that is not a demo database is refused. ``quiet``: inside the app, whose screen is
    drawn on stderr, say nothing.
    """
    if demo_built_for(db) is None or rebuild:
        if not quiet:
            print(f"building the demo database ({db}) ...", file=sys.stderr)
        build_demo(db, today, authority)
    elif not quiet and (note := demo_note(db, today, authority)) is not None:
        print(note, file=sys.stderr)


def run_demo(args: argparse.Namespace) -> int:
    """Open the app on the demo database (built if need be), or print its due list."""
    today = today_from(args)
    db = Path(args.db) if getattr(args, "db", None) else demo_database_path()
    if not args.print:
        from .launch import launch_app

        args.worker = args.worker or "W001"
        # the check (and a first build) runs after the app's first paint, like opening the database
        status = launch_app(
            args, db, prepare=lambda: ensure_demo(db, today, args.authority, args.rebuild, quiet=True)
        )
        if status == 0 and (note := demo_note(db, today, args.authority)) is not None:  # screen back
            print(note, file=sys.stderr)
        return status
    from .reports import due_text

    ensure_demo(db, today, args.authority, args.rebuild)
    store = open_for_reading(args, db)
    try:
        sys.stdout.write(due_text(store, table_in_force(args), today, within=args.within, fmt="table",
                                  heading="Demo team (synthetic data)"))  # fmt: skip
    finally:
        store.close()
    return 0
