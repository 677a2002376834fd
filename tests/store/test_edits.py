"""Single writes from the interface: events, planned visits, allocation, settings, audit, backup."""

from __future__ import annotations

import json
import stat
from contextlib import closing
from datetime import date
from pathlib import Path

import pytest

from caseload_tui.store import MY_WORKER, Store, StoreError, open_store
from tests.databases import sqlite_connect


def test_record_and_write_up_an_event(loaded: Store) -> None:
    event = loaded.record_event("C000002", "visit", date(2026, 5, 30), seen_alone=True, written_up=False)
    assert (event.kind, event.written_up, event.recorded_on) == ("visit", False, None)
    done = loaded.write_up_event(event.event_id, date(2026, 5, 1), by="W002")
    assert (done.written_up, done.recorded_on, done.recorded_by) == (True, date(2026, 5, 1), "W002")
    audit = loaded.audit_log(2)
    assert [e.action for e in audit] == ["update", "insert"]
    assert audit[0].key == "C000002 visit 2026-05-30"
    assert json.loads(audit[0].before or "")["written_up"] is False
    assert json.loads(audit[0].after or "")["written_up"] is True


def test_events_are_refused_for_unknown_children_kinds_and_duplicates(loaded: Store) -> None:
    with pytest.raises(StoreError, match="no child"):
        loaded.record_event("NOPE", "visit", date(2026, 5, 30))
    with pytest.raises(StoreError, match="unknown event kind"):
        loaded.record_event("C000002", "party", date(2026, 5, 30))
    loaded.record_event("C000002", "visit", date(2026, 5, 30))
    with pytest.raises(StoreError, match="already recorded"):
        loaded.record_event("C000002", "visit", date(2026, 5, 30))
    assert [(e.kind, e.on) for e in loaded.events("C000002")].count(("visit", date(2026, 5, 30))) == 1


def test_delete_event_is_audited(loaded: Store) -> None:
    event = loaded.record_event("C000002", "supervision", date(2026, 5, 30), note="discussed plan")
    loaded.delete_event(event.event_id)
    assert event.event_id not in {e.event_id for e in loaded.events("C000002")}
    last = loaded.audit_log(1)[0]
    assert (last.action, last.after) == ("delete", None)
    assert json.loads(last.before or "")["note"] == "discussed plan"


def test_planned_visits_are_kept_apart_from_events(loaded: Store) -> None:
    events_before = loaded.events("C000001")
    planned = loaded.plan_visit("C000001", "W002", date(2026, 5, 6), note="after school")
    other = loaded.plan_visit("C000005", "W002", date(2026, 5, 20))
    assert loaded.planned_visits("W002", date(2026, 5, 1), date(2026, 5, 10)) == [planned]
    moved = loaded.move_planned_visit(planned.visit_id, date(2026, 5, 21))
    assert loaded.planned_visits("W002", date(2026, 5, 1), date(2026, 5, 31)) == [other, moved]
    loaded.cancel_planned_visit(other.visit_id)
    assert loaded.planned_visits("W002", date(2026, 5, 1), date(2026, 5, 31)) == [moved]
    assert loaded.events("C000001") == events_before  # a plan is not a visit
    with pytest.raises(StoreError):
        loaded.cancel_planned_visit(other.visit_id)
    with pytest.raises(StoreError):
        loaded.plan_visit("C000001", "W999", date(2026, 5, 6))


def test_reallocate(loaded: Store) -> None:
    child = loaded.reallocate("C000001", "W004", date(2026, 5, 1))
    assert (child.worker_id, child.allocated_on) == ("W004", date(2026, 5, 1))
    assert "C000001" in {c.child_id for c in loaded.children(worker_id="W004")}
    assert loaded.reallocate("C000001", None, date(2026, 5, 2)).worker_id is None
    with pytest.raises(StoreError):
        loaded.reallocate("C000001", "W999", date(2026, 5, 2))
    with pytest.raises(StoreError):
        loaded.reallocate("NOPE", "W001", date(2026, 5, 2))


def test_settings(store: Store) -> None:
    assert store.get_setting(MY_WORKER) is None
    assert store.get_setting(MY_WORKER, "W001") == "W001"
    store.set_setting(MY_WORKER, "W002")
    store.set_setting(MY_WORKER, "W003")
    assert store.get_setting(MY_WORKER) == "W003"
    assert [e.action for e in store.audit_log()] == ["update", "insert"]


@pytest.mark.sqlite_only(reason="a backup is a copy of the SQLite file (a server has pg_dump)")
def test_backup_is_a_private_consistent_copy(loaded: Store, tmp_path: Path) -> None:
    loaded.record_event("C000002", "visit", date(2026, 5, 30))  # sits in the -wal file until a checkpoint
    target = tmp_path / "backups" / "copy.db"
    loaded.backup(target)
    assert stat.S_IMODE(target.stat().st_mode) == 0o600
    with closing(sqlite_connect(target)) as copy:
        assert copy.execute("PRAGMA integrity_check").fetchone() == ("ok",)
    restored = open_store(f"sqlite:///{target}")
    assert restored.events("C000002") == loaded.events("C000002")
    assert restored.children() == loaded.children()
    restored.close()
