"""The database tables, as SQLAlchemy Core tables (the schema itself is made by the migrations).

The store reads and writes with Core statements on these tables and returns plain read models,
so there are no ORM classes. Dates are DATE columns; timestamps are stored in UTC and come back
as aware datetimes on SQLite and PostgreSQL alike. A child's flags are one space-separated text
column (few, short codes read together). Milestones are records in the child's history, like
events: rows of ``events`` whose kind is a milestone's name.
``tests/store/test_migrations.py`` checks that these tables and the migrations agree.
"""

from __future__ import annotations

from datetime import UTC, datetime
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
    MetaData,
    String,
    Table,
    TypeDecorator,
    UniqueConstraint,
)


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


METADATA = MetaData()


def _key(name: str, kind: Any = String) -> Column[Any]:
    return Column(name, kind, primary_key=True)


def _text(name: str, *, nullable: bool = False, **options: Any) -> Column[Any]:
    return Column(name, String, nullable=nullable, **options)


TEAMS = Table(
    "teams", METADATA,
    _key("team_id", Integer),
    _text("name", unique=True),
)  # fmt: skip

WORKERS = Table(
    "workers", METADATA,
    _key("worker_id"),
    _text("name"),
    _text("role"),
    Column("team_id", Integer, ForeignKey("teams.team_id"), nullable=False, index=True),
    Column("fte", Float, nullable=False),
    Column("caseload_target", Float, nullable=True),  # None: the table's target x FTE applies
)  # fmt: skip

CHILDREN = Table(
    "children", METADATA,
    _key("child_id"),  # the case reference
    _text("given_name"),
    _text("family_name"),
    Column("date_of_birth", Date, nullable=True),
    Column("worker_id", String, ForeignKey("workers.worker_id"), nullable=True, index=True),
    Column("allocated_on", Date, nullable=True),
    _text("plan_type", nullable=True),
    Column("plan_start", Date, nullable=True),
    _text("placement_type", nullable=True),
    Column("placement_start", Date, nullable=True),
    _text("flags", default=""),  # space-separated codes from vocabulary.FLAGS
    Column("is_open", Boolean, nullable=False, default=True),
    Column("closed_on", Date, nullable=True),  # added by migration 0002
)  # fmt: skip

# One entry of a child's plan history or placement history (``what``): the type and when it
# started, as an import found them (migration 0004 merged two tables of this shape).
CARE_HISTORY = Table(
    "care_history", METADATA,
    _key("id", Integer),
    Column("child_id", String, ForeignKey("children.child_id"), nullable=False, index=True),
    _text("what"),  # "plan" or "placement"
    _text("type", nullable=True),  # a plan type or a placement type
    Column("start", Date, nullable=True),
    Column("recorded_at", UtcDateTime, nullable=False),
)  # fmt: skip

# Something that happened, or a milestone. One of each kind per child per day: a re-import
# updates it.
EVENTS = Table(
    "events", METADATA,
    _key("event_id", Integer),
    Column("child_id", String, ForeignKey("children.child_id"), nullable=False),
    _text("kind"),  # vocabulary.RECORDABLE_KINDS: an event kind or a milestone's name
    Column("on", Date, nullable=False),
    Column("seen_alone", Boolean, nullable=True),
    Column("unannounced", Boolean, nullable=True),
    Column("written_up", Boolean, nullable=False, default=True),  # False: not yet on the record
    Column("recorded_on", Date, nullable=True),
    _text("recorded_by", nullable=True),
    _text("note", default=""),
    UniqueConstraint("child_id", "kind", "on", name="uq_events_child_kind_on"),
    # covers the read of every child's history (reads.child_facts): no table lookups
    Index("ix_events_history", "child_id", "on", "kind", "seen_alone", "unannounced", "written_up"),
)  # fmt: skip

# A meeting already booked (e.g. the next CLA review), for "N days before" rules.
SCHEDULED = Table(
    "scheduled_events", METADATA,
    _key("id", Integer),
    Column("child_id", String, ForeignKey("children.child_id"), nullable=False, index=True),
    _text("kind"),
    Column("on", Date, nullable=False),
    UniqueConstraint("child_id", "kind", "on", name="uq_scheduled_child_kind_on"),
)  # fmt: skip

# A worker's intention to visit: kept apart from events and due dates on purpose.
PLANNED_VISITS = Table(
    "planned_visits", METADATA,
    _key("visit_id", Integer),
    Column("child_id", String, ForeignKey("children.child_id"), nullable=False),
    Column("worker_id", String, ForeignKey("workers.worker_id"), nullable=False),
    Column("on", Date, nullable=False),
    _text("note", default=""),
    Index("ix_planned_visits_worker_on", "worker_id", "on"),
)  # fmt: skip

SETTINGS = Table(
    "settings", METADATA,
    _key("key"),
    _text("value"),
)  # fmt: skip

AUDIT = Table(
    "audit_log", METADATA,
    _key("id", Integer),
    Column("at", UtcDateTime, nullable=False),
    _text("os_user"),
    _text("table_name"),
    _text("row_key"),
    _text("action"),  # insert, update, delete
    _text("before", nullable=True),  # JSON
    _text("after", nullable=True),  # JSON
)  # fmt: skip
