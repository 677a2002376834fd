"""The due-date engine: a child's facts and history + a timescale table + today -> due items.

Semantics (``shared/domain.md``, "Conventions", and ``seed/timescales/README.md``):

- day 0 is the anchor; timescales are outer limits (the due date is the last permissible day);
- one-off rules stop constraining once a satisfying event happens on or after their anchor;
- recurring rules count from the last satisfying event on or after their anchor, or from the
  anchor; with phases, the interval is that of the phase in force on the due date;
- the next due item of a kind is the earliest among all the rules that apply;
- events after ``today`` are ignored, so any past day can be evaluated.

The engine never reads a clock, a database or a screen: ``today`` is an argument.
"""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from operator import attrgetter

from .calendar import Counting, Interval, add_months, birthday
from .table import Anchor, AppliesTo, Condition, Phase, Rule, Source, TimescaleTable, WarningRule
from .vocabulary import DUE_KINDS


@dataclass(frozen=True, slots=True)
class Event:
    """Something that happened for a child: a visit, a review, a chronology update..."""

    kind: str
    on: date
    seen_alone: bool | None = None
    unannounced: bool | None = None
    written_up: bool = True  # False: the event happened but is not yet on the record


@dataclass(frozen=True, slots=True)
class ScheduledEvent:
    """A future event already booked (e.g. the next CLA review), for "N days before" rules."""

    kind: str
    on: date


@dataclass(frozen=True, slots=True)
class ChildFacts:
    """What the engine needs to know about one child."""

    child_id: str
    plan_type: str | None = None
    plan_start: date | None = None
    placement_type: str | None = None
    placement_start: date | None = None
    date_of_birth: date | None = None
    allocated_on: date | None = None
    worker_id: str | None = None
    flags: frozenset[str] = frozenset()
    milestones: Mapping[str, date] = field(default_factory=dict)
    events: Sequence[Event] = ()
    scheduled: Sequence[ScheduledEvent] = ()


@dataclass(frozen=True, slots=True)
class DueItem:
    """The next due date of one kind for one child, and why."""

    child_id: str
    kind: str
    due: date
    status: str  # "overdue", "due_today", "due_soon", "upcoming"
    days_overdue: int
    rule: Rule
    anchor_date: date  # the date the rule's anchor resolved to
    counted_from: str  # what the interval was counted from, in words
    counted_from_date: date
    interval: Interval
    phase: str | None  # the phase in force, for phased rules
    worker_id: str | None = None

    @property
    def label(self) -> str:
        return DUE_KINDS[self.kind]

    @property
    def source(self) -> Source:
        return self.rule.source

    def explanation(self) -> str:
        """A sentence a worker can read: which rule, counted from which event, the source."""
        direction = "before" if self.rule.before is not None else "after"
        phase = f" (phase: {self.phase})" if self.phase else ""
        return (
            f"{self.rule.id}: {self.rule.title}. Due {self.due:%a %d %b %Y}: {self.interval} "
            f"{direction} {self.counted_from} on {self.counted_from_date:%a %d %b %Y}{phase}. "
            f"Source: {self.rule.source.citation()}: \u201c{self.rule.source.quote}\u201d"
        )


@dataclass(frozen=True, slots=True)
class PracticeWarning:
    child_id: str
    warning_id: str
    message: str
    source: Source


@dataclass(frozen=True, slots=True)
class Gap:
    """A rule that should apply but cannot be computed because a core fact is missing."""

    child_id: str
    rule_id: str
    missing: str  # e.g. "start of the placement"

    def message(self) -> str:
        return f"Cannot compute {self.rule_id}: no {self.missing} recorded"


@dataclass(frozen=True, slots=True)
class ChildDue:
    """Everything the engine says about one child on one day."""

    child_id: str
    items: tuple[DueItem, ...]  # one per kind, earliest due first
    warnings: tuple[PracticeWarning, ...] = ()
    gaps: tuple[Gap, ...] = ()

    def next_due(self, kind: str) -> DueItem | None:
        for item in self.items:
            if item.kind == kind:
                return item
        return None


def status_for(due: date, today: date, due_soon_days: int) -> str:
    """The status of a due date on ``today``."""
    if due < today:
        return "overdue"
    if due == today:
        return "due_today"
    if (due - today).days <= due_soon_days:
        return "due_soon"
    return "upcoming"


def age_on(date_of_birth: date, today: date) -> int:
    """Age in whole years on ``today``."""
    return (
        today.year
        - date_of_birth.year
        - ((today.month, today.day) < (date_of_birth.month, date_of_birth.day))
    )


_ON = attrgetter("on")


