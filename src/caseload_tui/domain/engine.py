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

from bisect import bisect_left, bisect_right
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from operator import attrgetter
from typing import NamedTuple

from .bulk import paused_gc
from .calendar import Counting, Interval, add_months, birthday
from .dates import long_date
from .table import Anchor, AppliesTo, Condition, Phase, Rule, Source, TimescaleTable, WarningRule
from .vocabulary import DUE_KINDS

_ON = attrgetter("on")
_KIND_ON = attrgetter("kind", "on")
_WRITTEN_UP = attrgetter("written_up")


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
    """What the engine needs to know about one child.

    On construction the events are put in date order and their dates indexed by kind, once:
    the same child is evaluated many times (every screen refresh, every week of a trend).
    """

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
    dates_by_kind: Mapping[str, Sequence[date]] = field(init=False, repr=False, compare=False)
    last_by_kind: Mapping[str, date] = field(init=False, repr=False, compare=False)
    latest_event_on: date | None = field(init=False, repr=False, compare=False)
    unrecorded_kinds: frozenset[str] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        events = tuple(self.events)
        ons = list(map(_ON, events))
        if ons != sorted(ons):
            events = tuple(sorted(events, key=_ON))
        by_kind: dict[str, list[date]] = {}
        for kind, on in map(_KIND_ON, events):
            same = by_kind.get(kind)
            if same is None:
                by_kind[kind] = [on]
            else:
                same.append(on)
        unrecorded = (
            frozenset(e.kind for e in events if not e.written_up)
            if not all(map(_WRITTEN_UP, events))
            else frozenset()
        )
        object.__setattr__(self, "events", events)
        object.__setattr__(self, "dates_by_kind", by_kind)
        object.__setattr__(self, "last_by_kind", {kind: on[-1] for kind, on in by_kind.items()})
        object.__setattr__(self, "latest_event_on", events[-1].on if events else None)
        object.__setattr__(self, "unrecorded_kinds", unrecorded)

    def with_events(
        self, events: Sequence[Event], scheduled: Sequence[ScheduledEvent] | None = None
    ) -> ChildFacts:
        """The same child with another history (e.g. after recording a visit)."""
        return ChildFacts(
            child_id=self.child_id,
            plan_type=self.plan_type,
            plan_start=self.plan_start,
            placement_type=self.placement_type,
            placement_start=self.placement_start,
            date_of_birth=self.date_of_birth,
            allocated_on=self.allocated_on,
            worker_id=self.worker_id,
            flags=self.flags,
            milestones=self.milestones,
            events=events,
            scheduled=self.scheduled if scheduled is None else scheduled,
        )


