"""CSV import: workers, children and events files into typed records, with every problem listed.

Pure Python (no database): the store writes the records only when ``ImportResult.ok``.
See README.md in this package for the templates and the mapping file format.
"""

from __future__ import annotations

from .api import read_children, read_events, read_workers
from .mapping import ColumnMapping, load_mapping, parse_mapping
from .problems import ImportProblem, ImportResult, MappingError
from .reader import Progress, read_stream

__all__ = [
    "ColumnMapping",
    "ImportProblem",
    "ImportResult",
    "MappingError",
    "Progress",
    "load_mapping",
    "parse_mapping",
    "read_children",
    "read_events",
    "read_stream",
    "read_workers",
]
