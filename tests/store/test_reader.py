"""The standard-library reader: used only where it is safe, reads what the store reads, never writes."""

from __future__ import annotations

import sqlite3
from datetime import date
from pathlib import Path

import pytest

from caseload_tui.store import Store
from caseload_tui.store.check import DatabaseProblem
from caseload_tui.store.connection import make_engine
from caseload_tui.store.location import create_private_file, sqlite_file
from caseload_tui.store.migrate import upgrade
from caseload_tui.store.reader import SqliteReader, open_reads, sqlite_reader


def test_sqlite_file_reads_the_urls_the_app_makes(tmp_path: Path) -> None:
    assert sqlite_file(f"sqlite:///{tmp_path}/a.db") == tmp_path / "a.db"
    assert sqlite_file("sqlite+pysqlite:////srv/data/a.db") == Path("/srv/data/a.db")
    assert sqlite_file("sqlite:///relative.db") == Path("relative.db")
    assert sqlite_file("sqlite:////srv/a.db?timeout=5") == Path("/srv/a.db")
    for other in ("sqlite://", "sqlite:///:memory:", "sqlite:///file:a.db?mode=ro&uri=true",
                  "postgresql://host/db", "mysql+pymysql://u@h/db"):  # fmt: skip
        assert sqlite_file(other) is None, other


def test_a_migrated_sqlite_file_is_read_with_the_standard_library(loaded: Store, db_url: str) -> None:
    reader = sqlite_reader(db_url)
    assert isinstance(reader, SqliteReader)
    assert isinstance(open_reads(db_url), SqliteReader)
    loaded.plan_visit("C000001", "W001", date(2026, 5, 4))
    loaded.book_meeting("C000002", "cla_review", date(2026, 6, 1))
    assert reader.child_facts() == loaded.child_facts()
    assert [(f.events, f.scheduled) for f in reader.child_facts()] == [
        (f.events, f.scheduled) for f in loaded.child_facts()
    ]
    assert reader.children(include_closed=True) == loaded.children(include_closed=True)
    assert reader.workers(team="Team A") == loaded.workers(team="Team A")
    assert reader.teams() == loaded.teams()
    assert reader.child("C000001") == loaded.child("C000001")
    assert reader.events("C000001") == loaded.events("C000001")
    assert reader.planned_visits("W001", date(2026, 5, 1), date(2026, 5, 8)) == loaded.planned_visits(
        "W001", date(2026, 5, 1), date(2026, 5, 8)
    )
    assert reader.open_child_ids(team="Team B") == loaded.open_child_ids(team="Team B")
    assert reader.audit_log(3) == loaded.audit_log(3)


def test_the_reader_sees_each_write_at_once(loaded: Store, db_url: str) -> None:
    reader = open_reads(db_url)
    before = len(reader.events("C000001"))
    loaded.record_event("C000001", "visit", date(2026, 5, 5), seen_alone=True)
    assert len(reader.events("C000001")) == before + 1


def test_the_reader_cannot_write(loaded: Store, db_url: str) -> None:
    reader = sqlite_reader(db_url)
    assert reader is not None
    with reader._reading() as sql, pytest.raises(sqlite3.OperationalError, match="readonly"):
        sql.rows("DELETE FROM events")


def test_anything_else_goes_through_the_store(tmp_path: Path) -> None:
    missing = f"sqlite:///{tmp_path / 'new.db'}"
    assert sqlite_reader(missing) is None  # no file yet: the store creates and migrates it
    assert sqlite_reader(f"sqlite:///{tmp_path / 'new.db'}?timeout=5") is None
    (tmp_path / "junk.db").write_bytes(b"not a database at all, just some bytes" * 100)
    with pytest.raises(DatabaseProblem, match="not a caseload database"):  # said, never opened
        sqlite_reader(f"sqlite:///{tmp_path / 'junk.db'}")
    create_private_file(tmp_path / "new.db")
    engine = make_engine(missing)
    upgrade(engine, "0001")  # as if made by an older version of the app
    engine.dispose()
    assert sqlite_reader(missing) is None
    assert isinstance(open_reads(missing), Store)  # migrates on the way
