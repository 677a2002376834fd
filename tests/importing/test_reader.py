"""Reading real-world files: encodings, line endings, headers, blank lines, broken rows."""

from __future__ import annotations

from pathlib import Path

from caseload_tui.importing import read_children, read_events, read_workers

from .helpers import CHILDREN_HEADER, EVENTS_HEADER, TODAY, WORKERS_HEADER, child, write


def test_excel_utf8_with_bom_and_windows_line_endings(tmp_path: Path) -> None:
    path = write(tmp_path, "w.csv", WORKERS_HEADER, "W01,Zoë Example,SW,North,1", encoding="utf-8-sig",
                 newline="\r\n")  # fmt: skip
    result = read_workers(path, today=TODAY)
    assert result.ok and result.encoding == "utf-8-sig"
    assert result.records[0].name == "Zoë Example" and result.records[0].fte == 1.0


def test_cp1252_is_detected(tmp_path: Path) -> None:
    path = write(tmp_path, "w.csv", WORKERS_HEADER, "W01,Zoë O’Example,SW,North,1", encoding="cp1252")
    result = read_workers(path, today=TODAY)
    assert result.ok and result.encoding == "cp1252"
    assert result.records[0].name == "Zoë O’Example"


def test_bytes_neither_utf8_nor_cp1252_are_refused_naming_the_line(tmp_path: Path) -> None:
    path = tmp_path / "w.csv"
    path.write_bytes(f"{WORKERS_HEADER}\nW01,Ann\x81Example,SW,North,1\n".encode("latin-1"))
    result = read_workers(path, today=TODAY)
    assert result.encoding is None  # was read as latin-1, a guess: \x81 is not text in cp1252 either
    assert result.errors and result.errors[0].line == 2
    assert "neither UTF-8 nor Windows-1252" in result.errors[0].reason


def test_non_utf8_late_in_a_large_file_restarts_as_cp1252(tmp_path: Path) -> None:
    rows = [f"C{i:05d},visit,01/05/2026,yes,no" for i in range(5000)]  # > 64 KB before the bad byte
    path = write(tmp_path, "e.csv", EVENTS_HEADER, *rows, "C99999,visit,01/05/2026,yes,no", encoding="utf-8")
    path.write_bytes(path.read_bytes() + "C¼,visit,01/05/2026,yes,no\n".encode("cp1252"))
    progress: list[tuple[int, int]] = []
    result = read_events(path, today=TODAY, on_progress=lambda rows, read: progress.append((rows, read)))
    assert result.ok and result.encoding == "cp1252" and result.rows == 5002
    assert result.records[-1].child_id == "C¼"
    assert progress[-1] == (5002, path.stat().st_size)


def test_progress_is_reported_while_reading(tmp_path: Path) -> None:
    rows = [f"C{i:05d},visit,01/05/2026,,\r" for i in range(4500)]
    path = write(tmp_path, "e.csv", EVENTS_HEADER, *rows)
    progress: list[tuple[int, int]] = []
    read_events(path, today=TODAY, on_progress=lambda rows, read: progress.append((rows, read)))
    assert [rows for rows, _ in progress] == [2000, 4000, 4500]
    assert progress[0][1] <= progress[1][1] <= progress[2][1] == path.stat().st_size


def test_empty_file(tmp_path: Path) -> None:
    result = read_workers(write(tmp_path, "w.csv", ""), today=TODAY)
    assert [(p.line, p.reason.split(":")[0]) for p in result.errors] == [(1, "the file is empty")]


def test_header_only(tmp_path: Path) -> None:
    result = read_workers(write(tmp_path, "w.csv", WORKERS_HEADER), today=TODAY)
    assert [(p.line, p.reason) for p in result.errors] == [(1, "the file has a header but no rows")]


def test_missing_columns_are_listed_in_one_error_with_the_columns_found(tmp_path: Path) -> None:
    result = read_children(write(tmp_path, "c.csv", "child_id,given_name,family_name,Plan", "C1,A,B,cp"),
                           today=TODAY)  # fmt: skip
    (problem,) = result.errors
    assert problem.line == 1
    assert problem.reason == (
        "missing required columns: date_of_birth, worker_id, allocated_on, plan_type, plan_start, "
        "placement_type, placement_start; columns found: 'child_id', 'given_name', 'family_name', 'Plan'"
    )


def test_header_case_order_spaces_and_extra_columns(tmp_path: Path) -> None:
    path = write(
        tmp_path, "w.csv", " FTE ,Team,Notes,Name,Role,Worker_ID", " 0.5 , North ,x, Sam Example ,SW,W1"
    )
    result = read_workers(path, today=TODAY)
    assert result.ok
    assert result.records[0].name == "Sam Example" and result.records[0].team == "North"


def test_blank_lines_are_skipped_but_counted_in_line_numbers(tmp_path: Path) -> None:
    path = write(
        tmp_path, "e.csv", EVENTS_HEADER, "", "C1,visit,01/05/2026,,", ",,,,", "   ", "C2,visit,nope,,"
    )
    result = read_events(path, today=TODAY)
    assert result.rows == 2
    assert [(p.line, p.column) for p in result.errors] == [(6, "date")]


def test_rows_with_too_many_or_too_few_fields(tmp_path: Path) -> None:
    path = write(tmp_path, "e.csv", EVENTS_HEADER, "C1,visit,01/05/2026", "C1,visit,01/05/2026,,,extra",
                 "C1,visit,01/05/2026,,,,", 'C1,visit,01/05/2026,"yes\nreally",no')  # fmt: skip
    result = read_events(path, today=TODAY)
    assert [(p.line, p.column) for p in result.errors] == [(2, None), (3, None), (5, "seen_alone")]
    assert (
        "has 3 fields but the header has 5" in result.errors[0].reason
    )  # trailing empties (line 4) are fine


def test_errors_mean_no_records(tmp_path: Path) -> None:
    result = read_children(write(tmp_path, "c.csv", CHILDREN_HEADER, child(), child(child_id="C2", plan_type="x")),
                           today=TODAY)  # fmt: skip
    assert not result.ok and result.records == () and result.rows == 2


def test_missing_file_is_a_problem_not_an_exception(tmp_path: Path) -> None:
    result = read_workers(tmp_path / "nope.csv")
    assert not result.ok and result.encoding is None
    assert "cannot open the file" in str(result.errors[0])
