"""For any rule of a table, a child whose records make that rule give its item: a scenario.

``scenario_for`` tries a few plausible children (the rule's plan, placement and flags; what it
counts from recorded a little while ago; everything else done recently, or nothing) and keeps the
first for which the engine's item for the rule's kind is the rule's own. The scenarios are then
written as CSV rows and imported (see ``tests/domain/test_every_rule_fires.py``): the search only
finds a child, the import path is what is checked.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date, timedelta

from caseload_tui.domain.calendar import add_months
from caseload_tui.domain.engine import ChildDue, ChildFacts, DueEngine, Event, ScheduledEvent
from caseload_tui.domain.table import Anchor, AppliesTo, Rule, TimescaleTable, WarningRule
from caseload_tui.domain.vocabulary import EVENT_KINDS, PLAN_TYPES

WORKER = "W001"
CHILD_HEADER = (
    "child_id,given_name,family_name,date_of_birth,worker_id,allocated_on,plan_type,plan_start,"
    "placement_type,placement_start,flags"
)
EVENT_HEADER = "child_id,kind,date,seen_alone,unannounced,written_up"


@dataclass(frozen=True)
class Row:
    kind: str
    on: date
    seen_alone: bool | None = None
    unannounced: bool | None = None
    written_up: bool = True

    def csv(self, child_id: str) -> str:
        def yes_no(value: bool | None) -> str:
            return "" if value is None else ("yes" if value else "no")

        return (
            f"{child_id},{self.kind},{self.on:%d/%m/%Y},{yes_no(self.seen_alone)},"
            f"{yes_no(self.unannounced)},{'yes' if self.written_up else 'no'}"
        )


@dataclass(frozen=True)
class Scenario:
    """A child as children.csv and events.csv would bring it in."""

    plan_type: str
    plan_start: date
    date_of_birth: date
    allocated_on: date
    placement_type: str | None = None
    placement_start: date | None = None
    flags: frozenset[str] = frozenset()
    rows: tuple[Row, ...] = ()  # events, milestones and (dated after today) bookings
    what: str = ""  # how the scenario was made, for a failure message
    extra: dict[str, object] = field(default_factory=dict, compare=False)

    def facts(self, child_id: str, today: date) -> ChildFacts:
        """The child as the engine sees it once imported (milestones are events; bookings apart)."""
        events = tuple(
            Event(r.kind, r.on, r.seen_alone, r.unannounced, r.written_up) for r in self.rows if r.on <= today
        )
        booked = tuple(ScheduledEvent(r.kind, r.on) for r in self.rows if r.on > today)
        return ChildFacts(
            child_id=child_id, plan_type=self.plan_type, plan_start=self.plan_start,
            placement_type=self.placement_type, placement_start=self.placement_start,
            date_of_birth=self.date_of_birth, allocated_on=self.allocated_on, worker_id=WORKER,
            flags=self.flags, events=events, scheduled=booked,
        )  # fmt: skip

    def child_csv(self, child_id: str) -> str:
        placement = self.placement_type or ""
        started = f"{self.placement_start:%d/%m/%Y}" if self.placement_start else ""
        return (
            f"{child_id},Test,Child{child_id},{self.date_of_birth:%d/%m/%Y},{WORKER},"
            f"{self.allocated_on:%d/%m/%Y},{self.plan_type},{self.plan_start:%d/%m/%Y},{placement},"
            f"{started},{';'.join(sorted(self.flags))}"
        )

    def events_csv(self, child_id: str) -> list[str]:
        return [r.csv(child_id) for r in sorted(self.rows, key=lambda r: (r.on, r.kind))]


def _plans(applies: AppliesTo) -> list[str]:
    plans = list(PLAN_TYPES) if applies.plan_types is None else sorted(applies.plan_types)
    return [p for p in plans if p not in applies.not_plan_types]


def _age(applies: AppliesTo, plan: str) -> int:
    if applies.min_age is not None:
        return applies.min_age
    if applies.max_age is not None:
        return max(applies.max_age - 2, 0)
    return 19 if plan == "care_leaver" else 9


def _anchor_rows(anchor: Anchor | None, on: date, today: date) -> list[Row]:
    if anchor is None or anchor.prefix == "fact":
        return []
    if anchor.prefix == "unrecorded":
        return [Row(anchor.name, on, written_up=False)]
    if anchor.prefix == "scheduled":
        return [Row(anchor.name, today + timedelta(days=20))]
    return [Row(anchor.name, on)]


def _variants(rule: Rule | WarningRule, today: date) -> Iterator[Scenario]:
    applies = rule.applies_to
    anchor = rule.anchor
    satisfied = sorted(rule.satisfied_by) if isinstance(rule, Rule) else []
    for plan in _plans(applies):
        placements = sorted(applies.placement_types) if applies.placement_types else [None]
        for placement in placements:
            if plan == "cla" and placement is None:
                placement = "foster"
            if placement is not None and plan != "cla":
                continue
            for lag in (0, 2, 10, 30, 100, 250, 400):
                on = today - timedelta(days=lag)
                for busy in ("nothing", "others", "long ago", "just before", "since"):
                    yield _scenario(rule, plan, placement, on, today, busy, satisfied, anchor)


def _scenario(
    rule: Rule | WarningRule,
    plan: str,
    placement: str | None,
    on: date,
    today: date,
    busy: str,
    satisfied: list[str],
    anchor: Anchor | None,
) -> Scenario:
    """``on``: the day what the rule counts from happened. ``busy``: "nothing" else recorded;
    every other kind done the day before ("others", so they are not due first); and besides, the
    rule's own kind done the day after an old allocation ("long ago"), the day before ``on``
    ("just before") or yesterday ("since")."""
    applies = rule.applies_to
    name = anchor.name if anchor is not None and anchor.prefix == "fact" else None
    plan_start = on if name == "plan_start" else on - timedelta(days=300)
    allocated = on if name == "allocation" or busy == "nothing" else on - timedelta(days=400)
    placement_start = (on if name == "placement_start" else plan_start) if placement else None
    age = _age(applies, plan)
    born = today - timedelta(days=int(age * 365.25) + 120)
    if name == "date_of_birth" and isinstance(rule, Rule) and rule.first is not None:
        months = rule.first.n * (12 if rule.first.unit == "years" else 1)
        if rule.first.unit in ("months", "years"):
            born = add_months(today, -months) + timedelta(days=10)
    if applies.pre_birth:
        born = plan_start + timedelta(days=30)
    elif born > plan_start:
        plan_start = born + timedelta(days=1)
    rows = _anchor_rows(anchor, on, today)
    if applies.during is not None:
        rows.append(Row(applies.during[0], on - timedelta(days=1)))
    if busy != "nothing":
        done = on - timedelta(days=1)
        held = {(r.kind, r.on) for r in rows}
        for kind in EVENT_KINDS:
            if kind not in satisfied and (kind, done) not in held and kind != "initial_conference":
                rows.append(Row(kind, done, True, True) if kind == "visit" else Row(kind, done))
        own = {
            "long ago": [allocated + timedelta(days=1)],
            "just before": [allocated + timedelta(days=1), done],
            "since": [allocated + timedelta(days=1), today - timedelta(days=1)],
        }.get(busy, [])
        for day in own:
            rows += [Row(kind, day, True, True) for kind in satisfied if (kind, day) not in held]
    if isinstance(rule, WarningRule):
        rows.append(
            Row("visit", today, seen_alone=rule.check != "last_visit_not_seen_alone", unannounced=False)
        )
    what = f"{plan}/{placement or '-'}, counting from {on}, other records: {busy}"
    return Scenario(
        plan, plan_start, born, allocated, placement, placement_start, applies.flags, tuple(rows), what
    )


def fires(rule: Rule | WarningRule, due: ChildDue) -> bool:
    """Whether the engine's answer shows the rule: its item (due or a record gap), or its warning."""
    if isinstance(rule, WarningRule):
        return any(w.warning_id == rule.id for w in due.warnings)
    return any(item.rule.id == rule.id for item in due.all_items)


def scenario_for(rule: Rule | WarningRule, table: TimescaleTable, today: date) -> Scenario | None:
    """The first plausible child for which ``rule`` gives its item (None: none found)."""
    engine = DueEngine(table)
    for scenario in _variants(rule, today):
        if fires(rule, engine.evaluate(scenario.facts("X", today), today)):
            return scenario
    return None
