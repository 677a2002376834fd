"""The due-date engine: a child's facts and history + a timescale table + today -> due items.

Semantics (``shared/domain.md``, "Conventions" and "Real histories are partial", and
``seed/timescales/README.md``, which says the same in a table author's words):

- day 0 is the anchor; timescales are outer limits (the due date is the last permissible day);
- one-off rules stop constraining once a satisfying event happens on or after their anchor;
- recurring rules count from the latest satisfying event, whenever it happened (a chronology
  is the child's, not the plan's), or from the anchor when none is recorded; a rule is never due
  before its anchor; with phases, the interval is that of the phase in force on the due date,
  and once the last phase has ended the rule gives nothing more;
- which occurrence a recorded event is (the initial review, the second...) follows from dates:
  occurrences that were due long before the first one recorded are presumed held when they
  were due, and the explanation says so;
- a deadline counted from a fact (not from a record) that fell before both the child's
  allocation and the earliest record held is a *record gap* (status ``not_recorded``): nobody
  here can tell whether it was met, so it is listed apart, never as overdue work;
- the next due item of a kind is the earliest among all the rules that apply;
- events after ``today`` are ignored, so any past day can be evaluated.

There is one path: every rule, whatever its shape, goes through :meth:`DueEngine._rule_due`.
The engine never reads a clock, a database or a screen: ``today`` is an argument.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right, insort
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from operator import attrgetter
from typing import NamedTuple

from .calendar import Counting, Interval, add_months, birthday
from .dates import long_date
from .table import Anchor, AppliesTo, Condition, Phase, Rule, Source, TimescaleTable, WarningRule
from .vocabulary import DUE_ITEM_LABELS, DUE_KINDS, MILESTONES, PLAN_START_MILESTONES

_ON = attrgetter("on")
_KIND_ON = attrgetter("kind", "on")
_WRITTEN_UP = attrgetter("written_up")
_MOST_PRESUMED = 200  # occurrences presumed at most, whatever a table says (a guard, never reached)


@dataclass(frozen=True, slots=True)
class Event:
    """Something recorded for a child: a visit, a review, a milestone such as s47_started..."""

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

    Milestones are part of the history: an event whose kind is a milestone's name (the store
    keeps them so), or an entry of ``milestones``. On construction the history is put in date
    order and its dates indexed by kind, once: the same child is evaluated many times.
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
    dates_by_kind: Mapping[str, tuple[date, ...]] = field(init=False, repr=False, compare=False)
    last_by_kind: Mapping[str, date] = field(init=False, repr=False, compare=False)
    latest_event_on: date | None = field(init=False, repr=False, compare=False)
    earliest_record_on: date | None = field(init=False, repr=False, compare=False)
    unrecorded_kinds: frozenset[str] = field(init=False, repr=False, compare=False)
    scheduled_by_kind: Mapping[str, tuple[date, ...]] = field(init=False, repr=False, compare=False)
    record_horizon: date | None = field(init=False, repr=False, compare=False)

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
        for name, on in self.milestones.items():
            insort(by_kind.setdefault(name, []), on)
        unrecorded = (
            frozenset(e.kind for e in events if not e.written_up)
            if not all(map(_WRITTEN_UP, events))
            else frozenset()
        )
        latest = max((dates[-1] for dates in by_kind.values()), default=None)
        earliest = min((dates[0] for dates in by_kind.values()), default=None)
        object.__setattr__(self, "events", events)
        # tuples of dates hold nothing the cyclic collector need look at (lists always do):
        # with 100,000 children loaded it would otherwise re-scan millions of them
        object.__setattr__(self, "dates_by_kind", {kind: tuple(on) for kind, on in by_kind.items()})
        object.__setattr__(self, "last_by_kind", {kind: on[-1] for kind, on in by_kind.items()})
        object.__setattr__(self, "latest_event_on", latest)
        object.__setattr__(self, "earliest_record_on", earliest)
        object.__setattr__(self, "unrecorded_kinds", unrecorded)
        booked: dict[str, list[date]] = {}
        for meeting in self.scheduled:
            insort(booked.setdefault(meeting.kind, []), meeting.on)
        object.__setattr__(self, "scheduled_by_kind", {kind: tuple(on) for kind, on in booked.items()})
        known = [d for d in (self.allocated_on, earliest) if d is not None]
        object.__setattr__(self, "record_horizon", min(known) if known else None)

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
    status: str  # "overdue", "due_today", "due_soon", "upcoming", or "not_recorded" (a record gap)
    days_overdue: int
    rule: Rule
    anchor_date: date  # the date the rule's anchor resolved to
    counted_from: str  # what the interval was counted from, in words
    counted_from_date: date
    interval: Interval
    phase: str | None  # the phase in force, for phased rules
    worker_id: str | None = None
    inference: str | None = None  # what the date rests on that is not recorded, in words

    @property
    def label(self) -> str:
        """What is due, in words ("Assessment due", "Statutory visit")."""
        return DUE_ITEM_LABELS[self.kind]

    @property
    def source(self) -> Source:
        return self.rule.source

    @property
    def counted_from_birth(self) -> bool:
        """Whether the date counted from is the child's date of birth (kept out of exports
        without names: with the case reference it identifies the child)."""
        anchor = self.rule.anchor
        return (
            anchor.prefix == "fact"
            and anchor.name == "date_of_birth"
            and self.counted_from_date == self.anchor_date
        )

    def explanation(self, quote: bool = True, birth: bool = True) -> str:
        """A sentence a worker can read: which rule, counted from which event, the source.

        ``quote=False`` names the source without quoting it (exports of many items: the quote
        is the same for every item of a rule, and ``caseload rules show`` prints it).
        ``birth=False`` leaves out the date counted from when it is the date of birth.
        """
        direction = "before" if self.rule.before is not None else "after"
        on = "" if not birth and self.counted_from_birth else f" on {long_date(self.counted_from_date)}"
        phase = f" (phase: {self.phase})" if self.phase else ""
        gap = (
            " Not recorded: this fell due before the child's allocation and before the earliest "
            "record held, so check whether it was done and record it."
            if self.status == "not_recorded"
            else ""
        )
        inferred = f" {self.inference}." if self.inference else ""
        return (
            f"{self.rule.id}: {self.rule.title}. Due {long_date(self.due)}: {self.interval} "
            f"{direction} {self.counted_from}{on}{phase}.{inferred}{gap} "
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
    items: tuple[DueItem, ...]  # one per kind, earliest due first (no record gaps among them)
    warnings: tuple[PracticeWarning, ...] = ()
    gaps: tuple[Gap, ...] = ()
    not_recorded: tuple[DueItem, ...] = ()  # record gaps, one per kind that has no item above

    def next_due(self, kind: str) -> DueItem | None:
        for item in self.items:
            if item.kind == kind:
                return item
        return None

    @property
    def all_items(self) -> tuple[DueItem, ...]:
        """The due items and then the record gaps (for exports that list both)."""
        return self.items + self.not_recorded


def status_for(due: date, today: date, due_soon_days: int) -> str:
    """The status of a due date on ``today`` (record gaps are decided before this)."""
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
    """A child's records up to today, as the engine asks about them.

    Built from the child's per-kind date index (see :class:`ChildFacts`): the work here is per
    kind, not per event. Records after today are not known yet and are left out. A *presuming*
    history (see :meth:`DueEngine._presumed`) replaces one kind's dates with presumed ones.
    """

    __slots__ = (
        "_dates", "child", "horizon", "last_on", "may_presume", "notes", "occurrences", "plan_milestone",
        "today",
    )  # fmt: skip

    def __init__(self, child: ChildFacts, today: date) -> None:
        self.child = child
        self.today = today
        self.may_presume = True
        # made when first needed (most children never need them)
        self.occurrences: dict[tuple[str, date], tuple[list[date], list[date]]] | None = None
        self.notes: dict[date, str] | None = None  # phase ends that rest on a presumption, and why
        self.plan_milestone = PLAN_START_MILESTONES.get(child.plan_type) if child.plan_type else None
        self._dates: dict[str, Sequence[date]] = {}
        self.last_on: Mapping[str, date] = child.last_by_kind
        latest = child.latest_event_on
        if latest is not None and latest > today:  # rare: records after the day asked about
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
        # the record horizon: before it, nothing here can say whether a deadline was met (the
        # allocation, or the earliest record, whichever is earlier, if known on the day asked about)
        allocated, earliest = child.allocated_on, child.earliest_record_on
        if (allocated is None or allocated <= today) and (earliest is None or earliest <= today):
            self.horizon = child.record_horizon  # the usual case, worked out once per child
        else:
            known = [d for d in (allocated, earliest) if d is not None and d <= today]
            self.horizon = min(known) if known else None

    def presuming(self, kind: str, dates: list[date]) -> _History:
        """The same history with ``kind``'s dates replaced by ``dates``, presuming nothing more."""
        other = object.__new__(_History)
        other.child, other.today, other.horizon = self.child, self.today, self.horizon
        other.plan_milestone = self.plan_milestone
        other.may_presume = False
        other.occurrences = None
        other.notes = None
        other._dates = {kind: dates}
        last_on = dict(self.last_on)
        if dates:
            last_on[kind] = dates[-1]
        else:
            last_on.pop(kind, None)
        other.last_on = last_on
        return other

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
        """The latest date of a milestone up to today; a plan's start stands in for the
        milestone it means (a care leaver's plan starts when they became eligible)."""
        on = self.last_on.get(name)
        if on is None and name == self.plan_milestone:
            start = self.child.plan_start
            return start if start is not None and start <= self.today else None
        return on

    def last(self, kinds: Iterable[str]) -> date | None:
        best = None
        last_on = self.last_on
        for kind in kinds:
            on = last_on.get(kind)
            if on is not None and (best is None or on > best):
                best = on
        return best

    def has(self, names: Iterable[str]) -> bool:
        """Whether any of these kinds (or milestones) is on record up to today."""
        return any(self.milestone(name) is not None for name in names)

    def any_after(self, kinds: Iterable[str], start: date) -> bool:
        last_on = self.last_on
        return any(kind in last_on and last_on[kind] > start for kind in kinds)


