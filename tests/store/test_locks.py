"""Locks (issue 13): an import holds the write lock only while its rows are written, and every
writer waits for the lock, saying so, instead of failing after the busy timeout."""

from __future__ import annotations

import subprocess
import sys
import textwrap
from datetime import date, timedelta
from pathlib import Path

import pytest

import caseload_tui.store.importing as importing
from caseload_tui.domain.records import EventRecord
from caseload_tui.store import Store, open_store
from caseload_tui.store.errors import StoreBusy

# Holds the write lock until told to let go (a line on stdin): an import, or the app saving.
# (SQLite: BEGIN IMMEDIATE; PostgreSQL: the writers' advisory lock; see store/connection.py.)
_HOLDER = """
import sys
from sqlalchemy import text
from caseload_tui.store.connection import WRITE, make_engine
conn = make_engine(sys.argv[1]).connect().execution_options(**{WRITE: True})
conn.begin()
conn.execute(text("INSERT INTO settings VALUES ('held', 'yes')"))
print("locked", flush=True)
sys.stdin.readline()
conn.commit()
"""


def _holder(db_url: str) -> subprocess.Popen[str]:
    holder = subprocess.Popen([sys.executable, "-c", textwrap.dedent(_HOLDER), db_url],
                              stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)  # fmt: skip
    assert holder.stdout is not None and holder.stdout.readline().strip() == "locked"
    return holder


def _release(holder: subprocess.Popen[str]) -> None:
    holder.communicate("go\n", timeout=60)
    assert holder.returncode == 0


@pytest.mark.plain_only(reason="a second process opens the store, and a store opened by itself takes no key")
def test_an_import_waits_for_the_lock_and_says_so(loaded: Store, tmp_path: Path, db_url: str) -> None:
    loaded.close()
    events = tmp_path / "e.csv"
    events.write_text("child_id,kind,date\nC000001,supervision,02/01/2026\n")
    holder = _holder(db_url)
    try:
        importer = subprocess.Popen(
            [sys.executable, "-m", "caseload_tui.cli", "import", "events", str(events), "--db", db_url,
             "--today", "01/06/2026"],
            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
        )  # fmt: skip
        assert importer.stderr is not None
        said = importer.stderr.readline()  # blocks until the importer reports that it is waiting
        assert "the database is busy" in said and "Waiting" in said
    finally:
        _release(holder)
    out, err = importer.communicate(timeout=120)
    assert importer.returncode == 0, err
    assert "1 new" in out
    store = open_store(db_url)
    assert store.get_setting("held") == "yes"  # the other writer's work is there too
    assert any(e.kind == "supervision" for e in store.events("C000001"))
    store.close()


@pytest.mark.plain_only(reason="a second process opens the store, and a store opened by itself takes no key")
def test_a_writer_told_to_stop_waiting_saves_nothing(loaded: Store, db_url: str) -> None:
    asked: list[int] = []
    loaded.on_busy = lambda waits: asked.append(waits) or False  # the user cancels the first time
    holder = _holder(db_url)
    try:
        with pytest.raises(StoreBusy, match="is busy"):
            loaded.record_event("C000001", "supervision", date(2026, 1, 2))
    finally:
        _release(holder)
    assert asked == [1]
    assert not any(e.on == date(2026, 1, 2) for e in loaded.events("C000001"))
    loaded.record_event("C000001", "supervision", date(2026, 1, 2))  # once the lock is free


def test_a_write_made_while_an_import_is_worked_out_is_kept(
    loaded: Store, db_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The import works without the write lock, so others can write meanwhile; it then sees
    that they did, and works its rows out again before writing: nothing lost, nothing doubled."""
    other = open_store(db_url)
    real = importing.add_events
    calls: list[int] = []

    def add_events_while_another_writes(*args: object, **kwargs: object) -> object:
        calls.append(1)
        if len(calls) == 1:  # a visit recorded in the app during the first working-out
            other.record_event("C000001", "visit", date(2026, 5, 20), seen_alone=True)
        return real(*args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(importing, "add_events", add_events_while_another_writes)
    records = [EventRecord("C000001", "visit", date(2026, 5, 20), True, None)]
    records += [
        EventRecord("C000002", "supervision", date(2020, 1, 1) + timedelta(days=i)) for i in range(50)
    ]
    counts = loaded.add_events(records)
    assert len(calls) == 2
    assert (counts.inserted, counts.updated, counts.unchanged) == (50, 0, 1)  # the visit was already there
    assert len([e for e in loaded.events("C000001") if e.on == date(2026, 5, 20)]) == 1
    assert len([e for e in loaded.events("C000002") if e.kind == "supervision" and e.on.year == 2020]) == 50
    other.close()


@pytest.mark.plain_only(reason="a second process opens the store, and a store opened by itself takes no key")
def test_the_import_holds_no_lock_while_it_works_out_its_rows(
    loaded: Store, db_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """While the rows are worked out, another connection can take the write lock at once."""
    from sqlalchemy.exc import OperationalError

    from caseload_tui.store.connection import WAIT, WRITE, busy, make_engine

    engine = make_engine(db_url)
    real = importing.add_events
    free: list[bool] = []

    def add_events_and_try_the_lock(*args: object, **kwargs: object) -> object:
        probe = engine.connect().execution_options(**{WRITE: True, WAIT: 1})  # waits 1 ms at most
        try:
            probe.begin()
            probe.rollback()
            free.append(True)
        except OperationalError as exc:
            assert busy(exc)
            free.append(False)
        finally:
            probe.close()
        return real(*args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(importing, "add_events", add_events_and_try_the_lock)
    loaded.add_events([EventRecord("C000003", "supervision", date(2020, 2, 1))])
    engine.dispose()
    assert free == [True]
