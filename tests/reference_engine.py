"""A slow, plain reference for the engine: the same semantics, worked out day by day.

Nothing here is shared with the engine beyond the table model and ``WorkingCalendar.is_working_day``
(the bank holidays): intervals are counted a day at a time, months are added with dateutil, and
each rule's due date is the first day that breaks it. Slow on purpose, and easy to check against
``seed/timescales/README.md``; ``tests/domain/test_engine_reference.py`` compares the two on
generated children.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from dateutil.relativedelta import relativedelta

from caseload_tui.domain.calendar import Interval
from caseload_tui.domain.engine import ChildFacts
from caseload_tui.domain.table import Anchor, AppliesTo, Condition, Phase, Rule, TimescaleTable
from caseload_tui.domain.vocabulary import PLAN_START_MILESTONES

DAY = timedelta(days=1)


@dataclass(frozen=True)
class RefItem:
    kind: str
    due: date
    status: str
    rules: frozenset[str]  # every rule giving this (earliest) date
    phase: str | None


class Reference:
    def __init__(self, table: TimescaleTable) -> None:
        self.table = table
        self.calendar = table.calendar
        self.anchor_day = table.counting.anchor_day

    # -- intervals, a day at a time ------------------------------------------------------------

    def add(self, d: date, interval: Interval) -> date:
        n, unit = interval.n, interval.unit
        if unit == "working_days":
            if n == 0:
                return d
            if self.anchor_day == 1 and self.calendar.is_working_day(d):
                n -= 1  # the anchor, a working day, is day 1
                if n == 0:
                    return d
            day, counted = d, 0
            while counted < n:
                day += DAY
                if self.calendar.is_working_day(day):
                    counted += 1
            return day
        if unit == "days":
            end = d + timedelta(days=n)
        elif unit == "weeks":
            end = d + timedelta(weeks=n)
        elif unit == "months":
            end = d + relativedelta(months=n)
        else:
            end = d + relativedelta(years=n)
        return end - DAY if self.anchor_day == 1 and n > 0 else end

    def subtract(self, d: date, interval: Interval) -> date:
        n, unit = interval.n, interval.unit
        if unit == "working_days":
            day, counted = d, 0
            while counted < n:
                day -= DAY
                if self.calendar.is_working_day(day):
                    counted += 1
            return day
        if unit == "days":
            return d - timedelta(days=n)
        if unit == "weeks":
            return d - timedelta(weeks=n)
        return d - relativedelta(months=n if unit == "months" else 12 * n)

    # -- the child's records, as of today -------------------------------------------------------

    def dates(
        self, child: ChildFacts, today: date, kinds: frozenset[str] | set[str] | tuple[str, ...]
    ) -> list[date]:
        found = [e.on for e in child.events if e.kind in kinds and e.on <= today]
        found += [on for name, on in child.milestones.items() if name in kinds and on <= today]
        return sorted(found)

    def milestone(self, child: ChildFacts, today: date, name: str) -> date | None:
        found = self.dates(child, today, {name})
        if found:
            return found[-1]
        if (
            PLAN_START_MILESTONES.get(child.plan_type or "") == name
            and child.plan_start
            and child.plan_start <= today
        ):
            return child.plan_start
        return None

    def anchor(self, child: ChildFacts, today: date, anchor: Anchor) -> date | None:
        if anchor.prefix == "fact":
            return {
                "allocation": child.allocated_on,
                "plan_start": child.plan_start,
                "placement_start": child.placement_start,
                "date_of_birth": child.date_of_birth,
            }[anchor.name]
        if anchor.prefix == "milestone":
            return self.milestone(child, today, anchor.name)
        if anchor.prefix == "event":
            found = self.dates(child, today, anchor.names)
            return found[-1] if found else None
        if anchor.prefix == "unrecorded":
            found = [
                e.on for e in child.events if e.kind == anchor.name and e.on <= today and not e.written_up
            ]
            return min(found) if found else None
        booked = [s.on for s in child.scheduled if s.kind == anchor.name and s.on >= today]
        return min(booked) if booked else None

    # -- who a rule is for ---------------------------------------------------------------------

    def applies(self, child: ChildFacts, today: date, a: AppliesTo) -> bool:
        if a.plan_types is not None and child.plan_type not in a.plan_types:
            return False
        if child.plan_type in a.not_plan_types:
            return False
        if a.placement_types is not None and child.placement_type not in a.placement_types:
            return False
        if not a.flags <= child.flags or a.not_flags & child.flags:
            return False
        if a.pre_birth is not None:
            if child.plan_start is None or child.date_of_birth is None:
                return False
            if (child.plan_start < child.date_of_birth) != a.pre_birth:
                return False
        if a.during is not None:
            opened = self.milestone(child, today, a.during[0])
            if opened is None or any(d >= opened for d in self.dates(child, today, {a.during[1]})):
                return False
        return True

    def age_allows(self, child: ChildFacts, a: AppliesTo, on: date) -> bool:
        if a.min_age is None and a.max_age is None:
            return True
        if child.date_of_birth is None:
            return False
        age = relativedelta(on, child.date_of_birth).years
        if a.min_age is not None and age < a.min_age:
            return False
        return a.max_age is None or age < a.max_age

    # -- phases --------------------------------------------------------------------------------

    def condition(
        self, child: ChildFacts, today: date, c: Condition, anchor: date, start: date, presume: bool
    ) -> date | None:
        if c.kind == "event":
            since = anchor if c.since is None else self.anchor(child, today, c.since)
            if since is None:
                return None
            occurrences = self.occurrences(child, today, c.name or "", since, presume)
            return occurrences[c.occurrence - 1] if len(occurrences) >= c.occurrence else None
        if c.kind == "milestone":
            return self.milestone(child, today, c.name or "")
        assert c.interval is not None
        if c.kind == "after":
            return self.add(anchor, c.interval)
        if c.kind == "lasting":
            return self.add(start, c.interval)
        if child.date_of_birth is None:
            return None
        born = child.date_of_birth
        if c.interval.unit == "years":  # a birthday: 29 February becomes 1 March
            try:
                return born.replace(year=born.year + c.interval.n)
            except ValueError:
                return date(born.year + c.interval.n, 3, 1)
        if c.interval.unit == "months":
            return born + relativedelta(months=c.interval.n)
        return self.add(born, c.interval)

    def phase_end(
        self, child: ChildFacts, today: date, p: Phase, anchor: date, start: date, presume: bool
    ) -> date | None:
        ends = [self.condition(child, today, c, anchor, start, presume) for c in p.until]
        if p.until_all:
            return None if None in ends else max(e for e in ends if e is not None)
        met = [e for e in ends if e is not None]
        return min(met) if met else None

    def spans(
        self, child: ChildFacts, today: date, rule: Rule, anchor: date, presume: bool
    ) -> list[tuple[Phase, date, date | None]]:
        """Each phase with the days it is in force: [start, end)."""
        spans = []
        start = anchor
        for p in rule.phases:
            end = self.phase_end(child, today, p, anchor, start, presume) if p.until else None
            if end is not None and end < start:
                end = start
            spans.append((p, start, end))
            if end is None:
                break
            start = end
        return spans

    # -- one rule ------------------------------------------------------------------------------

    def rule_due(
        self, child: ChildFacts, today: date, rule: Rule, presume: bool = True
    ) -> tuple[date, str | None] | None:
        anchor = self.anchor(child, today, rule.anchor)
        if anchor is None:
            return None
        satisfied = self.dates(child, today, rule.satisfied_by)
        if rule.before is not None:
            previous = self.dates(child, today, {rule.anchor.name})
            if any(d > (previous[-1] if previous else date.min) for d in satisfied):
                return None
            return self.subtract(anchor, rule.before), None
        if rule.anchor.prefix == "unrecorded":
            assert rule.first is not None
            return self.add(anchor, rule.first), None
        since = [d for d in satisfied if d >= anchor]
        if rule.once:
            if since:
                return None
            for p, _, end in self.spans(child, today, rule, anchor, presume):
                if end is None or end > anchor:
                    return self.add(anchor, p.every), p.name
            return None
        if rule.first is not None and not since:
            due = self.add(anchor, rule.first)
            if rule.not_before is not None:
                other = self.anchor(child, today, rule.not_before[0])
                if other is not None:
                    due = max(due, self.add(other, rule.not_before[1]))
            return due, None
        if not rule.phases:
            return None
        start = satisfied[-1] if satisfied else anchor
        spans = self.spans(child, today, rule, anchor, presume)
        last_end = spans[-1][2]
        if len(spans) == len(rule.phases) and last_end is not None and last_end <= today:
            return None  # the last phase has ended: the rule is over
        named = len(rule.phases) > 1 or bool(rule.phases[0].until)
        day = anchor
        final = max((e for _, _, e in spans if e is not None), default=None)
        limit = max(start, anchor) + timedelta(days=3700)
        while day <= limit:  # the first day on which the rule is broken
            in_force = [(p, s) for p, s, e in spans if s <= day and (e is None or day < e)]
            if not in_force:
                if final is not None and day >= final:
                    return None
                day += DAY
                continue
            p, _ = in_force[0]
            if day >= self.add(start, p.every):
                return day, (p.name if named else None)
            day += DAY
        return None

    # -- occurrences, with the earlier ones presumed from dates ----------------------------------

    def occurrences(
        self, child: ChildFacts, today: date, kind: str, since: date, presume: bool
    ) -> list[date]:
        recorded = [d for d in self.dates(child, today, {kind}) if d >= since]
        if not presume:
            return recorded
        schedule = [
            r for r in self.table.rules if r.kind == kind and self.applies(child, today, r.applies_to)
        ]
        if not schedule:
            return recorded
        evidence = recorded[0] if recorded else today
        before = [d for d in self.dates(child, today, {kind}) if d < since]
        held: list[date] = list(before)
        presumed: list[date] = []

        def next_due(dates: list[date]) -> date | None:
            supposed = _with_kind_dates(child, kind, dates, today)
            found = []
            for r in schedule:
                result = self.rule_due(supposed, today, r, presume=False)
                if result is not None and self.age_allows(child, r.applies_to, result[0]):
                    found.append(result[0])
            return min(found) if found else None

        due_next = next_due(held)
        while due_next is not None and due_next < evidence and len(presumed) < 200:
            due_after = next_due([*held, due_next])
            if due_after is None or due_after >= evidence or due_after <= due_next:
                break
            held.append(due_next)
            if due_next >= since:
                presumed.append(due_next)
            due_next = due_after
        return presumed + recorded

    # -- the whole child -----------------------------------------------------------------------

    def evaluate(self, child: ChildFacts, today: date) -> dict[str, RefItem]:
        """The earliest due item per kind (record gaps apart, keyed ``gap:KIND`` when the kind
        has no due item)."""
        records = [e.on for e in child.events if e.on <= today] + [
            on for on in child.milestones.values() if on <= today
        ]
        allocated = (
            child.allocated_on if child.allocated_on is not None and child.allocated_on <= today else None
        )
        horizon_parts = [d for d in (allocated, min(records) if records else None) if d is not None]
        horizon = min(horizon_parts) if horizon_parts else None
        best: dict[str, list[tuple[date, str, str | None]]] = {}
        gaps: dict[str, list[tuple[date, str, str | None]]] = {}
        for rule in self.table.rules:
            if not self.applies(child, today, rule.applies_to):
                continue
            result = self.rule_due(child, today, rule)
            if result is None:
                continue
            due, phase = result
            if not self.age_allows(child, rule.applies_to, due):
                continue
            target = gaps if horizon is not None and due < horizon else best
            target.setdefault(rule.kind, []).append((due, rule.id, phase))
        items: dict[str, RefItem] = {}
        soon = today + timedelta(days=self.table.due_soon_days)
        for kind, found in best.items():
            due = min(f[0] for f in found)
            winners = [f for f in found if f[0] == due]
            status = (
                "overdue"
                if due < today
                else "due_today"
                if due == today
                else "due_soon"
                if due <= soon
                else "upcoming"
            )
            items[kind] = RefItem(
                kind,
                due,
                status,
                frozenset(f[1] for f in winners),
                winners[0][2] if len(winners) == 1 else None,
            )
        for kind, found in gaps.items():
            if kind in best:
                continue
            due = min(f[0] for f in found)
            winners = [f for f in found if f[0] == due]
            items[f"gap:{kind}"] = RefItem(
                kind,
                due,
                "not_recorded",
                frozenset(f[1] for f in winners),
                winners[0][2] if len(winners) == 1 else None,
            )
        return items


def _with_kind_dates(child: ChildFacts, kind: str, dates: list[date], today: date) -> ChildFacts:
    """The child with ``kind``'s records replaced by ``dates``."""
    from caseload_tui.domain.engine import Event

    events = [e for e in child.events if e.kind != kind] + [Event(kind, d) for d in dates]
    milestones = {k: v for k, v in child.milestones.items() if k != kind}
    return ChildFacts(
        child_id=child.child_id, plan_type=child.plan_type, plan_start=child.plan_start,
        placement_type=child.placement_type, placement_start=child.placement_start,
        date_of_birth=child.date_of_birth, allocated_on=child.allocated_on, worker_id=child.worker_id,
        flags=child.flags, milestones=milestones, events=tuple(events), scheduled=child.scheduled,
    )  # fmt: skip
