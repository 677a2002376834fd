"""Every read of the database, written once as SQL text, and the :class:`Reads` that run them.

Reads far outnumber writes, and the database layer (SQLAlchemy, SQLModel, pydantic) takes
about 0.4 s to import: longer than loading a whole team's children. So reads are plain SQL with
named parameters, which the standard library's ``sqlite3`` and SQLAlchemy's ``text()`` both
accept. :class:`.SqliteReader` runs them on a SQLite file with ``sqlite3`` alone;
:class:`.Store` runs the same text on its own connection. This module imports neither.

Values come back as each driver gives them (SQLite: dates as ISO text, booleans as 0/1) and
are converted here; dates go in as ISO text, which both compare correctly.

Child facts are built with a few set-based queries (children, events and milestones, booked
meetings), each ordered by child and stitched together in one pass: no query per child. Most of
the cost of a million events is making a million row tuples, so on SQLite each child's history
comes back as one string (``group_concat`` over a covering index) and is split in Python.
Events are immutable, so identical ones (same kind, day and answers) are made once and shared.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from contextlib import AbstractContextManager
from dataclasses import dataclass
from datetime import UTC, date, datetime
from itertools import groupby
from operator import itemgetter
from pathlib import Path
from typing import Any, TypeVar

from ..domain.engine import ChildFacts, Event, ScheduledEvent
from ..domain.vocabulary import MILESTONES
from .errors import StoreError
from .read_models import AuditEntry, Booking, Child, PlannedVisit, PlanPeriod, RecordedEvent, Team, Worker

Row = Sequence[Any]
_T = TypeVar("_T")
_CHILD = itemgetter(0)
Group = tuple[str, Sequence[Any]]  # a child's id and its rows (or, for events, its history)


@dataclass(frozen=True, slots=True)
class Sql:
    """One open read transaction: ``run(sql, params)`` gives its rows.

    ``sqlite`` says the SQLite-only shortcuts (``group_concat``) may be used.
    """

    run: Callable[[str, Mapping[str, Any]], Iterable[Row]]
    sqlite: bool

    def rows(self, sql: str, **params: Any) -> Iterable[Row]:
        return self.run(sql, params)

    def first(self, sql: str, **params: Any) -> Row | None:
        for row in self.run(sql, params):
            return row
        return None


# -- conversions ------------------------------------------------------------------------------


def day(value: Any) -> date | None:
    """A DATE column's value: SQLite gives ISO text, other drivers a date."""
    if value is None or type(value) is date:
        return value
    return date.fromisoformat(value)


def required_day(value: Any) -> date:
    """A NOT NULL DATE column's value."""
    return value if type(value) is date else date.fromisoformat(value)


def instant(value: Any) -> datetime:
    """A timestamp column (always written in UTC), as an aware datetime."""
    stamp = value if isinstance(value, datetime) else datetime.fromisoformat(value)
    return stamp if stamp.tzinfo is not None else stamp.replace(tzinfo=UTC)


def answer(value: Any) -> bool | None:
    """A yes / no / not asked column: SQLite gives 1, 0 or NULL."""
    return None if value is None else bool(value)


# -- which children ---------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Which:
    """Which children a read is about: open ones unless ``include_closed``; of one worker, one
    team, one child, or a range of case references (for splitting a large load)."""

    worker_id: str | None = None
    team: str | None = None
    include_closed: bool = False
    child_id: str | None = None
    id_from: str | None = None
    id_before: str | None = None

    def where(self) -> tuple[str, dict[str, Any]]:
        """A condition on the children table (aliased ``c``) and its parameters."""
        conditions = [] if self.include_closed else ["c.is_open"]
        params: dict[str, Any] = {}
        if self.worker_id is not None:
            conditions.append("c.worker_id = :worker_id")
            params["worker_id"] = self.worker_id
        if self.team is not None:
            conditions.append(
                "c.worker_id IN (SELECT w.worker_id FROM workers w"
                " JOIN teams t ON t.team_id = w.team_id WHERE t.name = :team)"
            )
            params["team"] = self.team
        if self.child_id is not None:
            conditions.append("c.child_id = :child_id")
            params["child_id"] = self.child_id
        if self.id_from is not None:
            conditions.append("c.child_id >= :id_from")
            params["id_from"] = self.id_from
        if self.id_before is not None:
            conditions.append("c.child_id < :id_before")
            params["id_before"] = self.id_before
        return " AND ".join(conditions) or "1 = 1", params

    def child_ids(self) -> tuple[str, dict[str, Any]]:
        """A subquery of the chosen children's case references, for related tables."""
        where, params = self.where()
        return f"SELECT c.child_id FROM children c WHERE {where}", params


