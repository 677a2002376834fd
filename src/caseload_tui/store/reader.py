"""Reading a SQLite database with the standard library alone.

Opening the app, or running ``caseload due``, only reads; importing SQLAlchemy, SQLModel and
pydantic to do it would cost about 0.4 s, longer than the reading. So a SQLite file already at
the newest schema is read here with ``sqlite3``; anything else (no file yet, an older schema to
migrate, another database, a URL with driver options) goes to :func:`.open_store`, which
creates, migrates and reads through SQLAlchemy. Writes always go through the :class:`.Store`.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from contextlib import closing, contextmanager
from pathlib import Path
from typing import TYPE_CHECKING
from urllib.parse import quote

from .constants import BUSY_TIMEOUT_MS, LATEST_REVISION
from .location import sqlite_file
from .reads import Reads, Sql

if TYPE_CHECKING:
    from .store import Store


class SqliteReader(Reads):
    """Reads of one SQLite file, each in its own short read transaction (a consistent snapshot
    while another process writes). The connection may never write (``query_only``)."""

    def __init__(self, path: Path) -> None:
        self.path = path
        # mode=rw, not ro: a reader of a WAL database may need to create its shared-memory file;
        # rw never creates the database itself
        self._uri = f"file:{quote(str(path))}?mode=rw"

    @contextmanager
    def _connection(self) -> Iterator[sqlite3.Connection]:
        with closing(sqlite3.connect(self._uri, uri=True, isolation_level=None)) as conn:
            conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
            conn.execute("PRAGMA query_only = ON")
            yield conn

    @contextmanager
    def _reading(self) -> Iterator[Sql]:
        with self._connection() as conn:
            conn.execute("BEGIN")
            try:
                yield Sql(conn.execute, sqlite=True)
            finally:
                if conn.in_transaction:  # an error may have ended it already
                    conn.execute("ROLLBACK")

    def revision(self) -> str | None:
        """The schema revision Alembic recorded, or None (not a migrated database)."""
        with self._connection() as conn:
            try:
                row = conn.execute("SELECT version_num FROM alembic_version").fetchone()
            except sqlite3.OperationalError:  # no such table
                return None
        return None if row is None else str(row[0])


def sqlite_reader(url: str) -> SqliteReader | None:
    """A reader for ``url`` if it is a plain SQLite file at the newest schema, else None."""
    path = sqlite_file(url)
    if path is None or "?" in url or not path.is_file():
        return None
    reader = SqliteReader(path)
    try:
        revision = reader.revision()
    except sqlite3.Error:  # not a database, locked for longer than the timeout...: let the store say
        return None
    return reader if revision == LATEST_REVISION else None


def open_reads(url: str) -> Reads:
    """The fastest way to read ``url``: :class:`SqliteReader` where it can, else the store."""
    reader = sqlite_reader(url)
    if reader is not None:
        return reader
    from .store import open_store

    store: Store = open_store(url)
    return store
