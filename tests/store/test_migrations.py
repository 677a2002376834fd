"""The migrations build the schema the tables describe, and an upgrade keeps every row
(on SQLite and PostgreSQL)."""

from __future__ import annotations

from datetime import UTC, date, datetime

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import Connection, Engine, text

from caseload_tui.store import open_store
from caseload_tui.store.connection import make_engine
from caseload_tui.store.location import create_private_file, sqlite_file
from caseload_tui.store.migrate import upgrade
from caseload_tui.store.tables import METADATA

from .records import caseload


def test_migrated_schema_matches_the_tables(store: object, db_url: str) -> None:
    engine = make_engine(db_url)
    with engine.connect() as conn:
        assert compare_metadata(MigrationContext.configure(conn), METADATA) == []
    engine.dispose()


def test_opening_twice_is_harmless(db_url: str) -> None:
    open_store(db_url).close()
    again = open_store(db_url)
    with again.engine.connect() as conn:
        assert conn.execute(text("SELECT version_num FROM alembic_version")).scalar() == "0006"
    again.close()


def _count(conn: Connection, table: str) -> int:
    return int(conn.execute(text(f"SELECT count(*) FROM {table}")).scalar_one())


def _at(revision: str, db_url: str) -> Engine:
    """The database at ``db_url`` made as an older version made it, at ``revision``."""
    path = sqlite_file(db_url)
    if path is not None:
        create_private_file(path)
    engine = make_engine(db_url)
    upgrade(engine, revision)
    return engine


def test_upgrade_from_0001_keeps_every_row(db_url: str) -> None:
    engine = _at("0001", db_url)
    with engine.begin() as conn:  # rows written by the 0001 schema, in its own words
        conn.execute(text("INSERT INTO teams (team_id, name) VALUES (1, 'Team A')"))
        conn.execute(text("INSERT INTO workers VALUES ('W001', 'Worker 1', 'Social worker', 1, 0.8, 15.0)"))
        conn.execute(
            text(
                "INSERT INTO children VALUES ('C000001', 'Given1', 'Family1', '2015-03-04', 'W001', "
                "'2025-01-02', 'cla', '2025-01-01', 'foster', '2025-01-01', 'disabled uasc', TRUE)"
            )
        )
        conn.execute(text("INSERT INTO child_milestones VALUES ('C000001', 'carer_approved', '2025-04-01')"))
        conn.execute(
            text(
                'INSERT INTO events (child_id, kind, "on", seen_alone, unannounced, written_up, note) '
                "VALUES ('C000001', 'visit', '2025-02-01', TRUE, FALSE, TRUE, ''), "
                "('C000001', 'cla_review', '2025-01-20', NULL, NULL, FALSE, 'first review')"
            )
        )
        conn.execute(text("INSERT INTO settings VALUES ('authority_table', 'testshire')"))
        before = {t: _count(conn, t) for t in ("teams", "workers", "children", "events", "settings")}
    engine.dispose()

    store = open_store(db_url)  # migrates to head
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


_HISTORY = [  # (table, type, start, recorded at), in the order they were written
    ("plan_history", "cin", "2024-05-01", "2024-05-02 09:00:00"),
    ("placement_history", "foster", "2025-01-01", "2025-01-02 10:00:00"),
    ("plan_history", "cla", "2025-01-01", "2025-01-02 10:00:00"),
    ("placement_history", "residential", "2025-06-01", "2025-06-03 11:30:00"),
    ("plan_history", "cla", None, "2025-07-01 08:15:00"),
]


def test_the_plan_and_placement_histories_become_one_table_with_every_row(db_url: str) -> None:
    engine = _at("0003", db_url)
    with engine.begin() as conn:
        conn.execute(text("INSERT INTO teams (team_id, name) VALUES (1, 'Team A')"))
        conn.execute(
            text(
                "INSERT INTO children (child_id, given_name, family_name, flags, is_open) "
                "VALUES ('C000001', 'Given1', 'Family1', '', TRUE), ('C000002', 'Given2', 'Family2', '', TRUE)"
            )
        )
        for table, kind, start, at in _HISTORY:
            what = table.removesuffix("_history")
            conn.execute(
                text(
                    f"INSERT INTO {table} (child_id, {what}_type, {what}_start, recorded_at) "
                    "VALUES ('C000001', :kind, :start, :at)"
                ),
                {
                    "kind": kind,
                    "start": start and date.fromisoformat(start),
                    "at": datetime.fromisoformat(at),
                },
            )
        conn.execute(
            text(
                "INSERT INTO plan_history (child_id, plan_type, plan_start, recorded_at) "
                "VALUES ('C000002', 'cp', :start, :at)"
            ),
            {"start": date(2025, 3, 3), "at": datetime(2025, 3, 4, 12)},
        )
    engine.dispose()

    store = open_store(db_url)
    plans = [(p.type, p.start, p.recorded_at) for p in store.history("C000001", "plan")]
    placements = [(p.type, p.start, p.recorded_at) for p in store.history("C000001", "placement")]

    def written(table: str) -> list[tuple[str, date | None, datetime]]:
        return [
            (kind, start and date.fromisoformat(start), datetime.fromisoformat(at).replace(tzinfo=UTC))
            for t, kind, start, at in _HISTORY
            if t == table
        ]

    assert plans == written("plan_history")
    assert placements == written("placement_history")
    assert [(p.child_id, p.type) for p in store.history("C000002", "plan")] == [("C000002", "cp")]
    assert store.history("C000002", "placement") == []
    with store.engine.connect() as conn:
        assert _count(conn, "care_history") == len(_HISTORY) + 1
    store.close()


