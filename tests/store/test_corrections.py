"""Putting mistakes right (issue 11): every change can be undone whole from its audit rows, an
event corrected or deleted (and put back), a second visit on one day, one planned visit per child
per day, a visit completing the plan, and the allocation history (on SQLite and PostgreSQL)."""

from __future__ import annotations

from datetime import date

import pytest

from caseload_tui.store import Store, StoreError

DAY = date(2026, 5, 30)


def _visits(store: Store, child_id: str) -> list[tuple[date, bool | None, str]]:
    return [(e.on, e.seen_alone, e.note) for e in store.events(child_id) if e.kind == "visit"]


def test_a_recorded_event_is_undone_and_the_undo_is_audited(loaded: Store) -> None:
    before = _visits(loaded, "C000002")
    loaded.record_event("C000002", "visit", DAY, seen_alone=True, note="wrong child")
    change = loaded.last_change()
    assert change is not None and all(e.change_id == change for e in loaded.audit_log(1))
    assert loaded.undo(change) == 1
    assert _visits(loaded, "C000002") == before
    [undone] = loaded.audit_log(1)
    assert undone.action == "delete" and undone.change_id not in (None, change)


def test_a_correction_moves_back_and_a_deleted_event_comes_back(loaded: Store) -> None:
    event = loaded.record_event("C000002", "visit", DAY, seen_alone=True, note="first note")
    loaded.correct_event(event.event_id, {"on": date(2026, 5, 29), "seen_alone": False, "note": "fixed"})
    corrected = loaded.last_change()
    assert (date(2026, 5, 29), False, "fixed") in _visits(loaded, "C000002")
    loaded.delete_event(event.event_id)
    deleted = loaded.last_change()
    assert not [v for v in _visits(loaded, "C000002") if v[2] == "fixed"]
    assert deleted is not None and corrected is not None
    loaded.undo(deleted)  # back, as it was when deleted, with its id
    assert loaded.event(event.event_id).note == "fixed"
    loaded.undo(corrected)
    assert (DAY, True, "first note") in _visits(loaded, "C000002")


def test_undo_is_refused_when_the_record_changed_since(loaded: Store) -> None:
    event = loaded.record_event("C000002", "visit", DAY, note="one")
    recorded = loaded.last_change()
    loaded.correct_event(event.event_id, {"note": "two"})
    assert recorded is not None
    with pytest.raises(StoreError, match="changed since"):
        loaded.undo(recorded)
    assert loaded.event(event.event_id).note == "two"  # nothing written


def test_an_import_is_not_undone_here(loaded: Store) -> None:
    [entry] = loaded.audit_log(1)  # the fixture's import
    assert entry.change_id is not None
    with pytest.raises(StoreError, match="restore the backup"):
        loaded.undo(entry.change_id)


def test_a_second_visit_that_day_only_when_asked(loaded: Store) -> None:
    loaded.record_event("C000002", "visit", DAY, note="morning")
    with pytest.raises(StoreError, match="already recorded"):
        loaded.record_event("C000002", "visit", DAY)
    loaded.record_event("C000002", "visit", DAY, note="evening", again=True)
    assert [v[2] for v in _visits(loaded, "C000002") if v[0] == DAY] == ["morning", "evening"]
    evening = next(e for e in loaded.events("C000002") if e.note == "evening")
    loaded.correct_event(evening.event_id, {"on": date(2026, 5, 31)})  # its own day now
    loaded.record_event("C000002", "visit", date(2026, 5, 31), note="third", again=True)
    assert len([v for v in _visits(loaded, "C000002") if v[0] == date(2026, 5, 31)]) == 2


def test_planned_visits_one_a_day_and_a_visit_completes_them(loaded: Store) -> None:
    child = loaded.child("C000002")
    assert child is not None and child.worker_id is not None
    first = loaded.plan_visit("C000002", child.worker_id, DAY)
    with pytest.raises(StoreError, match="already planned"):
        loaded.plan_visit("C000002", child.worker_id, DAY)
    later = loaded.plan_visit("C000002", child.worker_id, date(2026, 6, 10))
    with pytest.raises(StoreError, match="already planned"):
        loaded.move_planned_visit(later.visit_id, DAY)
    loaded.record_event("C000002", "visit", DAY)
    left = loaded.planned_visits(child.worker_id, date(2026, 1, 1), date(2026, 12, 31))
    assert [v.visit_id for v in left if v.child_id == "C000002"] == [later.visit_id]
    completed = loaded.last_change()
    assert completed is not None
    loaded.undo(completed)  # the visit goes, the plan comes back
    again = loaded.planned_visits(child.worker_id, date(2026, 1, 1), date(2026, 12, 31))
    assert {v.visit_id for v in again if v.child_id == "C000002"} == {first.visit_id, later.visit_id}


def test_reallocation_is_in_the_allocation_history_and_undone_whole(loaded: Store) -> None:
    child = loaded.child("C000002")
    assert child is not None
    start = [(p.type, p.start) for p in loaded.history("C000002", "allocation")]
    assert start == [(child.worker_id, child.allocated_on)]  # from the import
    other = next(w.worker_id for w in loaded.workers() if w.worker_id != child.worker_id)
    loaded.reallocate("C000002", other, DAY)
    assert [(p.type, p.start) for p in loaded.history("C000002", "allocation")] == [*start, (other, DAY)]
    change = loaded.last_change()
    assert change is not None
    assert loaded.undo(change) == 2  # the child's row and the history entry
    assert loaded.child("C000002") == child
    assert [(p.type, p.start) for p in loaded.history("C000002", "allocation")] == start
