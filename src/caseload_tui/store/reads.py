"""Every read of the database, as SQLAlchemy Core queries on the tables, and :class:`Reads`,
the read half of the :class:`.Store`.

The same queries run on SQLite and PostgreSQL, and the column types bring values back as
Python values on both (dates, booleans, aware UTC timestamps): nothing here converts them.

Child facts are built with three set-based queries (children, their events and milestones,
their booked meetings), each ordered by child and stitched together in one pass: no query per
child. Most of the cost of a large load is one Python object per event row, so an event row
carries only what the engine reads (not even its child's case reference), and identical events
(same kind, day and answers) are made once and shared: events are immutable.

Names and notes come back inert (:func:`..domain.wording.inert`): a control character that
another tool wrote into the database shows as a visible symbol, on screen and in every file,
instead of reaching a terminal as an escape sequence.
"""

from __future__ import annotations

import json
from collections.abc import Iterator, Mapping, Sequence
from contextlib import AbstractContextManager
from dataclasses import dataclass
from datetime import date, datetime
from itertools import islice
from pathlib import Path
from typing import Any

from sqlalchemy import ColumnElement, Connection, ScalarSelect, Select, Table, and_, func, or_, select, true

from ..domain.engine import ChildFacts, Event, ScheduledEvent
from ..domain.vocabulary import MILESTONES
from ..domain.wording import inert
from .audit import CHANGE_ACTIONS
from .chain import VERIFY_COLUMNS, ChainReport, verify
from .errors import StoreError
from .read_models import AuditEntry, Booking, Child, PlannedVisit, PlanPeriod, RecordedEvent, Team, Worker
from .tables import AUDIT, CARE_HISTORY, CHILDREN, EVENTS, PLANNED_VISITS, SCHEDULED, SETTINGS, TEAMS, WORKERS

Row = Sequence[Any]

# -- which children ---------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Which:
    """Which children a read is about: open ones unless ``include_closed``; of one worker, one
    team (``former``: and those once allocated to one of its workers), one child, the
    unallocated, or a range of case references (for splitting a large load)."""

    worker_id: str | None = None
    team: str | None = None
    include_closed: bool = False
    child_id: str | None = None
    id_from: str | None = None
    id_before: str | None = None
    unallocated: bool = False
    former: bool = False

    def where(self) -> ColumnElement[bool]:
        """The condition on the children table."""
        c = CHILDREN.c
        conditions: list[ColumnElement[bool]] = [] if self.include_closed else [c.is_open.is_(True)]
        if self.worker_id is not None:
            conditions.append(c.worker_id == self.worker_id)
        if self.team is not None:
            of_team = (
                select(WORKERS.c.worker_id)
                .join(TEAMS, TEAMS.c.team_id == WORKERS.c.team_id)
                .where(TEAMS.c.name == self.team)
            )
            now = c.worker_id.in_(of_team)
            if self.former:
                h = CARE_HISTORY.c
                once = select(h.child_id).where(h.what == "allocation", h.type.in_(of_team))
                conditions.append(or_(now, c.child_id.in_(once)))
            else:
                conditions.append(now)
        if self.unallocated:
            conditions.append(c.worker_id.is_(None))
        if self.child_id is not None:
            conditions.append(c.child_id == self.child_id)
        if self.id_from is not None:
            conditions.append(c.child_id >= self.id_from)
        if self.id_before is not None:
            conditions.append(c.child_id < self.id_before)
        return and_(true(), *conditions)

    def child_ids(self) -> Select[str]:
        """The chosen children's case references, for related tables."""
        return select(CHILDREN.c.child_id).where(self.where())


# -- the reads --------------------------------------------------------------------------------

_WORKER = select(
    WORKERS.c.worker_id, WORKERS.c.name, WORKERS.c.role, TEAMS.c.name, WORKERS.c.fte,
    WORKERS.c.caseload_target,
).select_from(WORKERS.join(TEAMS, TEAMS.c.team_id == WORKERS.c.team_id))  # fmt: skip
_CHILD_COLUMNS = [
    CHILDREN.c[name]
    for name in (
        "child_id", "given_name", "family_name", "date_of_birth", "worker_id", "allocated_on", "plan_type",
        "plan_start", "placement_type", "placement_start", "flags", "is_open", "closed_on",
    )
]  # fmt: skip
_EVENT = select(
    *(EVENTS.c[name] for name in (
        "event_id", "child_id", "kind", "on", "seen_alone", "unannounced", "written_up", "recorded_on",
        "recorded_by", "note",
    ))
)  # fmt: skip
_PLANNED = select(
    PLANNED_VISITS.c.visit_id, PLANNED_VISITS.c.child_id, PLANNED_VISITS.c.worker_id, PLANNED_VISITS.c.on,
    PLANNED_VISITS.c.note,
)  # fmt: skip


