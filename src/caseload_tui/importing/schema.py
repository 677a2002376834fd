"""What each kind of file holds, and the per-row context its converter reports problems to."""

from __future__ import annotations

from collections.abc import Callable, Hashable
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Generic, TypeVar

from .problems import ImportProblem
from .values import CodeReader, DateReader, clean_text

R = TypeVar("R")


@dataclass(slots=True)
class RowContext:
    """Shared by every row of one file: where problems go, how dates parse, ids seen so far."""

    file: str
    today: date
    dates: DateReader
    problems: list[ImportProblem] = field(default_factory=list)
    seen: dict[Hashable, int] = field(default_factory=dict)  # id or key -> first line, for duplicates
    absent: frozenset[str] = frozenset()  # optional columns the file does not have

    def report(self, line: int, column: str, value: str, reason: str) -> None:
        self.problems.append(ImportProblem(self.file, line, column, value, reason))

    def text(self, cells: dict[str, str], line: int, column: str, *, required: bool = False) -> str:
        """A name or reference; "" when blank or bad (reported)."""
        value = cells[column]
        if not value:
            if required:
                self.report(line, column, value, f"{column} is required")
            return ""
        try:
            return clean_text(value)
        except ValueError as exc:
            self.report(line, column, value, str(exc))
            return ""

    def code(self, cells: dict[str, str], line: int, column: str, reader: CodeReader) -> str | None:
        """A vocabulary code; ``None`` when blank or bad (reported)."""
        value = cells[column]
        if not value:
            return None
        try:
            return reader(value)
        except ValueError as exc:
            self.report(line, column, value, str(exc))
            return None

    def day(
        self,
        cells: dict[str, str],
        line: int,
        column: str,
        *,
        required: bool = False,
        why: str = "",
        future_days: int = 0,
    ) -> date | None:
        """A date no more than ``future_days`` after today; ``None`` when blank or bad (reported)."""
        value = cells[column]
        if not value:
            if required:
                self.report(line, column, value, f"{column} is required{why}")
            return None
        try:
            parsed = self.dates(value)
        except ValueError as exc:
            self.report(line, column, value, str(exc))
            return None
        if parsed > self.today + timedelta(days=future_days):
            limit = "in the future" if future_days == 0 else f"more than {future_days} days ahead"
            self.report(line, column, value, f"{column} is {limit} (today is {self.today:%d/%m/%Y})")
            return None
        return parsed

    def unique(self, line: int, column: str, value: str) -> None:
        """Report ``value`` when an earlier row of the file had it, naming both lines."""
        first = self.seen.setdefault(value, line)
        if first != line:
            self.report(line, column, value, f"duplicate {column}: also on line {first}")

    def once(self, line: int, key: Hashable, column: str, value: str, what: str) -> None:
        """Report a row whose ``key`` (e.g. child, kind and day) an earlier row had, naming both
        lines: a repeated row would otherwise be merged silently and the counts not add up."""
        first = self.seen.setdefault(key, line)
        if first != line:
            self.report(line, column, value, f"{what} is also on line {first}: list it once")


@dataclass(frozen=True, slots=True)
class Schema(Generic[R]):
    """One kind of CSV file.

    ``columns`` is the template header, in order. ``optional`` columns may be missing from a
    file (read as blank); every other column must be present, or given by a mapping default.
    ``codes`` and ``flags`` name the columns whose values a mapping may translate, so a mapping
    can be checked before any file is read.
    """

    kind: str
    columns: tuple[str, ...]
    optional: frozenset[str]
    codes: dict[str, CodeReader]
    flags: frozenset[str]
    convert: Callable[[dict[str, str], int, RowContext], R | None]
