"""The demo database: a synthetic, deterministic team for trying the product.

Eight workers (FTE 0.5-1.0) holding 10 to 24 children, some over target, a few unallocated
children, a realistic mix of plans and placements, and histories simulated against the table
so that a few items are overdue today. Names are drawn at random from common British names.
Besides, a few children are written out by hand (``example_children``) so that the demo always
shows what real data brings: a visit overdue on a CIN and on a CP plan, a child in care for
years whose record holds only the latest visit and review, a section 47 enquiry just started.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import date, timedelta

from .domain.engine import ScheduledEvent
from .domain.records import ChildRecord, EventRecord, WorkerRecord
from .domain.table import TimescaleTable
from .services.synthetic import import_records, make_caseload, make_workers

DEMO_TEAM = "Safeguarding East"
CASELOADS = (24, 21, 19, 17, 16, 14, 12, 10)  # children per worker, in worker order
UNALLOCATED = 4
DEMO_FTE = (1.0, 1.0, 0.8, 1.0, 0.6, 1.0, 0.5, 0.8)


@dataclass(frozen=True, slots=True)
class DemoData:
    workers: list[WorkerRecord]
    children: list[ChildRecord]
    events: list[EventRecord]
    bookings: list[tuple[str, ScheduledEvent]]  # (case reference, booked meeting)


def demo_data(today: date, table: TimescaleTable) -> DemoData:
    """The demo team as records for the store; the same ``today`` gives the same data."""
    base = make_workers(len(CASELOADS))
    workers = [
        WorkerRecord(w.worker_id, w.name, w.role, DEMO_TEAM, fte)
        for w, fte in zip(base, DEMO_FTE, strict=True)
    ]
    assignments: list[str | None] = [
        w.worker_id for w, n in zip(workers, CASELOADS, strict=True) for _ in range(n)
    ]
    assignments += [None] * UNALLOCATED
    random.Random(11).shuffle(assignments)
    synthetic = make_caseload(len(assignments), today, table, base, assignments=assignments)
    children, events = import_records(synthetic)
    bookings = [(child.case_ref, s) for child in synthetic for s in child.facts.scheduled]
    examples, example_events = example_children(today, [w.worker_id for w in workers])
    return DemoData(workers, children + examples, events + example_events, bookings)


def example_children(today: date, workers: list[str]) -> tuple[list[ChildRecord], list[EventRecord]]:
    """A few children written out by hand, dated from ``today`` (see the module's docstring)."""

    def ago(days: int) -> date:
        return today - timedelta(days=days)

    cin, cp, cla, s47 = "C900001", "C900002", "C900003", "C900004"
    children = [
        # a CIN plan whose 28-day visit slipped: last seen 35 days ago
        ChildRecord(cin, "Noah", "Example", ago(9 * 365), workers[5], ago(200), "cin", ago(200), None, None),
        # a CP plan visited every 10 working days until three weeks ago
        ChildRecord(cp, "Isla", "Example", ago(4 * 365), workers[5], ago(120), "cp", ago(120), None, None),
        # in care for six years, allocated last month; the export held the latest visit and review
        ChildRecord(
            cla, "Leo", "Example", ago(12 * 365), workers[1], ago(25), "cla", ago(6 * 365), "foster",
            ago(3 * 365),
        ),
        # a section 47 enquiry started yesterday at a strategy discussion
        ChildRecord(s47, "Ava", "Example", ago(6 * 365), workers[1], ago(1), "cin", ago(90), None, None),
    ]  # fmt: skip
    events = [
        EventRecord(cin, "visit", ago(d), True, False, recorded_on=ago(d))
        for d in (175, 150, 120, 92, 63, 35)
    ]
    events += [
        EventRecord(cp, "visit", ago(d), True, d == 21, recorded_on=ago(d)) for d in range(119, 20, -14)
    ]
    events += [
        EventRecord(cla, "visit", ago(10), True, False, recorded_on=ago(10)),
        EventRecord(cla, "cla_review", ago(150)),
        EventRecord(cla, "management_review", ago(146)),
        EventRecord(s47, "strategy_discussion", ago(1)),
        EventRecord(s47, "s47_started", ago(1)),
        EventRecord(s47, "visit", ago(20), True, False, recorded_on=ago(20)),
    ]
    # the rest of each record kept up, so the examples show what they are there to show
    kept_up = {
        cin: ("cin_review", "supervision", "case_summary_update", "chronology_update"),
        cp: ("core_group", "supervision", "case_summary_update", "chronology_update", "review_conference"),
        cla: ("supervision", "iro_midpoint_review"),
        s47: ("cin_review", "supervision", "case_summary_update", "chronology_update"),
    }
    events += [EventRecord(child, kind, ago(12)) for child, kinds in kept_up.items() for kind in kinds]
    return children, events