def teams(conn: Connection) -> list[Team]:
    query = (
        select(TEAMS.c.name, func.count(WORKERS.c.worker_id))
        .select_from(TEAMS.outerjoin(WORKERS, WORKERS.c.team_id == TEAMS.c.team_id))
        .group_by(TEAMS.c.team_id, TEAMS.c.name)
        .order_by(TEAMS.c.name)
    )
    return [Team(inert(name), count) for name, count in conn.execute(query)]


def workers(conn: Connection, team: str | None = None) -> list[Worker]:
    query = _WORKER if team is None else _WORKER.where(TEAMS.c.name == team)
    return [_worker(row) for row in conn.execute(query.order_by(WORKERS.c.name, WORKERS.c.worker_id))]


def worker(conn: Connection, worker_id: str) -> Worker | None:
    row = conn.execute(_WORKER.where(WORKERS.c.worker_id == worker_id)).first()
    return None if row is None else _worker(row)


def _worker(row: Row) -> Worker:
    worker_id, name, role, team, fte, target = row
    return Worker(worker_id, inert(name), inert(role), inert(team), fte, target)


def children(conn: Connection, which: Which) -> list[Child]:
    rows = conn.execute(select(*_CHILD_COLUMNS).where(which.where()).order_by(CHILDREN.c.child_id))
    latest = (
        select(EVENTS.c.child_id, EVENTS.c.kind, func.max(EVENTS.c.on))
        .where(EVENTS.c.child_id.in_(which.child_ids()), EVENTS.c.kind.in_(MILESTONES))
        .group_by(EVENTS.c.child_id, EVENTS.c.kind)
    )
    milestones: dict[str, dict[str, date]] = {}
    for child_id, name, on in conn.execute(latest):
        milestones.setdefault(child_id, {})[name] = on
    return [_child(row, milestones.get(row[0], {})) for row in rows]


def _child(row: Row, milestones: Mapping[str, date]) -> Child:
    child_id, given, family, born, worker_id, allocated, plan, plan_start, placement, *rest = row
    placement_start, flags, is_open, closed = rest
    return Child(
        child_id, inert(given), inert(family), born, worker_id, allocated, plan, plan_start, placement,
        placement_start, frozenset(flags.split()), milestones, is_open, closed,
    )  # fmt: skip


def events(conn: Connection, child_id: str) -> list[RecordedEvent]:
    query = _EVENT.where(EVENTS.c.child_id == child_id).order_by(EVENTS.c.on, EVENTS.c.kind, EVENTS.c.repeat)
    return [_event(row) for row in conn.execute(query)]


def event(conn: Connection, event_id: int) -> RecordedEvent | None:
    row = conn.execute(_EVENT.where(EVENTS.c.event_id == event_id)).first()
    return None if row is None else _event(row)


def _event(row: Row) -> RecordedEvent:
    event_id, child_id, kind, on, alone, unannounced, written_up, recorded_on, recorded_by, note = row
    by = None if recorded_by is None else inert(recorded_by)
    return RecordedEvent(
        event_id, child_id, kind, on, alone, unannounced, written_up, recorded_on, by, inert(note)
    )


def bookings(conn: Connection, child_id: str, start: date) -> list[Booking]:
    """The child's meetings booked for ``start`` or later, soonest first."""
    query = (
        select(SCHEDULED.c.id, SCHEDULED.c.child_id, SCHEDULED.c.kind, SCHEDULED.c.on)
        .where(SCHEDULED.c.child_id == child_id, SCHEDULED.c.on >= start)
        .order_by(SCHEDULED.c.on, SCHEDULED.c.kind)
    )
    return [Booking(*row) for row in conn.execute(query)]


HISTORIES = ("plan", "placement", "allocation")


def history(conn: Connection, child_id: str, what: str) -> list[PlanPeriod]:
    """The child's plan, placement or allocation history (``what``), oldest first."""
    if what not in HISTORIES:
        raise ValueError(what)
    h = CARE_HISTORY.c
    query = (
        select(h.child_id, h.type, h.start, h.recorded_at)
        .where(h.child_id == child_id, h.what == what)
        .order_by(h.id)
    )
    return [PlanPeriod(*row) for row in conn.execute(query)]


