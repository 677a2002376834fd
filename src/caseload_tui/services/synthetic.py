"""Synthetic, deterministic caseloads for the demo, the tests and the benchmarks.

No real person's data: names are drawn from common British names at random. Histories are
*simulated against the authority's table*: starting at the plan's start, a diligent worker does
whatever the engine says is due next, usually a few days early and now and then a little late.
A few workers have fallen behind lately, so the demo shows every status. The same seed, table
and ``today`` always give the same children.
"""

from __future__ import annotations

import random
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from datetime import date, timedelta
from typing import Any, TypeVar

from ..domain.engine import ChildFacts, DueEngine, Event, ScheduledEvent
from ..domain.records import ChildRecord, EventRecord, WorkerRecord
from ..domain.table import TimescaleTable
from ..domain.vocabulary import EVENT_KINDS

_Weighted = TypeVar("_Weighted", bound=tuple[Any, ...])

GIVEN_NAMES = (
    "Amelia", "Oliver", "Isla", "George", "Ava", "Noah", "Ivy", "Arthur", "Freya", "Leo",
    "Poppy", "Harry", "Evie", "Oscar", "Willow", "Theo", "Rosie", "Jack", "Sophia", "Alfie",
    "Grace", "Charlie", "Ruby", "Finley", "Daisy", "Jacob", "Millie", "Reggie", "Elsie", "Tommy",
    "Maisie", "Archie", "Phoebe", "Henry", "Lily", "Alfred", "Megan", "Callum", "Niamh", "Rhys",
    "Aisha", "Mohammed", "Zara", "Yusuf", "Priya", "Arjun", "Kacper", "Zofia", "Tyler", "Kayden",
)  # fmt: skip
FAMILY_NAMES = (
    "Smith", "Jones", "Taylor", "Brown", "Williams", "Wilson", "Johnson", "Davies", "Patel",
    "Robinson", "Wright", "Thompson", "Evans", "Walker", "White", "Roberts", "Green", "Hall",
    "Wood", "Jackson", "Clarke", "Hughes", "Edwards", "Turner", "Hill", "Moore", "Cooper",
    "Ward", "Morris", "King", "Watson", "Harris", "Baker", "Lewis", "Price", "Bennett", "Hussain",
    "Khan", "Ali", "Begum", "Nowak", "Kowalski", "Murphy", "O'Brien", "Kelly", "Lloyd", "Pritchard",
)  # fmt: skip
WORKER_NAMES = (
    "Sarah Collins", "James Okafor", "Rachel Hughes", "Tom Pritchard", "Hannah Begum",
    "David Lloyd", "Emma Walsh", "Kwame Mensah", "Laura Bennett", "Ian Fletcher",
)  # fmt: skip

_PLAN_MIX = (
    ("cin", 28), ("cp", 22), ("cla", 30), ("care_leaver", 8), ("early_help", 6),
    ("private_fostering", 2), ("short_breaks", 4),
)  # fmt: skip
_PLACEMENTS = (
    ("foster", 55), ("connected_carer", 15), ("residential", 12), ("placed_with_parents", 6),
    ("adoptive", 5), ("yoi_or_health", 2), ("unregistered", 2), ("secure", 3),
)  # fmt: skip
_MAX_HISTORY_DAYS = 540  # plans started up to ~18 months ago


@dataclass(frozen=True, slots=True)
class SyntheticChild:
    case_ref: str
    given_name: str
    family_name: str
    facts: ChildFacts

    def records(self) -> tuple[ChildRecord, list[EventRecord]]:
        """The child and its history (milestones included) as an import would bring them in."""
        f = self.facts
        child = ChildRecord(
            self.case_ref, self.given_name, self.family_name, f.date_of_birth, f.worker_id,
            f.allocated_on if f.worker_id else None, f.plan_type, f.plan_start, f.placement_type,
            f.placement_start, f.flags,
        )  # fmt: skip
        events = [
            EventRecord(self.case_ref, e.kind, e.on, e.seen_alone, e.unannounced, recorded_on=e.on)
            for e in f.events
        ]
        held = {(e.kind, e.on) for e in f.events}
        events += [
            EventRecord(self.case_ref, name, on, recorded_on=on)
            for name, on in sorted(f.milestones.items(), key=lambda m: m[1])
            if (name, on) not in held
        ]
        return child, events


