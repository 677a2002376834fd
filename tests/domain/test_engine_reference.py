"""The engine against the slow reference (``tests/reference_engine.py``) on generated children:
every kind's due date, status, rule and phase agree, for both shipped tables."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from caseload_tui.domain.engine import ChildFacts, DueEngine, Event, ScheduledEvent
from caseload_tui.domain.table import TimescaleTable
from caseload_tui.domain.vocabulary import BOOKABLE_KINDS, FLAGS, MILESTONES, PLACEMENT_TYPES, PLAN_TYPES
from caseload_tui.services.catalogue import open_table
from tests.reference_engine import Reference

TABLES = {name: open_table(name) for name in ("herefordshire", "derbyshire")}
ENGINES = {name: DueEngine(table) for name, table in TABLES.items()}
REFERENCES = {name: Reference(table) for name, table in TABLES.items()}


def _kinds(table: TimescaleTable) -> list[str]:
    """What a generated history is made of: what the table's rules count from and are met by."""
    found: set[str] = {"visit", "cla_review"}
    for rule in table.rules:
        found |= rule.satisfied_by
        if rule.anchor.prefix in ("event", "milestone", "unrecorded"):
            found.update(rule.anchor.names)
        for phase in rule.phases:
            found.update(c.name for c in phase.until if c.name)
    return sorted(found)


@st.composite
def children(draw: st.DrawFn, table: TimescaleTable) -> tuple[ChildFacts, date]:
    today = draw(st.dates(date(2026, 1, 1), date(2028, 12, 31)))
    plan = draw(st.sampled_from([None, *PLAN_TYPES]))
    days = st.integers(0, 3000)
    plan_start = today - timedelta(days=draw(days)) if plan else None
    born = today - timedelta(days=draw(st.integers(-200, 26 * 365)))
    placement = draw(st.sampled_from(sorted(PLACEMENT_TYPES))) if plan == "cla" else None
    placement_start = (plan_start or today) + timedelta(days=draw(st.integers(0, 400))) if placement else None
    allocated = draw(st.none() | st.just(today - timedelta(days=draw(days))))
    flags = frozenset(draw(st.sets(st.sampled_from(sorted(FLAGS)), max_size=3)))
    kinds = _kinds(table)
    events = draw(
        st.lists(
            st.builds(
                Event,
                st.sampled_from(kinds),
                st.dates(today - timedelta(days=3000), today + timedelta(days=40)),
                st.none() | st.booleans(),
                st.none() | st.booleans(),
                st.booleans() | st.just(True),
            ),
            max_size=14,
        )
    )
    events = [e for e in events if e.kind not in MILESTONES or e.kind in kinds]
    booked = draw(
        st.lists(
            st.builds(
                ScheduledEvent,
                st.sampled_from(sorted(BOOKABLE_KINDS)),
                st.dates(today - timedelta(days=30), today + timedelta(days=200)),
            ),
            max_size=2,
        )
    )
    child = ChildFacts(
        child_id="C1", plan_type=plan, plan_start=plan_start, placement_type=placement,
        placement_start=placement_start, date_of_birth=born, allocated_on=allocated, worker_id="W1",
        flags=flags, events=tuple(events), scheduled=tuple(booked),
    )  # fmt: skip
    return child, today


def _compare(name: str, child: ChildFacts, today: date) -> None:
    result = ENGINES[name].evaluate(child, today)
    expected = REFERENCES[name].evaluate(child, today)
    got = {item.kind: item for item in result.items}
    got |= {f"gap:{item.kind}": item for item in result.not_recorded}
    assert set(got) == set(expected), (sorted(got), sorted(expected))
    for key, item in got.items():
        ref = expected[key]
        assert (item.due, item.status) == (ref.due, ref.status), (key, item.rule.id, item.due, ref)
        assert item.rule.id in ref.rules, (key, item.rule.id, ref)
        if len(ref.rules) == 1:
            assert item.phase == ref.phase, (key, item.rule.id, item.phase, ref.phase)


@pytest.mark.parametrize("name", sorted(TABLES))
def test_engine_agrees_with_the_reference(name: str) -> None:
    @settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
    @given(children(TABLES[name]))
    def check(case: tuple[ChildFacts, date]) -> None:
        _compare(name, *case)

    check()
