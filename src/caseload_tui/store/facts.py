"""Build the engine's :class:`ChildFacts` for many children with a few set-based queries.

Children, milestones, events and booked meetings are each fetched once, ordered by child, and
stitched together in one pass: no query per child. Events are immutable, so identical ones
(same kind, day and answers, common across a caseload) are made once and shared.

Most of the cost of a million events is Python making a million row tuples, so on SQLite each
child's history comes back as one string (``group_concat`` over a covering index) and is split
in Python; other databases get plain rows.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from datetime import date
from itertools import groupby
from operator import itemgetter
from typing import Any, TypeVar

from sqlalchemy import (
    ColumnElement,
    Connection,
    Select,
    String,
    func,
    select,
    true,
    type_coerce,
)

from ..domain.bulk import paused_gc
from ..domain.engine import ChildFacts, Event, ScheduledEvent
from .tables import CHILDREN, EVENTS, MILESTONES, SCHEDULED, TEAMS, WORKERS

_T = TypeVar("_T")
_CHILD = itemgetter(0)
Group = tuple[str, Sequence[Any]]  # a child's id and its rows (or, for events, its history)


# On SQLite an event travels as "<ISO date><3-letter code><kind>". The code spells the answers:
# seen alone, unannounced (S/s yes/no, U/u yes/no, "-" not asked), then "w" if not written up.
def open_child_ids(conn: Connection, worker_id: str | None, team: str | None) -> list[str]:
    """The case references of the open children asked about, in order (cheap: no facts)."""
    which = child_filter(worker_id, team, include_closed=False)
    query = select(CHILDREN.c.child_id).where(which).order_by(CHILDREN.c.child_id)
    return list(conn.execute(query).scalars())


def open_child_workers(conn: Connection, worker_id: str | None, team: str | None) -> list[str | None]:
    """The worker of each open child asked about (None: unallocated), for caseload counts."""
    which = child_filter(worker_id, team, include_closed=False)
    return list(conn.execute(select(CHILDREN.c.worker_id).where(which)).scalars())


def child_filter(worker_id: str | None, team: str | None, include_closed: bool) -> ColumnElement[bool]:
    """Which children: one worker's, one team's, open only unless asked."""
    condition: ColumnElement[bool] = true()
    if not include_closed:
        condition = condition & CHILDREN.c.is_open
    if worker_id is not None:
        condition = condition & (CHILDREN.c.worker_id == worker_id)
    if team is not None:
        in_team = (
            select(WORKERS.c.worker_id)
            .join(TEAMS, TEAMS.c.team_id == WORKERS.c.team_id)
            .where(TEAMS.c.name == team)
        )
        condition = condition & CHILDREN.c.worker_id.in_(in_team)
    return condition


def load_child_facts(
    conn: Connection,
    worker_id: str | None = None,
    team: str | None = None,
    *,
    child_id: str | None = None,
    id_from: str | None = None,
    id_before: str | None = None,
    portable: bool = False,
) -> list[ChildFacts]:
    """Facts for every open child (of one worker, one team, or one child), by case reference.

    ``portable`` forces the plain-rows path other databases take (for tests).
    """
    which = child_filter(worker_id, team, include_closed=False)
    if child_id is not None:
        which = which & (CHILDREN.c.child_id == child_id)
    if id_from is not None:  # a range of case references, for splitting a large load
        which = which & (CHILDREN.c.child_id >= id_from)
    if id_before is not None:
        which = which & (CHILDREN.c.child_id < id_before)
    c = CHILDREN.c
    children = conn.execute(
        select(
            c.child_id, c.plan_type, c.plan_start, c.placement_type, c.placement_start, c.date_of_birth,
            c.allocated_on, c.worker_id, c.flags,
        ).where(which).order_by(c.child_id)
    ).all()  # fmt: skip
    of_children = select(c.child_id).where(which)

    def related(query: Select[Any], child_column: Any) -> Select[Any]:
        return query.where(child_column.in_(of_children)).order_by(child_column)

    m, s = MILESTONES.c, SCHEDULED.c
    milestones = conn.execute(related(select(m.child_id, m.name, m.on), m.child_id))
    scheduled = conn.execute(related(select(s.child_id, s.kind, s.on), s.child_id).order_by(s.on))
    with paused_gc():
        if conn.dialect.name == "sqlite" and not portable:
            events = _sqlite_histories(conn, related)
        else:
            events = _row_histories(conn, related)
        return list(_assemble(children, _grouped(milestones), events, _grouped(scheduled)))


def _grouped(rows: Iterable[Any]) -> Iterator[Group]:
    for child_id, group in groupby(rows, _CHILD):
        yield child_id, list(group)


def _row_histories(conn: Connection, related: Any) -> Iterator[Group]:
    e = EVENTS.c
    query = select(e.child_id, e.kind, e.on, e.seen_alone, e.unannounced, e.written_up)
    made: dict[tuple[Any, ...], Event] = {}
    for child_id, rows in _grouped(conn.execute(related(query, e.child_id).order_by(e.on))):
        history = []
        for row in rows:
            key = tuple(row[1:])
            event = made.get(key)
            if event is None:
                event = made[key] = Event(*key)
            history.append(event)
        yield child_id, history


def _sqlite_histories(conn: Connection, related: Any) -> Iterator[Group]:
    e = EVENTS.c

    def digit(column: Any) -> Any:
        # stored as 0 or 1 (NULL: not asked): one character, with no arithmetic for SQLite to do
        return type_coerce(func.coalesce(column, 2), String)

    code = digit(e.seen_alone) + digit(e.unannounced) + digit(e.written_up)
    # the covering index ix_events_history yields each child's events in date order
    token = func.group_concat(type_coerce(e.on, String) + code + e.kind)
    query = related(select(e.child_id, token).group_by(e.child_id), e.child_id)
    made = _EventsByToken()
    for child_id, text in conn.execute(query):
        yield child_id, [made[token] for token in text.split(",")]


_ANSWER = {"0": False, "1": True, "2": None}


class _EventsByToken(dict[str, Event]):
    """Events by their SQLite token (date, three answer digits, kind), each made on first sight
    and shared after."""

    def __missing__(self, token: str) -> Event:
        seen_alone, unannounced = _ANSWER[token[10]], _ANSWER[token[11]]
        on = date.fromisoformat(token[:10])
        event = self[token] = Event(token[13:], on, seen_alone, unannounced, token[12] == "1")
        return event


def _follow(groups: Iterator[tuple[str, _T]]) -> Iterator[tuple[str, _T] | None]:
    """Yield forever: each group in turn, then None once they run out."""
    yield from groups
    while True:
        yield None


def _assemble(
    children: Sequence[Any], milestones: Iterator[Group], events: Iterator[Group], scheduled: Iterator[Group]
) -> Iterator[ChildFacts]:
    """Walk the children and the three related streams together (all ordered by child)."""
    streams = [_follow(milestones), _follow(events), _follow(scheduled)]
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
        child_milestones, history, child_scheduled = parts
        yield ChildFacts(
            child_id=child_id, plan_type=row[1], plan_start=row[2], placement_type=row[3],
            placement_start=row[4], date_of_birth=row[5], allocated_on=row[6], worker_id=row[7],
            flags=frozenset(row[8].split()) if row[8] else frozenset(),
            milestones={name: on for _, name, on in child_milestones},
            events=tuple(history),
            scheduled=tuple(ScheduledEvent(kind, on) for _, kind, on in child_scheduled),
        )  # fmt: skip
