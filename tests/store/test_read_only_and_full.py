"""Places the product cannot write (issue 13): a read-only database or folder is still read;
another user's database, a read-only export folder and a full disk give a message, never a
traceback, and leave no empty file behind.

The permission tests need an ordinary user: root may write anything, so they are skipped when
the tests run as root (then the fallback is checked by making SQLite's refusal happen)."""

from __future__ import annotations

import os
import sqlite3
import sys
from collections.abc import Iterator
from contextlib import closing
from datetime import date
from pathlib import Path

import pytest
from sqlalchemy.exc import OperationalError

import caseload_tui.store.store as store_module
from caseload_tui.cli import main
from caseload_tui.store import Store, open_store
from caseload_tui.store.check import sqlite_error
from tests.databases import sqlite_connect

ROOT = sys.platform != "win32" and os.geteuid() == 0
NEEDS_PERMISSIONS = pytest.mark.skipif(
    ROOT or sys.platform == "win32", reason="needs an ordinary POSIX user (root ignores permissions)"
)
pytestmark = pytest.mark.sqlite_only(reason="file and folder permissions, and a full disk, are a file's")


@pytest.fixture
def read_only(loaded: Store, tmp_path: Path) -> Iterator[Path]:
    """The loaded database in a folder where neither it nor anything new can be written."""
    loaded.close()
    db = tmp_path / "caseload.db"
    db.chmod(0o444)
    tmp_path.chmod(0o555)
    yield db
    tmp_path.chmod(0o755)
    db.chmod(0o644)


@NEEDS_PERMISSIONS
def test_a_read_only_database_in_a_read_only_folder_is_still_read(
    read_only: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["due", "--db", str(read_only), "--today", "01/06/2026", "--all", "--format", "csv"]) == 0
    assert capsys.readouterr().out.count("\n") > 10
    assert main(["caseload", "--db", str(read_only)]) == 0
    capsys.readouterr()
    assert main(["import", "events", str(read_only), "--db", str(read_only)]) in (1, 2)  # never a traceback


@NEEDS_PERMISSIONS
def test_writing_to_a_read_only_database_is_a_message(
    read_only: Path, tmp_path_factory: pytest.TempPathFactory, capsys: pytest.CaptureFixture[str]
) -> None:
    events = tmp_path_factory.mktemp("in") / "e.csv"
    events.write_text("child_id,kind,date\nC000001,supervision,02/01/2026\n")
    assert main(["import", "events", str(events), "--db", str(read_only), "--today", "01/06/2026"]) == 2
    err = capsys.readouterr().err
    assert "read-only" in err and "Traceback" not in err


@NEEDS_PERMISSIONS
def test_another_users_database_is_a_message(
    loaded: Store, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    loaded.close()
    db = tmp_path / "caseload.db"
    db.chmod(0)
    try:
        assert main(["due", "--db", str(db)]) == 2
    finally:
        db.chmod(0o600)
    assert "permission denied" in capsys.readouterr().err


@NEEDS_PERMISSIONS
def test_a_read_only_export_folder_is_a_message(
    loaded: Store, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    loaded.close()
    folder = tmp_path / "exports"
    folder.mkdir()
    folder.chmod(0o555)
    try:
        assert main(["due", "--db", str(tmp_path / "caseload.db"), "-o", str(folder / "due.txt")]) == 2
    finally:
        folder.chmod(0o755)
    err = capsys.readouterr().err
    assert f"permission denied: {folder / 'due.txt'}" in err and list(folder.iterdir()) == []


@pytest.mark.plain_only(reason="the standard library's sqlite3 is made to fail as a read-only folder does")
def test_when_sqlite_cannot_make_its_shared_memory_the_file_is_read_as_it_is(
    loaded: Store, db_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """What a read-only folder does to a WAL database (seen as an ordinary user), made to
    happen here: opening it for reading and writing fails with SQLITE_READONLY. It is read as it
    is on disk, and can never be written."""
    loaded.close()
    real = sqlite3.connect

    def read_only_folder(database: str, *args: object, **kwargs: object) -> sqlite3.Connection:
        if "immutable=1" not in str(database):
            error = sqlite3.OperationalError("attempt to write a readonly database")
            error.sqlite_errorcode = 8  # type: ignore[attr-defined]
            raise error
        return real(database, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(sqlite3, "connect", read_only_folder)
    monkeypatch.setattr(sqlite3.dbapi2, "connect", read_only_folder)
    store = open_store(db_url, create=False)
    assert store.read_only
    assert len(store.children()) == 40
    with pytest.raises(OperationalError) as refused:
        store.record_event("C000001", "supervision", date(2026, 1, 2))
    assert sqlite_error(refused.value) == "READONLY"
    store.close()


def test_a_full_disk_when_making_a_new_database_leaves_no_empty_file(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    def disk_full(engine: object) -> None:
        error = sqlite3.OperationalError("database or disk is full")
        error.sqlite_errorcode = 13  # type: ignore[attr-defined]
        raise error

    monkeypatch.setattr(store_module, "upgrade", disk_full)
    workers = tmp_path / "w.csv"
    workers.write_text("worker_id,name,role,team,fte\nW1,Ann,SW,East,1\n")
    assert main(["import", "workers", str(workers), "--db", str(tmp_path / "new.db")]) == 2
    assert "disk is full" in capsys.readouterr().err
    assert sorted(p.name for p in tmp_path.iterdir()) == ["w.csv"]


def test_a_full_disk_during_an_import_says_so_and_writes_nothing(
    loaded: Store, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    loaded.close()
    db = tmp_path / "caseload.db"
    with closing(sqlite_connect(db)) as conn:  # the database may not grow: SQLite reports a full disk
        pages = conn.execute("PRAGMA page_count").fetchone()[0]
    events = tmp_path / "e.csv"
    days = "".join(f"C000001,supervision,{d:02d}/01/2026\n" for d in range(1, 29))
    events.write_text("child_id,kind,date\n" + days)
    import caseload_tui.store.connection as connection

    original = connection._sqlite_connect

    def no_room(dbapi_connection: sqlite3.Connection, record: object) -> None:
        original(dbapi_connection, record)
        dbapi_connection.execute(f"PRAGMA max_page_count = {pages}")

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(connection, "_sqlite_connect", no_room)
        assert main(["import", "events", str(events), "--db", str(db), "--today", "01/06/2026"]) == 2
    err = capsys.readouterr().err
    assert "disk is full" in err and "Traceback" not in err
    with closing(sqlite_connect(db)) as conn:
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        added = "SELECT count(*) FROM events WHERE \"on\" LIKE '2026-01-%' AND kind = 'supervision'"
        assert conn.execute(added).fetchone()[0] == 0
