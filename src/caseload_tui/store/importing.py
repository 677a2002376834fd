"""Bulk writes for the CSV import: workers, children and events, by executemany.

Each function runs inside a transaction the caller holds (see :class:`.Store`), so an import
writes everything or nothing. Children and events can also be worked out first and written
later: given ``out`` (a :class:`.Writes`), they only read, and leave their statements there for
the caller to run in one short write transaction (the write lock is not held while they work).
Input is consumed in chunks.
A re-import matches rows by their natural keys (worker id, case reference; child, kind and day
for events) and updates them in place, counting inserted, updated and unchanged rows.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable, Mapping
from datetime import date
from typing import Any

from sqlalchemy import Connection, bindparam, func, insert, select, update

from ..domain.records import ChildRecord, EventRecord, WorkerRecord
from .audit import Audit
from .batches import IN_LIST, Writes, batched, insert_rows
from .errors import UnknownReferences
from .read_models import ImportCounts
from .tables import AUDIT, CARE_HISTORY, CHILDREN, EVENTS, SCHEDULED, TEAMS, WORKERS

CHUNK = 5_000  # records held in memory at once

CHILD_FIELDS = (
    "given_name", "family_name", "date_of_birth", "worker_id", "allocated_on", "plan_type",
    "plan_start", "placement_type", "placement_start", "flags",
)  # fmt: skip
# a child's histories: what is kept, from the fields it is kept from (the value, from when)
HISTORY_FIELDS = {
    "plan": ("plan_type", "plan_start"),
    "placement": ("placement_type", "placement_start"),
    "allocation": ("worker_id", "allocated_on"),
}
EVENT_FIELDS = ("seen_alone", "unannounced", "written_up", "recorded_on", "recorded_by", "note")


def change_mark(conn: Connection) -> tuple[int, int | None]:
    """What changes whenever anyone commits a write: every write adds audit rows, and none are
    ever deleted. An import worked out before the write lock is written only if this is the same
    under the lock (nobody wrote in between)."""
    count, last = conn.execute(select(func.count(), func.max(AUDIT.c.id))).one()
    return int(count), last


def event_key(child_id: str, kind: str, on: date) -> str:
    """How the audit log names an event: its natural key (bulk inserts return no ids)."""
    return f"{child_id} {kind} {on.isoformat()}"


def flags_text(flags: Iterable[str]) -> str:
    return " ".join(sorted(flags))


# -- workers ------------------------------------------------------------------------------------


def upsert_workers(conn: Connection, audit: Audit, records: Iterable[WorkerRecord]) -> ImportCounts:
    """Insert new workers and update changed ones; teams are created as they are named."""
    latest = {r.worker_id: r for r in records}  # a worker listed twice: the last line wins
    team_ids = ensure_teams(conn, audit, {r.team for r in latest.values()})
    team_names = {team_id: name for name, team_id in team_ids.items()}
    existing = {row["worker_id"]: dict(row) for row in conn.execute(select(WORKERS)).mappings()}
    inserts: list[dict[str, Any]] = []
    updates: list[dict[str, Any]] = []
    unchanged = 0
    for worker_id, r in latest.items():
        row = {
            "worker_id": worker_id, "name": r.name, "role": r.role, "team_id": team_ids[r.team],
            "fte": r.fte, "caseload_target": r.caseload_target,
        }  # fmt: skip
        old = existing.get(worker_id)
        if old is None:
            inserts.append(row)
            audit.inserted("workers", worker_id, _worker_audit(row, team_names))
        elif old == row:
            unchanged += 1
        else:
            updates.append({**row, "b_key": worker_id})
            audit.updated(
                "workers", worker_id, _worker_audit(old, team_names), _worker_audit(row, team_names)
            )
    if inserts:
        insert_rows(conn, WORKERS, inserts)
    if updates:
        conn.execute(update(WORKERS).where(WORKERS.c.worker_id == bindparam("b_key")), updates)
    return ImportCounts(len(inserts), len(updates), unchanged)


def _worker_audit(row: Mapping[str, Any], team_names: Mapping[int, str]) -> dict[str, Any]:
    return {**{k: v for k, v in row.items() if k != "team_id"}, "team": team_names[row["team_id"]]}


def ensure_teams(conn: Connection, audit: Audit, names: Collection[str]) -> dict[str, int]:
    """Every team's id by name, creating the ``names`` not yet known."""
    team_ids: dict[str, int] = {name: team_id for team_id, name in conn.execute(select(TEAMS))}
    for name in sorted(set(names) - team_ids.keys()):
        team_id = conn.execute(insert(TEAMS).values(name=name)).inserted_primary_key
        assert team_id is not None
        team_ids[name] = int(team_id[0])
        audit.inserted("teams", name, {"team_id": team_ids[name], "name": name})
    return team_ids


