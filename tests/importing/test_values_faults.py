"""Values that used to be misread (issue 13): repeated rows, an FTE that rounds to nothing,
a repeated column, digits from other scripts."""

from __future__ import annotations

from pathlib import Path

import pytest

from caseload_tui.domain.dates import parse_date
from caseload_tui.importing import read_events, read_workers
from caseload_tui.importing.values import DateReader, parse_fte

from .helpers import EVENTS_HEADER, TODAY, WORKERS_HEADER, write


def test_an_event_repeated_in_one_file_is_a_problem_naming_both_lines(tmp_path: Path) -> None:
    path = write(tmp_path, "e.csv", EVENTS_HEADER, "C1,visit,01/05/2026,yes,no", "C2,visit,01/05/2026,,",
                 "C1,visit,2026-05-01,no,no")  # fmt: skip
    result = read_events(path, today=TODAY)
    assert not result.ok
    (problem,) = result.errors
    assert (problem.line, problem.column) == (4, "date")
    assert "also on line 2" in problem.reason


def test_a_worker_repeated_in_one_file_is_a_problem(tmp_path: Path) -> None:
    path = write(tmp_path, "w.csv", WORKERS_HEADER, "W1,Ann,SW,North,1", "W1,Ann B,SW,North,1")
    assert [(p.line, "also on line 2" in p.reason) for p in read_workers(path, today=TODAY).errors] == [
        (3, True)
    ]


@pytest.mark.parametrize(
    "text", ["1e-309", "0.00001%", "0.00004", "nan", "inf", "-inf", "NaN%", "١", "０.５"]
)
def test_fte_that_is_not_a_usable_number_is_refused(text: str) -> None:
    with pytest.raises(ValueError):
        parse_fte(text)


def test_fte_at_the_smallest_step_is_kept() -> None:
    assert parse_fte("0.0001") == 0.0001 and parse_fte("0.01%") == 0.0001


def test_a_repeated_column_header_is_refused(tmp_path: Path) -> None:
    path = write(tmp_path, "w.csv", "worker_id,name,role,team,fte,FTE ", "W1,Ann,SW,North,1,0.5")
    result = read_workers(path, today=TODAY)
    assert [(p.line, "more than once (columns 5, 6)" in p.reason) for p in result.errors] == [(1, True)]


def test_repeated_columns_that_are_not_read_are_ignored(tmp_path: Path) -> None:
    path = write(tmp_path, "w.csv", "worker_id,name,role,team,fte,,,notes,Notes", "W1,Ann,SW,North,1,,,a,b")
    assert read_workers(path, today=TODAY).ok


@pytest.mark.parametrize(
    "text", ["٠١/٠٥/٢٠٢٦", "０１/０５/２０２６", "01/05/２０２６", "۲۰۲۶-۰۵-۰۱", "𝟎𝟏/𝟎𝟓/𝟐𝟎𝟐𝟔"]
)
def test_digits_other_than_ascii_are_never_read_as_dates(text: str) -> None:
    with pytest.raises(ValueError):
        parse_date(text)
    with pytest.raises(ValueError, match="digits 0-9"):
        DateReader(TODAY)(text)
    with pytest.raises(ValueError, match="digits 0-9"):
        DateReader(TODAY, ("%d/%m/%Y", "%Y-%m-%d"))(text)
