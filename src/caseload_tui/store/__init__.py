"""The database: a SQLite file by default, or a PostgreSQL server; migrated when opened,
audited, returning read models.

The rest of the app uses :func:`open_store` and the :class:`Store` it returns; nothing outside
this package opens a session or sees a table.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

from .errors import StoreError, UnknownReferences

if TYPE_CHECKING:
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
    )
    from .store import AUTHORITY_TABLE, MY_WORKER, Store, open_store

# Each name loads its module on first use: the database machinery (SQLAlchemy, SQLModel,
# pydantic: ~0.3 s to import) so that the app can paint its first screen before it, and even the
# read models (plain dataclasses, still a few milliseconds) so that finding the database does not
# wait for them.
_READ_MODELS = (
    "AuditEntry", "Child", "ImportCounts", "ImportSummary", "PlannedVisit", "PlanPeriod", "RecordedEvent",
    "Team", "Worker",
)  # fmt: skip
_LAZY = {
    **dict.fromkeys(_READ_MODELS, "read_models"),
    "AUTHORITY_TABLE": "store",
    "MY_WORKER": "store",
    "Store": "store",
    "open_store": "store",
    "default_database_path": "location",
    "resolve_database_url": "location",
}


def __getattr__(name: str) -> Any:
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    return getattr(importlib.import_module(f".{module}", __name__), name)


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
