"""Reads that return read models: one short connection per call, made by :class:`.Store`."""

from __future__ import annotations

from datetime import date
from typing import Any

from sqlalchemy import Connection, func, select

from .facts import child_filter
from .read_models import AuditEntry, Child, PlannedVisit, PlanPeriod, RecordedEvent, Team, Worker
from .tables import (
    AUDIT,
    CHILDREN,
    EVENTS,
    MILESTONES,
    PLACEMENT_HISTORY,
    PLAN_HISTORY,
    PLANNED_VISITS,
    SETTINGS,
    TEAMS,
    WORKERS,
)  # fmt: skip

_W = WORKERS.c
_WORKER_COLUMNS = (_W.worker_id, _W.name, _W.role, TEAMS.c.name, _W.fte, _W.caseload_target)


def teams(conn: Connection) -> list[Team]:
    query = (
        select(TEAMS.c.name, func.count(WORKERS.c.worker_id))
        .outerjoin(WORKERS, WORKERS.c.team_id == TEAMS.c.team_id)
        .group_by(TEAMS.c.team_id)
        .order_by(TEAMS.c.name)
    )
    return [Team(name, count) for name, count in conn.execute(query)]


def workers(conn: Connection, team: str | None = None) -> list[Worker]:
    query = select(*_WORKER_COLUMNS).join(TEAMS, TEAMS.c.team_id == WORKERS.c.team_id)
    if team is not None:
        query = query.where(TEAMS.c.name == team)
    return [Worker(*row) for row in conn.execute(query.order_by(WORKERS.c.name, WORKERS.c.worker_id))]


def worker(conn: Connection, worker_id: str) -> Worker | None:
    query = select(*_WORKER_COLUMNS).join(TEAMS, TEAMS.c.team_id == WORKERS.c.team_id)
    row = conn.execute(query.where(WORKERS.c.worker_id == worker_id)).first()
    return None if row is None else Worker(*row)


def children(
    conn: Connection, worker_id: str | None = None, team: str | None = None, include_closed: bool = False
) -> list[Child]:
    which = child_filter(worker_id, team, include_closed)
    rows = conn.execute(select(CHILDREN).where(which).order_by(CHILDREN.c.child_id)).mappings().all()
    milestones: dict[str, dict[str, date]] = {}
    query = select(MILESTONES).where(MILESTONES.c.child_id.in_(select(CHILDREN.c.child_id).where(which)))
    for child_id, name, on in conn.execute(query):
        milestones.setdefault(child_id, {})[name] = on
    return [_child(row, milestones.get(row["child_id"], {})) for row in rows]


def child(conn: Connection, child_id: str) -> Child | None:
    row = conn.execute(select(CHILDREN).where(CHILDREN.c.child_id == child_id)).mappings().first()
    if row is None:
        return None
    query = select(MILESTONES.c.name, MILESTONES.c.on).where(MILESTONES.c.child_id == child_id)
    return _child(row, {name: on for name, on in conn.execute(query)})


def _child(row: Any, milestones: dict[str, date]) -> Child:
    values = dict(row)
    flags = values.pop("flags")
    return Child(**values, flags=frozenset(flags.split()), milestones=milestones)


def events(conn: Connection, child_id: str) -> list[RecordedEvent]:
    query = select(EVENTS).where(EVENTS.c.child_id == child_id).order_by(EVENTS.c.on, EVENTS.c.kind)
    return [RecordedEvent(*row) for row in conn.execute(query)]


def event(conn: Connection, event_id: int) -> RecordedEvent | None:
    row = conn.execute(select(EVENTS).where(EVENTS.c.event_id == event_id)).first()
    return None if row is None else RecordedEvent(*row)


def plan_history(conn: Connection, child_id: str) -> list[PlanPeriod]:
    return _history(conn, PLAN_HISTORY.c, child_id, "plan")


def placement_history(conn: Connection, child_id: str) -> list[PlanPeriod]:
    return _history(conn, PLACEMENT_HISTORY.c, child_id, "placement")


def _history(conn: Connection, c: Any, child_id: str, what: str) -> list[PlanPeriod]:
    query = select(c.child_id, c[f"{what}_type"], c[f"{what}_start"], c.recorded_at)
    rows = conn.execute(query.where(c.child_id == child_id).order_by(c.id))
    return [PlanPeriod(*row) for row in rows]


def planned_visits(conn: Connection, worker_id: str, start: date, end: date) -> list[PlannedVisit]:
    """A worker's planned visits from ``start`` to ``end``, both included."""
    p = PLANNED_VISITS.c
    query = select(PLANNED_VISITS).where(p.worker_id == worker_id, p.on >= start, p.on <= end)
    return [PlannedVisit(*row) for row in conn.execute(query.order_by(p.on, p.visit_id))]


def planned_visit(conn: Connection, visit_id: int) -> PlannedVisit | None:
    row = conn.execute(select(PLANNED_VISITS).where(PLANNED_VISITS.c.visit_id == visit_id)).first()
    return None if row is None else PlannedVisit(*row)


def setting(conn: Connection, key: str) -> str | None:
    value: str | None = conn.execute(select(SETTINGS.c.value).where(SETTINGS.c.key == key)).scalar()
    return value


def audit_log(conn: Connection, limit: int) -> list[AuditEntry]:
    """The newest ``limit`` audit rows, newest first."""
    a = AUDIT.c
    query = select(a.at, a.os_user, a.table_name, a.row_key, a.action, a.before, a.after)
    return [AuditEntry(*row) for row in conn.execute(query.order_by(a.id.desc()).limit(limit))]