def import_records(children: Iterable[SyntheticChild]) -> tuple[list[ChildRecord], list[EventRecord]]:
    """Every child and every event, as an import would bring them in (see ``records``)."""
    records: list[ChildRecord] = []
    events: list[EventRecord] = []
    for child in children:
        record, history = child.records()
        records.append(record)
        events += history
    return records, events


@dataclass(frozen=True, slots=True)
class SyntheticWorker:
    worker_id: str
    name: str
    role: str
    team: str
    fte: float

    def record(self) -> WorkerRecord:
        return WorkerRecord(self.worker_id, self.name, self.role, self.team, self.fte)


def _choose(rng: random.Random, options: Sequence[_Weighted]) -> _Weighted:
    """One of ``options``, each weighted by its second item."""
    return rng.choices(options, weights=[o[1] for o in options])[0]


def make_workers(count: int, seed: int = 7, teams: int = 1) -> list[SyntheticWorker]:
    """``count`` workers, FTE 0.5-1.0, spread over ``teams`` teams."""
    rng = random.Random(seed)
    workers = []
    for i in range(count):
        name = WORKER_NAMES[i] if i < len(WORKER_NAMES) else f"Worker {i + 1}"
        fte = rng.choice((1.0, 1.0, 1.0, 0.8, 0.6, 0.5)) if i else 1.0
        role = "Senior social worker" if i % 4 == 0 else "Social worker"
        team = "Safeguarding East" if teams == 1 else f"Team {i % teams + 1:02d}"
        workers.append(SyntheticWorker(f"W{i + 1:03d}", name, role, team, fte))
    return workers


def child_facts(rng: random.Random, case_ref: str, today: date, worker_id: str | None) -> ChildFacts:
    """A child's facts (no history yet): plan, placement, age, flags and milestones."""
    plan = _choose(rng, _PLAN_MIX)[0]
    if plan == "care_leaver":
        age_days = rng.randint(18 * 365 + 5, 24 * 365)
    elif plan == "short_breaks":
        age_days = rng.randint(4 * 365, 17 * 365)
    else:
        age_days = rng.randint(30, 17 * 365 + 300)
    dob = today - timedelta(days=age_days)
    plan_start = today - timedelta(days=rng.randint(3, min(_MAX_HISTORY_DAYS, age_days - 1)))
    allocated_on = plan_start + timedelta(days=rng.randint(0, (today - plan_start).days))
    placement_type = placement_start = None
    flags: set[str] = set()
    milestones: dict[str, date] = {}
    if plan == "cla":
        placement_type = _choose(rng, _PLACEMENTS)[0]
        placement_start = plan_start + timedelta(days=rng.randint(0, (today - plan_start).days))
        if placement_type in ("connected_carer", "placed_with_parents") and rng.random() < 0.6:
            milestones["carer_approved"] = placement_start + timedelta(days=rng.randint(60, 200))
        if rng.random() < 0.4:
            milestones["proceedings_concluded"] = plan_start + timedelta(days=rng.randint(90, 300))
        if (today - placement_start).days > 365 and rng.random() < 0.5:
            milestones["permanence_agreed"] = placement_start + timedelta(days=rng.randint(200, 400))
        if age_days > 14 * 365 and rng.random() < 0.12:
            flags.add("uasc")
    if plan == "care_leaver":
        milestones["became_eligible"] = dob + timedelta(days=16 * 365 + rng.randint(0, 600))
    if plan in ("cin", "cp") and rng.random() < 0.3:
        milestones["assessment_started"] = plan_start - timedelta(days=rng.randint(0, 40))
    if plan in ("cin", "short_breaks") and rng.random() < 0.25:
        flags.add("disabled")
        if plan == "cin" and rng.random() < 0.4:
            flags.add("short_breaks_primary")
    return ChildFacts(
        child_id=case_ref, plan_type=plan, plan_start=plan_start, placement_type=placement_type,
        placement_start=placement_start, date_of_birth=dob, allocated_on=allocated_on,
        worker_id=worker_id, flags=frozenset(flags),
        milestones={k: v for k, v in milestones.items() if v <= today},
    )  # fmt: skip


