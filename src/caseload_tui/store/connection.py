"""The SQLAlchemy engine, for SQLite and PostgreSQL: one writer at a time on both.

Every write transaction takes the database's write lock as it begins, so that a second writer
waits for the first instead of failing part way:

- SQLite: pysqlite's own transaction handling starts transactions lazily and never for SELECT,
  so it is turned off and we emit BEGIN ourselves: plain BEGIN for reads, BEGIN IMMEDIATE for
  writes (the write lock up front; a second writer waits out the busy timeout instead of failing
  with "database is locked" when its read lock cannot be upgraded).
- PostgreSQL: a write transaction takes one transaction-level advisory lock (released at
  commit or rollback), waiting at most ``lock_timeout``. A read transaction is REPEATABLE READ:
  one snapshot for all its queries, as a SQLite read transaction has.

How long a write waits for the lock is the connection's :data:`WAIT` execution option.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any
from urllib.parse import quote

from sqlalchemy import Connection, Engine, create_engine, event

from .check import sqlite_error
from .cipher import DatabaseKey, connect, dbapi
from .constants import BUSY_TIMEOUT_MS
from .location import sqlite_file

WRITE = "caseload_write"  # execution option marking a connection that will write
WAIT = "caseload_wait_ms"  # execution option: how long its BEGIN waits for the write lock
# the advisory lock every writer to a PostgreSQL database takes (any fixed number will do)
WRITE_LOCK = 726_122_026
_LOCK_NOT_AVAILABLE = "55P03"  # PostgreSQL's SQLSTATE when lock_timeout ran out


def make_engine(url: str, *, key: DatabaseKey | None = None, read_only_file: Path | None = None) -> Engine:
    """An engine for ``url``. SQLite gets WAL, foreign keys and a busy timeout.

    ``key``: the SQLite file is encrypted (SQLCipher, see :mod:`.cipher`); each new connection is
    keyed before anything reads it. None: a plain file.

    ``read_only_file``: the SQLite file behind ``url`` is opened as it is on disk, without locks
    (``immutable``), for a file the user may only read: SQLite cannot make the shared-memory file
    a WAL database needs beside it. Such a connection may only read.
    """
    # hide_parameters: a failed statement's message must not carry names or dates of birth
    if read_only_file is not None:
        uri = f"file:{quote(str(read_only_file))}?mode=ro&immutable=1"
        engine = create_engine(
            url, hide_parameters=True, module=dbapi(key),
            creator=lambda: connect(uri, key, uri=True, isolation_level=None, check_same_thread=False),
        )  # fmt: skip
        event.listen(engine, "connect", _sqlite_read_only_connect)
        event.listen(engine, "begin", _sqlite_begin)
        return engine
    if key is not None:
        path = sqlite_file(url)
        if path is None:
            raise ValueError("only a SQLite file can be encrypted")
        # the same engine as a plain file's, its connections made (and keyed) by SQLCipher
        engine = create_engine(
            url, hide_parameters=True, module=dbapi(key),
            creator=lambda: connect(path, key, isolation_level=None, check_same_thread=False),
        )  # fmt: skip
    else:
        engine = create_engine(url, hide_parameters=True)
    if engine.dialect.name == "sqlite":
        event.listen(engine, "connect", _sqlite_connect)
        event.listen(engine, "begin", _sqlite_begin)
    elif engine.dialect.name == "postgresql":
        event.listen(engine, "begin", _postgresql_begin)
    return engine


def refresh_statistics(engine: Engine) -> None:
    """After a large import: PostgreSQL's planner statistics brought up to date at once (its
    autovacuum would do it only later, and until then it reads every child's history by a sort
    on disk instead of the index). SQLite's planner needs none to use its indexes."""
    if engine.dialect.name == "postgresql":
        with engine.connect() as conn:
            conn.execution_options(isolation_level="AUTOCOMMIT").exec_driver_sql(
                "ANALYZE children, events, scheduled_events, care_history, audit_log"
            )


def busy(exc: BaseException) -> bool:
    """Whether ``exc`` says another writer holds the write lock (the wait ran out)."""
    if sqlite_error(exc) in ("BUSY", "LOCKED"):
        return True
    return getattr(getattr(exc, "orig", None), "sqlstate", None) == _LOCK_NOT_AVAILABLE


def _wait(conn: Connection) -> int:
    return int(conn.get_execution_options().get(WAIT, BUSY_TIMEOUT_MS))


def _sqlite_connect(dbapi_connection: Any, _record: Any) -> None:
    dbapi_connection.isolation_level = None  # we emit BEGIN ourselves (see the module docstring)
    cursor = dbapi_connection.cursor()
    cursor.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
    cursor.execute("PRAGMA foreign_keys = ON")
    cursor.execute("PRAGMA journal_mode = WAL")
    cursor.execute("PRAGMA synchronous = FULL")  # a power cut must not lose a recorded visit
    cursor.close()


def _sqlite_read_only_connect(dbapi_connection: Any, _record: Any) -> None:
    dbapi_connection.execute("PRAGMA query_only = ON")


def _sqlite_begin(conn: Connection) -> None:
    if not conn.get_execution_options().get(WRITE):
        conn.exec_driver_sql("BEGIN")
        return
    conn.exec_driver_sql(f"PRAGMA busy_timeout = {_wait(conn)}")
    try:
        conn.exec_driver_sql("BEGIN IMMEDIATE")
    finally:
        conn.exec_driver_sql(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")


def _postgresql_begin(conn: Connection) -> None:
    if conn.get_execution_options().get("isolation_level") == "AUTOCOMMIT":  # no transaction at all
        return
    if not conn.get_execution_options().get(WRITE):
        conn.exec_driver_sql("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ")
        return
    conn.exec_driver_sql(f"SET LOCAL lock_timeout = {_wait(conn)}")
    conn.exec_driver_sql(f"SELECT pg_advisory_xact_lock({WRITE_LOCK})")
    conn.exec_driver_sql(f"SET LOCAL lock_timeout = {BUSY_TIMEOUT_MS}")
