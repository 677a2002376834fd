"""Single-row writes from the interface (a visit recorded, a visit planned, a case moved).

Each runs inside a write transaction held by :class:`.Store` and audits what it changes.
"""

from __future__ import annotations

import json
from datetime import date, datetime
from typing import Any

from sqlalchemy import (
    Column,
    Connection,
    Date,
    DateTime,
    Table,
    TypeDecorator,
    delete,
    func,
    insert,
    select,
    update,
)
from sqlalchemy.exc import IntegrityError

from ..domain.records import ChildRecord
from ..domain.vocabulary import BOOKABLE_KINDS, RECORDABLE_KINDS
from .audit import CHANGE_ACTIONS, Audit
from .errors import StoreError
from .importing import HISTORY_FIELDS, child_values, event_key
from .tables import (
    AUDIT,
    CARE_HISTORY,
    CHILDREN,
    EVENTS,
    PLANNED_VISITS,
    SCHEDULED,
    SETTINGS,
    TEAMS,
    WORKERS,
)

# the tables a change can be undone in (the audit log itself is never changed)
UNDOABLE = {
    t.name: t for t in (TEAMS, WORKERS, CHILDREN, CARE_HISTORY, EVENTS, SCHEDULED, PLANNED_VISITS, SETTINGS)
}


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


def record_event(conn: Connection, audit: Audit, values: dict[str, Any], again: bool = False) -> int:
    """Add one event or milestone. One of the same kind for the child on that day is refused,
    unless ``again``: a second genuine one that day (two visits), recorded as such."""
    if values["kind"] not in RECORDABLE_KINDS:
        raise StoreError(f"unknown event kind or milestone {values['kind']!r}")
    require_child(conn, values["child_id"])
    key = event_key(values["child_id"], values["kind"], values["on"])
    repeat = next_repeat(conn, values["child_id"], values["kind"], values["on"]) if again else 0
    try:
        with conn.begin_nested():
            return insert_row(conn, audit, EVENTS, {**values, "repeat": repeat}, key)
    except IntegrityError:
        raise StoreError(f"already recorded: {key}") from None


def next_repeat(conn: Connection, child_id: str, kind: str, on: date) -> int:
    """The ``repeat`` a further record of ``kind`` on ``on`` takes (0 when there is none yet)."""
    e = EVENTS.c
    query = select(func.max(e.repeat)).where(e.child_id == child_id, e.kind == kind, e.on == on)
    highest = conn.execute(query).scalar()
    return 0 if highest is None else int(highest) + 1


def correct_event(conn: Connection, audit: Audit, event_id: int, changes: dict[str, Any]) -> None:
    """Change an event's day, seen alone, unannounced or note (audited before and after). Moved
    to a day that already has one of its kind, it becomes the second of that day."""
    current = _current(conn, EVENTS, event_id, "event")
    on = changes.get("on", current["on"])
    if on != current["on"]:
        changes = {**changes, "repeat": next_repeat(conn, current["child_id"], current["kind"], on)}
    update_row(
        conn, audit, EVENTS, event_id, changes, "event", event_key(current["child_id"], current["kind"], on)
    )


def complete_planned_visits(conn: Connection, audit: Audit, child_id: str, on: date) -> int:
    """A visit recorded on ``on`` completes the child's visits planned for that day or before."""
    p = PLANNED_VISITS.c
    done = conn.execute(select(p.visit_id).where(p.child_id == child_id, p.on <= on)).scalars().all()
    for visit_id in done:
        delete_row(conn, audit, PLANNED_VISITS, visit_id, "planned visit")
    return len(done)


def event_label(conn: Connection, event_id: int) -> str:
    row = conn.execute(
        select(EVENTS.c.child_id, EVENTS.c.kind, EVENTS.c.on).where(EVENTS.c.event_id == event_id)
    )
    found = row.first()
    if found is None:
        raise StoreError(f"no event {event_id}")
    return event_key(*found)


def plan_visit(conn: Connection, audit: Audit, child_id: str, worker_id: str, on: date, note: str) -> int:
    """Plan a visit; one planned visit per child per day."""
    require_child(conn, child_id)
    require_worker(conn, worker_id)
    refuse_second_plan(conn, child_id, on)
    values = {"child_id": child_id, "worker_id": worker_id, "on": on, "note": note}
    return insert_row(conn, audit, PLANNED_VISITS, values)


def move_planned_visit(conn: Connection, audit: Audit, visit_id: int, on: date) -> None:
    current = _current(conn, PLANNED_VISITS, visit_id, "planned visit")
    if on != current["on"]:
        refuse_second_plan(conn, current["child_id"], on)
    update_row(conn, audit, PLANNED_VISITS, visit_id, {"on": on}, "planned visit")


