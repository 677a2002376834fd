"""What the subcommands share: today, the database, the table in force, progress on stderr."""

from __future__ import annotations

import argparse
import os
import sys
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from ..domain.dates import parse_date
from ..explain import Refusal

if TYPE_CHECKING:
    from ..domain.table import TimescaleTable
    from ..store.reads import Reads
    from ..store.store import Store


class CommandError(Refusal):
    """A problem to tell the user in one message, with exit status 2 (or ``status``)."""

    def __init__(self, message: str, status: int = 2) -> None:
        super().__init__(message)
        self.status = status


def today_from(args: argparse.Namespace) -> date:
    """``--today`` (British date, ``today``, ``yesterday``) or the real date."""
    value = getattr(args, "today", None)
    return parse_date(value, date.today()) if value else date.today()


# The options every command shares may stand before the command or after it
# (``caseload --db X import ...`` and ``caseload import ... --db X``): the main parser gives them
# a default of None, and a command's own parser adds them with no default at all, so that when
# they are not given after the command the value given before it stands.
def _shared(parser: argparse.ArgumentParser, option: str, help: str, top: bool) -> None:
    parser.add_argument(option, help=help, default=None if top else argparse.SUPPRESS)


def add_database_option(parser: argparse.ArgumentParser, *, top: bool = False) -> None:
    help = "database file or SQLAlchemy URL (default: CASELOAD_DB, else the user data folder)"
    _shared(parser, "--db", help, top)


def add_authority_option(parser: argparse.ArgumentParser, *, top: bool = False) -> None:
    help = "shipped authority name or a table file (default: the database's setting, else herefordshire)"
    _shared(parser, "--authority", help, top)


def add_today_option(parser: argparse.ArgumentParser, help: str, *, top: bool = False) -> None:
    _shared(parser, "--today", help, top)


def add_worker_option(parser: argparse.ArgumentParser, help: str, *, top: bool = False) -> None:
    _shared(parser, "--worker", help, top)


def add_team_option(parser: argparse.ArgumentParser, help: str, *, top: bool = False) -> None:
    _shared(parser, "--team", help, top)


def required(args: argparse.Namespace, option: str) -> str:
    """An option a command needs, given before the command or after it."""
    value = getattr(args, option, None)
    if not value:
        raise CommandError(f"this command needs --{option}")
    return str(value)


def open_database(args: argparse.Namespace, *, verify: bool = False) -> Store:
    """The store named by ``--db`` / ``CASELOAD_DB`` / the default location, migrated;
    ``verify``: checked for damage first (before an import)."""
    from ..store.store import open_store  # the database layer loads only when needed

    store = open_store(database_url_of(args), verify=verify)
    store.on_busy = say_waiting
    return store


def say_waiting(waits: int) -> bool:
    """While another process holds the database's write lock: say so once, and keep waiting
    (ctrl+c stops the command; nothing is written then)."""
    if waits == 1:
        print(
            "caseload: the database is busy: another caseload (an import, or the app saving) is "
            "writing to it. Waiting for it to finish (ctrl+c to stop)...",
            file=sys.stderr,
            flush=True,
        )
    return True


def open_for_reading(args: argparse.Namespace, db: Path | None = None) -> Reads:
    """The database (``db``, else as :func:`open_database` finds it) for a command that only
    reads: read with the standard library when it can be (see :mod:`..store.reader`)."""
    from ..store.reader import open_reads

    url = database_url(db) if db is not None else database_url_of(args)
    return open_reads(url)


def database_url_of(args: argparse.Namespace) -> str:
    """The URL ``--db`` / ``CASELOAD_DB`` / the default location names."""
    from ..store.location import resolve_database_url

    return resolve_database_url(getattr(args, "db", None), os.environ)


def database_file_of(args: argparse.Namespace) -> Path | None:
    """The SQLite file ``--db`` / ``CASELOAD_DB`` / the default location names (None for a URL
    of another database): the file no output may be written onto."""
    from ..store.location import sqlite_file

    try:
        return sqlite_file(database_url_of(args))
    except Exception:  # said once, as the command's own error
        return None


def database_url(db: Path) -> str:
    """The SQLAlchemy URL of a database file."""
    from ..store.location import resolve_database_url

    return resolve_database_url(str(db), {})


def table_in_force(args: argparse.Namespace, store: Reads | None = None) -> TimescaleTable:
    """``--authority``, else the table the database says is in force, else the default."""
    from ..services.catalogue import open_table

    spec = getattr(args, "authority", None)
    if spec is None and store is not None:
        from ..store.settings_keys import AUTHORITY_TABLE

        spec = store.get_setting(AUTHORITY_TABLE)
    return open_table(spec)


def warn(message: str) -> None:
    print(f"warning: {message}", file=sys.stderr)


class Progress:
    """A one-line progress bar on stderr, shown only when stderr is a terminal."""

    def __init__(self, label: str, total: int) -> None:
        self.label, self.total = label, max(total, 1)
        self.shown = sys.stderr.isatty()

    def __call__(self, rows: int, done: int) -> None:
        if not self.shown:
            return
        share = min(done / self.total, 1.0)
        bar = "#" * int(share * 30)
        print(f"\r{self.label} [{bar:<30}] {share:4.0%} {rows:,} rows", end="", file=sys.stderr, flush=True)

    def finish(self) -> None:
        if self.shown:
            print(file=sys.stderr)