# -- the reads --------------------------------------------------------------------------------

_WORKER = (
    "SELECT w.worker_id, w.name, w.role, t.name, w.fte, w.caseload_target"
    " FROM workers w JOIN teams t ON t.team_id = w.team_id"
)
_CHILD_COLUMNS = (
    "c.child_id, c.given_name, c.family_name, c.date_of_birth, c.worker_id, c.allocated_on,"
    " c.plan_type, c.plan_start, c.placement_type, c.placement_start, c.flags, c.is_open, c.closed_on"
)
_EVENT = (
    'SELECT event_id, child_id, kind, "on", seen_alone, unannounced, written_up, recorded_on,'
    " recorded_by, note FROM events"
)
_PLANNED = 'SELECT visit_id, child_id, worker_id, "on", note FROM planned_visits'


def teams(sql: Sql) -> list[Team]:
    rows = sql.rows(
        "SELECT t.name, count(w.worker_id) FROM teams t LEFT JOIN workers w ON w.team_id = t.team_id"
        " GROUP BY t.team_id, t.name ORDER BY t.name"
    )
    return [Team(name, count) for name, count in rows]


def workers(sql: Sql, team: str | None = None) -> list[Worker]:
    if team is None:
        rows = sql.rows(f"{_WORKER} ORDER BY w.name, w.worker_id")
    else:
        rows = sql.rows(f"{_WORKER} WHERE t.name = :team ORDER BY w.name, w.worker_id", team=team)
    return [Worker(*row) for row in rows]


def worker(sql: Sql, worker_id: str) -> Worker | None:
    row = sql.first(f"{_WORKER} WHERE w.worker_id = :worker_id", worker_id=worker_id)
    return None if row is None else Worker(*row)


def children(sql: Sql, which: Which) -> list[Child]:
    where, params = which.where()
    rows = sql.rows(f"SELECT {_CHILD_COLUMNS} FROM children c WHERE {where} ORDER BY c.child_id", **params)
    subquery, params = which.child_ids()
    milestones: dict[str, dict[str, date]] = {}
    query = (
        f'SELECT child_id, kind, max("on") FROM events WHERE child_id IN ({subquery})'
        f" AND kind IN ({_MILESTONE_NAMES}) GROUP BY child_id, kind"
    )
    for child_id, name, on in sql.rows(query, **params):
        milestones.setdefault(child_id, {})[name] = required_day(on)
    return [_child(row, milestones.get(row[0], {})) for row in rows]


# the milestones' names as SQL literals: they are the product's own words, never user input
_MILESTONE_NAMES = ", ".join(f"'{name}'" for name in MILESTONES)


def _child(row: Row, milestones: Mapping[str, date]) -> Child:
    child_id, given, family, born, worker_id, allocated, plan, plan_start, placement, *rest = row
    placement_start, flags, is_open, closed = rest
    return Child(
        child_id, given, family, day(born), worker_id, day(allocated), plan, day(plan_start), placement,
        day(placement_start), frozenset(flags.split()), milestones, bool(is_open), day(closed),
    )  # fmt: skip


def _recorded(row: Row) -> RecordedEvent:
    event_id, child_id, kind, on, alone, unannounced, written_up, recorded_on, by, note = row
    return RecordedEvent(
        event_id, child_id, kind, required_day(on), answer(alone), answer(unannounced), bool(written_up),
        day(recorded_on), by, note,
    )  # fmt: skip


