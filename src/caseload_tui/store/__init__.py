"""The local database: SQLite by default, migrated at start, audited, returning read models.

The rest of the app uses :func:`open_store` and the :class:`Store` it returns; nothing outside
this package opens a session or sees a table.
"""

from __future__ import annotations

from .errors import StoreError, UnknownReferences
from .location import default_database_path, resolve_database_url
from .read_models import (
    AuditEntry,
    Child,
    ImportCounts,
    ImportSummary,
    PlannedVisit,
    PlanPeriod,
    RecordedEvent,
    Team,
    Worker,
)  # fmt: skip
from .store import AUTHORITY_TABLE, MY_WORKER, Store, open_store

__all__ = [
    "AUTHORITY_TABLE",
    "MY_WORKER",
    "AuditEntry",
    "Child",
    "ImportCounts",
    "ImportSummary",
    "PlanPeriod",
    "PlannedVisit",
    "RecordedEvent",
    "Store",
    "StoreError",
    "Team",
    "UnknownReferences",
    "Worker",
    "default_database_path",
    "open_store",
    "resolve_database_url",
]