# -- children -----------------------------------------------------------------------------------


def upsert_children(
    conn: Connection, audit: Audit, records: Iterable[ChildRecord], out: Writes | None = None
) -> ImportCounts:
    """Insert new children and update changed ones by case reference (written to ``out`` when
    given, see the module docstring).

    A new plan, placement or allocation adds a row to the child's history. Children naming
    unknown workers are all listed in one :class:`UnknownReferences`, and nothing is written.
    """
    writes = out if out is not None else Writes()
    known_workers = set(conn.execute(select(WORKERS.c.worker_id)).scalars())
    unknown: set[str] = set()
    counts = ImportCounts()
    for chunk in batched(records, CHUNK):
        unknown.update(
            r.worker_id for r in chunk if r.worker_id is not None and r.worker_id not in known_workers
        )
        if not unknown:  # once one is missing, only look for the rest: the import will fail
            counts += _upsert_children_chunk(conn, audit, {r.child_id: r for r in chunk}, writes)
            if out is None:
                writes.run(conn)
                writes.steps.clear()
    if unknown:
        raise UnknownReferences("workers", unknown)
    return counts


def child_values(r: ChildRecord, old: dict[str, Any] | None) -> dict[str, Any]:
    """The stored fields a row gives; what the row does not carry (a flags column the file
    lacks) stays as stored. Milestones and events are never a children.csv row's business."""
    flags = flags_text(r.flags) if r.flags is not None else (old["flags"] if old else "")
    return {
        "given_name": r.given_name, "family_name": r.family_name, "date_of_birth": r.date_of_birth,
        "worker_id": r.worker_id, "allocated_on": r.allocated_on, "plan_type": r.plan_type,
        "plan_start": r.plan_start, "placement_type": r.placement_type,
        "placement_start": r.placement_start, "flags": flags,
    }  # fmt: skip


def _upsert_children_chunk(
    conn: Connection, audit: Audit, latest: dict[str, ChildRecord], out: Writes
) -> ImportCounts:
    existing = load_children(conn, latest)
    inserts: list[dict[str, Any]] = []
    updates: list[dict[str, Any]] = []
    history: list[dict[str, Any]] = []  # a new plan or placement (type or start) for a child
    unchanged = 0
    for child_id, record in latest.items():
        old = existing.get(child_id)
        new = child_values(record, old)
        if old == new:
            unchanged += 1
            continue
        if old is None:
            inserts.append({**new, "child_id": child_id, "is_open": True})
            audit.inserted("children", child_id, new)
        else:
            updates.append({**new, "b_key": child_id})
            audit.updated("children", child_id, old, new)
        for what, (of, since) in HISTORY_FIELDS.items():
            period = (new[of], new[since])
            if period != ((old[of], old[since]) if old else (None, None)):
                history.append({"child_id": child_id, "what": what, "type": period[0], "start": period[1]})
    out.insert(CHILDREN, inserts)
    if updates:
        out.execute(update(CHILDREN).where(CHILDREN.c.child_id == bindparam("b_key")), updates)
    for row in history:
        row["recorded_at"] = audit.at
        audit.inserted(CARE_HISTORY.name, row["child_id"], row)
    out.insert(CARE_HISTORY, history)
    return ImportCounts(len(inserts), len(updates), unchanged)


def load_children(conn: Connection, child_ids: Iterable[str]) -> dict[str, dict[str, Any]]:
    """The stored import fields of these children, by case reference."""
    found: dict[str, dict[str, Any]] = {}
    columns = [CHILDREN.c.child_id, *(CHILDREN.c[name] for name in CHILD_FIELDS)]
    for ids in batched(child_ids, IN_LIST):
        for row in conn.execute(select(*columns).where(CHILDREN.c.child_id.in_(ids))).mappings():
            values = dict(row)
            found[values.pop("child_id")] = values
    return found


# -- events -------------------------------------------------------------------------------------


