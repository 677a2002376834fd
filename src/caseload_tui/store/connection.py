"""The SQLAlchemy engine: SQLite pragmas on every connection, and explicit BEGINs.

pysqlite's own transaction handling starts transactions lazily and never for SELECT, so we
turn it off and emit BEGIN ourselves: plain BEGIN for reads, BEGIN IMMEDIATE for writes. Taking
the write lock up front means a second writer waits out the busy timeout instead of failing
with "database is locked" when its read lock cannot be upgraded.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import Connection, Engine, create_engine, event

from .constants import BUSY_TIMEOUT_MS

WRITE = "caseload_write"  # execution option marking a connection that will write


def make_engine(url: str) -> Engine:
    """An engine for ``url``; SQLite gets WAL, foreign keys and a busy timeout."""
    # hide_parameters: a failed statement's message must not carry names or dates of birth
    engine = create_engine(url, hide_parameters=True)
    if engine.dialect.name == "sqlite":
        event.listen(engine, "connect", _sqlite_connect)
        event.listen(engine, "begin", _sqlite_begin)
    return engine


def _sqlite_connect(dbapi_connection: Any, _record: Any) -> None:
    dbapi_connection.isolation_level = None  # we emit BEGIN ourselves (see the module docstring)
    cursor = dbapi_connection.cursor()
    cursor.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
    cursor.execute("PRAGMA foreign_keys = ON")
    cursor.execute("PRAGMA journal_mode = WAL")
    cursor.execute("PRAGMA synchronous = FULL")  # a power cut must not lose a recorded visit
    cursor.close()


def _sqlite_begin(conn: Connection) -> None:
    conn.exec_driver_sql("BEGIN IMMEDIATE" if conn.get_execution_options().get(WRITE) else "BEGIN")
