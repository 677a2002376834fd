"""What the store raises: errors a person can act on, never a raw database exception."""

from __future__ import annotations

from collections.abc import Iterable


class StoreError(Exception):
    """A write the store refused (unknown child, duplicate event, no such visit...)."""


class UnknownReferences(StoreError):
    """An import named children or workers the database does not hold; nothing was written."""

    def __init__(self, what: str, keys: Iterable[str]) -> None:
        self.what = what
        self.keys = tuple(sorted(set(keys)))
        shown = ", ".join(self.keys[:20]) + (" ..." if len(self.keys) > 20 else "")
        super().__init__(f"{len(self.keys)} unknown {what}: {shown}; nothing was written")