def add_events(
    conn: Connection, audit: Audit, records: Iterable[EventRecord], out: Writes | None = None
) -> ImportCounts:
    """Insert events, updating any already held for the same child, kind and day (written to
    ``out`` when given, see the module docstring).

    Events for case references the database does not hold are all listed in one
    :class:`UnknownReferences`, and nothing is written.
    """
    writes = out if out is not None else Writes()
    known: set[str] = set()
    unknown: set[str] = set()
    counts = ImportCounts()
    for chunk in batched(records, CHUNK):
        asked = {r.child_id for r in chunk} - known - unknown
        found = existing_children(conn, asked)
        known |= found
        unknown |= asked - found
        if not unknown:
            held = {(r.child_id, r.kind, r.on): r for r in chunk if not r.booked}
            counts += _add_events_chunk(conn, audit, held, writes)
            booked = {(r.child_id, r.kind, r.on) for r in chunk if r.booked}
            counts += _add_bookings(conn, audit, booked, writes)
            if out is None:
                writes.run(conn)
                writes.steps.clear()
    if unknown:
        raise UnknownReferences("children", unknown)
    return counts


def _add_bookings(
    conn: Connection, audit: Audit, bookings: set[tuple[str, str, date]], out: Writes
) -> ImportCounts:
    """Meetings booked ahead (a future date of a meeting kind); one a kind a day."""
    if not bookings:
        return ImportCounts()
    held: set[tuple[str, str, date]] = set()
    query = select(SCHEDULED.c.child_id, SCHEDULED.c.kind, SCHEDULED.c.on)
    for ids in batched({child_id for child_id, _, _ in bookings}, IN_LIST):
        held.update(tuple(row) for row in conn.execute(query.where(SCHEDULED.c.child_id.in_(ids))))
    new = sorted(bookings - held)
    rows: list[dict[str, Any]] = []
    for child_id, kind, on in new:
        row = {"child_id": child_id, "kind": kind, "on": on}
        audit.inserted("scheduled_events", event_key(child_id, kind, on), row)
        rows.append(row)
    out.insert(SCHEDULED, rows)
    return ImportCounts(len(rows), 0, len(bookings) - len(rows))


def existing_children(conn: Connection, child_ids: Iterable[str]) -> set[str]:
    found: set[str] = set()
    for ids in batched(child_ids, IN_LIST):
        found.update(conn.execute(select(CHILDREN.c.child_id).where(CHILDREN.c.child_id.in_(ids))).scalars())
    return found


def _add_events_chunk(
    conn: Connection, audit: Audit, latest: dict[tuple[str, str, date], EventRecord], out: Writes
) -> ImportCounts:
    existing = _load_events(conn, {child_id for child_id, _, _ in latest})
    inserts: list[dict[str, Any]] = []
    updates: list[dict[str, Any]] = []
    unchanged = 0
    for key, r in latest.items():
        # an imported event is on the record (the export it came from is the record) unless the
        # file says it is not yet written up
        values = {
            "seen_alone": r.seen_alone, "unannounced": r.unannounced, "written_up": r.written_up,
            "recorded_on": r.recorded_on, "recorded_by": r.recorded_by, "note": r.note,
        }  # fmt: skip
        child_id, kind, on = key
        old = existing.get(key)
        if old is None:
            row = {"child_id": child_id, "kind": kind, "on": on, **values}
            inserts.append(row)
            audit.inserted("events", event_key(*key), row)
        elif old[1] == values:
            unchanged += 1
        else:
            updates.append({**values, "b_key": old[0]})
            audit.updated("events", event_key(*key), old[1], values)
    out.insert(EVENTS, inserts)
    if updates:
        out.execute(update(EVENTS).where(EVENTS.c.event_id == bindparam("b_key")), updates)
    return ImportCounts(len(inserts), len(updates), unchanged)


def _load_events(
    conn: Connection, child_ids: Iterable[str]
) -> dict[tuple[str, str, date], tuple[int, dict[str, Any]]]:
    """The events already held for these children: id and fields, by (child, kind, day)."""
    found: dict[tuple[str, str, date], tuple[int, dict[str, Any]]] = {}
    columns = [EVENTS.c.event_id, EVENTS.c.child_id, EVENTS.c.kind, EVENTS.c.on]
    columns += [EVENTS.c[name] for name in EVENT_FIELDS]
    for ids in batched(child_ids, IN_LIST):
        # "the" record of a day: a second one that day (repeat 1...) was recorded as such
        for row in conn.execute(select(*columns).where(EVENTS.c.child_id.in_(ids), EVENTS.c.repeat == 0)):
            found[(row[1], row[2], row[3])] = (row[0], dict(zip(EVENT_FIELDS, row[4:], strict=True)))
    return found
