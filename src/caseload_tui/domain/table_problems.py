"""What can be wrong with a timescale table (apart from :mod:`.table`, so that the command line
can name the exception it reports without loading the table machinery)."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class TableProblem:
    """One thing wrong with a table."""

    file: str
    where: str  # "rule H-VISIT-CIN", "[table]", ...
    line: int | None
    message: str

    def __str__(self) -> str:
        at = f":{self.line}" if self.line else ""
        return f"{self.file}{at}: {self.where}: {self.message}"


class TableError(Exception):
    """A table could not be read; ``problems`` lists every problem found."""

    def __init__(self, problems: list[TableProblem]) -> None:
        self.problems = problems
        super().__init__("\n".join(str(p) for p in problems))