def simulate_history(
    facts: ChildFacts, engine: DueEngine, today: date, rng: random.Random, behind: bool = False
) -> ChildFacts:
    """``facts`` with a history of a worker doing what falls due, from the plan's start.

    ``behind``: the worker stopped keeping up with this child some weeks ago, so some items are
    overdue today.
    """
    starts = [d for d in (facts.plan_start, facts.allocated_on, facts.placement_start) if d]
    moment = min(starts) if starts else today
    stopped = today - timedelta(days=rng.randint(5, 30)) if behind else today
    events: list[Event] = []
    current = facts
    attempts: dict[tuple[str, date], int] = {}
    recorded: set[tuple[str, date]] = set()
    calendar = engine.table.calendar
    for _ in range(2000):  # a bound, in case a rule could never be satisfied
        result = engine.evaluate(current, moment)
        item = next(
            (i for i in result.items if i.kind in EVENT_KINDS and attempts.get((i.kind, i.due), 0) < 3),
            None,
        )
        if item is None:
            break
        attempts[(item.kind, item.due)] = attempts.get((item.kind, item.due), 0) + 1
        # a working day a few days early, but never before what the rule counts from (a visit
        # before the placement began is not a visit in the placement)
        earliest = moment if item.rule.before is not None else max(moment, item.anchor_date)
        on = calendar.working_day_on_or_before(item.due - timedelta(days=rng.randint(0, 5)))
        if on < earliest:
            on = min(calendar.next_working_day(earliest - timedelta(days=1)), max(item.due, earliest))
        if rng.random() < 0.03:
            on = item.due + timedelta(days=rng.randint(1, 9))  # now and then a little late
        if on > stopped:
            break
        if (item.kind, on) in recorded:
            on = calendar.next_working_day(on)  # one event of a kind a day: the store holds no duplicates
            if on > stopped or (item.kind, on) in recorded:
                continue
        recorded.add((item.kind, on))
        events.append(_event(item.kind, on, facts.plan_type, today, rng))
        current = facts.with_events(events)
        moment = max(moment, on)
    scheduled: tuple[ScheduledEvent, ...] = ()
    review = engine.evaluate(current, today).next_due("cla_review")
    if review is not None and review.due > today:
        booked = max(today + timedelta(days=1), review.due - timedelta(days=rng.randint(0, 10)))
        scheduled = (ScheduledEvent("cla_review", booked),)
    return facts.with_events(events, scheduled)


def _event(kind: str, on: date, plan: str | None, today: date, rng: random.Random) -> Event:
    if kind != "visit":
        return Event(kind, on)
    return Event(
        kind,
        on,
        seen_alone=rng.random() > (0.12 if plan == "cp" else 0.3),
        unannounced=rng.random() < (0.3 if plan == "cp" else 0.05),
        written_up=not ((today - on).days <= 2 and rng.random() < 0.4),
    )


def make_caseload(
    count: int,
    today: date,
    table: TimescaleTable,
    workers: Sequence[SyntheticWorker] = (),
    seed: int = 2026,
    distinct: int | None = None,
    assignments: Sequence[str | None] | None = None,
) -> list[SyntheticChild]:
    """``count`` synthetic children spread over ``workers`` (unallocated if none).

    ``distinct``: simulate only this many histories and give the rest copies of them under
    their own case references and workers (for benchmarks of 100,000 children).
    ``assignments``: the worker of each child in turn (None: unallocated), instead of at random.
    """
    rng = random.Random(seed)
    engine = DueEngine(table)
    behind_workers = {w.worker_id for w in workers[1::4]}  # a quarter of the team is stretched
    children: list[SyntheticChild] = []
    for number in range(1, count + 1):
        if assignments is not None:
            worker = assignments[number - 1]
        else:
            worker = rng.choice(workers).worker_id if workers else None
        case_ref = f"C{number:06d}"
        given, family = rng.choice(GIVEN_NAMES), rng.choice(FAMILY_NAMES)
        if distinct is not None and number > distinct:
            template = children[(number - 1) % distinct].facts
            facts = _copy_as(template, case_ref, worker)
        else:
            facts = child_facts(rng, case_ref, today, worker)
            behind = worker in behind_workers and rng.random() < 0.2
            # each history from its own stream: how the engine reads a table never changes
            # who the children are, only what was done for them
            history_rng = random.Random(f"{seed}-{case_ref}")
            facts = simulate_history(facts, engine, today, history_rng, behind)
        children.append(SyntheticChild(case_ref, given, family, facts))
    return children


def _copy_as(facts: ChildFacts, case_ref: str, worker_id: str | None) -> ChildFacts:
    return replace(facts, child_id=case_ref, worker_id=worker_id)
