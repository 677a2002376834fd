"""The migrations build the schema the tables describe, and an upgrade keeps every row."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import text
from sqlmodel import SQLModel

from caseload_tui.store import open_store
from caseload_tui.store.connection import make_engine
from caseload_tui.store.location import create_private_file
from caseload_tui.store.migrate import upgrade


def test_migrated_schema_matches_the_tables(store: object, db_url: str) -> None:
    engine = make_engine(db_url)
    with engine.connect() as conn:
        assert compare_metadata(MigrationContext.configure(conn), SQLModel.metadata) == []
    engine.dispose()


def test_opening_twice_is_harmless(db_url: str) -> None:
    open_store(db_url).close()
    again = open_store(db_url)
    with again.engine.connect() as conn:
        assert conn.execute(text("SELECT version_num FROM alembic_version")).scalar() == "0003"
    again.close()


def _count(conn: object, table: str) -> int:
    return int(conn.execute(text(f"SELECT count(*) FROM {table}")).scalar())  # type: ignore[attr-defined]


def test_upgrade_from_0001_keeps_every_row(tmp_path: Path) -> None:
    path = tmp_path / "old.db"
    create_private_file(path)
    engine = make_engine(f"sqlite:///{path}")
    upgrade(engine, "0001")
    with engine.begin() as conn:  # rows written by the 0001 schema, in its own words
        conn.execute(text("INSERT INTO teams (team_id, name) VALUES (1, 'Team A')"))
        conn.execute(text("INSERT INTO workers VALUES ('W001', 'Worker 1', 'Social worker', 1, 0.8, 15.0)"))
        conn.execute(
            text(
                "INSERT INTO children VALUES ('C000001', 'Given1', 'Family1', '2015-03-04', 'W001', "
                "'2025-01-02', 'cla', '2025-01-01', 'foster', '2025-01-01', 'disabled uasc', 1)"
            )
        )
        conn.execute(text("INSERT INTO child_milestones VALUES ('C000001', 'carer_approved', '2025-04-01')"))
        conn.execute(
            text(
                'INSERT INTO events (child_id, kind, "on", seen_alone, unannounced, written_up, note) '
                "VALUES ('C000001', 'visit', '2025-02-01', 1, 0, 1, ''), "
                "('C000001', 'cla_review', '2025-01-20', NULL, NULL, 0, 'first review')"
            )
        )
        conn.execute(text("INSERT INTO settings VALUES ('authority_table', 'testshire')"))
        before = {t: _count(conn, t) for t in ("teams", "workers", "children", "events", "settings")}
    engine.dispose()

    store = open_store(f"sqlite:///{path}")  # migrates to head
    with store.engine.connect() as conn:  # the milestone is now a record in the history
        assert {t: _count(conn, t) for t in before} == {**before, "events": before["events"] + 1}
    child = store.child("C000001")
    assert child is not None
    assert (child.given_name, child.date_of_birth, child.flags) == (
        "Given1",
        date(2015, 3, 4),
        {"disabled", "uasc"},
    )
    assert child.milestones == {"carer_approved": date(2025, 4, 1)}
    assert child.closed_on is None and child.is_open
    events = store.events("C000001")
    assert [(e.kind, e.on, e.written_up, e.note) for e in events] == [
        ("cla_review", date(2025, 1, 20), False, "first review"),
        ("visit", date(2025, 2, 1), True, ""),
        ("carer_approved", date(2025, 4, 1), True, ""),
    ]
    assert store.workers()[0].caseload_target == 15.0
    assert store.get_setting("authority_table") == "testshire"
    store.close()


def test_latest_revision_constant_matches_the_scripts() -> None:
    """The fast path in migrate.upgrade skips Alembic only when the database is truly at head."""
    from alembic.script import ScriptDirectory

    from caseload_tui.store.constants import LATEST_REVISION
    from caseload_tui.store.migrate import MIGRATIONS

    script = ScriptDirectory(str(MIGRATIONS))
    assert script.get_current_head() == LATEST_REVISION
