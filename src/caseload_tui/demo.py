"""The demo database: a synthetic, deterministic team for trying the product.

Eight workers (FTE 0.5-1.0) holding 10 to 24 children, some over target, a few unallocated
children, a realistic mix of plans and placements, and histories simulated against the table
so that a few items are overdue today. Names are drawn at random from common British names.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import date

from .domain.engine import ScheduledEvent
from .domain.records import ChildRecord, EventRecord, WorkerRecord
from .domain.synthetic import import_records, make_caseload, make_workers
from .domain.table import TimescaleTable

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
    return DemoData(workers, children, events, bookings)
