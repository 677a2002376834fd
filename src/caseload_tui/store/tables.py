"""The database tables, as SQLModel table classes (the schema itself is made by the migrations).

The store reads and writes with SQLAlchemy Core statements on these classes' tables
(``CHILDREN`` is ``ChildRow.__table__``...) and returns plain read models: loading 600,000
events as model instances would cost seconds, so no row is ever made into one. Dates are DATE
columns; timestamps are stored in UTC and come back as aware datetimes on SQLite and PostgreSQL
alike. A child's flags are one space-separated text
column (few, short codes read together). Milestones are records in the child's history, like
events: rows of ``events`` whose kind is a milestone's name.
``tests/store/test_migrations.py`` checks that these tables and the migrations agree.
"""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Any

from sqlalchemy import (
    Boolean,
    Column,
    Date,
    DateTime,
    Dialect,
    Float,
    ForeignKey,
    Index,
    Integer,
    String,
    Table,
    TypeDecorator,
    UniqueConstraint,
    false,
)
from sqlmodel import Field, SQLModel


class UtcDateTime(TypeDecorator[datetime]):
    """A moment, stored in UTC. SQLite keeps no time zone, so what comes back without one is
    UTC; PostgreSQL's ``timestamptz`` comes back in the session's zone, turned to UTC."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is not None and value.utcoffset() is None:
            raise ValueError("a stored moment must carry its time zone")
        return None if value is None else value.astimezone(UTC)

    def process_result_value(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        return value.replace(tzinfo=UTC) if value.utcoffset() is None else value.astimezone(UTC)


METADATA = SQLModel.metadata


def _key(name: str, kind: Any = String) -> Any:
    return Field(sa_column=Column(name, kind, primary_key=True))


def _text(name: str, *, nullable: bool = False, **options: Any) -> Any:
    return Field(sa_column=Column(name, String, nullable=nullable, **options))


def _column(name: str, kind: Any, *args: Any, nullable: bool = True, **options: Any) -> Any:
    return Field(sa_column=Column(name, kind, *args, nullable=nullable, **options))


class TeamRow(SQLModel, table=True):
    __tablename__ = "teams"
    team_id: int = _key("team_id", Integer)
    name: str = _text("name", unique=True)


class WorkerRow(SQLModel, table=True):
    __tablename__ = "workers"
    worker_id: str = _key("worker_id")
    name: str = _text("name")
    role: str = _text("role")
    team_id: int = _column("team_id", Integer, ForeignKey("teams.team_id"), nullable=False, index=True)
    fte: float = _column("fte", Float, nullable=False)
    caseload_target: float | None = _column("caseload_target", Float)  # None: the table's x FTE


class ChildRow(SQLModel, table=True):
    __tablename__ = "children"
    child_id: str = _key("child_id")  # the case reference
    given_name: str = _text("given_name")
    family_name: str = _text("family_name")
    date_of_birth: date | None = _column("date_of_birth", Date)
    worker_id: str | None = _column("worker_id", String, ForeignKey("workers.worker_id"), index=True)
    allocated_on: date | None = _column("allocated_on", Date)
    plan_type: str | None = _text("plan_type", nullable=True)
    plan_start: date | None = _column("plan_start", Date)
    placement_type: str | None = _text("placement_type", nullable=True)
    placement_start: date | None = _column("placement_start", Date)
    flags: str = _text("flags", default="")  # space-separated codes from vocabulary.FLAGS
    is_open: bool = _column("is_open", Boolean, nullable=False, default=True)
    closed_on: date | None = _column("closed_on", Date)  # added by migration 0002


class CareHistoryRow(SQLModel, table=True):
    """One entry of a child's plan, placement or allocation history (``what``): the plan type,
    placement type or worker (``type``; None: unallocated) and from when, as an import or a
    reallocation recorded them (0004 merged two tables of this shape; 0005 added allocations)."""

    __tablename__ = "care_history"
    id: int = _key("id", Integer)
    child_id: str = _column("child_id", String, ForeignKey("children.child_id"), nullable=False, index=True)
    what: str = _text("what")  # "plan", "placement" or "allocation"
    type: str | None = _text("type", nullable=True)  # a plan type, a placement type or a worker id
    start: date | None = _column("start", Date)
    recorded_at: datetime = _column("recorded_at", UtcDateTime, nullable=False)


class EventRow(SQLModel, table=True):
    """Something that happened, or a milestone. One of each kind per child per day (a re-import
    updates it), and a second one that day only when recorded as such (``repeat`` 1, 2...)."""

    __tablename__ = "events"
    __table_args__ = (
        UniqueConstraint("child_id", "kind", "on", "repeat", name="uq_events_child_kind_on_repeat"),
        # covers the read of every child's history (reads.child_facts): no table lookups
        Index("ix_events_history", "child_id", "on", "kind", "seen_alone", "unannounced", "written_up"),
    )
    event_id: int = _key("event_id", Integer)
    child_id: str = _column("child_id", String, ForeignKey("children.child_id"), nullable=False)
    kind: str = _text("kind")  # vocabulary.RECORDABLE_KINDS: an event kind or a milestone's name
    on: date = _column("on", Date, nullable=False)
    seen_alone: bool | None = _column("seen_alone", Boolean)
    unannounced: bool | None = _column("unannounced", Boolean)
    written_up: bool = _column("written_up", Boolean, nullable=False, default=True)  # False: not yet
    recorded_on: date | None = _column("recorded_on", Date)
    recorded_by: str | None = _text("recorded_by", nullable=True)
    note: str = _text("note", default="")
    repeat: int = _column("repeat", Integer, nullable=False, default=0, server_default="0")  # 0005


class ScheduledRow(SQLModel, table=True):
    """A meeting already booked (e.g. the next CLA review), for "N days before" rules."""

    __tablename__ = "scheduled_events"
    __table_args__ = (UniqueConstraint("child_id", "kind", "on", name="uq_scheduled_child_kind_on"),)
    id: int = _key("id", Integer)
    child_id: str = _column("child_id", String, ForeignKey("children.child_id"), nullable=False, index=True)
    kind: str = _text("kind")
    on: date = _column("on", Date, nullable=False)


class PlannedVisitRow(SQLModel, table=True):
    """A worker's intention to visit: kept apart from events and due dates on purpose."""

    __tablename__ = "planned_visits"
    __table_args__ = (Index("ix_planned_visits_worker_on", "worker_id", "on"),)
    visit_id: int = _key("visit_id", Integer)
    child_id: str = _column("child_id", String, ForeignKey("children.child_id"), nullable=False)
    worker_id: str = _column("worker_id", String, ForeignKey("workers.worker_id"), nullable=False)
    on: date = _column("on", Date, nullable=False)
    note: str = _text("note", default="")


