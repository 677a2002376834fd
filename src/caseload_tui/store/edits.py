"""Single-row writes from the interface (a visit recorded, a visit planned, a case moved).

Each runs inside a write transaction held by :class:`.Store` and audits what it changes.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from sqlalchemy import Column, Connection, Table, delete, insert, select, update
from sqlalchemy.exc import IntegrityError

from ..domain.vocabulary import BOOKABLE_KINDS, RECORDABLE_KINDS
from .audit import Audit
from .errors import StoreError
from .importing import event_key
from .tables import CHILDREN, EVENTS, PLANNED_VISITS, SCHEDULED, SETTINGS, WORKERS


def _key_column(table: Table) -> Column[Any]:
    (column,) = table.primary_key.columns
    return column


def _current(conn: Connection, table: Table, key: object, what: str) -> dict[str, Any]:
    row = conn.execute(select(table).where(_key_column(table) == key)).mappings().first()
    if row is None:
        raise StoreError(f"no {what} {key}")
    return dict(row)


def insert_row(
    conn: Connection, audit: Audit, table: Table, values: dict[str, Any], key: str | None = None
) -> int:
    """Insert one row and audit it; returns the new integer key (if the table has one)."""
    result = conn.execute(insert(table).values(values))
    new_key = result.inserted_primary_key[0] if result.inserted_primary_key else None
    key_name = _key_column(table).name
    after = {key_name: new_key, **values}
    audit.inserted(table.name, key or str(after[key_name]), after)
    return int(new_key) if isinstance(new_key, int) else 0


def update_row(
    conn: Connection,
    audit: Audit,
    table: Table,
    key: object,
    changes: dict[str, Any],
    what: str,
    label: str = "",
) -> None:
    """Change some columns of one row, auditing before and after (no row: StoreError)."""
    before = _current(conn, table, key, what)
    after = {**before, **changes}
    if after == before:
        return
    conn.execute(update(table).where(_key_column(table) == key).values(changes))
    audit.updated(table.name, label or str(key), before, after)


def delete_row(conn: Connection, audit: Audit, table: Table, key: object, what: str, label: str = "") -> None:
    before = _current(conn, table, key, what)
    conn.execute(delete(table).where(_key_column(table) == key))
    audit.deleted(table.name, label or str(key), before)


def require_child(conn: Connection, child_id: str) -> None:
    if conn.execute(select(CHILDREN.c.child_id).where(CHILDREN.c.child_id == child_id)).first() is None:
        raise StoreError(f"no child {child_id}")


def require_worker(conn: Connection, worker_id: str) -> None:
    if conn.execute(select(WORKERS.c.worker_id).where(WORKERS.c.worker_id == worker_id)).first() is None:
        raise StoreError(f"no worker {worker_id}")


def record_event(conn: Connection, audit: Audit, values: dict[str, Any]) -> int:
    """Add one event or milestone; one of the same kind for the child on that day is refused."""
    if values["kind"] not in RECORDABLE_KINDS:
        raise StoreError(f"unknown event kind or milestone {values['kind']!r}")
    require_child(conn, values["child_id"])
    key = event_key(values["child_id"], values["kind"], values["on"])
    try:
        with conn.begin_nested():
            return insert_row(conn, audit, EVENTS, values, key)
    except IntegrityError:
        raise StoreError(f"already recorded: {key}") from None


def event_label(conn: Connection, event_id: int) -> str:
    row = conn.execute(
        select(EVENTS.c.child_id, EVENTS.c.kind, EVENTS.c.on).where(EVENTS.c.event_id == event_id)
    )
    found = row.first()
    if found is None:
        raise StoreError(f"no event {event_id}")
    return event_key(*found)


def plan_visit(conn: Connection, audit: Audit, child_id: str, worker_id: str, on: date, note: str) -> int:
    require_child(conn, child_id)
    require_worker(conn, worker_id)
    values = {"child_id": child_id, "worker_id": worker_id, "on": on, "note": note}
    return insert_row(conn, audit, PLANNED_VISITS, values)


def reallocate(conn: Connection, audit: Audit, child_id: str, worker_id: str | None, on: date) -> None:
    if worker_id is not None:
        require_worker(conn, worker_id)
    update_row(conn, audit, CHILDREN, child_id, {"worker_id": worker_id, "allocated_on": on}, "child")


def book(conn: Connection, audit: Audit, child_id: str, kind: str, on: date) -> int:
    """Book a meeting (vocabulary.BOOKABLE_KINDS) for ``on``; the same booking twice is refused."""
    if kind not in BOOKABLE_KINDS:
        raise StoreError(f"{kind!r} is not a meeting that can be booked")
    require_child(conn, child_id)
    key = event_key(child_id, kind, on)
    try:
        with conn.begin_nested():
            return insert_row(conn, audit, SCHEDULED, {"child_id": child_id, "kind": kind, "on": on}, key)
    except IntegrityError:
        raise StoreError(f"already booked: {key}") from None


def set_setting(conn: Connection, audit: Audit, key: str, value: str) -> None:
    if conn.execute(select(SETTINGS.c.key).where(SETTINGS.c.key == key)).first() is None:
        insert_row(conn, audit, SETTINGS, {"key": key, "value": value}, key)
    else:
        update_row(conn, audit, SETTINGS, key, {"value": value}, "setting")
