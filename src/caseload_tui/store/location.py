"""Where the database lives: ``--db``, then ``CASELOAD_DB``, then the user data directory."""

from __future__ import annotations

import os
import re
from collections.abc import Mapping
from pathlib import Path

from platformdirs import user_data_path

ENV_VAR = "CASELOAD_DB"
APP_NAME = "caseload-tui"
DB_FILE = "caseload.db"

_URL = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*://")
_SQLITE_URL = re.compile(r"^sqlite(\+pysqlite)?:///(?P<database>[^?]*)(\?.*)?$")


def default_database_path() -> Path:
    """The per-user database file (e.g. ``~/.local/share/caseload-tui/caseload.db``)."""
    return user_data_path(APP_NAME, appauthor=False) / DB_FILE


def resolve_database_url(cli_value: str | None, environ: Mapping[str, str]) -> str:
    """The SQLAlchemy URL to open: a ``--db`` value wins over ``CASELOAD_DB``, then the default.

    Either may be a file path (made absolute, ``~`` expanded) or a full SQLAlchemy URL.
    """
    for value in (cli_value, environ.get(ENV_VAR)):
        if value and value.strip():
            value = value.strip()
            if _URL.match(value):
                return value
            return _sqlite_url(Path(value).expanduser())
    return _sqlite_url(default_database_path())


def _sqlite_url(path: Path) -> str:
    return f"sqlite:///{path.absolute()}"


def sqlite_file(url: str) -> Path | None:
    """The file behind a SQLite URL, or None (another database, or in memory)."""
    found = _SQLITE_URL.match(url)
    database = found["database"] if found else None
    if not database or database == ":memory:" or database.startswith("file:"):  # file: a URI filename
        return None
    return Path(database)


def create_private_file(path: Path) -> None:
    """Create ``path`` readable by its owner only (0600) unless it exists already.

    Done with ``os.open`` before SQLite opens the file: SQLite would create it with the umask's
    usual 0644, and children's records must not be readable by other users of the machine.
    SQLite gives the -wal and -shm files the permissions of the database file.
    """
    path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        return
    os.close(fd)
