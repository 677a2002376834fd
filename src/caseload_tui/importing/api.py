"""The import entry points: one per kind of file, typed by the records they give."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from ..domain.records import ChildRecord, EventRecord, WorkerRecord
from .children import CHILDREN
from .events import EVENTS
from .mapping import ColumnMapping
from .problems import ImportResult
from .reader import Progress, read_file
from .workers import WORKERS


def read_workers(
    path: Path | str,
    mapping: ColumnMapping | None = None,
    *,
    today: date | None = None,
    on_progress: Progress | None = None,
) -> ImportResult[WorkerRecord]:
    """Read ``workers.csv`` (worker_id,name,role,team,fte)."""
    return read_file(WORKERS, path, mapping, today=today, on_progress=on_progress)


def read_children(
    path: Path | str,
    mapping: ColumnMapping | None = None,
    *,
    today: date | None = None,
    on_progress: Progress | None = None,
) -> ImportResult[ChildRecord]:
    """Read ``children.csv``; ``today`` bounds future dates and places two-digit years."""
    return read_file(CHILDREN, path, mapping, today=today, on_progress=on_progress)


def read_events(
    path: Path | str,
    mapping: ColumnMapping | None = None,
    *,
    today: date | None = None,
    on_progress: Progress | None = None,
) -> ImportResult[EventRecord]:
    """Read ``events.csv`` (child_id,kind,date,seen_alone,unannounced)."""
    return read_file(EVENTS, path, mapping, today=today, on_progress=on_progress)
