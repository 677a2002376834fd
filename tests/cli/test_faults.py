"""What used to destroy data or end in a traceback on the command line (issue 13): outputs over
existing files or onto the database, a wrong --db answering "nothing due", and the fifteen
tracebacks, each now one line on stderr and exit status 2."""

from __future__ import annotations

import errno
import os
import sqlite3
import subprocess
import sys
import time
from contextlib import closing
from pathlib import Path

import pytest

from caseload_tui.cli import main
from tests.cli.test_data import count, imported, write
from tests.databases import plain_file

POSIX = pytest.mark.skipif(sys.platform == "win32", reason="POSIX device files")


@pytest.fixture
def db(tmp_path: Path) -> str:
    path = str(tmp_path / "case.db")
    plain_file(Path(path))  # these tests damage the file with sqlite3: a plain one
    imported(tmp_path, path)
    return path


def one_line_error(capsys: pytest.CaptureFixture[str], *words: str) -> str:
    """The command's stderr: one line, no traceback, holding ``words``."""
    err = capsys.readouterr().err
    lines = [line for line in err.splitlines() if not line.startswith("warning:")]
    assert len(lines) == 1 and lines[0].startswith("caseload: "), err
    assert "Traceback" not in err
    for word in words:
        assert word in lines[0], (word, lines[0])
    return lines[0]


def integrity(path: str) -> str:
    with sqlite3.connect(path) as conn:
        return str(conn.execute("PRAGMA integrity_check").fetchone()[0])


# -- outputs --------------------------------------------------------------------------------------


def test_output_never_replaces_a_file_without_force(
    tmp_path: Path, db: str, capsys: pytest.CaptureFixture[str]
) -> None:
    report = tmp_path / "report.csv"
    report.write_text("mine\n")
    capsys.readouterr()
    for args in (
        ["due", "--db", db, "--today", "20/11/2026", "--format", "csv", "-o", str(report)],
        ["caseload", "--db", db, "-o", str(report)],
        ["team-report", "--team", "East", "--db", db, "-o", str(report)],
        ["export", "ics", "--worker", "W001", "--db", db, str(report)],
    ):
        assert main(args) == 2, args
        one_line_error(capsys, str(report), "already exists", "--force")
        assert report.read_text() == "mine\n"
    assert (
        main(["due", "--db", db, "--today", "20/11/2026", "--format", "csv", "-o", str(report), "--force"])
        == 0
    )
    assert report.read_text().startswith("child_id,")
    assert main(["export", "ics", "--worker", "W001", "--db", db, str(report), "--force"]) == 0
    assert report.read_text().startswith("BEGIN:VCALENDAR")


def test_output_never_goes_onto_the_database_even_with_force(
    tmp_path: Path, db: str, capsys: pytest.CaptureFixture[str]
) -> None:
    children = count(db, "children")
    link = tmp_path / "link.db"
    os.link(db, link)  # the same file under another name
    capsys.readouterr()
    for target in (db, f"{db}-wal", f"{db}-shm", f"{db}-journal", str(link)):
        for args in (
            ["due", "--db", db, "-o", target, "--force"],
            ["export", "ics", "--worker", "W001", "--db", db, target, "--force"],
        ):
            assert main(args) == 2, args
            one_line_error(capsys, "is the database")
    assert not Path(f"{db}-journal").exists()
    assert integrity(db) == "ok" and count(db, "children") == children


