"""Bulk import: counts, re-import by natural key, history, all-or-nothing, audit, child facts."""

from __future__ import annotations

import dataclasses
from datetime import date, timedelta

import pytest
from sqlalchemy import text

from caseload_tui.domain.engine import Event
from caseload_tui.domain.records import EventRecord
from caseload_tui.store import ImportCounts, Store, UnknownReferences

from .records import caseload, workers


def _counts(store: Store) -> dict[str, int]:
    with store.engine.connect() as conn:
        return {
            t: int(conn.execute(text(f"SELECT count(*) FROM {t}")).scalar() or 0)
            for t in (
                "teams",
                "workers",
                "children",
                "events",
                "care_history",
                "audit_log",
            )
        }


def test_first_import_inserts_everything(store: Store) -> None:
    staff, children, events = caseload(30)
    summary = store.import_records(staff, children, events)
    assert summary.workers == ImportCounts(inserted=4)
    assert summary.children == ImportCounts(inserted=30)
    assert summary.events == ImportCounts(inserted=len(events))
    assert [t.name for t in store.teams()] == ["Team A", "Team B"]
    assert len(store.children()) == 30


def test_reimport_changes_nothing(loaded: Store) -> None:
    before = _counts(loaded)
    summary = loaded.import_records(*caseload(40))
    assert summary.workers == ImportCounts(unchanged=4)
    assert summary.children == ImportCounts(unchanged=40)
    assert summary.events.inserted == summary.events.updated == 0
    assert _counts(loaded) == before  # not even an audit row


def test_reimport_updates_by_case_reference_and_keeps_plan_history(loaded: Store) -> None:
    _, children, _ = caseload(40)
    old = children[0]
    loaded.add_events([EventRecord(old.child_id, "s47_started", date(2026, 3, 30))])  # a milestone
    moved = dataclasses.replace(
        old, plan_type="cp", plan_start=date(2026, 4, 1), family_name="Family-changed"
    )
    counts = loaded.upsert_children([moved, *children[1:]])
    assert counts == ImportCounts(updated=1, unchanged=39)
    child = loaded.child(old.child_id)
    assert child is not None
    assert (child.plan_type, child.family_name) == ("cp", "Family-changed")
    # re-importing children.csv never deletes what its rows do not carry: milestones, events
    assert child.milestones == {"s47_started": date(2026, 3, 30)}
    assert any(e.kind == "s47_started" for e in loaded.events(old.child_id))
    history = loaded.history(old.child_id, "plan")
    assert [(p.type, p.start) for p in history] == [(old.plan_type, old.plan_start), ("cp", date(2026, 4, 1))]
    assert len(loaded.children()) == 40
    entry = loaded.audit_log(10)
    assert any(
        e.table == "children" and e.action == "update" and "Family-changed" in (e.after or "") for e in entry
    )


def test_worker_changes_are_updates(loaded: Store) -> None:
    staff = workers(4)
    staff[1] = dataclasses.replace(staff[1], fte=0.5, team="Team C", caseload_target=9.0)
    assert loaded.upsert_workers(staff) == ImportCounts(updated=1, unchanged=3)
    assert [w.worker_id for w in loaded.workers(team="Team C")] == [staff[1].worker_id]
    assert loaded.worker(staff[1].worker_id) == loaded.workers(team="Team C")[0]


def test_events_for_unknown_children_are_listed_and_nothing_is_written(loaded: Store) -> None:
    before = _counts(loaded)
    good = EventRecord("C000001", "visit", date(2026, 4, 30))
    with pytest.raises(UnknownReferences) as raised:
        loaded.add_events(
            [
                good,
                EventRecord("NOPE1", "visit", date(2026, 4, 1)),
                EventRecord("NOPE2", "visit", date(2026, 4, 1)),
            ]
        )
    assert raised.value.keys == ("NOPE1", "NOPE2")
    assert _counts(loaded) == before


def test_a_failed_import_writes_nothing_at_all(store: Store) -> None:
    staff, children, events = caseload(20)
    with pytest.raises(UnknownReferences):
        store.import_records(staff, children, [*events, EventRecord("C999999", "visit", date(2026, 1, 1))])
    assert set(_counts(store).values()) == {0}


def test_children_of_unknown_workers_are_refused(store: Store) -> None:
    _, children, _ = caseload(5)
    with pytest.raises(UnknownReferences, match="workers"):
        store.upsert_children(children)
    assert store.children() == []


