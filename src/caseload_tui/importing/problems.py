"""What an import gives back: the records, or every problem found, never a partial success."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Generic, TypeVar

R = TypeVar("R")

_SHOWN_VALUE = 80  # longer values are cut in messages; the full value stays in ``value``


@dataclass(frozen=True, slots=True)
class ImportProblem:
    """One problem in a CSV or mapping file.

    ``line`` is the row as a spreadsheet shows it (the header is line 1; a blank line counts,
    a cell holding a line break does not start a new line). ``None`` for whole-file problems.
    ``column`` is the canonical column name (e.g. ``plan_type``), ``None`` for row problems.
    """

    file: str
    line: int | None
    column: str | None
    value: str
    reason: str

    def __str__(self) -> str:
        where = self.file if self.line is None else f"{self.file}:{self.line}"
        if self.column is None:
            return f"{where}: {self.reason}"
        shown = self.value if len(self.value) <= _SHOWN_VALUE else self.value[:_SHOWN_VALUE] + "…"
        return f"{where}: column {self.column!r} value {shown!r}: {self.reason}"


@dataclass(frozen=True, slots=True)
class ImportResult(Generic[R]):
    """The outcome of reading one file: ``records`` only when there are no ``errors``.

    ``encoding`` is how the file was decoded (``utf-8-sig``, ``cp1252`` or ``latin-1``), ``None``
    when it could not be opened; ``rows`` counts the data rows read (blank lines excluded).
    """

    file: str
    records: tuple[R, ...]
    errors: tuple[ImportProblem, ...]
    encoding: str | None
    rows: int

    @property
    def ok(self) -> bool:
        return not self.errors


class MappingError(Exception):
    """A mapping file is invalid; ``problems`` lists every problem, each naming the file."""

    def __init__(self, problems: list[ImportProblem]) -> None:
        self.problems = problems
        super().__init__("\n".join(str(p) for p in problems))
