"""What the store raises: errors a person can act on, never a raw database exception."""

from __future__ import annotations

from collections.abc import Iterable

from ..domain.wording import plural


class StoreError(Exception):
    """A write the store refused (unknown child, duplicate event, no such visit...)."""


class StoreBusy(StoreError):
    """Another process kept the write lock (an import, the app saving) and the wait was given up."""

    def __init__(self, database: object = None) -> None:
        where = f"the database {database}" if database is not None else "the database"
        super().__init__(
            f"{where} is busy: another caseload (an import?) is writing to it. Nothing was saved; "
            "try again when it has finished"
        )


def unreadable(database: object = None) -> StoreError:
    """A stored value the column's type cannot read (a date that is not one...): never quoted,
    as it may be a name."""
    where = f"the database {database}" if database is not None else "the database"
    return StoreError(f"{where} holds a value caseload cannot read; nothing was saved")


class UnknownReferences(StoreError):
    """An import named children or workers the database does not hold; nothing was written."""

    def __init__(self, what: str, keys: Iterable[str]) -> None:
        self.what = what
        self.keys = tuple(sorted(set(keys)))
        shown = ", ".join(self.keys[:20]) + (" ..." if len(self.keys) > 20 else "")
        one = {"workers": "worker", "children": "child"}.get(what, what)
        super().__init__(
            f"{plural(len(self.keys), f'unknown {one}', f'unknown {what}')}: {shown}; nothing was written"
        )
