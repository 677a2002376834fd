"""Typed records passed from CSV import (``caseload_tui.importing``) to the store.

Plain data, already validated: codes are from :mod:`.vocabulary`, dates are dates. The importer
turns CSV rows into these; the store writes them in one transaction.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date


@dataclass(frozen=True, slots=True)
class WorkerRecord:
    """``workers.csv``: worker_id,name,role,team,fte."""

    worker_id: str
    name: str
    role: str
    team: str
    fte: float  # 0 < fte <= 1
    caseload_target: float | None = None  # an override of table target x FTE
    line: int = field(default=0, compare=False)  # where it was read (0: not from a file)


@dataclass(frozen=True, slots=True)
class ChildRecord:
    """``children.csv``: child_id,given_name,family_name,date_of_birth,worker_id,allocated_on,
    plan_type,plan_start,placement_type,placement_start."""

    child_id: str  # the case reference, unique
    given_name: str
    family_name: str
    date_of_birth: date | None
    worker_id: str | None  # None: unallocated
    allocated_on: date | None
    plan_type: str | None  # vocabulary.PLAN_TYPES
    plan_start: date | None
    placement_type: str | None  # vocabulary.PLACEMENT_TYPES, cla only
    placement_start: date | None
    # vocabulary.FLAGS; None: the file has no flags column, so a re-import keeps those stored
    flags: frozenset[str] | None = frozenset()
    line: int = field(default=0, compare=False)  # where it was read (0: not from a file)


@dataclass(frozen=True, slots=True)
class EventRecord:
    """``events.csv``: child_id,kind,date,seen_alone,unannounced.

    ``kind`` is an event kind or a milestone's name (vocabulary.RECORDABLE_KINDS): milestones
    are recorded like events. A meeting dated after today is a booking (``booked``)."""

    child_id: str
    kind: str  # vocabulary.RECORDABLE_KINDS
    on: date
    seen_alone: bool | None = None
    unannounced: bool | None = None
    recorded_on: date | None = None  # None in a CSV means "recorded" (the export has it)
    recorded_by: str | None = None
    note: str = ""
    written_up: bool = True  # False: it happened but is not yet written up on the record
    booked: bool = False  # True: a meeting booked for ``on`` (vocabulary.BOOKABLE_KINDS), not held
    line: int = field(default=0, compare=False)  # where it was read (0: not from a file)
