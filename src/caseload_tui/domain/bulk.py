"""Bulk work: building or evaluating many thousands of children at once."""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def paused_gc() -> Iterator[None]:
    """Pause Python's cyclic garbage collector for a bulk build of acyclic objects.

    Creating millions of small objects that are kept (events, due items) triggers full
    collections that re-scan everything made so far, which at 100,000 children costs more than
    the work itself. Reference counting still frees everything as usual.
    """
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()