class SettingRow(SQLModel, table=True):
    __tablename__ = "settings"
    key: str = _key("key")
    value: str = _text("value")


class AuditRow(SQLModel, table=True):
    __tablename__ = "audit_log"
    id: int = _key("id", Integer)
    at: datetime = _column("at", UtcDateTime, nullable=False)
    os_user: str = _text("os_user")
    table_name: str = _text("table_name")
    row_key: str = _text("row_key")
    action: str = _text("action")  # insert, update, delete; view, print, export; erase (audit.py)
    before: str | None = _text("before", nullable=True)  # JSON
    after: str | None = _text("after", nullable=True)  # JSON
    change_id: str | None = _text("change_id", nullable=True, index=True)  # one per change (0005)
    # 0006: the worker signed in to caseload (None: nobody), and the hash chain (chain.py)
    app_user: str | None = _text("app_user", nullable=True)
    payload_hash: str | None = _text("payload_hash", nullable=True)
    chain_hash: str | None = _text("chain_hash", nullable=True)
    # the server's default only: a Python default would be worked out for each row of an import
    erased: bool = _column("erased", Boolean, nullable=False, server_default=false())


def _table(model: type[SQLModel]) -> Table:
    table = model.__table__  # type: ignore[attr-defined]
    assert isinstance(table, Table)
    return table


TEAMS = _table(TeamRow)
WORKERS = _table(WorkerRow)
CHILDREN = _table(ChildRow)
CARE_HISTORY = _table(CareHistoryRow)
EVENTS = _table(EventRow)
SCHEDULED = _table(ScheduledRow)
PLANNED_VISITS = _table(PlannedVisitRow)
SETTINGS = _table(SettingRow)
AUDIT = _table(AuditRow)
