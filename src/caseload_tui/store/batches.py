"""Bulk work: long inputs cut into import chunks and IN lists SQLite will accept, and inserts
of many rows at once."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from datetime import date, datetime
from functools import lru_cache
from itertools import islice
from typing import Any, TypeVar

from sqlalchemy import Boolean, Connection, Date, DateTime, Dialect, Executable, Table, TypeDecorator, insert
from sqlalchemy.types import TypeEngine

T = TypeVar("T")

IN_LIST = 500  # keys per "IN (...)": far below SQLite's bound-parameter limit


def batched(items: Iterable[T], size: int) -> Iterator[list[T]]:
    """``items`` in lists of at most ``size`` (itertools.batched arrives in Python 3.12)."""
    iterator = iter(items)
    while batch := list(islice(iterator, size)):
        yield batch


def insert_rows(conn: Connection, table: Table, rows: list[dict[str, Any]]) -> None:
    """``INSERT`` many rows (all with the same keys) in one executemany.

    On SQLite the rows go straight to the driver: SQLAlchemy's per-row parameter processing was
    a third of an import's time. Values are stored exactly as SQLAlchemy stores them (dates as
    ISO text, date-times as ``YYYY-MM-DD HH:MM:SS.ffffff``, booleans as 0 or 1), and a column
    a row leaves out gets its default as SQLAlchemy would give it.
    """
    if rows:
        prepare_insert(conn.dialect, table, rows)(conn)


Step = Callable[[Connection], Any]  # one statement, ready to run on a connection


def prepare_insert(dialect: Dialect, table: Table, rows: list[dict[str, Any]]) -> Step:
    """:func:`insert_rows` in two halves: the values made ready now (Python's work), the
    statement run later (the database's); see :class:`Writes`."""
    given = list(rows[0])
    left_out = [c for c in table.columns if c.name not in given and c.default is not None]
    if dialect.name != "sqlite" or any(not c.default.is_scalar for c in left_out):  # type: ignore[union-attr]
        return lambda conn: conn.execute(insert(table), rows)  # e.g. a default SQLAlchemy must call per row
    defaults = {c.name: c.default.arg for c in left_out}  # type: ignore[union-attr]
    names = [*given, *defaults]
    statement = (
        f"INSERT INTO {table.name} ({', '.join(_quoted(n) for n in names)}) "
        f"VALUES ({', '.join('?' * len(names))})"
    )
    fill = [_storer(table.c[name].type, dialect)(value) for name, value in defaults.items()]
    storers = [_storer(table.c[name].type, dialect) for name in given]
    stores = [(i, store) for i, store in enumerate(storers) if store is not _as_is]
    values = []
    for row in rows:
        value = [row[name] for name in given]
        for i, store in stores:
            value[i] = store(value[i])
        values.append((*value, *fill))
    return lambda conn: conn.connection.driver_connection.executemany(statement, values)  # type: ignore[union-attr]


class Writes:
    """The statements of an import, worked out (and their values made ready) before the write
    lock is taken, then run in order in one short write transaction (:meth:`run`)."""

    def __init__(self, dialect: Dialect) -> None:
        self.dialect = dialect
        self.steps: list[Step] = []

    def insert(self, table: Table, rows: list[dict[str, Any]]) -> None:
        if rows:
            self.steps.append(prepare_insert(self.dialect, table, rows))

    def execute(self, statement: Executable, parameters: list[dict[str, Any]] | None = None) -> None:
        self.steps.append(lambda conn: conn.execute(statement, parameters))

    def run(self, conn: Connection) -> None:
        for step in self.steps:
            step(conn)


def _quoted(name: str) -> str:
    return f'"{name}"'


def _as_is(value: Any) -> Any:
    return value


def _date_time(value: datetime | None) -> str | None:
    return None if value is None else f"{value:%Y-%m-%d %H:%M:%S.%f}"


def _date(value: date | None) -> str | None:
    return None if value is None else value.isoformat()


def _boolean(value: bool | None) -> int | None:
    return None if value is None else int(value)


def _storer(kind: TypeEngine[Any], dialect: Dialect) -> Callable[[Any], Any]:
    """How SQLAlchemy's SQLite dialect stores a value of this column type."""
    if isinstance(kind, TypeDecorator):  # e.g. SQLModel's UTCDateTime: its own step, then its impl's
        decorator, inner = kind, _storer(kind.impl_instance, dialect)
        if type(kind).process_bind_param is TypeDecorator.process_bind_param:  # no step of its own
            return inner
        # cached: the values repeat (an import's audit rows all carry the same time)
        return lru_cache(maxsize=64)(lambda value: inner(decorator.process_bind_param(value, dialect)))
    if isinstance(kind, DateTime):
        return _date_time
    if isinstance(kind, Date):
        return _date
    if isinstance(kind, Boolean):
        return _boolean
    return _as_is
