"""The audit trail: one row per insert, update or delete, written in the same transaction.

The audit table is part of the record, so it holds names and dates of birth; nothing here goes
to a logger.
"""

from __future__ import annotations

import json
import os
import sys
import uuid
from collections.abc import Mapping
from datetime import UTC, date, datetime
from typing import Any

from sqlalchemy import Connection, select, text

from .batches import Writes, insert_rows
from .chain import GENESIS, seal
from .tables import AUDIT

Row = Mapping[str, Any]

# what is not a change to the data: a record of who looked (a child's screen opened, named data
# printed or exported), an erasure in the log itself, the chain's start. Never undone, and never
# "the data last changed".
ACCESS_ACTIONS = ("view", "print", "export")
CHANGE_ACTIONS = ("insert", "update", "delete")


def os_user() -> str:
    """The operating-system account this process runs as, as the audit trail's "who", asked of
    the OS itself: never the USER, LOGNAME or USERNAME variables (getpass reads those first),
    which anyone can set."""
    try:
        if sys.platform == "win32":
            return os.getlogin()  # on Windows: the Win32 GetUserNameW of this process's token
        import pwd  # POSIX only: imported here so that the module loads on Windows

        return pwd.getpwuid(os.getuid()).pw_name
    except (OSError, KeyError):  # a uid with no name (some containers): still record the change
        return f"uid {os.getuid()}" if hasattr(os, "getuid") else "unknown"


def utc_now() -> datetime:
    """Now, in UTC (stored as UTC; read back as aware datetimes)."""
    return datetime.now(UTC)


def _default(value: object) -> object:
    if isinstance(value, date | datetime):
        return value.isoformat()
    if isinstance(value, frozenset | set):
        return sorted(value)
    raise TypeError(f"cannot put {type(value).__name__} in the audit log")


# one encoder for every row (json.dumps would make one per call: a fifth of an import's work-out)
_ENCODER = json.JSONEncoder(default=_default, sort_keys=True, ensure_ascii=False)


def as_json(row: Row | None) -> str | None:
    return None if row is None else _ENCODER.encode(row)


class Audit:
    """Collects the audit rows of one transaction and writes them in one executemany, chained
    on to the last row (see :mod:`.chain`). Every row carries the transaction's ``change_id``:
    the change is undone, or looked up, as a whole; who made it is the OS account (``user``)
    and the worker signed in to caseload (``worker``, None when nobody is)."""

    __slots__ = ("at", "change_id", "connection", "rows", "user", "worker")

    def __init__(self, connection: Connection, user: str, worker: str | None = None) -> None:
        self.connection = connection
        self.user = user
        self.worker = worker
        self.at = utc_now()
        self.change_id = uuid.uuid4().hex
        self.rows: list[dict[str, Any]] = []

    def record(self, table: str, key: str, action: str, before: Row | None, after: Row | None) -> None:
        self.rows.append(
            {
                "at": self.at,
                "os_user": self.user,
                "app_user": self.worker,
                "table_name": table,
                "row_key": key,
                "action": action,
                "before": as_json(before),
                "after": as_json(after),
                "change_id": self.change_id,
            }
        )

    def inserted(self, table: str, key: str, after: Row) -> None:
        self.record(table, key, "insert", None, after)

    def updated(self, table: str, key: str, before: Row, after: Row) -> None:
        self.record(table, key, "update", before, after)

    def deleted(self, table: str, key: str, before: Row) -> None:
        self.record(table, key, "delete", before, None)

    def flush(self, into: Writes | None = None) -> None:
        """Write what has been collected (call under the write lock, before the transaction
        commits), or add it to ``into``, an import's writes that run later: only if nobody
        wrote in between (:func:`.importing.change_mark`), so the chain worked out here holds."""
        if self.rows:
            rows = self.rows
            last_id, _ = seal(rows, *chain_head(self.connection))
            if into is not None:
                into.call(lambda conn: _insert(conn, rows, last_id))
            else:
                _insert(self.connection, rows, last_id)
        self.rows = []


def chain_head(conn: Connection) -> tuple[int, str]:
    """The id and ``chain_hash`` of the audit log's last row ((0, GENESIS) when it is empty)."""
    a = AUDIT.c
    last = conn.execute(select(a.id, a.chain_hash).order_by(a.id.desc()).limit(1)).first()
    if last is None:
        return 0, GENESIS
    return int(last[0]), last[1] or GENESIS


def _insert(conn: Connection, rows: list[dict[str, Any]], last_id: int) -> None:
    """The rows, with the ids the chain gave them; PostgreSQL's id sequence moved past them
    (so that its default never hands out one of them)."""
    insert_rows(conn, AUDIT, rows)
    if conn.dialect.name == "postgresql":
        conn.execute(
            text("SELECT setval(pg_get_serial_sequence('audit_log', 'id'), :last)"), {"last": last_id}
        )