_new_item = tuple.__new__

_CORE_FACTS = {
    "plan_start": "start of the plan",
    "placement_start": "start of the placement",
    "date_of_birth": "date of birth",
}

_FACT_GETTERS = {
    "allocation": attrgetter("allocated_on"),
    "plan_start": attrgetter("plan_start"),
    "placement_start": attrgetter("placement_start"),
    "date_of_birth": attrgetter("date_of_birth"),
}


# What one rule says for one child, before it becomes a DueItem: a plain tuple (the engine makes
# hundreds of thousands): (due, rule, anchor date, counted from (in words), counted-from date,
# interval, phase name, inference)
_Found = tuple[date, Rule, date, str, date, Interval, "str | None", "str | None"]

# The shapes a rule can take, decided once per table (see _Compiled.shape)
_EVERY, _ONE_OFF, _PHASED, _ONCE, _BEFORE, _UNRECORDED = range(6)


class _Compiled:
    """A rule prepared once per table: its interval adders, its anchor getter, what to check."""

    __slots__ = (
        "add_every",
        "add_first",
        "ages",
        "check",
        "described",
        "dynamic",
        "ends_last",
        "every",
        "fact",
        "gap",
        "kind",
        "last_words",
        "named_phases",
        "not_before",
        "phase_adders",
        "rule",
        "satisfied",
        "satisfied_one",
        "shape",
    )

    def __init__(self, rule: Rule, counter: Counting) -> None:
        self.rule = rule
        self.kind = rule.kind
        self.described = rule.anchor.describe()  # "counted from" when counted from the anchor
        self.last_words = f"the last {DUE_KINDS[rule.kind].lower()}"  # ... from the last event
        self.satisfied = tuple(sorted(rule.satisfied_by))
        self.satisfied_one = self.satisfied[0] if len(self.satisfied) == 1 else None
        self.add_first = counter.adder(rule.first) if rule.first is not None else None
        # a single phase that never ends (the common "every N"): no phase machinery needed
        single = len(rule.phases) == 1 and not rule.phases[0].until and not rule.once
        self.add_every = counter.adder(rule.phases[0].every) if single else None
        self.every = rule.phases[0].every if single else None
        self.phase_adders = tuple((phase, counter.adder(phase.every)) for phase in rule.phases)
        self.ends_last = bool(rule.phases) and bool(rule.phases[-1].until)
        self.not_before = rule.not_before
        if rule.before is not None:
            self.shape = _BEFORE
        elif rule.anchor.prefix == "unrecorded":
            self.shape = _UNRECORDED
        elif rule.once:
            self.shape = _ONCE
        elif not rule.phases:
            self.shape = _ONE_OFF
        else:
            self.shape = _EVERY if single else _PHASED
        # a rule written with `every` has one unnamed phase: no phase worth naming to a worker
        self.named_phases = len(rule.phases) > 1 or any(p.until for p in rule.phases)
        applies = rule.applies_to
        # plan types are settled by grouping; placement and flags once per kind of child;
        # the birth order, an open assessment and ages are about this child on this day
        static = AppliesTo(
            plan_types=applies.plan_types,
            not_plan_types=applies.not_plan_types,
            placement_types=applies.placement_types,
            flags=applies.flags,
            not_flags=applies.not_flags,
        )
        self.check = static if static != AppliesTo(plan_types=applies.plan_types) else None
        self.dynamic = applies.pre_birth is not None or applies.during is not None
        self.ages = applies.has_ages
        is_fact = rule.anchor.prefix == "fact"
        self.fact = _FACT_GETTERS[rule.anchor.name] if is_fact else None
        self.gap = _CORE_FACTS.get(rule.anchor.name) if is_fact else None


