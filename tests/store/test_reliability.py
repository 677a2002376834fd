"""A process killed mid-import changes nothing; two processes writing at once lose nothing."""

from __future__ import annotations

import hashlib
import signal
import sqlite3
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
from sqlalchemy import inspect, text

from caseload_tui.store import Store
from caseload_tui.store.connection import make_engine
from caseload_tui.store.location import sqlite_file

_KILLED_IMPORT = """
import sys, time
from datetime import date, timedelta
from caseload_tui.domain.records import EventRecord
from caseload_tui.store import open_store
from caseload_tui.store.batches import Writes

store = open_store(sys.argv[1])
ids = [c.child_id for c in store.children()]
run = Writes.run

def run_then_wait(self, conn):  # the import's rows written in its transaction, not yet committed
    run(self, conn)
    print("midway", flush=True)  # tens of thousands of rows written, not committed
    time.sleep(60)

Writes.run = run_then_wait
events = (EventRecord(ids[i % len(ids)], "chronology_update", date(2000, 1, 1) + timedelta(days=i // len(ids)))
          for i in range(60_000))
store.add_events(events)
"""

_WRITER = """
import sys
from datetime import date, timedelta
from caseload_tui.store import open_store

store = open_store(sys.argv[1])
kind = sys.argv[2]
for i in range(int(sys.argv[3])):
    store.record_event("C000001", kind, date(2020, 1, 1) + timedelta(days=i))
"""


def _snapshot(db_url: str) -> str:
    """A digest of every row of every table."""
    digest = hashlib.sha256()
    engine = make_engine(db_url)
    with engine.connect() as conn:
        for table in sorted(inspect(conn).get_table_names()):
            for row in conn.execute(text(f'SELECT * FROM "{table}" ORDER BY 1')):
                digest.update(repr(tuple(row)).encode())
    engine.dispose()
    return digest.hexdigest()


def _python(script: str, *args: str) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, "-c", textwrap.dedent(script), *args], stdout=subprocess.PIPE, text=True
    )


@pytest.mark.plain_only(reason="a second process opens the store, and a store opened by itself takes no key")
def test_killed_import_leaves_the_database_as_it_was(loaded: Store, db_url: str) -> None:
    path = sqlite_file(db_url)
    loaded.close()
    before = _snapshot(db_url)
    process = _python(_KILLED_IMPORT, db_url)
    try:
        assert process.stdout is not None
        assert process.stdout.readline().strip() == "midway"
        if path is not None:
            assert Path(f"{path}-wal").stat().st_size > 1_000_000  # uncommitted pages reached the WAL
    finally:
        process.send_signal(signal.SIGKILL)
        process.communicate(timeout=10)
    assert process.returncode == -signal.SIGKILL
    if path is not None:
        with sqlite3.connect(path) as conn:
            assert conn.execute("PRAGMA integrity_check").fetchone() == ("ok",)
    assert _snapshot(db_url) == before


@pytest.mark.plain_only(reason="a second process opens the store, and a store opened by itself takes no key")
def test_two_writers_at_once_lose_nothing(loaded: Store, db_url: str) -> None:
    before = len(loaded.events("C000001"))
    writers = [_python(_WRITER, db_url, kind, "80") for kind in ("supervision", "keeping_in_touch")]
    for writer in writers:
        writer.communicate(timeout=60)
        assert writer.returncode == 0
    events = loaded.events("C000001")
    assert len(events) == before + 160
    assert {e.kind for e in events} >= {"supervision", "keeping_in_touch"}