class DueItem(NamedTuple):
    """The next due date of one kind for one child, and why.

    A NamedTuple because the engine makes millions of them; ``due`` and ``kind`` come first so
    that items sort by date, then kind, as plain tuples.
    """

    due: date
    kind: str
    child_id: str
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

    def explanation(self, quote: bool = True) -> str:
        """A sentence a worker can read: which rule, counted from which event, the source.

        ``quote=False`` names the source without quoting it (exports of many items: the quote
        is the same for every item of a rule, and ``caseload rules show`` prints it).
        """
        direction = "before" if self.rule.before is not None else "after"
        phase = f" (phase: {self.phase})" if self.phase else ""
        return (
            f"{self.rule.id}: {self.rule.title}. Due {long_date(self.due)}: {self.interval} "
            f"{direction} {self.counted_from} on {long_date(self.counted_from_date)}{phase}. "
            f"Source: {self.rule.source.citation()}"
            + (f": \u201c{self.rule.source.quote}\u201d" if quote else ".")
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


class ChildDue(NamedTuple):
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


class _History:
    """A child's events up to today, as the engine asks about them.

    Built from the child's per-kind date index (see :class:`ChildFacts`): the work here is per
    kind, not per event. Events after today are not known yet and are left out.
    """

    __slots__ = ("_dates", "child", "last_on", "today")

    def __init__(self, child: ChildFacts, today: date) -> None:
        self.child = child
        self.today = today
        self._dates: dict[str, Sequence[date]] = {}
        self.last_on: Mapping[str, date] = child.last_by_kind
        latest = child.latest_event_on
        if latest is None or latest <= today:  # the usual case: nothing after today
            return
        last_on: dict[str, date] = {}
        for kind, dates in child.dates_by_kind.items():
            last = dates[-1]
            if last <= today:
                last_on[kind] = last
            else:
                i = bisect_right(dates, today)
                if i:
                    last_on[kind] = dates[i - 1]
        self.last_on = last_on

    def dates(self, kind: str) -> Sequence[date]:
        """Every date of ``kind`` up to today, oldest first."""
        found = self._dates.get(kind)
        if found is None:
            dates = self.child.dates_by_kind.get(kind, ())
            found = self._dates[kind] = dates[: bisect_right(dates, self.today)]
        return found

    def events(self, kind: str) -> list[Event]:
        """The events of ``kind`` up to today, oldest first (for the rarer checks)."""
        today = self.today
        return [e for e in self.child.events if e.kind == kind and e.on <= today]

    def has_unrecorded(self, kind: str) -> bool:
        """Whether an event of ``kind`` up to today is not yet written up."""
        if kind not in self.child.unrecorded_kinds:
            return False
        return any(not e.written_up for e in self.events(kind))

    def milestone(self, name: str) -> date | None:
        on = self.child.milestones.get(name)
        return on if on is not None and on <= self.today else None

    def last(self, kinds: Iterable[str]) -> date | None:
        best = None
        last_on = self.last_on
        for kind in kinds:
            on = last_on.get(kind)
            if on is not None and (best is None or on > best):
                best = on
        return best

    def nth_on_or_after(self, kind: str, start: date, n: int) -> date | None:
        if kind not in self.last_on:
            return None
        dates = self.dates(kind)
        i = bisect_left(dates, start) + n - 1
        return dates[i] if i < len(dates) else None

    def any_after(self, kinds: Iterable[str], start: date) -> bool:
        last_on = self.last_on
        return any(kind in last_on and last_on[kind] > start for kind in kinds)


_LAST_WORDS = {kind: f"the last {label.lower()}" for kind, label in DUE_KINDS.items()}
_SINCE_LAST = "since the last event"  # marker: counted from the last satisfying event

_CORE_FACTS = {
    "plan_start": "start of the plan",
    "placement_start": "start of the placement",
    "date_of_birth": "date of birth",
}


class _Compiled:
    """A rule prepared for the hot loop: what to check, and how to find its anchor."""

    __slots__ = (
        "add_every",
        "add_first",
        "ages",
        "check",
        "fact",
        "gap",
        "kind",
        "rule",
        "satisfied",
        "simple_kind",
    )

    def __init__(self, rule: Rule, counter: Counting) -> None:
        self.rule = rule
        self.add_first = counter.adder(rule.first) if rule.first is not None else None
        # a single phase that never ends: the common "every N" rule, without the phase machinery
        simple = len(rule.phases) == 1 and not rule.phases[0].until
        self.add_every = counter.adder(rule.phases[0].every) if simple else None
        self.satisfied = tuple(rule.satisfied_by)
        # the common shape, evaluated inline: one satisfying kind, "first" and/or a plain "every"
        self.simple_kind = (
            self.satisfied[0]
            if len(self.satisfied) == 1
            and rule.anchor.prefix in ("fact", "milestone", "event")
            and rule.before is None
            and rule.not_before is None
            and (not rule.phases or self.add_every is not None)
            else None
        )
        self.kind = rule.kind
        applies = rule.applies_to
        # plan types are settled by grouping; check the rest only when there is a rest
        self.check = applies if applies != AppliesTo(plan_types=applies.plan_types) else None
        self.ages = applies.min_age is not None or applies.max_age is not None
        is_fact = rule.anchor.prefix == "fact"
        self.fact = _FACT_GETTERS[rule.anchor.name] if is_fact else None
        self.gap = _CORE_FACTS.get(rule.anchor.name) if is_fact else None


class _Selection:
    """Rules for one kind of child, indexed by anchor so a child visits only rules it can meet."""

    __slots__ = ("by_event", "by_milestone", "facts", "needs_age", "scheduled", "unrecorded", "warnings")

    def __init__(self, rules: Iterable[_Compiled], warnings: Iterable[WarningRule]) -> None:
        rules = tuple(rules)
        self.warnings = tuple(warnings)
        self.needs_age = any(c.ages for c in rules) or any(
            w.applies_to.min_age is not None or w.applies_to.max_age is not None for w in self.warnings
        )
        self.facts: list[_Compiled] = []
        self.by_milestone: dict[str, list[_Compiled]] = {}
        self.by_event: dict[str, list[_Compiled]] = {}
        self.unrecorded: list[_Compiled] = []
        self.scheduled: list[_Compiled] = []
        for c in rules:
            prefix = c.rule.anchor.prefix
            if prefix == "fact":
                self.facts.append(c)
            elif prefix == "milestone":
                self.by_milestone.setdefault(c.rule.anchor.name, []).append(c)
            elif prefix == "event":
                self.by_event.setdefault(c.rule.anchor.name, []).append(c)
            elif prefix == "unrecorded":
                self.unrecorded.append(c)
            else:
                self.scheduled.append(c)

    def candidates(self, child: ChildFacts, history: _History) -> list[_Compiled]:
        """Rules whose anchor this child may have: all fact rules, and the others on demand."""
        found = self.facts
        extra: list[_Compiled] = []
        if self.by_milestone and child.milestones:
            for name in child.milestones:
                extra += self.by_milestone.get(name, ())
        if self.by_event:
            last_on = history.last_on
            for kind, rules in self.by_event.items():
                if kind in last_on:
                    extra += rules
        if self.unrecorded and child.unrecorded_kinds:
            extra += self.unrecorded
        if self.scheduled and child.scheduled:
            extra += self.scheduled
        return found + extra if extra else found


def _simple_found(rule: Rule, due: date, anchor: date, last: date | None, since_last: bool) -> _Found:
    """The explanation fields for a rule evaluated on the inline path."""
    # the inline path only takes rules with a single phase that never ends: it has no name worth showing
    if since_last:
        return due, rule, anchor, _SINCE_LAST, last, rule.phases[0].every, None  # type: ignore[return-value]
    if rule.first is not None:
        return due, rule, anchor, "", anchor, rule.first, None
    return due, rule, anchor, "", anchor, rule.phases[0].every, None


_FACT_GETTERS = {
    "allocation": attrgetter("allocated_on"),
    "plan_start": attrgetter("plan_start"),
    "placement_start": attrgetter("placement_start"),
    "date_of_birth": attrgetter("date_of_birth"),
}

_Found = tuple[date, Rule, date, str, date, Interval, "str | None"]


class DueEngine:
    """Evaluates one table for many children. Build once per table; call :meth:`evaluate`."""

    def __init__(self, table: TimescaleTable) -> None:
        self.table = table
        self.counter: Counting = table.counter
        self.add = self.counter.add
        self._described = {rule.id: rule.anchor.describe() for rule in table.rules}
        self._due_soon = timedelta(days=table.due_soon_days)
        by_plan: dict[str | None, list[_Compiled]] = {None: []}
        for rule in table.rules:
            compiled = _Compiled(rule, self.counter)
            targets = rule.applies_to.plan_types
            if targets is None:
                for rules in by_plan.values():
                    rules.append(compiled)
            else:
                for plan in targets:
                    by_plan.setdefault(plan, list(by_plan[None])).append(compiled)
        self._rules_by_plan = {plan: tuple(rules) for plan, rules in by_plan.items()}
        self._selected: dict[tuple[str | None, str | None, frozenset[str]], _Selection] = {}

    def _rules_for(self, child: ChildFacts) -> _Selection:
        """The rules that can apply to a child of this plan, placement and flags (cached).

        Only an age check is left for the hot loop; the combinations are few.
        """
        key = (child.plan_type, child.placement_type, child.flags)
        selected = self._selected.get(key)
        if selected is None:
            rules = self._rules_by_plan.get(child.plan_type, self._rules_by_plan[None])
            selected = _Selection(
                (c for c in rules if c.check is None or _applies(c.check, child, age=None, ages=False)),
                (w for w in self.table.warnings if _applies(w.applies_to, child, age=None, ages=False)),
            )
            self._selected[key] = selected
        return selected

    # -- public -----------------------------------------------------------------------------

    def evaluate(self, child: ChildFacts, today: date) -> ChildDue:
        """Due items, practice warnings and gaps for ``child`` on ``today``."""
        history = _History(child, today)
        selection = self._selected.get((child.plan_type, child.placement_type, child.flags))
        if selection is None:
            selection = self._rules_for(child)
        dob = child.date_of_birth
        age = age_on(dob, today) if dob is not None and selection.needs_age else None
        best: dict[str, _Found] = {}
        gaps: list[Gap] = []
        rule_due = self._rule_due
        last_on = history.last_on
        for compiled in selection.candidates(child, history):
            if compiled.ages and not _applies_age(compiled.check, age):
                continue
            rule = compiled.rule
            if compiled.fact is not None:
                anchor = compiled.fact(child)
            else:
                anchor = self._anchor_date(rule.anchor, history, today)
            if anchor is None:
                if compiled.gap is not None:
                    gaps.append(Gap(child.child_id, rule.id, compiled.gap))
                continue
            simple_kind = compiled.simple_kind
            if simple_kind is not None:  # inline: the common shape
                last = last_on.get(simple_kind)
                add_every = compiled.add_every
                since_last = False
                if last is not None and last >= anchor:
                    if add_every is None:
                        continue  # a one-off rule already satisfied
                    due, since_last = add_every(last), True
                elif compiled.add_first is not None:
                    due = compiled.add_first(anchor)
                else:
                    assert add_every is not None  # a simple rule has "first" or "every"
                    due = add_every(anchor)
                current = best.get(compiled.kind)
                if current is None or due < current[0]:
                    best[compiled.kind] = _simple_found(rule, due, anchor, last, since_last)
                continue
            found = rule_due(compiled, anchor, history, today)
            if found is not None:
                current = best.get(compiled.kind)
                if current is None or found[0] < current[0]:
                    best[compiled.kind] = found
        soon = today + self._due_soon
        child_id, worker_id = child.child_id, child.worker_id
        items = []
        make_item = DueItem._make  # C-level tuple construction, without the generated __new__
        for kind, (due, rule, anchor, counted_from, counted_date, interval, phase) in best.items():
            if due < today:
                status, overdue = "overdue", (today - due).days
            else:
                status = "due_today" if due == today else "due_soon" if due <= soon else "upcoming"
                overdue = 0
            if not counted_from:
                counted_from = self._described[rule.id]
            elif counted_from is _SINCE_LAST:
                counted_from = _LAST_WORDS[kind]
            items.append(
                make_item(
                    (
                        due,
                        kind,
                        child_id,
                        status,
                        overdue,
                        rule,
                        anchor,
                        counted_from,
                        counted_date,
                        interval,
                        phase,
                        worker_id,
                    )
                )
            )
        items.sort()  # by due date, then kind (one item per kind, so never further)
        warnings = (
            tuple(self._warnings(selection.warnings, child, history, age, today))
            if selection.warnings
            else ()
        )
        return ChildDue._make((child_id, tuple(items), warnings, tuple(gaps) if gaps else ()))

    def evaluate_all(self, children: Iterable[ChildFacts], today: date) -> list[ChildDue]:
        """Evaluate many children (with the garbage collector paused: see :mod:`.bulk`)."""
        with paused_gc():
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
            return history.last_on.get(name)
        if prefix == "unrecorded":
            if not history.has_unrecorded(name):
                return None
            for event in history.events(name):
                if not event.written_up:
                    return event.on
            return None
        # scheduled: the earliest booked on or after today
        upcoming = [s.on for s in child.scheduled if s.kind == name and s.on >= today]
        return min(upcoming) if upcoming else None

    def _rule_due(self, compiled: _Compiled, anchor: date, history: _History, today: date) -> _Found | None:
        """The due date one rule gives for one child, or None when it does not constrain."""
        rule = compiled.rule
        described = ""  # the anchor described in words: filled in for the winners only
        if rule.before is not None:  # "N before the next scheduled X"
            previous = history.last_on.get(rule.anchor.name, date.min)
            if history.any_after(compiled.satisfied, previous):
                return None
            due = self.counter.subtract(anchor, rule.before)
            return due, rule, anchor, described, anchor, rule.before, None
        first = rule.first
        if rule.anchor.prefix == "unrecorded":
            assert compiled.add_first is not None and first is not None
            return compiled.add_first(anchor), rule, anchor, described, anchor, first, None
        last_on = history.last_on
        if len(compiled.satisfied) == 1:
            last = last_on.get(compiled.satisfied[0])
        else:
            last = history.last(compiled.satisfied)
        since_anchor = last if last is not None and last >= anchor else None
        if since_anchor is None and compiled.add_first is not None:
            due = compiled.add_first(anchor)
            if rule.not_before is not None:
                other_anchor = self._anchor_date(rule.not_before[0], history, today)
                if other_anchor is not None:
                    due = max(due, self.add(other_anchor, rule.not_before[1]))
            return due, rule, anchor, described, anchor, first, None  # type: ignore[return-value]
        if not rule.phases:
            return None  # a one-off rule already satisfied
        start = since_anchor if since_anchor is not None else anchor
        counted_from = _SINCE_LAST if since_anchor else described
        if compiled.add_every is not None:
            phase = rule.phases[0]
            return compiled.add_every(start), rule, anchor, counted_from, start, phase.every, phase.name
        found = self._phased_due(rule.phases, anchor, start, history)
        if found is None:
            return None  # every phase has ended: the rule no longer constrains
        due, phase = found
        return due, rule, anchor, counted_from, start, phase.every, phase.name

    def _phased_due(
        self, phases: Sequence[Phase], anchor: date, start: date, history: _History
    ) -> tuple[date, Phase] | None:
        """The earliest d = start + interval(p) with p the phase in force on d.

        Phase p is in force on [its start, its end); its candidate is start + its interval, or
        its own start if that is later (a more frequent phase beginning after a long gap).
        """
        add = self.add
        phase_start = anchor
        best_due: date | None = None
        best_phase: Phase | None = None
        for phase in phases:
            if best_due is not None and best_due <= phase_start:
                break  # later phases start later, so cannot give an earlier date
            end = self._phase_end(phase, anchor, phase_start, history) if phase.until else None
            if end is not None and end < phase_start:
                end = phase_start  # ended before it began (e.g. carer approved before placement)
            candidate = add(start, phase.every)
            if candidate < phase_start:
                candidate = phase_start
            if (end is None or candidate < end) and (best_due is None or candidate < best_due):
                best_due, best_phase = candidate, phase
            if end is None:
                break  # this phase runs on: the later ones have not started
            phase_start = end
        return None if best_due is None or best_phase is None else (best_due, best_phase)

    def _phase_end(self, phase: Phase, anchor: date, phase_start: date, history: _History) -> date | None:
        """When the phase ends: the first condition met (until_any) or the last (until_all)."""
        result: date | None = None
        for condition in phase.until:
            on = self._condition_date(condition, anchor, phase_start, history)
            if on is None:
                if phase.until_all:
                    return None  # not every condition is met yet
                continue
            if result is None or (on > result if phase.until_all else on < result):
                result = on
        return result

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
        self,
        rules: Iterable[WarningRule],
        child: ChildFacts,
        history: _History,
        age: int | None,
        today: date,
    ) -> Iterable[PracticeWarning]:
        for rule in rules:
            if _applies_age(rule.applies_to, age) and self._warning_fires(rule, history, today):
                yield PracticeWarning(child.child_id, rule.id, rule.message, rule.source)

    def _warning_fires(self, rule: WarningRule, history: _History, today: date) -> bool:
        """Whether the warning's check fails for this child (visits since its anchor, if any)."""
        since = date.min
        if rule.anchor is not None:
            anchor = self._anchor_date(rule.anchor, history, today)
            if anchor is None:
                return False
            since = anchor
        # newest first: the last visit is usually found at once
        visits = (e for e in reversed(history.child.events) if e.kind == "visit" and since <= e.on <= today)
        if rule.check == "last_visit_not_seen_alone":
            last = next(visits, None)
            return last is not None and last.seen_alone is False
        # no_unannounced_visit_since_anchor: visits have happened since, none unannounced
        seen = False
        for visit in visits:
            if visit.unannounced:
                return False
            seen = True
        return seen


def _applies(applies: AppliesTo, child: ChildFacts, age: int | None, ages: bool = True) -> bool:
    """Whether ``child`` is one the rule applies to (the age check only when ``ages``)."""
    if applies.plan_types is not None and child.plan_type not in applies.plan_types:
        return False
    if applies.placement_types is not None and child.placement_type not in applies.placement_types:
        return False
    if applies.flags and not applies.flags <= child.flags:
        return False
    if applies.not_flags and applies.not_flags & child.flags:
        return False
    return not ages or _applies_age(applies, age)


def _applies_age(applies: AppliesTo | None, age: int | None) -> bool:
    if applies is None:
        return True
    if applies.min_age is not None and (age is None or age < applies.min_age):
        return False
    return applies.max_age is None or (age is not None and age < applies.max_age)


def due_items(child: ChildFacts, table: TimescaleTable, today: date) -> ChildDue:
    """Convenience: evaluate one child (build a :class:`DueEngine` for many)."""
    return DueEngine(table).evaluate(child, today)
