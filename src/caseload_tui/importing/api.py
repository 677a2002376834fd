"""The import entry points: one per kind of file, typed by the records they give."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from pathlib import Path

from ..domain.records import ChildRecord, EventRecord, WorkerRecord
from .children import CHILDREN
from .events import EVENTS
from .mapping import ColumnMapping
from .problems import ImportProblem, ImportResult
from .reader import Progress, read_file
from .schema import RowContext
from .values import DateReader
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


def validate_child(cells: Mapping[str, str], today: date) -> tuple[ChildRecord | None, list[ImportProblem]]:
    """One child typed into a form, checked exactly as a ``children.csv`` row is.

    ``cells`` uses the template's column names; dates in the British forms a file accepts.
    Returns the record, or None and every problem (``line`` is 1, ``file`` is "form").
    """
    ctx = RowContext("form", today, DateReader(today))
    row = {column: (cells.get(column) or "").strip() for column in (*CHILDREN.columns, *CHILDREN.optional)}
    record = CHILDREN.convert(row, 1, ctx)
    return (None if ctx.problems else record), ctx.problems
