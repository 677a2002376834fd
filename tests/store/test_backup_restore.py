"""Backups that can be restored (issue 13): a backup is whole at its name or not there at all;
a restore checks the backup, refuses while the database is open, keeps the database aside,
and never lets a stale -wal file touch the restored copy."""

from __future__ import annotations

import signal
import sqlite3
import subprocess
import sys
import textwrap
from contextlib import closing
from datetime import date, datetime
from pathlib import Path

import pytest

from caseload_tui.cli import main
from caseload_tui.store import Store, open_store
from caseload_tui.store.backup import restore_sqlite
from caseload_tui.store.check import DatabaseProblem
from tests.databases import sqlite_connect
from tests.store.records import LOADED_EVENTS

pytestmark = pytest.mark.sqlite_only(reason="backup and restore copy the SQLite file (a server has pg_dump)")

NOW = datetime(2026, 12, 1, 9, 30, 0)


def _rows(path: Path, sql: str = "SELECT count(*) FROM events") -> int:
    with closing(sqlite_connect(f"file:{path}?mode=ro", uri=True)) as conn:
        return int(conn.execute(sql).fetchone()[0])


def _integrity(path: Path) -> str:
    with closing(sqlite_connect(path)) as conn:
        return str(conn.execute("PRAGMA integrity_check").fetchone()[0])


def test_a_backup_is_one_checked_file_readable_by_its_owner_only(loaded: Store, tmp_path: Path) -> None:
    target = tmp_path / "backup.db"
    loaded.backup(target)
    assert _integrity(target) == "ok" and _rows(target) == LOADED_EVENTS
    assert not Path(f"{target}-wal").exists() and not Path(f"{target}-journal").exists()
    with closing(sqlite_connect(target)) as conn:
        assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "delete"
    if sys.platform != "win32":
        assert target.stat().st_mode & 0o777 == 0o600


