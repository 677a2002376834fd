"""Plain, immutable results of store queries: screens get these, never ORM objects."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date, datetime

from ..domain.records import WorkerRecord


@dataclass(frozen=True, slots=True)
class ImportCounts:
    """What one bulk write did, per row of the input."""

    inserted: int = 0
    updated: int = 0
    unchanged: int = 0

    def __add__(self, other: ImportCounts) -> ImportCounts:
        return ImportCounts(
            self.inserted + other.inserted, self.updated + other.updated, self.unchanged + other.unchanged
        )


@dataclass(frozen=True, slots=True)
class ImportSummary:
    """The counts of a whole import (workers, children, events), written as one transaction."""

    workers: ImportCounts
    children: ImportCounts
    events: ImportCounts


@dataclass(frozen=True, slots=True)
class Team:
    name: str
    workers: int  # how many workers belong to it


@dataclass(frozen=True, slots=True)
class Worker:
    worker_id: str
    name: str
    role: str
    team: str
    fte: float
    caseload_target: float | None  # None: the table's target x FTE applies

    def record(self) -> WorkerRecord:
        """As the caseload arithmetic takes a worker."""
        return WorkerRecord(self.worker_id, self.name, self.role, self.team, self.fte, self.caseload_target)


@dataclass(frozen=True, slots=True)
class Child:
    child_id: str  # the case reference
    given_name: str
    family_name: str
    date_of_birth: date | None
    worker_id: str | None
    allocated_on: date | None
    plan_type: str | None
    plan_start: date | None
    placement_type: str | None
    placement_start: date | None
    flags: frozenset[str] = frozenset()
    milestones: Mapping[str, date] = field(default_factory=dict)
    is_open: bool = True
    closed_on: date | None = None


@dataclass(frozen=True, slots=True)
class RecordedEvent:
    """An event as held in the database (the engine's :class:`Event` plus who, when, note)."""

    event_id: int
    child_id: str
    kind: str
    on: date
    seen_alone: bool | None
    unannounced: bool | None
    written_up: bool
    recorded_on: date | None
    recorded_by: str | None
    note: str


@dataclass(frozen=True, slots=True)
class Booking:
    """A meeting booked ahead (the next CLA review, an ICPC): counted back from, never held."""

    booking_id: int
    child_id: str
    kind: str
    on: date


@dataclass(frozen=True, slots=True)
class PlannedVisit:
    """A worker's intention to visit: never a due date, and never satisfies one."""

    visit_id: int
    child_id: str
    worker_id: str
    on: date
    note: str


@dataclass(frozen=True, slots=True)
class PlanPeriod:
    """One entry of a child's plan, placement or allocation history: the plan or placement type
    (or the worker's id) and when it started."""

    child_id: str
    type: str | None
    start: date | None
    recorded_at: datetime  # UTC


@dataclass(frozen=True, slots=True)
class AuditEntry:
    at: datetime  # UTC
    os_user: str  # the OS account
    table: str
    key: str
    action: str  # "insert", "update", "delete"; "view", "print", "export"; "erase", "chain"
    before: str | None  # JSON
    after: str | None  # JSON
    change_id: str | None = None  # the change the row is part of (None: written before 0005)
    worker: str | None = None  # the worker signed in to caseload (None: nobody, or before 0006)
    entry_id: int = 0  # the row's id: its place in the chain
    erased: bool = False  # an authorised erasure has rewritten its copies
