"""The three kinds of import file, by the name the command line uses."""

from __future__ import annotations

from typing import Any

from .children import CHILDREN
from .events import EVENTS
from .schema import Schema
from .workers import WORKERS

SCHEMAS: dict[str, Schema[Any]] = {s.kind: s for s in (WORKERS, CHILDREN, EVENTS)}