def planned_visits(conn: Connection, worker_id: str, start: date, end: date) -> list[PlannedVisit]:
    """A worker's planned visits from ``start`` to ``end``, both included."""
    p = PLANNED_VISITS.c
    query = _PLANNED.where(p.worker_id == worker_id, p.on >= start, p.on <= end).order_by(p.on, p.visit_id)
    return [_planned(row) for row in conn.execute(query)]


def planned_visit(conn: Connection, visit_id: int) -> PlannedVisit | None:
    row = conn.execute(_PLANNED.where(PLANNED_VISITS.c.visit_id == visit_id)).first()
    return None if row is None else _planned(row)


def _planned(row: Row) -> PlannedVisit:
    visit_id, child_id, worker_id, on, note = row
    return PlannedVisit(visit_id, child_id, worker_id, on, inert(note))


def setting(conn: Connection, key: str) -> str | None:
    value = conn.execute(select(SETTINGS.c.value).where(SETTINGS.c.key == key)).scalar()
    return None if value is None else str(value)


_AUDIT_ENTRY = select(
    AUDIT.c.at, AUDIT.c.os_user, AUDIT.c.table_name, AUDIT.c.row_key, AUDIT.c.action, AUDIT.c.before,
    AUDIT.c.after, AUDIT.c.change_id, AUDIT.c.app_user, AUDIT.c.id, AUDIT.c.erased,
)  # fmt: skip


def audit_log(
    conn: Connection, limit: int | None, child_id: str | None = None, since: datetime | None = None
) -> list[AuditEntry]:
    """The newest ``limit`` audit rows (None: all), newest first; only those about child
    ``child_id`` (its record, events, plans, visits, views) and at or after ``since``."""
    a = AUDIT.c
    query = _AUDIT_ENTRY
    if child_id is not None:
        quoted = json.dumps(child_id, ensure_ascii=False)  # as the copies hold it (audit.as_json)
        query = query.where(
            or_(
                a.row_key == child_id,
                a.row_key.startswith(f"{child_id} ", autoescape=True),  # an event: "C1 visit 2026-12-01"
                a.after.contains(f'"child_id": {quoted}', autoescape=True),
                a.before.contains(f'"child_id": {quoted}', autoescape=True),
            )
        )
    if since is not None:
        query = query.where(a.at >= since)
    return [AuditEntry(*row) for row in conn.execute(query.order_by(a.id.desc()).limit(limit))]


def verify_audit(conn: Connection) -> ChainReport:
    """Check the audit log's hash chain from its first row (see :func:`.chain.verify`); rows
    are read in batches by id, so a long log is never held whole."""
    return verify(_audit_rows(conn))


def _audit_rows(conn: Connection, batch: int = 20_000) -> Iterator[tuple[Any, ...]]:
    columns = [AUDIT.c[name] for name in VERIFY_COLUMNS]
    last: int | None = None
    while True:
        query = select(*columns).order_by(AUDIT.c.id).limit(batch)
        rows = conn.execute(query if last is None else query.where(AUDIT.c.id > last)).all()
        yield from (tuple(row) for row in rows)
        if len(rows) < batch:
            return
        last = rows[-1][0]


# each child's allocations, oldest first: (from, worker id; None for unallocated)
AllocationHistories = dict[str, list[tuple[date | None, str | None]]]


def allocations(conn: Connection, which: Which) -> AllocationHistories:
    """Each chosen child's allocation history, oldest first: (from, worker; None unallocated)."""
    h = CARE_HISTORY.c
    query = (
        select(h.child_id, h.start, h.type)
        .where(h.what == "allocation", h.child_id.in_(which.child_ids()))
        .order_by(h.child_id, h.id)
    )
    found: AllocationHistories = {}
    for child_id, start, worker_id in conn.execute(query):
        found.setdefault(child_id, []).append((start, worker_id))
    return found


def open_child_ids(conn: Connection, which: Which) -> list[str]:
    """The case references of the children asked about, in order (cheap: no facts)."""
    return list(conn.execute(which.child_ids().order_by(CHILDREN.c.child_id)).scalars())


def open_child_workers(conn: Connection, which: Which) -> list[str | None]:
    """The worker of each child asked about (None: unallocated), for caseload counts."""
    return list(conn.execute(select(CHILDREN.c.worker_id).where(which.where())).scalars())