class _History:
    """A child's events up to today, by kind, oldest first."""

    __slots__ = ("child", "dates", "events", "today")

    def __init__(self, child: ChildFacts, today: date) -> None:
        self.child = child
        self.today = today
        events: dict[str, list[Event]] = {}
        dates: dict[str, list[date]] = {}
        for event in sorted(child.events, key=_ON):
            if event.on > today:
                break
            kind = event.kind
            if kind in events:
                events[kind].append(event)
                dates[kind].append(event.on)
            else:
                events[kind] = [event]
                dates[kind] = [event.on]
        self.events = events
        self.dates = dates

    def milestone(self, name: str) -> date | None:
        on = self.child.milestones.get(name)
        return on if on is not None and on <= self.today else None

    def last(self, kinds: Iterable[str]) -> date | None:
        best = None
        for kind in kinds:
            dates = self.dates.get(kind)
            if dates and (best is None or dates[-1] > best):
                best = dates[-1]
        return best

    def nth_on_or_after(self, kind: str, start: date, n: int) -> date | None:
        dates = self.dates.get(kind)
        if not dates:
            return None
        i = bisect_left(dates, start) + n - 1
        return dates[i] if i < len(dates) else None

    def any_after(self, kinds: Iterable[str], start: date) -> bool:
        for kind in kinds:
            dates = self.dates.get(kind)
            if dates and dates[-1] > start:
                return True
        return False


_CORE_FACTS = {
    "plan_start": "start of the plan",
    "placement_start": "start of the placement",
    "date_of_birth": "date of birth",
}