def events(sql: Sql, child_id: str) -> list[RecordedEvent]:
    rows = sql.rows(f'{_EVENT} WHERE child_id = :child_id ORDER BY "on", kind', child_id=child_id)
    return [_recorded(row) for row in rows]


def bookings(sql: Sql, child_id: str, start: date) -> list[Booking]:
    """The child's meetings booked for ``start`` or later, soonest first."""
    rows = sql.rows(
        'SELECT id, child_id, kind, "on" FROM scheduled_events WHERE child_id = :child_id AND "on" >= :start'
        ' ORDER BY "on", kind',
        child_id=child_id, start=start.isoformat(),
    )  # fmt: skip
    return [Booking(booking_id, child, kind, required_day(on)) for booking_id, child, kind, on in rows]


def event(sql: Sql, event_id: int) -> RecordedEvent | None:
    row = sql.first(f"{_EVENT} WHERE event_id = :event_id", event_id=event_id)
    return None if row is None else _recorded(row)


def history(sql: Sql, child_id: str, what: str) -> list[PlanPeriod]:
    """The child's plan (``what="plan"``) or placement history, oldest first."""
    if what not in ("plan", "placement"):
        raise ValueError(what)
    rows = sql.rows(
        f"SELECT child_id, {what}_type, {what}_start, recorded_at FROM {what}_history"
        " WHERE child_id = :child_id ORDER BY id",
        child_id=child_id,
    )
    return [PlanPeriod(child, kind, day(start), instant(at)) for child, kind, start, at in rows]


def _planned(row: Row) -> PlannedVisit:
    visit_id, child_id, worker_id, on, note = row
    return PlannedVisit(visit_id, child_id, worker_id, required_day(on), note)


def planned_visits(sql: Sql, worker_id: str, start: date, end: date) -> list[PlannedVisit]:
    """A worker's planned visits from ``start`` to ``end``, both included."""
    rows = sql.rows(
        f'{_PLANNED} WHERE worker_id = :worker_id AND "on" >= :start AND "on" <= :end'
        ' ORDER BY "on", visit_id',
        worker_id=worker_id, start=start.isoformat(), end=end.isoformat(),
    )  # fmt: skip
    return [_planned(row) for row in rows]


def planned_visit(sql: Sql, visit_id: int) -> PlannedVisit | None:
    row = sql.first(f"{_PLANNED} WHERE visit_id = :visit_id", visit_id=visit_id)
    return None if row is None else _planned(row)


def setting(sql: Sql, key: str) -> str | None:
    row = sql.first("SELECT value FROM settings WHERE key = :key", key=key)
    return None if row is None else str(row[0])


def audit_log(sql: Sql, limit: int) -> list[AuditEntry]:
    """The newest ``limit`` audit rows, newest first."""
    rows = sql.rows(
        "SELECT at, os_user, table_name, row_key, action, before, after FROM audit_log"
        " ORDER BY id DESC LIMIT :limit",
        limit=limit,
    )
    return [AuditEntry(instant(at), *rest) for at, *rest in rows]


def open_child_ids(sql: Sql, which: Which) -> list[str]:
    """The case references of the children asked about, in order (cheap: no facts)."""
    where, params = which.where()
    rows = sql.rows(f"SELECT c.child_id FROM children c WHERE {where} ORDER BY c.child_id", **params)
    return [row[0] for row in rows]


def open_child_workers(sql: Sql, which: Which) -> list[str | None]:
    """The worker of each child asked about (None: unallocated), for caseload counts."""
    where, params = which.where()
    return [row[0] for row in sql.rows(f"SELECT c.worker_id FROM children c WHERE {where}", **params)]


def unallocated_children(sql: Sql) -> int:
    """Open children with no allocated worker (one count, not a list of 20,000 children)."""
    row = sql.first("SELECT count(*) FROM children c WHERE c.is_open AND c.worker_id IS NULL")
    return 0 if row is None else int(row[0])


# -- the engine's facts -----------------------------------------------------------------------


