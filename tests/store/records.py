"""Synthetic import records for the store tests: made-up codes and names, no real people.

Built here rather than from ``domain.synthetic`` so the store tests do not depend on how the
demo data simulates histories: only the shape of the records matters.
"""

from __future__ import annotations

import random
from datetime import date, timedelta

from caseload_tui.domain.records import ChildRecord, EventRecord, WorkerRecord

TODAY = date(2026, 5, 1)
_PLANS = ("cin", "cp", "cla", "care_leaver", "early_help")
_KINDS = ("visit", "supervision", "chronology_update", "case_summary_update", "core_group", "cla_review")


def workers(count: int = 4) -> list[WorkerRecord]:
    return [
        WorkerRecord(
            f"W{i + 1:03d}", f"Worker {i + 1}", "Social worker", "Team A" if i % 2 == 0 else "Team B", 1.0
        )
        for i in range(count)
    ]


def child(number: int, worker_id: str | None, rng: random.Random) -> ChildRecord:
    plan = _PLANS[number % len(_PLANS)]
    plan_start = TODAY - timedelta(days=rng.randint(30, 900))
    cla = plan == "cla"
    return ChildRecord(
        child_id=f"C{number:06d}",
        given_name=f"Given{number}",
        family_name=f"Family{number % 97}",
        date_of_birth=TODAY - timedelta(days=rng.randint(100, 6000)),
        worker_id=worker_id,
        allocated_on=plan_start + timedelta(days=rng.randint(0, 20)),
        plan_type=plan,
        plan_start=plan_start,
        placement_type="foster" if cla else None,
        placement_start=plan_start if cla else None,
        flags=frozenset({"disabled"}) if number % 7 == 0 else frozenset(),
    )


def events_for(record: ChildRecord, count: int, rng: random.Random) -> list[EventRecord]:
    """``count`` events spread over the kinds, each kind on distinct days (and, for every third
    child, a referral decision: milestones are recorded like events)."""
    found: list[EventRecord] = []
    if int(record.child_id[1:]) % 3 == 0 and record.plan_start is not None:
        found.append(
            EventRecord(record.child_id, "referral_decision", record.plan_start - timedelta(days=10))
        )
    for i in range(count):
        kind = _KINDS[i % len(_KINDS)]
        on = TODAY - timedelta(days=(i // len(_KINDS)) * 9 + rng.randint(0, 8))
        visit = kind == "visit"
        found.append(
            EventRecord(
                record.child_id,
                kind,
                on,
                rng.random() > 0.1 if visit else None,
                rng.random() < 0.2 if visit else None,
            )
        )
    return found


def caseload(
    children: int, events_each: int = 12, workers_count: int = 4, seed: int = 2026
) -> tuple[list[WorkerRecord], list[ChildRecord], list[EventRecord]]:
    """Workers, children and their events, as the CSV importer would hand them over."""
    rng = random.Random(seed)
    staff = workers(workers_count)
    child_records = [child(n, staff[n % len(staff)].worker_id, rng) for n in range(1, children + 1)]
    event_records = [e for c in child_records for e in events_for(c, events_each, rng)]
    return staff, child_records, event_records


# the events of the ``loaded`` fixture's 40 children (referral decisions included)
LOADED_EVENTS = len(caseload(40)[2])
