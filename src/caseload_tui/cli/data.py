"""``caseload import``, ``backup``, ``restore`` and ``demo``: getting data in, and kept."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from ..domain.wording import plural
from ..services.imports import KINDS
from .common import (
    CommandError,
    Progress,
    add_authority_option,
    add_database_option,
    add_today_option,
    add_worker_option,
    database_file_of,
    database_url_of,
    open_workspace_of,
    say_waiting,
    today_from,
)


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
    from ..services.imports import (
        MappingError,
        UnknownReferences,
        read_import,
        unknown_references,
        write_import,
    )

    path = Path(args.file)
    progress = Progress(f"reading {path.name}", path.stat().st_size if path.is_file() else 1)
    try:
        result = read_import(args.kind, path, args.map, today_from(args), progress)
    except MappingError as exc:
        for problem in exc.problems:
            print(problem, file=sys.stderr)
        raise CommandError(f"the mapping file {args.map} is not valid; nothing was read", 1) from None
    progress.finish()
    read_as = f" (read as {result.encoding})" if result.encoding else ""
    if not result.ok:
        for problem in result.errors:
            print(problem, file=sys.stderr)
        raise CommandError(
            f"{plural(len(result.errors), 'problem')} in {path}{read_as}; nothing was written", 1
        )
    rows = len(result.records)
    url = database_url_of(args)
    if args.dry_run:  # everything the import checks, the database's workers and children included
        unknown = unknown_references(url, args.kind, path, result.records)
        for line in unknown:
            print(line, file=sys.stderr)
        if unknown:
            raise CommandError(f"{plural(len(unknown), 'problem')} in {path}; nothing written (--dry-run)", 1)
        print(f"{path}: {rows:,} {args.kind} rows are valid ({result.encoding}); nothing written (--dry-run)")
        return 0
    try:
        counts = write_import(url, args.kind, result.records, on_busy=say_waiting)
    except UnknownReferences as exc:  # workers or children not in the database: each row named
        for line in unknown_references(url, args.kind, path, result.records):
            print(line, file=sys.stderr)
        raise CommandError(str(exc), 1) from None
    print(
        f"{path}{read_as}: {rows:,} {args.kind} rows imported: {counts.inserted:,} new, "
        f"{counts.updated:,} updated, {counts.unchanged:,} unchanged"
    )
    return 0


def backup_database(args: argparse.Namespace) -> int:
    """A checked copy of the database at a new FILE (never over an existing one)."""
    from ..services.backups import back_up

    back_up(database_file_of(args), Path(args.file))
    print(f"backed up to {args.file} (checked: the copy is whole)")
    return 0


def restore_database(args: argparse.Namespace) -> int:
    """Put a backup in place of the database, keeping the database as it was aside."""
    from datetime import datetime

    from ..services.backups import restore

    database = database_file_of(args)
    aside = restore(Path(args.backup), database, datetime.now())
    kept = f"; the database as it was is kept as {aside}" if aside else ""
    print(f"restored {args.backup} to {database}{kept}")
    return 0


def run_demo(args: argparse.Namespace) -> int:
    """Open the app on the demo database (built if need be), or print its due list."""
    from ..services.demo import demo_database_path, demo_note, ensure_demo

    today = today_from(args)
    db = Path(args.db) if getattr(args, "db", None) else demo_database_path()
    if not args.print:
        from .launch import launch_app

        args.worker = args.worker or "W001"
        # the check (and a first build) runs after the app's first paint, like opening the database
        status = launch_app(args, db, prepare=lambda: ensure_demo(db, today, args.authority, args.rebuild))
        if status == 0 and (note := demo_note(db, today, args.authority)) is not None:  # screen back
            print(note, file=sys.stderr)
        return status
    from ..services.due import due_text

    ensure_demo(db, today, args.authority, args.rebuild, say=lambda text: print(text, file=sys.stderr))
    workspace = open_workspace_of(args, db)
    try:
        sys.stdout.write(
            due_text(
                workspace,
                today,
                within=args.within,
                fmt="table",
                heading="Demo team (synthetic data)",
                warn=lambda message: print(f"warning: {message}", file=sys.stderr),
            )
        )
    finally:
        workspace.close()
    return 0