def child_facts(sql: Sql, which: Which) -> list[ChildFacts]:
    """Facts for every child asked about, by case reference."""
    where, params = which.where()
    children = sql.rows(
        "SELECT c.child_id, c.plan_type, c.plan_start, c.placement_type, c.placement_start,"
        " c.date_of_birth, c.allocated_on, c.worker_id, c.flags"
        f" FROM children c WHERE {where} ORDER BY c.child_id",
        **params,
    )
    subquery, params = which.child_ids()
    scheduled = sql.rows(
        f'SELECT child_id, kind, "on" FROM scheduled_events WHERE child_id IN ({subquery})'
        ' ORDER BY child_id, "on"',
        **params,
    )
    histories = _sqlite_histories if sql.sqlite else _row_histories
    events = histories(sql, subquery, params)
    return list(_assemble(list(children), events, _grouped(scheduled)))


def _grouped(rows: Iterable[Row]) -> Iterator[Group]:
    for child_id, group in groupby(rows, _CHILD):
        yield child_id, list(group)


def _row_histories(sql: Sql, subquery: str, params: dict[str, Any]) -> Iterator[Group]:
    rows = sql.rows(
        'SELECT child_id, kind, "on", seen_alone, unannounced, written_up FROM events'
        f' WHERE child_id IN ({subquery}) ORDER BY child_id, "on"',
        **params,
    )
    made: dict[tuple[Any, ...], Event] = {}
    for child_id, group in _grouped(rows):
        history = []
        for row in group:
            key = tuple(row[1:])
            found = made.get(key)
            if found is None:
                kind, on, alone, unannounced, written_up = key
                on = required_day(on)
                found = made[key] = Event(kind, on, answer(alone), answer(unannounced), bool(written_up))
            history.append(found)
        yield child_id, history


# On SQLite an event travels as "<ISO date><3 digits><kind>". The digits spell seen alone,
# unannounced and written up: 1 yes, 0 no, 2 not asked. The covering index ix_events_history
# yields each child's events in date order, with no arithmetic for SQLite to do.
_TOKEN = '"on" || coalesce(seen_alone, 2) || coalesce(unannounced, 2) || coalesce(written_up, 2) || kind'


def _sqlite_histories(sql: Sql, subquery: str, params: dict[str, Any]) -> Iterator[Group]:
    rows = sql.rows(
        f"SELECT child_id, group_concat({_TOKEN}) FROM events WHERE child_id IN ({subquery})"
        " GROUP BY child_id ORDER BY child_id",
        **params,
    )
    made = _EventsByToken()
    for child_id, text in rows:
        yield child_id, [made[token] for token in text.split(",")]


_ANSWER = {"0": False, "1": True, "2": None}


class _EventsByToken(dict[str, Event]):
    """Events by their SQLite token, each made on first sight and shared after."""

    def __missing__(self, token: str) -> Event:
        seen_alone, unannounced = _ANSWER[token[10]], _ANSWER[token[11]]
        on = date.fromisoformat(token[:10])
        found = self[token] = Event(token[13:], on, seen_alone, unannounced, token[12] == "1")
        return found


def _follow(groups: Iterator[tuple[str, _T]]) -> Iterator[tuple[str, _T] | None]:
    """Yield forever: each group in turn, then None once they run out."""
    yield from groups
    while True:
        yield None


def _assemble(
    children: Sequence[Row], events: Iterator[Group], scheduled: Iterator[Group]
) -> Iterator[ChildFacts]:
    """Walk the children and the two related streams together (all ordered by child).

    A child's history holds its milestones too (rows whose kind is a milestone's name)."""
    streams = [_follow(events), _follow(scheduled)]
    heads = [next(stream) for stream in streams]
    for row in children:
        child_id = row[0]
        parts: list[Sequence[Any]] = []
        for i, stream in enumerate(streams):
            head = heads[i]
            if head is not None and head[0] == child_id:
                parts.append(head[1])
                heads[i] = next(stream)
            else:
                parts.append(())
        history, child_scheduled = parts
        yield ChildFacts(
            child_id=child_id, plan_type=row[1], plan_start=day(row[2]), placement_type=row[3],
            placement_start=day(row[4]), date_of_birth=day(row[5]), allocated_on=day(row[6]),
            worker_id=row[7], flags=frozenset(row[8].split()) if row[8] else frozenset(),
            events=tuple(history),
            scheduled=tuple(ScheduledEvent(kind, required_day(on)) for _, kind, on in child_scheduled),
        )  # fmt: skip


