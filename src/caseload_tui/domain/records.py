"""Typed records passed from CSV import (``caseload_tui.importing``) to the store.

Plain data, already validated: codes are from :mod:`.vocabulary`, dates are dates. The importer
turns CSV rows into these; the store writes them in one transaction.
"""

from __future__ import annotations

from collections.abc import Mapping
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
    flags: frozenset[str] = frozenset()  # vocabulary.FLAGS
    milestones: Mapping[str, date] = field(default_factory=dict)  # vocabulary.MILESTONES


@dataclass(frozen=True, slots=True)
class EventRecord:
    """``events.csv``: child_id,kind,date,seen_alone,unannounced."""

    child_id: str
    kind: str  # vocabulary.EVENT_KINDS
    on: date
    seen_alone: bool | None = None
    unannounced: bool | None = None
    recorded_on: date | None = None  # None in a CSV means "recorded" (the export has it)
    recorded_by: str | None = None
    note: str = ""
