"""The audit trail: one row per insert, update or delete, written in the same transaction.

The audit table is part of the record, so it holds names and dates of birth; nothing here goes
to a logger.
"""

from __future__ import annotations

import getpass
import json
import uuid
from collections.abc import Mapping
from datetime import UTC, date, datetime
from typing import Any

from sqlalchemy import Connection

from .batches import Writes, insert_rows
from .tables import AUDIT

Row = Mapping[str, Any]


def os_user() -> str:
    """The operating-system user, as the audit trail's "who"."""
    try:
        return getpass.getuser()
    except (OSError, KeyError):  # no login name (some containers): still record the change
        return "unknown"


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
    """Collects the audit rows of one transaction and writes them in one executemany. Every row
    carries the transaction's ``change_id``: the change is undone, or looked up, as a whole."""

    __slots__ = ("at", "change_id", "connection", "rows", "user")

    def __init__(self, connection: Connection, user: str) -> None:
        self.connection = connection
        self.user = user
        self.at = utc_now()
        self.change_id = uuid.uuid4().hex
        self.rows: list[dict[str, Any]] = []

    def record(self, table: str, key: str, action: str, before: Row | None, after: Row | None) -> None:
        self.rows.append(
            {
                "at": self.at,
                "os_user": self.user,
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
        """Write what has been collected (call before the transaction commits), or add it to
        ``into``, an import's writes that run later."""
        if into is not None:
            into.insert(AUDIT, self.rows)
        elif self.rows:
            insert_rows(self.connection, AUDIT, self.rows)
        self.rows = []
