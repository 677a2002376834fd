"""The database tables, as SQLModel classes (the schema itself is made by the migrations).

Dates are DATE columns. A child's flags are one space-separated text column (few, short codes
read together). Milestones are records in the child's history, like events: rows of
``events`` whose kind is a milestone's name.
``tests/store/test_migrations.py`` checks that these classes and the migrations agree.
"""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import Index, Table, UniqueConstraint
from sqlmodel import Field, SQLModel


class TeamRow(SQLModel, table=True):
    __tablename__ = "teams"
    team_id: int | None = Field(default=None, primary_key=True)
    name: str = Field(unique=True)


class WorkerRow(SQLModel, table=True):
    __tablename__ = "workers"
    worker_id: str = Field(primary_key=True)
    name: str
    role: str
    team_id: int = Field(foreign_key="teams.team_id", index=True)
    fte: float
    caseload_target: float | None = None


class ChildRow(SQLModel, table=True):
    __tablename__ = "children"
    child_id: str = Field(primary_key=True)  # the case reference
    given_name: str
    family_name: str
    date_of_birth: date | None = None
    worker_id: str | None = Field(default=None, foreign_key="workers.worker_id", index=True)
    allocated_on: date | None = None
    plan_type: str | None = None
    plan_start: date | None = None
    placement_type: str | None = None
    placement_start: date | None = None
    flags: str = ""  # space-separated codes from vocabulary.FLAGS
    is_open: bool = True
    closed_on: date | None = None  # added by migration 0002


class PlanHistoryRow(SQLModel, table=True):
    __tablename__ = "plan_history"
    id: int | None = Field(default=None, primary_key=True)
    child_id: str = Field(foreign_key="children.child_id", index=True)
    plan_type: str | None = None
    plan_start: date | None = None
    recorded_at: datetime


class PlacementHistoryRow(SQLModel, table=True):
    __tablename__ = "placement_history"
    id: int | None = Field(default=None, primary_key=True)
    child_id: str = Field(foreign_key="children.child_id", index=True)
    placement_type: str | None = None
    placement_start: date | None = None
    recorded_at: datetime


class EventRow(SQLModel, table=True):
    """Something that happened, or a milestone. One of each kind per child per day: a re-import
    updates it."""

    __tablename__ = "events"
    __table_args__ = (
        UniqueConstraint("child_id", "kind", "on", name="uq_events_child_kind_on"),
        # covers the engine's read of every history (facts.py): no table lookups
        Index("ix_events_history", "child_id", "on", "kind", "seen_alone", "unannounced", "written_up"),
    )
    event_id: int | None = Field(default=None, primary_key=True)
    child_id: str = Field(foreign_key="children.child_id")
    kind: str  # vocabulary.RECORDABLE_KINDS: an event kind or a milestone's name
    on: date
    seen_alone: bool | None = None
    unannounced: bool | None = None
    written_up: bool = True  # False: it happened, but is not yet on the record
    recorded_on: date | None = None
    recorded_by: str | None = None
    note: str = ""


class ScheduledRow(SQLModel, table=True):
    """A meeting already booked (e.g. the next CLA review), for "N days before" rules."""

    __tablename__ = "scheduled_events"
    __table_args__ = (UniqueConstraint("child_id", "kind", "on", name="uq_scheduled_child_kind_on"),)
    id: int | None = Field(default=None, primary_key=True)
    child_id: str = Field(foreign_key="children.child_id", index=True)
    kind: str
    on: date


class PlannedVisitRow(SQLModel, table=True):
    """A worker's intention to visit: kept apart from events and due dates on purpose."""

    __tablename__ = "planned_visits"
    __table_args__ = (Index("ix_planned_visits_worker_on", "worker_id", "on"),)
    visit_id: int | None = Field(default=None, primary_key=True)
    child_id: str = Field(foreign_key="children.child_id")
    worker_id: str = Field(foreign_key="workers.worker_id")
    on: date
    note: str = ""


class SettingRow(SQLModel, table=True):
    __tablename__ = "settings"
    key: str = Field(primary_key=True)
    value: str


class AuditRow(SQLModel, table=True):
    __tablename__ = "audit_log"
    id: int | None = Field(default=None, primary_key=True)
    at: datetime  # UTC
    os_user: str
    table_name: str
    row_key: str
    action: str  # insert, update, delete
    before: str | None = None  # JSON
    after: str | None = None  # JSON


def _table(name: str) -> Table:
    return SQLModel.metadata.tables[name]


TEAMS = _table("teams")
WORKERS = _table("workers")
CHILDREN = _table("children")
PLAN_HISTORY = _table("plan_history")
PLACEMENT_HISTORY = _table("placement_history")
EVENTS = _table("events")
SCHEDULED = _table("scheduled_events")
PLANNED_VISITS = _table("planned_visits")
SETTINGS = _table("settings")
AUDIT = _table("audit_log")
