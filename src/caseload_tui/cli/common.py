"""What the subcommands share: today, the database, the table in force, progress on stderr."""

from __future__ import annotations

import argparse
import sys
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from ..domain.dates import parse_date
from ..services.explain import Refusal

if TYPE_CHECKING:
    from ..services.workspace import Workspace


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


def open_workspace_of(args: argparse.Namespace, db: Path | None = None, *, create: bool = False) -> Workspace:
    """The workspace ``db`` (else ``--db`` / ``CASELOAD_DB`` / the default location) names, with
    the table in force (``--authority``, else the database's setting, else the default).
    Without ``create`` the database must already hold a caseload. ``--worker``, when given, is
    recorded in the audit log as who made each change."""
    from ..services.workspace import open_workspace  # the database layer loads only when needed

    workspace = open_workspace(
        database_url_of(args, db), getattr(args, "authority", None), create=create, on_busy=say_waiting
    )
    workspace.act_as(getattr(args, "worker", None))  # the audit log's "who", beside the OS account
    return workspace


def database_url_of(args: argparse.Namespace, db: Path | None = None) -> str:
    """The URL ``db``, else ``--db`` / ``CASELOAD_DB`` / the default location, names."""
    from ..services.places import database_url

    return database_url(db if db is not None else getattr(args, "db", None))


def database_file_of(args: argparse.Namespace) -> Path | None:
    """The SQLite file ``--db`` / ``CASELOAD_DB`` / the default location names (None for a URL
    of another database): the file no output may be written onto."""
    from ..services.places import database_file

    try:
        return database_file(database_url_of(args))
    except Exception:  # said once, as the command's own error
        return None


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