# -- the read side of a database, whichever way in --------------------------------------------


class Reads:
    """Every read, each in one short transaction; subclasses say how to open one."""

    database_file: Path | None = None  # the SQLite file read, if it is one (never to be written over)

    def _reading(self) -> AbstractContextManager[Sql]:
        raise NotImplementedError

    def after_fork(self) -> None:
        """Called in a forked child process before its first read (nothing to do by default)."""

    def close(self) -> None:
        """Let go of any connections (by default none outlives an operation)."""

    def teams(self) -> list[Team]:
        with self._reading() as sql:
            return teams(sql)

    def workers(self, team: str | None = None) -> list[Worker]:
        with self._reading() as sql:
            return workers(sql, team)

    def worker(self, worker_id: str) -> Worker | None:
        with self._reading() as sql:
            return worker(sql, worker_id)

    def children(
        self, worker_id: str | None = None, team: str | None = None, include_closed: bool = False
    ) -> list[Child]:
        with self._reading() as sql:
            return children(sql, Which(worker_id, team, include_closed))

    def child(self, child_id: str) -> Child | None:
        with self._reading() as sql:
            found = children(sql, Which(include_closed=True, child_id=child_id))
        return found[0] if found else None

    def events(self, child_id: str) -> list[RecordedEvent]:
        with self._reading() as sql:
            return events(sql, child_id)

    def bookings(self, child_id: str, start: date) -> list[Booking]:
        """The child's meetings booked for ``start`` or later."""
        with self._reading() as sql:
            return bookings(sql, child_id, start)

    def plan_history(self, child_id: str) -> list[PlanPeriod]:
        with self._reading() as sql:
            return history(sql, child_id, "plan")

    def placement_history(self, child_id: str) -> list[PlanPeriod]:
        with self._reading() as sql:
            return history(sql, child_id, "placement")

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
        with self._reading() as sql:
            return child_facts(sql, which)

    def open_child_workers(self, team: str | None = None) -> list[str | None]:
        """The worker of each open child (of a team), None for the unallocated: no facts loaded."""
        with self._reading() as sql:
            return open_child_workers(sql, Which(team=team))

    def open_child_ids(self, worker_id: str | None = None, team: str | None = None) -> list[str]:
        """Case references of the open children (of a worker or a team), in order."""
        with self._reading() as sql:
            return open_child_ids(sql, Which(worker_id, team))

    def unallocated_children(self) -> int:
        with self._reading() as sql:
            return unallocated_children(sql)

    def planned_visits(self, worker_id: str, start: date, end: date) -> list[PlannedVisit]:
        with self._reading() as sql:
            return planned_visits(sql, worker_id, start, end)

    def get_setting(self, key: str, default: str | None = None) -> str | None:
        with self._reading() as sql:
            value = setting(sql, key)
        return default if value is None else value

    def audit_log(self, limit: int = 100) -> list[AuditEntry]:
        """The newest ``limit`` changes, newest first."""
        with self._reading() as sql:
            return audit_log(sql, limit)

    def _event(self, event_id: int) -> RecordedEvent:
        with self._reading() as sql:
            found = event(sql, event_id)
        if found is None:  # deleted by someone else since: rare, but say so
            raise StoreError(f"no event {event_id}")
        return found

    def _planned(self, visit_id: int) -> PlannedVisit:
        with self._reading() as sql:
            found = planned_visit(sql, visit_id)
        if found is None:
            raise StoreError(f"no planned visit {visit_id}")
        return found

    def _child(self, child_id: str) -> Child:
        found = self.child(child_id)
        if found is None:
            raise StoreError(f"no child {child_id}")
        return found