class DueEngine:
    """Evaluates one table for many children. Build once per table; call :meth:`evaluate`."""

    def __init__(self, table: TimescaleTable) -> None:
        self.table = table
        self.counter: Counting = table.counter
        self.add = self.counter.add
        by_plan: dict[str | None, list[Rule]] = {None: []}
        for rule in table.rules:
            targets = rule.applies_to.plan_types
            if targets is None:
                for rules in by_plan.values():
                    rules.append(rule)
            else:
                for plan in targets:
                    by_plan.setdefault(plan, list(by_plan[None])).append(rule)
        self._rules_by_plan = {plan: tuple(rules) for plan, rules in by_plan.items()}

    # -- public -----------------------------------------------------------------------------

    def evaluate(self, child: ChildFacts, today: date) -> ChildDue:
        """Due items, practice warnings and gaps for ``child`` on ``today``."""
        history = _History(child, today)
        age = age_on(child.date_of_birth, today) if child.date_of_birth else None
        rules = self._rules_by_plan.get(child.plan_type, self._rules_by_plan[None])
        best: dict[str, tuple[date, Rule, date, str, date, Interval, str | None]] = {}
        gaps: list[Gap] = []
        for rule in rules:
            if not _applies(rule.applies_to, child, age):
                continue
            anchor = self._anchor_date(rule.anchor, history, today)
            if anchor is None:
                if rule.anchor.prefix == "fact" and rule.anchor.name in _CORE_FACTS:
                    gaps.append(Gap(child.child_id, rule.id, _CORE_FACTS[rule.anchor.name]))
                continue
            found = self._rule_due(rule, anchor, history, today)
            if found is not None:
                current = best.get(rule.kind)
                if current is None or found[0] < current[0]:
                    best[rule.kind] = found
        soon = self.table.due_soon_days
        items = [
            DueItem(
                child.child_id,
                kind,
                due,
                status_for(due, today, soon),
                (today - due).days if due < today else 0,
                rule,
                anchor,
                counted_from,
                counted_date,
                interval,
                phase,
                child.worker_id,
            )
            for kind, (due, rule, anchor, counted_from, counted_date, interval, phase) in best.items()
        ]
        items.sort(key=lambda item: (item.due, item.kind))
        warnings = tuple(self._warnings(child, history, age, today)) if self.table.warnings else ()
        return ChildDue(child.child_id, tuple(items), warnings, tuple(gaps))

    def evaluate_all(self, children: Iterable[ChildFacts], today: date) -> list[ChildDue]:
        return [self.evaluate(child, today) for child in children]

    # -- anchors and rules --------------------------------------------------------------------

    def _anchor_date(self, anchor: Anchor, history: _History, today: date) -> date | None:
        child = history.child
        prefix, name = anchor.prefix, anchor.name
        if prefix == "fact":
            if name == "plan_start":
                return child.plan_start
            if name == "allocation":
                return child.allocated_on
            if name == "placement_start":
                return child.placement_start
            return child.date_of_birth
        if prefix == "milestone":
            return history.milestone(name)
        if prefix == "event":
            dates = history.dates.get(name)
            return dates[-1] if dates else None
        if prefix == "unrecorded":
            for event in history.events.get(name, ()):
                if not event.written_up:
                    return event.on
            return None
        # scheduled: the earliest booked on or after today
        upcoming = [s.on for s in child.scheduled if s.kind == name and s.on >= today]
        return min(upcoming) if upcoming else None

    def _rule_due(
        self, rule: Rule, anchor: date, history: _History, today: date
    ) -> tuple[date, Rule, date, str, date, Interval, str | None] | None:
        add = self.add
        described = rule.anchor.describe()
        if rule.before is not None:  # "N before the next scheduled X"
            held = history.dates.get(rule.anchor.name)
            previous = held[-1] if held else date.min
            if history.any_after(rule.satisfied_by, previous):
                return None
            due = self.counter.subtract(anchor, rule.before)
            return due, rule, anchor, described, anchor, rule.before, None
        if rule.anchor.prefix == "unrecorded":
            assert rule.first is not None
            return add(anchor, rule.first), rule, anchor, described, anchor, rule.first, None
        last = history.last(rule.satisfied_by)
        since_anchor = last if last is not None and last >= anchor else None
        if since_anchor is None and rule.first is not None:
            due = add(anchor, rule.first)
            if rule.not_before is not None:
                other_anchor = self._anchor_date(rule.not_before[0], history, today)
                if other_anchor is not None:
                    due = max(due, add(other_anchor, rule.not_before[1]))
            return due, rule, anchor, described, anchor, rule.first, None
        if not rule.phases:
            return None  # a one-off rule already satisfied
        start = since_anchor if since_anchor is not None else anchor
        counted_from = f"the last {DUE_KINDS[rule.kind].lower()}" if since_anchor else described
        found = self._phased_due(rule.phases, anchor, start, history)
        if found is None:
            return None  # every phase has ended: the rule no longer constrains
        due, phase = found
        return due, rule, anchor, counted_from, start, phase.every, phase.name

    def _phased_due(
        self, phases: Sequence[Phase], anchor: date, start: date, history: _History
    ) -> tuple[date, Phase] | None:
        """The earliest d = start + interval(p) with p the phase in force on d."""
        add = self.add
        if len(phases) == 1 and not phases[0].until:
            return add(start, phases[0].every), phases[0]
        phase_start = anchor
        best: tuple[date, Phase] | None = None
        for phase in phases:
            if best is not None and best[0] <= phase_start:
                break  # later phases start later, so cannot give an earlier date
            end = self._phase_end(phase, anchor, phase_start, history) if phase.until else None
            if end is not None and end < phase_start:
                end = phase_start  # ended before it began (e.g. carer approved before placement)
            candidate = max(add(start, phase.every), phase_start)
            if (end is None or candidate < end) and (best is None or candidate < best[0]):
                best = (candidate, phase)
            if end is None:
                break  # this phase runs on: the later ones have not started
            phase_start = end
        return best

    def _phase_end(self, phase: Phase, anchor: date, phase_start: date, history: _History) -> date | None:
        ends = [self._condition_date(c, anchor, phase_start, history) for c in phase.until]
        if phase.until_all:
            return None if None in ends else max(d for d in ends if d is not None)
        known = [d for d in ends if d is not None]
        return min(known) if known else None

    def _condition_date(
        self, condition: Condition, anchor: date, phase_start: date, history: _History
    ) -> date | None:
        kind = condition.kind
        if kind == "event":
            since = anchor
            if condition.since is not None:
                resolved = self._anchor_date(condition.since, history, date.max)
                if resolved is None:
                    return None
                since = resolved
            return history.nth_on_or_after(condition.name or "", since, condition.occurrence)
        if kind == "milestone":
            return history.milestone(condition.name or "")
        assert condition.interval is not None
        if kind == "after":
            return self.add(anchor, condition.interval)
        if kind == "lasting":
            return self.add(phase_start, condition.interval)
        dob = history.child.date_of_birth  # "age"
        if dob is None:
            return None
        if condition.interval.unit == "years":
            return birthday(dob, condition.interval.n)
        return (
            add_months(dob, condition.interval.n)
            if condition.interval.unit == "months"
            else (self.add(dob, condition.interval))
        )

    # -- practice warnings --------------------------------------------------------------------

    def _warnings(
        self, child: ChildFacts, history: _History, age: int | None, today: date
    ) -> Iterable[PracticeWarning]:
        for rule in self.table.warnings:
            if _applies(rule.applies_to, child, age) and self._warning_fires(rule, history, today):
                yield PracticeWarning(child.child_id, rule.id, rule.message, rule.source)

    def _warning_fires(self, rule: WarningRule, history: _History, today: date) -> bool:
        """Whether the warning's check fails for this child (visits since its anchor, if any)."""
        visits = history.events.get("visit", [])
        if rule.anchor is not None:
            anchor = self._anchor_date(rule.anchor, history, today)
            if anchor is None:
                return False
            visits = visits[bisect_left(history.dates["visit"], anchor) :] if visits else visits
        if rule.check == "last_visit_not_seen_alone":
            return bool(visits) and visits[-1].seen_alone is False
        # no_unannounced_visit_since_anchor: visits have happened since, none unannounced
        return bool(visits) and not any(v.unannounced for v in visits)


def _applies(applies: AppliesTo, child: ChildFacts, age: int | None) -> bool:
    if applies.plan_types is not None and child.plan_type not in applies.plan_types:
        return False
    if applies.placement_types is not None and child.placement_type not in applies.placement_types:
        return False
    if applies.flags and not applies.flags <= child.flags:
        return False
    if applies.not_flags and applies.not_flags & child.flags:
        return False
    if applies.min_age is not None and (age is None or age < applies.min_age):
        return False
    return applies.max_age is None or (age is not None and age < applies.max_age)


def due_items(child: ChildFacts, table: TimescaleTable, today: date) -> ChildDue:
    """Convenience: evaluate one child (build a :class:`DueEngine` for many)."""
    return DueEngine(table).evaluate(child, today)
