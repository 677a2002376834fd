"""The encoding is decided from the whole file, never from its start: a file that mixes two
encodings is refused, naming the first line that is not UTF-8 (issue 13)."""

from __future__ import annotations

from pathlib import Path

from caseload_tui.importing import read_events, read_workers

from .helpers import EVENTS_HEADER, TODAY, WORKERS_HEADER


def _file(tmp_path: Path, *lines: bytes) -> Path:
    path = tmp_path / "w.csv"
    path.write_bytes(b"\n".join(lines) + b"\n")
    return path


def test_one_stray_byte_in_a_utf8_file_is_refused_not_read_as_cp1252(tmp_path: Path) -> None:
    path = _file(
        tmp_path,
        WORKERS_HEADER.encode(),
        "W01,Zoë Müller,SW,North,1".encode(),
        "W02,Ann\xa0Stray,SW,North,1".encode("cp1252"),  # one non-breaking space from another program
        "W03,José Núñez,SW,North,1".encode(),
    )
    result = read_workers(path, today=TODAY)
    assert not result.ok and result.records == () and result.encoding is None
    (problem,) = result.errors
    assert problem.line == 3 and "mixes two encodings" in problem.reason and "0xA0" in problem.reason


def test_a_mixed_file_is_refused_even_when_the_utf8_comes_after_the_bad_byte(tmp_path: Path) -> None:
    lines = [f"W{i:04d},Ann Example,SW,North,1".encode() for i in range(40_000)]  # > one piece read
    path = _file(tmp_path, WORKERS_HEADER.encode(), "W9,Zoë,SW,N,1".encode("cp1252"), *lines,
                 "W8,Zoë,SW,N,1".encode())  # fmt: skip
    result = read_workers(path, today=TODAY)
    assert [(p.line, "mixes" in p.reason) for p in result.errors] == [(2, True)]


def test_a_whole_cp1252_file_is_read_as_cp1252_and_says_so(tmp_path: Path) -> None:
    path = _file(tmp_path, WORKERS_HEADER.encode(), "W01,Zoë Müller,SW,North,1".encode("cp1252"))
    result = read_workers(path, today=TODAY)
    assert result.ok and result.encoding == "cp1252" and result.records[0].name == "Zoë Müller"


def test_utf8_is_utf8_however_late_the_first_accent(tmp_path: Path) -> None:
    rows = [f"C{i:05d},visit,01/05/2026,yes,no".encode() for i in range(60_000)]
    path = _file(tmp_path, EVENTS_HEADER.encode(), *rows, "Cé,visit,01/05/2026,yes,no".encode())
    result = read_events(path, today=TODAY)
    assert result.ok and result.encoding == "utf-8" and result.records[-1].child_id == "Cé"


def test_the_import_says_which_encoding_it_used(tmp_path: Path, db: str, capsys: object) -> None:
    import pytest

    from caseload_tui.cli import main

    assert isinstance(capsys, pytest.CaptureFixture)
    path = _file(tmp_path, WORKERS_HEADER.encode(), "W01,Zoë Müller,SW,North,1".encode("cp1252"))
    assert main(["import", "workers", str(path), "--db", db]) == 0
    assert "read as cp1252" in capsys.readouterr().out
    assert main(["import", "workers", str(path), "--db", db, "--dry-run"]) == 0
    assert "cp1252" in capsys.readouterr().out