def test_a_failed_write_leaves_no_file_behind(
    tmp_path: Path, db: str, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    def disk_full(fd: int) -> None:
        raise OSError(errno.ENOSPC, "No space left on device", "x")

    import caseload_tui.store.files

    report = tmp_path / "out" / "report.txt"
    report.parent.mkdir()
    capsys.readouterr()
    monkeypatch.setattr(caseload_tui.store.files.os, "fsync", disk_full)
    assert main(["due", "--db", db, "-o", str(report)]) == 2
    one_line_error(capsys, "disk is full")
    assert list(report.parent.iterdir()) == []  # no half-written or empty file, no temporary file
    report.write_text("kept\n")
    assert main(["due", "--db", db, "-o", str(report), "--force"]) == 2
    assert report.read_text() == "kept\n"  # the old file is untouched


def test_output_to_a_folder_or_a_missing_folder(
    tmp_path: Path, db: str, capsys: pytest.CaptureFixture[str]
) -> None:
    capsys.readouterr()
    assert main(["due", "--db", db, "-o", str(tmp_path)]) == 2
    one_line_error(capsys, "is a folder")
    assert main(["due", "--db", db, "-o", str(tmp_path / "nowhere" / "due.txt")]) == 2
    one_line_error(capsys, "there is no folder")
    assert main(["export", "ics", "--worker", "W001", "--db", db, str(tmp_path / "nowhere" / "v.ics")]) == 2
    one_line_error(capsys, "there is no folder")


# -- the database named ---------------------------------------------------------------------------


def test_a_missing_database_is_an_error_and_is_not_created(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    missing = tmp_path / "typo.db"
    for args in (["due", "--db", str(missing)], ["caseload", "--db", str(missing)],
                 ["team-report", "--team", "East", "--db", str(missing)],
                 ["export", "ics", "--worker", "W1", "--db", str(missing), str(tmp_path / "v.ics")],
                 ["backup", str(tmp_path / "b.db"), "--db", str(missing)]):  # fmt: skip
        assert main(args) == 2, args
        one_line_error(capsys, "no database at", str(missing))
    assert sorted(p.name for p in tmp_path.iterdir()) == []


@pytest.mark.parametrize(
    "contents",
    [b"", b"name,team\nAnn,East\n" * 50, b"SQLite format 3\x00" + b"\x00" * 10],
    ids=["empty", "csv", "sqlite-header-only"],
)
def test_a_file_that_is_not_a_caseload_database_is_refused_and_left_alone(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], contents: bytes
) -> None:
    path = tmp_path / "not.db"
    path.write_bytes(contents)
    workers = write(tmp_path, "w.csv", "worker_id,name,role,team,fte\nW1,Ann,SW,East,1\n")
    for args in (["due", "--db", str(path)], ["import", "workers", workers, "--db", str(path)],
                 ["backup", str(tmp_path / "b.db"), "--db", str(path)]):  # fmt: skip
        assert main(args) == 2, args
        one_line_error(capsys, str(path))
        assert path.read_bytes() == contents
    assert not (tmp_path / "b.db").exists()


def test_a_folder_or_a_device_as_the_database(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["due", "--db", str(tmp_path)]) == 2
    one_line_error(capsys, "is a folder")
    if sys.platform != "win32":
        assert main(["due", "--db", "/dev/null"]) == 2
        one_line_error(capsys, "/dev/null", "not a caseload database")


def test_urls_without_a_driver_or_with_an_unknown_scheme(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["due", "--db", "nosuchdb+nosuchdriver://user@host/db"]) == 2
    one_line_error(capsys, "unknown kind of database URL")
    pytest.importorskip("sqlalchemy.dialects.mysql")
    try:
        import MySQLdb  # type: ignore[import-not-found]  # noqa: F401
    except ImportError:
        assert main(["due", "--db", "mysql+mysqldb://user@host/db"]) == 2
        one_line_error(capsys, "driver", "not installed")
    assert main(["due", "--db", "sqlite:///:memory:"]) == 2  # a new, empty database: never "nothing due"
    one_line_error(capsys, "holds no caseload")


def test_a_newer_schema_or_no_schema_record(
    tmp_path: Path, db: str, capsys: pytest.CaptureFixture[str]
) -> None:
    newer, foreign = tmp_path / "newer.db", tmp_path / "foreign.db"
    for path, sql in ((newer, "UPDATE alembic_version SET version_num = '0099'"),
                      (foreign, "DROP TABLE alembic_version")):  # fmt: skip
        path.write_bytes(Path(db).read_bytes())
        with sqlite3.connect(path) as conn:
            conn.execute(sql)
    workers = write(tmp_path, "w.csv", "worker_id,name,role,team,fte\nW1,Ann,SW,East,1\n")
    capsys.readouterr()
    for args in (["due", "--db", str(newer)], ["import", "workers", workers, "--db", str(newer)]):
        assert main(args) == 2
        one_line_error(capsys, "newer version of caseload", "0099")
    for args in (["due", "--db", str(foreign)], ["import", "workers", workers, "--db", str(foreign)]):
        assert main(args) == 2
        one_line_error(capsys, "not a caseload database")


def test_a_damaged_database_is_never_imported_into(
    tmp_path: Path, db: str, capsys: pytest.CaptureFixture[str]
) -> None:
    with sqlite3.connect(db) as conn:  # enough rows for pages of their own
        conn.executemany("INSERT INTO settings VALUES (?, ?)", [(f"k{i}", "x" * 500) for i in range(400)])
    size = Path(db).stat().st_size
    with open(db, "r+b") as file:  # a few pages of rubbish in the middle of the file
        file.seek(size // 2 // 4096 * 4096)
        file.write(b"\xa5" * 4096 * 3)
    before = Path(db).read_bytes()
    events = write(tmp_path, "e.csv", "child_id,kind,date\nC1,visit,18/11/2026\n")
    capsys.readouterr()
    assert main(["import", "events", events, "--db", db, "--today", "20/11/2026"]) == 2
    one_line_error(capsys, "is damaged", "caseload restore")
    assert Path(db).read_bytes() == before


def test_a_database_error_never_prints_a_cell_value(db: str, capsys: pytest.CaptureFixture[str]) -> None:
    with sqlite3.connect(db) as conn:  # a name stored as bytes that are not UTF-8
        conn.execute("UPDATE children SET given_name = CAST(X'5A6FEB5365637265744E616D65' AS TEXT)")
    capsys.readouterr()
    assert main(["due", "--db", db, "--today", "20/11/2026"]) == 2
    line = one_line_error(capsys)
    assert "SecretName" not in line and "Zo" not in line


@POSIX
def test_importing_a_device_ends_at_once(tmp_path: Path) -> None:
    started = time.monotonic()
    done = subprocess.run([sys.executable, "-m", "caseload_tui.cli", "import", "children", "/dev/zero",
                           "--db", str(tmp_path / "c.db")], capture_output=True, text=True, timeout=60)  # fmt: skip
    assert done.returncode == 1 and "not a file" in done.stderr and "Traceback" not in done.stderr
    assert time.monotonic() - started < 60  # (the timeout above is the real guard)
    assert not (tmp_path / "c.db").exists()


def test_every_error_through_a_process_is_one_line(tmp_path: Path) -> None:
    """The boundary holds for a whole process too (no traceback printed by Python itself)."""
    done = subprocess.run([sys.executable, "-m", "caseload_tui.cli", "due", "--db", str(tmp_path)],
                          capture_output=True, text=True, timeout=60)  # fmt: skip
    assert done.returncode == 2 and done.stderr.count("\n") == 1 and "Traceback" not in done.stderr


async def test_the_app_never_opens_a_database_that_is_not_there(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Only the app's own default database is made on first use; a --db naming nothing ends the
    app with exit status 2 and nothing is created."""
    import argparse

    from caseload_tui.cli import launch
    from caseload_tui.ui.app import CaseloadApp

    missing = tmp_path / "typo.db"
    made: list[CaseloadApp] = []
    monkeypatch.setattr(CaseloadApp, "run", lambda self, *a, **k: made.append(self))
    args = argparse.Namespace(authority=None, db=str(missing), today="23/11/2026", worker=None, team=None)
    launch.launch_app(args)
    [app] = made
    async with app.run_test() as pilot:
        await pilot.app.workers.wait_for_complete()
        await pilot.pause()
    assert app.return_code == 2 and app.workspace is None
    assert not missing.exists()


def test_a_stored_value_that_cannot_be_read_is_never_shown(
    db: str, capsys: pytest.CaptureFixture[str]
) -> None:
    with closing(sqlite3.connect(db)) as conn, conn:  # a date of birth that is not a date
        conn.execute("UPDATE children SET date_of_birth = 'Zoe Secretname' WHERE child_id = 'C1'")
    capsys.readouterr()
    assert main(["due", "--db", db, "--today", "20/11/2026", "--format", "json"]) == 2
    line = one_line_error(capsys, "holds a value caseload cannot read")
    assert "Secretname" not in line


def test_a_database_server_that_is_not_there_is_a_message(capsys: pytest.CaptureFixture[str]) -> None:
    import socket

    with socket.socket() as probe:  # a port where nothing listens
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    assert main(["due", "--db", f"postgresql+psycopg://nobody@127.0.0.1:{port}/caseload"]) == 2
    one_line_error(capsys, "cannot connect to the database server", "is running")