def unallocated_children(conn: Connection) -> int:
    """Open children with no allocated worker (one count, not a list of 20,000 children)."""
    c = CHILDREN.c
    query = select(func.count()).select_from(CHILDREN).where(c.is_open.is_(True), c.worker_id.is_(None))
    return int(conn.execute(query).scalar_one())


# -- the engine's facts -----------------------------------------------------------------------


def _count(table: Table) -> ScalarSelect[int]:
    """How many rows of ``table`` the child of the enclosing query has."""
    rows = select(func.count()).select_from(table)
    return rows.where(table.c.child_id == CHILDREN.c.child_id).scalar_subquery()


_FACT_COLUMNS = [
    *(
        CHILDREN.c[name]
        for name in (
            "child_id", "plan_type", "plan_start", "placement_type", "placement_start", "date_of_birth",
            "allocated_on", "worker_id", "flags",
        )
    ),
    _count(EVENTS),
    _count(SCHEDULED),
]  # fmt: skip
_HISTORY_COLUMNS = [EVENTS.c[name] for name in ("kind", "on", "seen_alone", "unannounced", "written_up")]


def child_facts(conn: Connection, which: Which) -> list[ChildFacts]:
    """Facts for every child asked about, by case reference.

    Three queries, each ordered by child: the children (with how many events and bookings each
    has), then all their events, then all their bookings; each child takes its count of rows
    from the two streams in turn, so no row carries its child's case reference."""
    chosen = which.child_ids()
    children = conn.execute(select(*_FACT_COLUMNS).where(which.where()).order_by(CHILDREN.c.child_id)).all()
    # ordered as the covering index ix_events_history is: no sort, no table lookups (SQLite)
    events = conn.execute(
        select(*_HISTORY_COLUMNS)
        .where(EVENTS.c.child_id.in_(chosen))
        .order_by(EVENTS.c.child_id, EVENTS.c.on, EVENTS.c.kind)
    )
    scheduled = conn.execute(
        select(SCHEDULED.c.kind, SCHEDULED.c.on)
        .where(SCHEDULED.c.child_id.in_(chosen))
        .order_by(SCHEDULED.c.child_id, SCHEDULED.c.on, SCHEDULED.c.kind)
    )
    history, bookings = iter(events), iter(scheduled)
    made = _Events()  # events are immutable: identical ones (same kind, day, answers) are shared
    facts = []
    for row in children:
        child_id, plan, plan_start, placement, placement_start, born, allocated, worker, flags, *counts = row
        n_events, n_booked = counts
        facts.append(ChildFacts(
            child_id=child_id, plan_type=plan, plan_start=plan_start, placement_type=placement,
            placement_start=placement_start, date_of_birth=born, allocated_on=allocated, worker_id=worker,
            flags=frozenset(flags.split()) if flags else frozenset(),
            events=tuple([made[tuple(row)] for row in islice(history, n_events)]),
            scheduled=tuple([ScheduledEvent(kind, on) for kind, on in islice(bookings, n_booked)]),
        ))  # fmt: skip
    return facts


class _Events(dict[tuple[Any, ...], Event]):
    """Events by their row (kind, day, answers), each made on first sight and shared after."""

    def __missing__(self, row: tuple[Any, ...]) -> Event:
        found = self[row] = Event(*row)
        return found


# -- the read half of the store ---------------------------------------------------------------