def refuse_second_plan(conn: Connection, child_id: str, on: date) -> None:
    p = PLANNED_VISITS.c
    if conn.execute(select(p.visit_id).where(p.child_id == child_id, p.on == on)).first() is not None:
        raise StoreError(f"a visit is already planned for {on:%d/%m/%Y}: move that one instead")


def reallocate(conn: Connection, audit: Audit, child_id: str, worker_id: str | None, on: date) -> None:
    """Allocate the child to ``worker_id`` (None: unallocated) from ``on``, and add that to the
    child's allocation history."""
    if worker_id is not None:
        require_worker(conn, worker_id)
    update_row(conn, audit, CHILDREN, child_id, {"worker_id": worker_id, "allocated_on": on}, "child")
    entry = {
        "child_id": child_id,
        "what": "allocation",
        "type": worker_id,
        "start": on,
        "recorded_at": audit.at,
    }
    insert_row(conn, audit, CARE_HISTORY, entry, child_id)


def save_child(conn: Connection, audit: Audit, record: ChildRecord) -> None:
    """Add a child or change one from the app (one row, audited with its key so it can be
    undone); a new plan, placement or allocation goes into the child's history."""
    if record.worker_id is not None:
        require_worker(conn, record.worker_id)
    old = _row(conn, CHILDREN, record.child_id)
    new = child_values(record, old)
    if old is None:
        insert_row(
            conn, audit, CHILDREN, {"child_id": record.child_id, **new, "is_open": True}, record.child_id
        )
    else:
        update_row(conn, audit, CHILDREN, record.child_id, new, "child")
    for what, (of, since) in HISTORY_FIELDS.items():
        period = (new[of], new[since])
        if period != ((old[of], old[since]) if old else (None, None)):
            entry = {"child_id": record.child_id, "what": what, "type": period[0], "start": period[1]}
            insert_row(conn, audit, CARE_HISTORY, {**entry, "recorded_at": audit.at}, record.child_id)


# -- undo: a change put back from its audit rows ----------------------------------------------


def revert(conn: Connection, audit: Audit, change_id: str) -> int:
    """Put back what change ``change_id`` did, newest row first, as a new change (audited).

    Refused (StoreError, nothing written) when a row it wrote has been changed since, or when
    the change was an import (its rows have no keys to find them by: restore a backup)."""
    a = AUDIT.c
    rows = conn.execute(
        select(a.table_name, a.action, a.before, a.after, a.erased)
        .where(a.change_id == change_id, a.action.in_(CHANGE_ACTIONS))  # never a view, never an erasure
        .order_by(a.id.desc())
    ).all()
    if not rows:
        raise StoreError("nothing to undo: that change is not in the audit log")
    if any(erased for *_, erased in rows):
        raise StoreError("part of that change was erased from the audit log: it cannot be undone")
    for table_name, action, before, after, _ in rows:
        table = UNDOABLE.get(table_name)
        if table is None:
            raise StoreError(f"a change to {table_name} cannot be undone")
        _revert_row(conn, audit, table, action, _typed(table, before), _typed(table, after))
    return len(rows)


def _revert_row(
    conn: Connection, audit: Audit, table: Table, action: str, before: dict[str, Any] | None,
    after: dict[str, Any] | None,
) -> None:  # fmt: skip
    key_name = _key_column(table).name
    changed = StoreError("it has been changed since: undo the later change first")
    if action == "delete":
        assert before is not None
        if _row(conn, table, before[key_name]) is not None:
            raise changed
        insert_row(conn, audit, table, before)
        return
    assert after is not None
    if key_name not in after:
        raise StoreError("an import cannot be undone here: restore the backup taken before it")
    current = _row(conn, table, after[key_name])
    if current is None or any(current.get(k) != v for k, v in after.items()):
        raise changed
    if action == "insert":
        delete_row(conn, audit, table, after[key_name], table.name)
    else:
        assert before is not None
        update_row(
            conn,
            audit,
            table,
            after[key_name],
            {k: v for k, v in before.items() if k != key_name},
            table.name,
        )


def _row(conn: Connection, table: Table, key: object) -> dict[str, Any] | None:
    found = conn.execute(select(table).where(_key_column(table) == key)).mappings().first()
    return None if found is None else dict(found)


def _typed(table: Table, text: str | None) -> dict[str, Any] | None:
    """An audit row's JSON back into the column types (dates and moments were written as ISO text)."""
    if text is None:
        return None
    values: dict[str, Any] = json.loads(text)
    for name, value in values.items():
        if isinstance(value, str) and name in table.c:
            kind = table.c[name].type
            stored = kind.impl if isinstance(kind, TypeDecorator) else kind  # UtcDateTime: a DateTime
            if isinstance(stored, DateTime):
                values[name] = datetime.fromisoformat(value)
            elif isinstance(stored, Date):
                values[name] = date.fromisoformat(value)
    return values


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