class _Selection:
    """Rules for one kind of child, indexed by anchor so a child visits only rules it can meet."""

    __slots__ = (
        "by_kind", "by_record", "facts", "gaps", "plan_milestone", "record_pairs", "scheduled",
        "shared_anchors", "unrecorded", "warnings",
    )  # fmt: skip

    def __init__(
        self, rules: Iterable[_Compiled], warnings: Iterable[WarningRule], plan_type: str | None
    ) -> None:
        rules = tuple(rules)
        self.warnings = tuple(warnings)
        self.facts: list[_Compiled] = []
        self.by_record: dict[str, list[_Compiled]] = {}  # milestone and event anchors, by name
        self.unrecorded: list[_Compiled] = []
        self.scheduled: list[_Compiled] = []
        self.by_kind: dict[str, list[_Compiled]] = {}  # the rules giving each kind: its schedule
        for c in rules:
            self.by_kind.setdefault(c.kind, []).append(c)
            prefix = c.rule.anchor.prefix
            if prefix == "fact":
                self.facts.append(c)
            elif prefix in ("milestone", "event"):
                for name in c.rule.anchor.names:
                    self.by_record.setdefault(name, []).append(c)
            elif prefix == "unrecorded":
                self.unrecorded.append(c)
            else:
                self.scheduled.append(c)
        # the milestone a plan's start stands in for (a care leaver's eligibility)
        self.plan_milestone = PLAN_START_MILESTONES.get(plan_type or "")
        self.record_pairs = tuple(self.by_record.items())
        self.shared_anchors = any(len(c.rule.anchor.names) > 1 for c in rules) or bool(
            self.plan_milestone and self.plan_milestone in self.by_record
        )
        self.gaps: dict[str, timedelta | None] = {}

    def repeat_gap(self, kind: str) -> timedelta | None:
        """The least time between two due dates of ``kind`` once one is held (None: no bound).

        A lower bound only, from the rules' intervals (a month is at least 28 days...): it lets
        the engine see at once that nothing can be presumed (see ``DueEngine._presumed``).
        """
        if kind not in self.gaps:
            days: list[int] = []
            for compiled in self.by_kind.get(kind, ()):
                if compiled.shape in (_EVERY, _PHASED):
                    days += (_least_days(phase.every) for phase in compiled.rule.phases)
                elif compiled.shape != _ONE_OFF:  # once, before, unrecorded: no bound
                    days.append(0)
            least = min(days, default=0)
            self.gaps[kind] = timedelta(days=least) if least > 0 else None
        return self.gaps[kind]

    def candidates(self, child: ChildFacts, history: _History) -> list[_Compiled]:
        """Rules whose anchor this child may have: all fact rules, and the others on demand."""
        found = self.facts
        extra: list[_Compiled] = []
        if self.record_pairs:
            last_on = history.last_on
            for name, rules in self.record_pairs:
                if name in last_on:
                    extra += rules
            if self.shared_anchors:
                plan_milestone = self.plan_milestone
                if plan_milestone in self.by_record and plan_milestone not in last_on:
                    extra += self.by_record[plan_milestone]
                extra = list(dict.fromkeys(extra))  # a rule anchored on two kinds, once
        if self.unrecorded and child.unrecorded_kinds:
            extra += self.unrecorded
        if self.scheduled and child.scheduled:
            extra += self.scheduled
        return found + extra if extra else found


