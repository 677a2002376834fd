"""Opening a database: every command, reading or writing, opens the one store, on SQLite or
PostgreSQL; a second store on the same database reads what the first wrote, at once."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from caseload_tui.store import Store, open_store
from caseload_tui.store.check import DatabaseProblem
from caseload_tui.store.connection import make_engine
from caseload_tui.store.location import create_private_file, sqlite_file
from caseload_tui.store.migrate import current_revision, upgrade


def test_sqlite_file_reads_the_urls_the_app_makes(tmp_path: Path) -> None:
    assert sqlite_file(f"sqlite:///{tmp_path}/a.db") == tmp_path / "a.db"
    assert sqlite_file("sqlite+pysqlite:////srv/data/a.db") == Path("/srv/data/a.db")
    assert sqlite_file("sqlite:///relative.db") == Path("relative.db")
    assert sqlite_file("sqlite:////srv/a.db?timeout=5") == Path("/srv/a.db")
    for other in ("sqlite://", "sqlite:///:memory:", "sqlite:///file:a.db?mode=ro&uri=true",
                  "postgresql://host/db", "postgresql+psycopg://u@h:5432/db", "mysql+pymysql://u@h/db"):  # fmt: skip
        assert sqlite_file(other) is None, other


def test_a_second_store_reads_what_the_first_wrote(loaded: Store, db_url: str) -> None:
    reader = open_store(db_url, create=False)  # as a command that only reads opens it
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
    reader.close()


def test_a_second_store_sees_each_write_at_once(loaded: Store, db_url: str) -> None:
    reader = open_store(db_url, create=False)
    before = len(reader.events("C000001"))
    loaded.record_event("C000001", "visit", date(2026, 5, 5), seen_alone=True)
    assert len(reader.events("C000001")) == before + 1
    reader.close()


def test_a_command_that_only_reads_never_makes_a_database(db_url: str) -> None:
    with pytest.raises(DatabaseProblem, match=r"there is no database at|holds no caseload yet"):
        open_store(db_url, create=False)
    path = sqlite_file(db_url)
    if path is not None:
        assert not path.exists()  # nothing was made
        return
    engine = make_engine(db_url)
    assert current_revision(engine) is None  # nothing was made
    engine.dispose()


def test_an_older_schema_is_brought_up_to_date_on_opening(db_url: str) -> None:
    path = sqlite_file(db_url)
    if path is not None:
        create_private_file(path)
    engine = make_engine(db_url)
    upgrade(engine, "0001")  # as if made by an older version of the app
    engine.dispose()
    store = open_store(db_url, create=False)  # migrates on the way
    assert store.teams() == []
    store.close()


@pytest.mark.sqlite_only(reason="a file that is not a database is a file")
def test_a_file_that_is_not_a_database_is_refused(tmp_path: Path) -> None:
    (tmp_path / "junk.db").write_bytes(b"not a database at all, just some bytes" * 100)
    with pytest.raises(DatabaseProblem, match="not a caseload database"):  # said, never opened
        open_store(f"sqlite:///{tmp_path / 'junk.db'}")