def test_a_backup_that_runs_out_of_disk_leaves_nothing_at_its_name(
    loaded: Store, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import caseload_tui.store.backup as backup

    real_connect = backup.connect  # every connection the backup makes, plain or encrypted

    def small_disk(*args: object, **kwargs: object) -> sqlite3.Connection:
        conn = real_connect(*args, **kwargs)  # type: ignore[arg-type]
        conn.execute("PRAGMA max_page_count = 4")  # SQLite says "database or disk is full"
        return conn  # type: ignore[no-any-return]

    folder = tmp_path / "backups"
    folder.mkdir()
    monkeypatch.setattr(backup, "connect", small_disk)
    with pytest.raises(OSError, match="No space left") as full:
        loaded.backup(folder / "b.db")
    assert full.value.filename == str(folder / "b.db")  # the copy's disk is full, said of the copy
    assert list(folder.iterdir()) == []  # neither the name nor a temporary file


def test_backup_never_writes_over_a_file(loaded: Store, tmp_path: Path, db_url: str) -> None:
    target = tmp_path / "b.db"
    target.write_text("an older backup")
    from caseload_tui.domain.refusal import Refusal

    with pytest.raises(Refusal, match="already exists"):
        loaded.backup(target)
    assert target.read_text() == "an older backup"
    with pytest.raises(Refusal, match="is the database"):
        loaded.backup(tmp_path / "caseload.db")


def test_restore_puts_the_backup_back_and_keeps_the_database_aside(
    loaded: Store, tmp_path: Path, db_url: str
) -> None:
    db = tmp_path / "caseload.db"
    backup = tmp_path / "b.db"
    loaded.backup(backup)
    loaded.record_event("C000001", "supervision", date(2026, 11, 30))
    loaded.close()
    aside = restore_sqlite(backup, db, NOW)
    assert aside == tmp_path / "caseload.db.before-restore-20261201-093000"
    assert (
        _rows(db) == LOADED_EVENTS and _rows(aside) == LOADED_EVENTS + 1
    )  # the newer database is kept, not deleted
    assert _integrity(db) == "ok" and _integrity(aside) == "ok"
    assert not Path(f"{db}-wal").exists() and not Path(f"{db}-shm").exists()
    again = restore_sqlite(backup, db, NOW)  # within the same second: a new name, nothing lost
    assert again is not None and again != aside and aside.exists()
    store = open_store(db_url)
    assert len(store.events("C000001")) == 12
    store.close()


_CRASHED_WRITER = """
import os, sys
from datetime import date, timedelta
from caseload_tui.store import open_store

store = open_store(sys.argv[1])
for i in range(200):
    store.record_event("C000001", "supervision", date(2020, 1, 1) + timedelta(days=i))
print("written", flush=True)
os.kill(os.getpid(), 9)  # killed with its -wal file not yet folded into the database
"""


@pytest.mark.skipif(sys.platform == "win32", reason="SIGKILL")
@pytest.mark.plain_only(reason="the crashed writer is another process, opening the store with no key")
def test_restore_over_a_database_a_crash_left_with_a_wal(loaded: Store, tmp_path: Path, db_url: str) -> None:
    db = tmp_path / "caseload.db"
    backup = tmp_path / "b.db"
    loaded.backup(backup)
    loaded.close()
    done = subprocess.run([sys.executable, "-c", textwrap.dedent(_CRASHED_WRITER), db_url],
                          capture_output=True, text=True, timeout=120)  # fmt: skip
    assert done.returncode == -signal.SIGKILL and "written" in done.stdout
    assert Path(f"{db}-wal").stat().st_size > 0
    aside = restore_sqlite(backup, db, NOW)
    assert aside is not None
    assert _integrity(db) == "ok" and _rows(db) == LOADED_EVENTS
    assert (
        _integrity(aside) == "ok" and _rows(aside) == LOADED_EVENTS + 200
    )  # the crashed writer's rows, kept with it


_HOLDER = """
import sys, time
from caseload_tui.store import open_store
store = open_store(sys.argv[1])
store.children()
print("open", flush=True)
time.sleep(120)
"""


@pytest.mark.plain_only(reason="the holder is another process, opening the store with no key")
def test_restore_refuses_while_the_database_is_open(loaded: Store, tmp_path: Path, db_url: str) -> None:
    db = tmp_path / "caseload.db"
    backup = tmp_path / "b.db"
    loaded.backup(backup)
    loaded.close()
    before = db.read_bytes()
    holder = subprocess.Popen([sys.executable, "-c", textwrap.dedent(_HOLDER), db_url],
                              stdout=subprocess.PIPE, text=True)  # fmt: skip
    try:
        assert holder.stdout is not None and holder.stdout.readline().strip() == "open"
        with pytest.raises(DatabaseProblem, match="is open"):
            restore_sqlite(backup, db, NOW)
    finally:
        holder.kill()
        holder.wait(timeout=30)
    assert db.read_bytes() == before and not list(tmp_path.glob("*before-restore*"))
    assert restore_sqlite(backup, db, NOW) is not None  # once it is closed


@pytest.mark.plain_only(reason="the bad backups are plain files, refused by their own words")
def test_restore_refuses_what_is_not_a_whole_caseload_backup(
    loaded: Store, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    db = tmp_path / "caseload.db"
    loaded.close()
    damaged = tmp_path / "damaged.db"
    damaged.write_bytes(db.read_bytes())
    with damaged.open("r+b") as file:
        file.seek(4096 * 3)
        file.write(b"\x00\xff" * 4096)
    foreign = tmp_path / "foreign.db"
    with sqlite3.connect(foreign) as conn:
        conn.execute("CREATE TABLE notes (text)")
    text = tmp_path / "notes.txt"
    text.write_text("not a database")
    before = db.read_bytes()
    for bad, words in ((damaged, "damaged"), (foreign, "not a caseload database"),
                       (text, "not a caseload database"), (db, "the database itself"),
                       (tmp_path / "missing.db", "no database at")):  # fmt: skip
        assert main(["restore", str(bad), "--db", str(db)]) == 2
        err = capsys.readouterr().err
        assert words in err and err.count("\n") == 1, err
    assert db.read_bytes() == before and not list(tmp_path.glob("*before-restore*"))
    assert not list(tmp_path.glob(".caseload.db.*"))  # no temporary copy left either


def test_restore_from_the_command_line(
    loaded: Store, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    db = tmp_path / "caseload.db"
    backup = tmp_path / "b.db"
    loaded.close()
    assert main(["backup", str(backup), "--db", str(db)]) == 0
    assert main(["restore", str(backup), "--db", str(db)]) == 0
    out = capsys.readouterr().out
    assert f"restored {backup} to {db}; the database as it was is kept as" in out
    fresh = tmp_path / "new" / "caseload.db"
    assert main(["restore", str(backup), "--db", str(fresh)]) == 0  # onto a new computer
    assert _rows(fresh) == LOADED_EVENTS
