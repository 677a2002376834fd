"""The records the workspace hands the screens and commands: plain, frozen values (made by the
store, named here so that the app and the commands need not know where they come from)."""

from __future__ import annotations

from ..store.read_models import (
    AuditEntry,
    Booking,
    Child,
    ImportCounts,
    PlannedVisit,
    PlanPeriod,
    RecordedEvent,
    Team,
    Worker,
)

__all__ = [
    "AuditEntry",
    "Booking",
    "Child",
    "ImportCounts",
    "PlanPeriod",
    "PlannedVisit",
    "RecordedEvent",
    "Team",
    "Worker",
]