def test_reimported_event_with_new_details_is_updated(loaded: Store) -> None:
    first = loaded.events("C000001")[0]
    record = EventRecord(
        first.child_id, first.kind, first.on, first.seen_alone, first.unannounced, note="typed up"
    )
    assert loaded.add_events([record]) == ImportCounts(updated=1)
    assert loaded.events("C000001")[0].note == "typed up"


def test_every_insert_is_audited(store: Store) -> None:
    staff, children, events = caseload(10)
    store.import_records(staff, children, events)
    counts = _counts(store)
    # teams, children, events (milestones among them), plan and placement history rows: one audit row each
    expected = (
        counts["teams"] + counts["workers"] + counts["children"] + counts["events"] + counts["care_history"]
    )
    with store.engine.connect() as conn:
        placements = conn.execute(text("SELECT count(*) FROM care_history WHERE what = 'placement'")).scalar()
    assert placements and counts["audit_log"] == expected
    entries = store.audit_log(counts["audit_log"])
    assert {e.action for e in entries} == {"insert"}
    assert all(e.os_user and e.at.tzinfo is not None for e in entries)


def test_child_facts_carry_the_imported_history(loaded: Store) -> None:
    _, children, events = caseload(40)
    facts = {f.child_id: f for f in loaded.child_facts()}
    assert len(facts) == 40
    record = children[2]
    fact = facts[record.child_id]
    assert (fact.plan_type, fact.plan_start, fact.date_of_birth, fact.worker_id) == (
        record.plan_type, record.plan_start, record.date_of_birth, record.worker_id,
    )  # fmt: skip
    assert fact.flags == record.flags  # milestones come with the events, as recorded
    expected = sorted(
        (Event(e.kind, e.on, e.seen_alone, e.unannounced) for e in events if e.child_id == record.child_id),
        key=lambda e: (e.on, e.kind),
    )
    assert sorted(fact.events, key=lambda e: (e.on, e.kind)) == expected


def test_child_facts_by_worker_and_team(loaded: Store) -> None:
    mine = loaded.child_facts(worker_id="W001")
    assert mine and {f.worker_id for f in mine} == {"W001"}
    team = loaded.child_facts(team="Team A")  # W001 and W003
    assert {f.worker_id for f in team} == {"W001", "W003"}
    assert len(loaded.child_facts(team="No such team")) == 0
    [one] = loaded.child_facts(child_id=mine[0].child_id)
    assert one == mine[0]
    assert loaded.child_facts(child_id="nobody") == []


def test_values_come_back_typed(loaded: Store) -> None:
    """Dates, answers (yes / no / not asked) and moments come back as Python values, on every
    database: the column types convert them, nothing else."""
    loaded.record_event(
        "C000003", "visit", date(2026, 4, 29), seen_alone=False, unannounced=True, written_up=False
    )
    loaded.book_meeting("C000003", "cla_review", date(2026, 6, 1))
    [planned] = [loaded.plan_visit("C000003", "W001", date(2026, 5, 4))]
    assert loaded.planned_visits("W001", date(2026, 5, 1), date(2026, 5, 31)) == [planned]
    assert type(planned.on) is date
    facts = loaded.child_facts()
    child = next(f for f in facts if f.child_id == "C000003")
    assert Event("visit", date(2026, 4, 29), False, True, written_up=False) in child.events
    assert child.unrecorded_kinds == {"visit"}
    assert [s.on for s in child.scheduled] == [date(2026, 6, 1)]
    assert all(type(e.on) is date and e.seen_alone in (True, False, None) for e in child.events)
    recorded = [e for e in loaded.events("C000003") if e.on == date(2026, 4, 29)]
    assert [(e.seen_alone, e.unannounced, e.written_up) for e in recorded] == [(False, True, False)]
    [period] = loaded.history("C000003", "plan")
    assert type(period.start) is date and period.recorded_at.utcoffset() == timedelta(0)
    child_row = loaded.child("C000003")
    assert child_row is not None and child_row.is_open is True and type(child_row.date_of_birth) is date
    assert all(e.at.utcoffset() == timedelta(0) for e in loaded.audit_log(5))


def test_closed_children_leave_the_caseload(loaded: Store) -> None:
    loaded.close_case("C000001", date(2026, 4, 30))
    assert "C000001" not in {f.child_id for f in loaded.child_facts()}
    assert "C000001" not in {c.child_id for c in loaded.children()}
    closed = {c.child_id: c for c in loaded.children(include_closed=True)}["C000001"]
    assert closed.closed_on == date(2026, 4, 30) and not closed.is_open
    assert loaded.reopen_case("C000001").is_open