class DueEngine:
    """Evaluates one table for many children. Build once per table; call :meth:`evaluate`."""

    def __init__(self, table: TimescaleTable) -> None:
        self.table = table
        self.counter: Counting = table.counter
        self.add = self.counter.add
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
        """The rules that can apply to a child of this plan, placement and flags (cached)."""
        key = (child.plan_type, child.placement_type, child.flags)
        selected = self._selected.get(key)
        if selected is None:
            rules = self._rules_by_plan.get(child.plan_type, self._rules_by_plan[None])
            selected = _Selection(
                (c for c in rules if c.check is None or _applies(c.check, child)),
                (w for w in self.table.warnings if _applies(w.applies_to, child)),
                child.plan_type,
            )
            self._selected[key] = selected
        return selected

    # -- public -----------------------------------------------------------------------------

    def evaluate(self, child: ChildFacts, today: date) -> ChildDue:
        """Due items, record gaps, practice warnings and missing facts for ``child`` on ``today``."""
        history = _History(child, today)
        selection = self._selected.get((child.plan_type, child.placement_type, child.flags))
        if selection is None:
            selection = self._rules_for(child)
        best: dict[str, DueItem] = {}
        unknowable: dict[str, DueItem] = {}
        gaps: list[Gap] = []
        self._consider(selection.candidates(child, history), history, selection, best, unknowable, gaps)
        items = sorted(best.values())  # by due date, then kind (one item per kind, so never further)
        not_recorded = (
            tuple(sorted(item for kind, item in unknowable.items() if kind not in best)) if unknowable else ()
        )
        warnings = (
            tuple(self._warnings(selection.warnings, child, history, today)) if selection.warnings else ()
        )
        return _new_item(ChildDue, (child.child_id, tuple(items), warnings, tuple(gaps), not_recorded))

    def evaluate_all(self, children: Iterable[ChildFacts], today: date) -> Iterator[ChildDue]:
        """Evaluate many children, one at a time: a caller that keeps only what it needs of each
        (a count, the overdue items) keeps the collector from re-scanning hundreds of thousands
        of results it has no use for."""
        for child in children:
            yield self.evaluate(child, today)

    # -- anchors and rules --------------------------------------------------------------------

    def _anchor_date(self, compiled: _Compiled | None, anchor: Anchor, history: _History) -> date | None:
        if compiled is not None and compiled.fact is not None:
            found: date | None = compiled.fact(history.child)
            return found
        child = history.child
        prefix, name = anchor.prefix, anchor.name
        if prefix == "fact":
            return _FACT_GETTERS[name](child)  # type: ignore[no-any-return]
        if prefix == "milestone":
            return history.milestone(name)
        if prefix == "event":
            return history.last(anchor.names)
        if prefix == "unrecorded":
            if not history.has_unrecorded(name):
                return None
            for event in history.events(name):
                if not event.written_up:
                    return event.on
            return None
        # scheduled: the earliest booked on or after today
        today = history.today
        booked = child.scheduled_by_kind.get(name, ())
        i = bisect_left(booked, today)
        return booked[i] if i < len(booked) else None

    def _consider(
        self,
        rules: Iterable[_Compiled],
        history: _History,
        selection: _Selection,
        best: dict[str, DueItem],
        unknowable: dict[str, DueItem] | None,
        gaps: list[Gap] | None,
    ) -> None:
        """What each rule says for the child, keeping the earliest per kind in ``best``.

        This is the one place a rule is evaluated. A date before the record horizon goes to
        ``unknowable`` (a record gap) when one is given; a rule whose core fact is missing is
        noted in ``gaps``. The common shapes (one-off, "every", phased) are worked out here, in
        the loop, since a table's rules are evaluated hundreds of thousands of times.
        """
        child = history.child
        child_id, worker_id, today = child.child_id, child.worker_id, history.today
        soon_days = self.table.due_soon_days
        last_on = history.last_on
        horizon = history.horizon if unknowable is not None else None
        for compiled in rules:
            rule = compiled.rule
            if compiled.dynamic and not _applies_now(rule.applies_to, history):
                continue
            fact = compiled.fact
            anchor = fact(child) if fact is not None else self._anchor_date(None, rule.anchor, history)
            if anchor is None:
                if gaps is not None and compiled.gap is not None:
                    gaps.append(Gap(child.child_id, rule.id, compiled.gap))
                continue
            shape = compiled.shape
            found: _Found | None = None  # made only for a rule that wins its kind (most do not)
            if shape <= _PHASED:  # the common shapes: every, one-off, phased
                one = compiled.satisfied_one
                last = last_on.get(one) if one is not None else history.last(compiled.satisfied)
                add_first = compiled.add_first
                if add_first is not None and (last is None or last < anchor):
                    # the first occurrence after the anchor (earlier events belong to what came
                    # before it, e.g. another plan)
                    due = add_first(anchor)
                    if compiled.not_before is not None:
                        due = self._not_before(compiled.not_before, due, history)
                    start, interval = anchor, rule.first
                elif shape == _ONE_OFF:
                    continue  # a one-off rule already satisfied
                else:
                    # recurring: from the latest satisfying event, whenever it was; else the anchor
                    start, interval = (anchor, compiled.every) if last is None else (last, None)
                    if shape == _EVERY:
                        due = compiled.add_every(start)  # type: ignore[misc]
                        if due < anchor:
                            due = anchor  # never due before the rule applies: overdue from its start
                    else:
                        phased = self._phased_due(compiled, anchor, start, history, selection)
                        if phased is None:
                            continue  # every phase has ended: the rule no longer constrains
                        due, phase, inference = phased
                        counted = compiled.described if last is None else compiled.last_words
                        name = phase.name if compiled.named_phases else None
                        found = (due, rule, anchor, counted, start, phase.every, name, inference)
            else:
                found = self._special_due(compiled, anchor, history, selection)
                if found is None:
                    continue
                due = found[0]
            if compiled.ages and not _ages_allow(rule.applies_to, child.date_of_birth, due):
                continue
            kind = compiled.kind
            gap = horizon is not None and due < horizon  # a record gap
            chosen = unknowable if gap else best
            current = chosen.get(kind)  # type: ignore[union-attr]
            if current is not None and due >= current[0]:
                continue
            if gap:
                status, overdue = "not_recorded", 0
            else:
                status = status_for(due, today, soon_days)
                overdue = (today - due).days if status == "overdue" else 0
            if found is None:  # from the anchor (first or every), or from the last event (every)
                if interval is not None:
                    found = (due, rule, anchor, compiled.described, anchor, interval, None, None)
                else:
                    found = (due, rule, anchor, compiled.last_words, start, compiled.every, None, None)  # type: ignore[assignment]
            _, _, _, counted_from, counted_on, interval, phase_name, inference = found  # type: ignore[misc]
            chosen[kind] = _new_item(  # type: ignore[index]
                DueItem,
                (
                    due, kind, child_id, status, overdue, rule, anchor, counted_from, counted_on, interval,
                    phase_name, worker_id, inference,
                ),
            )  # fmt: skip

    def _not_before(self, not_before: tuple[Anchor, Interval], due: date, history: _History) -> date:
        """The later of ``due`` and the rule's other limit ("or 3 months after eligibility")."""
        other_anchor = self._anchor_date(None, not_before[0], history)
        if other_anchor is None:
            return due
        return max(due, self.add(other_anchor, not_before[1]))

    def _special_due(
        self, compiled: _Compiled, anchor: date, history: _History, selection: _Selection
    ) -> _Found | None:
        """The rarer shapes: once per anchor, before a booking, after an unwritten event."""
        rule = compiled.rule
        shape = compiled.shape
        if shape == _ONCE:  # one item per anchor: the interval of the phase in force at the anchor
            last = history.last(compiled.satisfied)
            if last is not None and last >= anchor:
                return None
            at = self._phase_at(rule.phases, anchor, history, selection)
            if at is None:
                return None
            phase, inference = at
            return (
                self.add(anchor, phase.every),
                rule,
                anchor,
                compiled.described,
                anchor,
                phase.every,
                phase.name,
                inference,
            )
        if shape == _BEFORE:  # "N before the next scheduled X"
            assert rule.before is not None
            previous = history.last_on.get(rule.anchor.name, date.min)
            if history.any_after(compiled.satisfied, previous):
                return None
            due = self.counter.subtract(anchor, rule.before)
            return (due, rule, anchor, compiled.described, anchor, rule.before, None, None)
        # unrecorded: due after the event not yet written up
        assert compiled.add_first is not None and rule.first is not None
        return (compiled.add_first(anchor), rule, anchor, compiled.described, anchor, rule.first, None, None)

    def _phased_due(
        self, compiled: _Compiled, anchor: date, start: date, history: _History, selection: _Selection
    ) -> tuple[date, Phase, str | None] | None:
        """The earliest d = start + interval(p) with p the phase in force on d.

        Phase p is in force on [its start, its end); its candidate is start + its interval, or
        its own start if that is later (a more frequent phase beginning after a long gap). Once
        the last phase has ended (on or before today) the rule gives nothing.
        """
        phase_start = anchor
        best: tuple[date, Phase, str | None] | None = None
        inference: str | None = None  # a presumed end of an earlier phase, if any
        ends_last = compiled.ends_last  # must every end be known (the rule may be over)?
        for phase, add_every in compiled.phase_adders:
            if best is not None and best[0] <= phase_start and not ends_last:
                break  # later phases start later, so cannot give an earlier date
            end: date | None = None
            if phase.until:
                end = self._phase_end(phase, anchor, phase_start, history, selection)
                if end is not None and end < phase_start:
                    end = phase_start  # ended before it began (e.g. carer approved before placement)
            candidate = add_every(start)
            if candidate < phase_start:
                candidate = phase_start
            if (end is None or candidate < end) and (best is None or candidate < best[0]):
                best = (candidate, phase, inference)
            if end is None:
                return best  # this phase runs on: the later ones have not started
            phase_start = end
            if history.notes:
                inference = history.notes.get(end, inference)
        if ends_last and phase_start <= history.today:
            return None  # the last phase has ended: nothing more is due
        return best

    def _phase_at(
        self, phases: Sequence[Phase], anchor: date, history: _History, selection: _Selection
    ) -> tuple[Phase, str | None] | None:
        """The phase in force on the anchor itself (for ``once`` rules), or None if all ended."""
        phase_start = anchor
        inference: str | None = None
        for phase in phases:
            if not phase.until:
                return phase, inference
            end = self._phase_end(phase, anchor, phase_start, history, selection)
            if end is None or end > anchor:
                return phase, inference
            phase_start = max(end, phase_start)
            if history.notes:
                inference = history.notes.get(end, inference)
        return None

    def _phase_end(
        self, phase: Phase, anchor: date, phase_start: date, history: _History, selection: _Selection
    ) -> date | None:
        """When the phase ends: the first condition met (until_any) or the last (until_all)."""
        result: date | None = None
        for condition in phase.until:
            on = self._condition_date(condition, anchor, phase_start, history, selection)
            if on is None:
                if phase.until_all:
                    return None  # not every condition is met yet
                continue
            if result is None or (on > result if phase.until_all else on < result):
                result = on
        return result

    def _condition_date(
        self, condition: Condition, anchor: date, phase_start: date, history: _History, selection: _Selection
    ) -> date | None:
        kind = condition.kind
        if kind == "event":
            since = anchor
            if condition.since is not None:
                resolved = self._anchor_date(None, condition.since, history)
                if resolved is None:
                    return None
                since = resolved
            return self._occurrence(condition.name or "", condition.occurrence, since, history, selection)
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
        if condition.interval.unit == "months":
            return add_months(dob, condition.interval.n)
        return self.add(dob, condition.interval)

    # -- which occurrence: dates, not counts ----------------------------------------------------

    def _occurrence(
        self, kind: str, n: int, since: date, history: _History, selection: _Selection
    ) -> date | None:
        """The date of the n-th ``kind`` on or after ``since`` (what was presumed for it goes to
        ``history.notes``).

        A history holds the latest events, not every one: the first recorded may not be the
        first held. Occurrences due (by the table's own schedule for ``kind``) so long before the
        first recorded one, or before today when none is, that the next would have been due too,
        are presumed held on their due dates (see :meth:`_presumed`).
        """
        occurrences = history.occurrences
        if occurrences is None:
            occurrences = history.occurrences = {}
        key = (kind, since)
        cached = occurrences.get(key)
        if cached is None:
            dates = history.dates(kind)
            recorded = list(dates[bisect_left(dates, since) :])
            presumed = (
                self._presumed(kind, since, recorded, history, selection) if history.may_presume else []
            )
            cached = occurrences[key] = (presumed, recorded)
        presumed, recorded = cached
        if not presumed:  # the usual case: the recorded ones are the first ones
            return recorded[n - 1] if n <= len(recorded) else None
        label = (DUE_KINDS.get(kind) or MILESTONES.get(kind) or kind).lower()
        if history.notes is None:
            history.notes = {}
        if n <= len(presumed):
            on = presumed[n - 1]
            history.notes[on] = (
                f"The {_ordinal(n)} {label} is presumed held by {long_date(on)}, when it was due: "
                f"earlier ones are not recorded"
            )
            return on
        i = n - len(presumed) - 1
        if i >= len(recorded):
            return None
        on = recorded[i]
        history.notes[on] = (
            f"The {label} of {long_date(on)} is counted as the {_ordinal(n)}: "
            f"{len(presumed)} earlier presumed held when due, not recorded"
        )
        return on

    def _presumed(
        self, kind: str, since: date, recorded: list[date], history: _History, selection: _Selection
    ) -> list[date]:
        """Occurrences of ``kind`` presumed held before the first recorded one (or today).

        The table's rules for ``kind`` give the chain d1, d2, ... of due dates had each been held
        when due. The first recorded occurrence (else today) is the i-th for the smallest i whose
        successor d(i+1) is not before it: at most late, never so late that the next was due too.
        """
        schedule = selection.by_kind.get(kind)
        if not schedule:
            return []
        evidence = recorded[0] if recorded else history.today
        # nothing to presume while even two occurrences could not fit before the evidence: the
        # chain's second due date is at least the schedule's shortest repeat after since
        gap = selection.repeat_gap(kind)
        if gap is not None and evidence <= since + gap and self._anchors_by(schedule, since, history):
            return []
        dates = history.dates(kind)
        held = list(dates[: bisect_left(dates, since)])  # recorded before since, then presumed
        presumed: list[date] = []
        due_next = self._schedule_due(schedule, kind, held, history, selection)
        while due_next is not None and due_next < evidence and len(presumed) < _MOST_PRESUMED:
            due_after = self._schedule_due(schedule, kind, [*held, due_next], history, selection)
            if due_after is None or due_after >= evidence or due_after <= due_next:
                break
            held.append(due_next)
            if due_next >= since:  # one due before since was held, but is not one since it
                presumed.append(due_next)
            due_next = due_after
        return presumed

    def _anchors_by(self, schedule: Sequence[_Compiled], since: date, history: _History) -> bool:
        """Whether every rule of a schedule counts from a date on or before ``since`` (so after
        an occurrence since then, each repeats from it or is met)."""
        for compiled in schedule:
            fact = compiled.fact
            anchor = (
                fact(history.child)
                if fact is not None
                else self._anchor_date(None, compiled.rule.anchor, history)
            )
            if anchor is not None and anchor > since:
                return False
        return True

    def _schedule_due(
        self,
        schedule: Sequence[_Compiled],
        kind: str,
        dates: list[date],
        history: _History,
        selection: _Selection,
    ) -> date | None:
        """The next due date of ``kind`` had it been held on exactly ``dates`` (no presuming)."""
        supposed = history.presuming(kind, dates)
        found: dict[str, DueItem] = {}
        self._consider(schedule, supposed, selection, found, None, None)
        return found[kind].due if kind in found else None

    # -- practice warnings --------------------------------------------------------------------

    def _warnings(
        self, rules: Iterable[WarningRule], child: ChildFacts, history: _History, today: date
    ) -> Iterable[PracticeWarning]:
        for rule in rules:
            if rule.applies_to.has_ages and not _ages_allow(rule.applies_to, child.date_of_birth, today):
                continue
            if self._warning_fires(rule, history, today):
                yield PracticeWarning(child.child_id, rule.id, rule.message, rule.source)

    def _warning_fires(self, rule: WarningRule, history: _History, today: date) -> bool:
        """Whether the warning's check fails for this child (visits since its anchor, if any)."""
        since = date.min
        if rule.anchor is not None:
            anchor = self._anchor_date(None, rule.anchor, history)
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


