"""Synthetic, deterministic caseloads for the demo and the benchmarks. No real person's data.

The same seed and ``today`` always give the same children. Histories are mostly on time, with
a realistic few items left overdue, so the demo shows every status.
"""

from __future__ import annotations

import random
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any, TypeVar

from .engine import ChildFacts, Event, ScheduledEvent

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

# plan type, weight, typical visit cadence in days
_PLAN_MIX = (
    ("cin", 28, 25),
    ("cp", 22, 12),
    ("cla", 30, 35),
    ("care_leaver", 8, 40),
    ("early_help", 6, 26),
    ("private_fostering", 2, 38),
    ("short_breaks", 4, 80),
)
_PLACEMENTS = (
    ("foster", 55), ("connected_carer", 15), ("residential", 12), ("placed_with_parents", 6),
    ("adoptive", 5), ("yoi_or_health", 2), ("unregistered", 2), ("secure", 3),
)  # fmt: skip


@dataclass(frozen=True, slots=True)
class SyntheticChild:
    case_ref: str
    given_name: str
    family_name: str
    facts: ChildFacts


@dataclass(frozen=True, slots=True)
class SyntheticWorker:
    worker_id: str
    name: str
    role: str
    fte: float


def _choose(rng: random.Random, options: Sequence[_Weighted]) -> _Weighted:
    """One of ``options``, each weighted by its second item."""
    return rng.choices(options, weights=[o[1] for o in options])[0]


def make_workers(count: int, seed: int = 7) -> list[SyntheticWorker]:
    rng = random.Random(seed)
    workers = []
    for i in range(count):
        name = WORKER_NAMES[i] if i < len(WORKER_NAMES) else f"Worker {i + 1}"
        fte = rng.choice((1.0, 1.0, 1.0, 0.8, 0.6, 0.5)) if i else 1.0
        role = "Senior social worker" if i % 4 == 0 else "Social worker"
        workers.append(SyntheticWorker(f"W{i + 1:03d}", name, role, fte))
    return workers


def make_child(rng: random.Random, number: int, today: date, worker_id: str | None) -> SyntheticChild:
    """One synthetic child with a plausible history up to ``today``."""
    plan, _, cadence = _choose(rng, _PLAN_MIX)
    if plan == "care_leaver":
        age_days = rng.randint(18 * 365 + 5, 24 * 365)
    elif plan == "short_breaks":
        age_days = rng.randint(4 * 365, 17 * 365)
    else:
        age_days = rng.randint(30, 17 * 365 + 300)
    dob = today - timedelta(days=age_days)
    plan_start = today - timedelta(days=rng.randint(3, min(900, age_days - 1)))
    allocated_on = plan_start + timedelta(days=rng.randint(0, max(0, (today - plan_start).days)))
    placement_type = placement_start = None
    flags: set[str] = set()
    milestones: dict[str, date] = {}
    if plan == "cla":
        placement_type = _choose(rng, _PLACEMENTS)[0]
        placement_start = plan_start + timedelta(days=rng.randint(0, (today - plan_start).days))
        if placement_type in ("connected_carer", "placed_with_parents") and rng.random() < 0.6:
            milestones["carer_approved"] = placement_start + timedelta(days=rng.randint(60, 200))
        if (today - placement_start).days > 365 and rng.random() < 0.5:
            milestones["permanence_agreed"] = placement_start + timedelta(days=rng.randint(200, 400))
        if age_days > 14 * 365 and rng.random() < 0.12:
            flags.add("uasc")
    if plan == "care_leaver":
        milestones["became_eligible"] = dob + timedelta(days=16 * 365 + rng.randint(0, 600))
    if plan in ("cin", "short_breaks") and rng.random() < 0.25:
        flags.add("disabled")
        if plan == "cin" and rng.random() < 0.4:
            flags.add("short_breaks_primary")
    milestones = {k: v for k, v in milestones.items() if v <= today}

    events: list[Event] = []
    late = rng.random() < 0.15  # a few children fall behind

    def series(kind: str, every: int, start: date, since: date | None = None) -> None:
        day = start + timedelta(days=rng.randint(0, max(1, every // 3)))
        while day <= today:
            if since is None or day >= since:
                events.append(
                    Event(
                        kind,
                        day,
                        seen_alone=rng.random() > 0.1 if kind == "visit" else None,
                        unannounced=rng.random() < 0.2 if kind == "visit" else None,
                    )
                )
            stretch = rng.uniform(1.3, 2.2) if late and rng.random() < 0.3 else rng.uniform(0.55, 0.97)
            day += timedelta(days=max(1, int(every * stretch)))

    window = today - timedelta(days=400)
    series("visit", cadence, max(plan_start, allocated_on - timedelta(days=20)), window)
    series("chronology_update", 75, plan_start, window)
    series("case_summary_update", 80, plan_start, window)
    series("supervision", 28, plan_start, window)
    if plan == "cp":
        series("core_group", 25, plan_start + timedelta(days=8), window)
        series("review_conference", 160, plan_start + timedelta(days=80))
    elif plan == "cla":
        first = plan_start + timedelta(days=rng.randint(12, 27))
        if first <= today:
            events.append(Event("cla_review", first))
            series("cla_review", 150, first + timedelta(days=80))
        series("health_assessment", 300, plan_start + timedelta(days=20), window)
        series("pep_review", 150, plan_start + timedelta(days=10), window)
    elif plan == "cin":
        series("cin_review", 26, plan_start + timedelta(days=20), window)
    elif plan == "early_help":
        series("taf_review", 50, plan_start + timedelta(days=25), window)
    elif plan == "care_leaver" and "became_eligible" in milestones:
        series("pathway_plan_review", 160, milestones["became_eligible"], window)
    events.sort(key=lambda e: e.on)
    scheduled: tuple[ScheduledEvent, ...] = ()
    if plan == "cla":
        scheduled = (ScheduledEvent("cla_review", today + timedelta(days=rng.randint(5, 150))),)

    case_ref = f"C{number:06d}"
    facts = ChildFacts(
        child_id=case_ref, plan_type=plan, plan_start=plan_start, placement_type=placement_type,
        placement_start=placement_start, date_of_birth=dob, allocated_on=allocated_on,
        worker_id=worker_id, flags=frozenset(flags), milestones=milestones, events=tuple(events),
        scheduled=scheduled,
    )  # fmt: skip
    return SyntheticChild(case_ref, rng.choice(GIVEN_NAMES), rng.choice(FAMILY_NAMES), facts)


def make_caseload(
    count: int, today: date, workers: list[SyntheticWorker] | None = None, seed: int = 2026
) -> list[SyntheticChild]:
    """``count`` synthetic children spread over ``workers`` (unallocated if none)."""
    rng = random.Random(seed)
    children = []
    for number in range(1, count + 1):
        worker = rng.choice(workers).worker_id if workers else None
        children.append(make_child(rng, number, today, worker))
    return children