def test_the_merge_of_the_histories_can_be_undone(db_url: str) -> None:
    from alembic import command

    from caseload_tui.store.connection import WRITE
    from caseload_tui.store.migrate import alembic_config

    store = open_store(db_url)
    store.import_records(*caseload(4))
    store.close()
    engine = make_engine(db_url)
    config = alembic_config(engine)
    with engine.connect().execution_options(**{WRITE: True}) as connection:
        config.attributes["connection"] = connection
        command.downgrade(config, "0003")
        connection.commit()
        plans = _count(connection, "plan_history")
        placements = _count(connection, "placement_history")
    engine.dispose()
    assert plans == 4 and placements >= 1
    store = open_store(db_url)  # and forward again
    with store.engine.connect() as conn:
        histories = conn.execute(text("SELECT count(*) FROM care_history WHERE what <> 'allocation'"))
        assert histories.scalar_one() == plans + placements
    store.close()


def test_0005_adds_the_allocation_history_and_can_be_undone(db_url: str) -> None:
    """Each allocated child's allocation becomes its first history entry; a second record of
    a day is possible; going back to 0004 removes both and keeps everything else."""
    from alembic import command

    from caseload_tui.store.connection import WRITE
    from caseload_tui.store.migrate import alembic_config

    engine = _at("0004", db_url)
    with engine.begin() as conn:
        conn.execute(text("INSERT INTO teams (team_id, name) VALUES (1, 'Team A')"))
        conn.execute(text("INSERT INTO workers VALUES ('W001', 'Worker 1', 'Social worker', 1, 1.0, NULL)"))
        conn.execute(
            text(
                "INSERT INTO children VALUES ('C1', 'A', 'B', '2015-03-04', 'W001', '2025-01-02', 'cin', "
                "'2025-01-01', NULL, NULL, '', TRUE, NULL), "
                "('C2', 'C', 'D', '2016-03-04', NULL, NULL, 'cin', '2025-01-01', NULL, NULL, '', TRUE, NULL)"
            )
        )
        conn.execute(
            text(
                'INSERT INTO events (child_id, kind, "on", written_up, note) '
                "VALUES ('C1', 'visit', '2025-02-01', TRUE, '')"
            )
        )
    engine.dispose()
    store = open_store(db_url)
    assert [(p.type, p.start) for p in store.history("C1", "allocation")] == [("W001", date(2025, 1, 2))]
    assert store.history("C2", "allocation") == []  # unallocated: no entry
    with store.engine.begin() as conn:  # a second visit that day is a second record
        conn.execute(
            text(
                'INSERT INTO events (child_id, kind, "on", written_up, note, repeat) '
                "VALUES ('C1', 'visit', '2025-02-01', TRUE, 'again', 1)"
            )
        )
    store.close()
    engine = make_engine(db_url)
    config = alembic_config(engine)
    with engine.connect().execution_options(**{WRITE: True}) as connection:
        config.attributes["connection"] = connection
        command.downgrade(config, "0004")
        connection.commit()
        assert _count(connection, "events") == 1 and _count(connection, "care_history") == 0
    engine.dispose()


def test_latest_revision_constant_matches_the_scripts() -> None:
    """The fast path in migrate.upgrade skips Alembic only when the database is truly at head."""
    from alembic.script import ScriptDirectory

    from caseload_tui.store.constants import KNOWN_REVISIONS, LATEST_REVISION
    from caseload_tui.store.migrate import MIGRATIONS

    script = ScriptDirectory(str(MIGRATIONS))
    assert script.get_current_head() == LATEST_REVISION
    assert sorted(s.revision for s in script.walk_revisions()) == list(KNOWN_REVISIONS)