def _least_days(interval: Interval) -> int:
    """The fewest calendar days an interval can span, whatever the counting (one day less for
    an anchor counted as day 1)."""
    per = {"working_days": 1, "days": 1, "weeks": 7, "months": 28, "years": 365}[interval.unit]
    return max(interval.n * per - 1, 0)


def _ordinal(n: int) -> str:
    return {1: "1st", 2: "2nd", 3: "3rd"}.get(n, f"{n}th")


def _applies(applies: AppliesTo, child: ChildFacts) -> bool:
    """Whether ``child`` is one the rule applies to, by plan, placement and flags."""
    if applies.plan_types is not None and child.plan_type not in applies.plan_types:
        return False
    if child.plan_type in applies.not_plan_types:
        return False
    if applies.placement_types is not None and child.placement_type not in applies.placement_types:
        return False
    if applies.flags and not applies.flags <= child.flags:
        return False
    return not (applies.not_flags and applies.not_flags & child.flags)


def _applies_now(applies: AppliesTo, history: _History) -> bool:
    """The conditions about this child on this day: born before or after the plan, an
    assessment (or the like) open."""
    child = history.child
    if applies.pre_birth is not None:
        if child.plan_start is None or child.date_of_birth is None:
            return False
        if (child.plan_start < child.date_of_birth) != applies.pre_birth:
            return False
    if applies.during is not None:
        opened_by, closed_by = applies.during
        opened = history.milestone(opened_by)
        if opened is None:
            return False
        closed = history.last_on.get(closed_by)
        if closed is not None and closed >= opened:
            return False
    return True


def _ages_allow(applies: AppliesTo, date_of_birth: date | None, on: date) -> bool:
    """Whether the child's age on ``on`` (a rule's due date) is within the rule's ages."""
    if date_of_birth is None:
        return applies.min_age is None and applies.max_age is None
    age = age_on(date_of_birth, on)
    if applies.min_age is not None and age < applies.min_age:
        return False
    return applies.max_age is None or age < applies.max_age


def due_items(child: ChildFacts, table: TimescaleTable, today: date) -> ChildDue:
    """Convenience: evaluate one child (build a :class:`DueEngine` for many)."""
    return DueEngine(table).evaluate(child, today)
