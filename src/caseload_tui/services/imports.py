"""Importing an authority's CSV exports: read and check every row, then write all or nothing.

Reading (``importing``) never touches the database; writing opens it checked for damage first
(a damaged database is never imported into) and writes in one short transaction.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import date
from pathlib import Path
from typing import Any

from ..importing import load_mapping, read_children, read_events, read_workers
from ..importing.api import validate_child
from ..importing.problems import ImportProblem, ImportResult, MappingError
from ..importing.reader import Progress
from ..store.errors import UnknownReferences
from ..store.read_models import ImportCounts

KINDS = ("workers", "children", "events")
__all__ = [
    "KINDS", "ImportProblem", "MappingError", "UnknownReferences",
    "read_import", "validate_child", "write_import",
]  # fmt: skip

_READERS: dict[str, Callable[..., ImportResult[Any]]] = {
    "workers": read_workers,
    "children": read_children,
    "events": read_events,
}


def read_import(
    kind: str, path: Path, mapping_file: str | None, today: date, on_progress: Progress | None = None
) -> ImportResult[Any]:
    """Read and check a ``kind`` file (with a mapping file for another system's export);
    raises :class:`MappingError` for a mapping that is not valid."""
    mapping = load_mapping(mapping_file) if mapping_file else None
    return _READERS[kind](path, mapping, today=today, on_progress=on_progress)


def unknown_references(url: str, kind: str, path: Path, records: Sequence[Any]) -> list[str]:
    """Rows naming a worker (children.csv) or a child (events.csv) the database does not hold,
    as ``file:line: ...`` lines: what the import would refuse, found without writing anything."""
    if kind == "workers":
        return []
    from ..store.store import open_store
    from .keys import database_key

    store = open_store(url, create=False, key=database_key(url))
    try:
        if kind == "children":
            known = {w.worker_id for w in store.workers()}
            missing = [
                (r.line, "worker", r.worker_id) for r in records if r.worker_id and r.worker_id not in known
            ]
        else:
            known = {c.child_id for c in store.children(include_closed=True)}
            missing = [(r.line, "child", r.child_id) for r in records if r.child_id not in known]
    finally:
        store.close()
    return [
        f"{path}:{line}: no {what} {key!r} in the database ("
        + ("import workers.csv first" if what == "worker" else "import children.csv first")
        + ")"
        for line, what, key in missing
    ]


def write_import(
    url: str, kind: str, records: Sequence[Any], on_busy: Callable[[int], bool] | None = None
) -> ImportCounts:
    """Write checked records in one transaction (the database checked for damage first);
    ``on_busy(waits)`` is asked while another process holds the write lock."""
    from ..store.store import open_store
    from .keys import database_key

    store = open_store(url, verify=True, key=database_key(url, create=True))
    store.on_busy = on_busy
    try:
        if kind == "workers":
            return store.upsert_workers(records)
        if kind == "children":
            return store.upsert_children(records)
        return store.add_events(records)
    finally:
        store.close()
