"""Bulk work: long inputs cut into import chunks and IN lists every database accepts, and the
statements of an import gathered before they run."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from itertools import islice
from typing import Any, TypeVar

from sqlalchemy import Connection, Executable, Table, insert

T = TypeVar("T")

IN_LIST = 500  # keys per "IN (...)": far below SQLite's bound-parameter limit


def batched(items: Iterable[T], size: int) -> Iterator[list[T]]:
    """``items`` in lists of at most ``size`` (itertools.batched arrives in Python 3.12)."""
    iterator = iter(items)
    while batch := list(islice(iterator, size)):
        yield batch


def insert_rows(conn: Connection, table: Table, rows: list[dict[str, Any]]) -> None:
    """``INSERT`` many rows (all with the same keys) in one executemany."""
    if rows:
        conn.execute(insert(table), rows)


Step = Callable[[Connection], Any]  # one statement, ready to run on a connection


class Writes:
    """The statements of an import, worked out before the write lock is taken, then run in
    order in one short write transaction (:meth:`run`)."""

    def __init__(self) -> None:
        self.steps: list[Step] = []

    def insert(self, table: Table, rows: list[dict[str, Any]]) -> None:
        if rows:
            self.steps.append(lambda conn: insert_rows(conn, table, rows))

    def call(self, step: Step) -> None:
        self.steps.append(step)

    def execute(self, statement: Executable, parameters: list[dict[str, Any]] | None = None) -> None:
        self.steps.append(lambda conn: conn.execute(statement, parameters))

    def run(self, conn: Connection) -> None:
        for step in self.steps:
            step(conn)