class Reads:
    """Every read, each in one short read transaction (see :meth:`.Store._reading`)."""

    database_file: Path | None = None  # the SQLite file read, if it is one (never to be written over)

    def _reading(self) -> AbstractContextManager[Connection]:
        raise NotImplementedError

    def close(self) -> None:
        """Let go of any connections (by default none outlives an operation)."""

    def teams(self) -> list[Team]:
        with self._reading() as conn:
            return teams(conn)

    def workers(self, team: str | None = None) -> list[Worker]:
        with self._reading() as conn:
            return workers(conn, team)

    def worker(self, worker_id: str) -> Worker | None:
        with self._reading() as conn:
            return worker(conn, worker_id)

    def children(
        self, worker_id: str | None = None, team: str | None = None, include_closed: bool = False
    ) -> list[Child]:
        with self._reading() as conn:
            return children(conn, Which(worker_id, team, include_closed))

    def child(self, child_id: str) -> Child | None:
        with self._reading() as conn:
            found = children(conn, Which(include_closed=True, child_id=child_id))
        return found[0] if found else None

    def events(self, child_id: str) -> list[RecordedEvent]:
        with self._reading() as conn:
            return events(conn, child_id)

    def bookings(self, child_id: str, start: date) -> list[Booking]:
        """The child's meetings booked for ``start`` or later."""
        with self._reading() as conn:
            return bookings(conn, child_id, start)

    def history(self, child_id: str, what: str) -> list[PlanPeriod]:
        """The child's ``"plan"``, ``"placement"`` or ``"allocation"`` history, oldest first (an
        allocation's ``type`` is the worker's id; None: unallocated from then)."""
        with self._reading() as conn:
            return history(conn, child_id, what)

    def child_facts(
        self,
        worker_id: str | None = None,
        team: str | None = None,
        child_id: str | None = None,
        id_range: tuple[str | None, str | None] = (None, None),
    ) -> list[ChildFacts]:
        """What the engine needs for every open child (of a worker, a team, or one child).

        ``id_range`` = (from, before) limits to a range of case references.
        """
        which = Which(worker_id, team, False, child_id, *id_range)
        with self._reading() as conn:
            return child_facts(conn, which)

    def unallocated_facts(self) -> list[ChildFacts]:
        """What the engine needs for every open child allocated to nobody."""
        with self._reading() as conn:
            return child_facts(conn, Which(unallocated=True))

    def unallocated_list(self) -> list[Child]:
        """The open children allocated to nobody."""
        with self._reading() as conn:
            return children(conn, Which(unallocated=True))

    def team_history(
        self, team: str | None
    ) -> tuple[list[ChildFacts], dict[str, list[tuple[date | None, str | None]]]]:
        """For a team's past figures: the facts of its children now and of those once allocated
        to one of its workers, and their allocation histories (``team`` None: every child)."""
        which = Which(team=team, former=True)
        with self._reading() as conn:
            return child_facts(conn, which), allocations(conn, which)

    def open_child_workers(self, team: str | None = None) -> list[str | None]:
        """The worker of each open child (of a team), None for the unallocated: no facts loaded."""
        with self._reading() as conn:
            return open_child_workers(conn, Which(team=team))

    def open_child_ids(self, worker_id: str | None = None, team: str | None = None) -> list[str]:
        """Case references of the open children (of a worker or a team), in order."""
        with self._reading() as conn:
            return open_child_ids(conn, Which(worker_id, team))

    def unallocated_children(self) -> int:
        with self._reading() as conn:
            return unallocated_children(conn)

    def planned_visits(self, worker_id: str, start: date, end: date) -> list[PlannedVisit]:
        with self._reading() as conn:
            return planned_visits(conn, worker_id, start, end)

    def get_setting(self, key: str, default: str | None = None) -> str | None:
        with self._reading() as conn:
            value = setting(conn, key)
        return default if value is None else value

    def last_change_at(self) -> datetime | None:
        """When the data last changed (an import, a record, a correction): the newest audit row."""
        with self._reading() as conn:
            changes = AUDIT.c.action.in_(CHANGE_ACTIONS)  # a view or an erasure changes no data
            found: datetime | None = conn.execute(select(func.max(AUDIT.c.at)).where(changes)).scalar()
        return found

    def audit_log(
        self, limit: int | None = 100, child_id: str | None = None, since: datetime | None = None
    ) -> list[AuditEntry]:
        """The newest ``limit`` audit rows (None: all), newest first: changes and views; only
        those about ``child_id`` and from ``since`` when given."""
        with self._reading() as conn:
            return audit_log(conn, limit, child_id, since)

    def audit_chain_hash(self, entry_id: int) -> str | None:
        """The ``chain_hash`` of audit row ``entry_id`` (None: there is no such row)."""
        with self._reading() as conn:
            found = conn.execute(select(AUDIT.c.chain_hash).where(AUDIT.c.id == entry_id)).first()
        return None if found is None else str(found[0])

    def verify_audit(self) -> ChainReport:
        """Check the audit log's hash chain: the first row that no longer fits, if any."""
        with self._reading() as conn:
            return verify_audit(conn)

    def event(self, event_id: int) -> RecordedEvent:
        """One event or milestone by its id (StoreError when there is none)."""
        with self._reading() as conn:
            found = event(conn, event_id)
        if found is None:  # deleted by someone else since: rare, but say so
            raise StoreError(f"no event {event_id}")
        return found

    def _planned(self, visit_id: int) -> PlannedVisit:
        with self._reading() as conn:
            found = planned_visit(conn, visit_id)
        if found is None:
            raise StoreError(f"no planned visit {visit_id}")
        return found

    def _child(self, child_id: str) -> Child:
        found = self.child(child_id)
        if found is None:
            raise StoreError(f"no child {child_id}")
        return found
