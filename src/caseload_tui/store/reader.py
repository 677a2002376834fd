"""Reading a SQLite database with the standard library alone.

Opening the app, or running ``caseload due``, only reads; importing SQLAlchemy, SQLModel and
pydantic to do it would cost about 0.4 s, longer than the reading. So a SQLite file already at
the newest schema is read here with ``sqlite3``; anything else (no file yet, an older schema to
migrate, another database, a URL with driver options) goes to :func:`.open_store`, which
creates, migrates and reads through SQLAlchemy. Writes always go through the :class:`.Store`.
"""

from __future__ import annotations

import os
import sqlite3
from collections.abc import Iterator
from contextlib import closing, contextmanager
from pathlib import Path
from typing import TYPE_CHECKING
from urllib.parse import quote

from .check import DatabaseProblem, check_file, damaged, schema_revision, sqlite_error
from .constants import BUSY_TIMEOUT_MS, LATEST_REVISION
from .location import sqlite_file
from .reads import Reads, Sql

if TYPE_CHECKING:
    from .store import Store


class SqliteReader(Reads):
    """Reads of one SQLite file, each in its own short read transaction (a consistent snapshot
    while another process writes). The connection may never write (``query_only``).

    A file the user cannot write (a read-only share, a read-only copy) is still read: SQLite
    then cannot make the shared-memory file a WAL database needs, so it is opened as
    ``immutable`` (read as it is on disk, without locks: fine for a file nobody can write).
    """

    def __init__(self, path: Path) -> None:
        self.path = self.database_file = path
        self.read_only = False
        # mode=rw, not ro: a reader of a WAL database may need to create its shared-memory file;
        # rw never creates the database itself
        self._uri = f"file:{quote(str(path))}?mode=rw"
        self._revision = self._first_look()

    def _first_look(self) -> str | None:
        """The schema revision, found with the first mode of opening that works."""
        try:
            return self.revision()
        except sqlite3.DatabaseError as exc:
            if sqlite_error(exc) in ("CORRUPT", "NOTADB"):
                raise damaged(self.path) from None
            if sqlite_error(exc) not in ("READONLY", "CANTOPEN") or not os.access(self.path, os.R_OK):
                raise
        self._uri = f"file:{quote(str(self.path))}?mode=ro&immutable=1"
        self.read_only = True
        return self.revision()

    @contextmanager
    def connection(self) -> Iterator[sqlite3.Connection]:
        """A connection that may only read (also the source of a backup)."""
        with closing(sqlite3.connect(self._uri, uri=True, isolation_level=None)) as conn:
            conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
            conn.execute("PRAGMA query_only = ON")
            yield conn

    @contextmanager
    def _reading(self) -> Iterator[Sql]:
        with self.connection() as conn:
            conn.execute("BEGIN")
            try:
                yield Sql(conn.execute, sqlite=True)
            finally:
                if conn.in_transaction:  # an error may have ended it already
                    conn.execute("ROLLBACK")

    def revision(self) -> str | None:
        """The schema revision Alembic recorded, or None for a database with no tables yet.

        Raises :class:`.DatabaseProblem` for a database that is not caseload's or is newer.
        """
        with self.connection() as conn:
            return schema_revision(conn, self.path)


def sqlite_reader(url: str) -> SqliteReader | None:
    """A reader for ``url`` if it is a plain SQLite file at the newest schema, else None.

    Raises :class:`.DatabaseProblem` for a file that is there but cannot be a caseload database.
    """
    path = sqlite_file(url)
    if path is None or "?" in url or not check_file(path, must_exist=False):
        return None
    reader = SqliteReader(path)
    return reader if reader._revision == LATEST_REVISION else None


def open_reads(url: str, *, create: bool = False) -> Reads:
    """The fastest way to read ``url``: :class:`SqliteReader` where it can, else the store.

    A SQLite file must already hold a caseload unless ``create`` (the app, on its own default
    database): a command that only reads never makes a new, empty database.
    """
    path = sqlite_file(url)
    if path is not None and "?" not in url and check_file(path, must_exist=not create):
        reader = SqliteReader(path)
        if reader._revision == LATEST_REVISION:
            return reader
        if reader._revision is None and not create:
            raise DatabaseProblem(
                f"the database {path} holds no caseload yet: import your data first (caseload import "
                f"workers FILE.csv --db {path}), or check --db or CASELOAD_DB"
            )
        if reader.read_only:
            raise DatabaseProblem(
                f"the database {path} was made by an older version of caseload and must be upgraded, "
                "but it is read-only: open it once where it can be written"
            )
    from .store import open_store

    store: Store = open_store(url, create=create)
    return store
