"""What the screens show, computed from the store and the engine: plain view models.

Screens call these from thread workers; nothing here touches a widget. Due dates and planned
dates stay apart: a ``DueRow`` carries the statutory limit, and the next planned visit only as
``planned_on`` beside it.
"""

from __future__ import annotations

import heapq
import threading
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import TYPE_CHECKING, cast

from ..domain.dates import monday_of
from ..domain.engine import ChildDue, ChildFacts, DueEngine, DueItem, PracticeWarning, age_on
from ..domain.table import TimescaleTable
from ..domain.vocabulary import PLAN_TYPES
from ..store.read_models import Booking, Child, PlannedVisit, RecordedEvent, Worker

if TYPE_CHECKING:
    from ..store.reads import Reads
    from ..store.store import Store  # the database machinery loads when the store is opened

PLAN_REVIEW_KINDS = ("cin_review", "cla_review", "review_conference", "taf_review", "pathway_plan_review")
STATUS_ORDER = {"overdue": 0, "due_today": 1, "due_soon": 2, "upcoming": 3}


@dataclass(frozen=True, slots=True)
class DueRow:
    """One due item on a list, with the child's name and the next planned visit beside it."""

    item: DueItem
    child_name: str
    planned_on: date | None = None  # the next planned visit for this child (visits only)

    @property
    def planned_too_late(self) -> bool:
        """A planned visit after the statutory limit: the plan must move."""
        return self.planned_on is not None and self.planned_on > self.item.due


@dataclass(frozen=True, slots=True)
class WeekView:
    worker: Worker | None
    today: date
    week_start: date  # the Monday shown in the planner
    overdue: list[DueRow]
    this_week: list[DueRow]  # due from today to Sunday
    next_week: list[DueRow]
    planned: dict[date, list[tuple[PlannedVisit, str]]]  # Monday-Friday: (visit, child name)
    # record gaps: due before the allocation and the earliest record, so not known to be missed
    not_recorded: list[DueRow] = field(default_factory=list)


@dataclass(frozen=True, slots=True)
class CaseloadRow:
    child_id: str
    name: str
    age: int | None
    plan_type: str
    next_visit: DueItem | None
    plan_review: DueItem | None
    chronology: DueItem | None
    case_summary: DueItem | None
    worst_status: str  # the most urgent status among the child's due items


@dataclass(frozen=True, slots=True)
class ChildView:
    child: Child
    worker: Worker | None
    due: ChildDue | None  # None for a closed child
    events: list[RecordedEvent]
    planned: list[PlannedVisit]
    age: int | None = None
    warnings: list[PracticeWarning] = field(default_factory=list)
    bookings: list[Booking] = field(default_factory=list)


class CaseloadData:
    """The database and the engine together, for one table.

    Reads go to ``reads``. Writes go to the :class:`Store`, which ``open_store`` opens on first
    use (``reads`` itself when not given): the app can show a worker's week from a
    standard-library reader before the database layer (~0.4 s to import) has loaded.
    """

    def __init__(
        self, reads: Reads, table: TimescaleTable, open_store: Callable[[], Store] | None = None
    ) -> None:
        self.reads = reads
        self.table = table
        self.engine = DueEngine(table)
        self._open_store = open_store
        self._store: Store | None = None if open_store else cast("Store", reads)
        self._store_lock = threading.Lock()

    @property
    def store(self) -> Store:
        """The store, for writes (opened on first use: call from a worker thread)."""
        with self._store_lock:
            if self._store is None:
                assert self._open_store is not None
                self._store = self._open_store()
            return self._store

    def close(self) -> None:
        self.reads.close()
        if self._store is not None and self._store is not self.reads:
            self._store.close()

    # -- lists ------------------------------------------------------------------------------------

    def workers(self) -> list[Worker]:
        return self.reads.workers()

    def children(self, worker_id: str | None = None) -> list[Child]:
        return self.reads.children(worker_id=worker_id)

    def _evaluate(self, facts: Iterable[ChildFacts], today: date) -> list[ChildDue]:
        return list(self.engine.evaluate_all(facts, today))

    def week(self, worker_id: str, today: date, week_start: date | None = None) -> WeekView:
        """The landing screen: overdue, this week, next week; the planner for a Monday-Friday."""
        week_start = week_start or monday_of(today)
        names = {c.child_id: _name(c) for c in self.reads.children(worker_id=worker_id)}
        results = self._evaluate(self.reads.child_facts(worker_id=worker_id), today)
        end_this_week = monday_of(today) + timedelta(days=6)
        end_next_week = end_this_week + timedelta(days=7)
        horizon = min(today, week_start)
        visits = self.reads.planned_visits(
            worker_id, horizon, max(end_next_week, week_start + timedelta(days=6))
        )
        next_planned: dict[str, date] = {}
        for visit in sorted(visits, key=lambda v: v.on):
            if visit.on >= today:
                next_planned.setdefault(visit.child_id, visit.on)
        overdue, this_week, next_week = [], [], []
        not_recorded = [DueRow(i, names.get(i.child_id, "")) for r in results for i in r.not_recorded]
        for result in results:
            for item in result.items:
                row = DueRow(
                    item,
                    names.get(item.child_id, ""),
                    next_planned.get(item.child_id) if item.kind == "visit" else None,
                )
                if item.due < today:
                    overdue.append(row)
                elif item.due <= end_this_week:
                    this_week.append(row)
                elif item.due <= end_next_week:
                    next_week.append(row)
        key = _row_order
        planned: dict[date, list[tuple[PlannedVisit, str]]] = {
            week_start + timedelta(days=i): [] for i in range(5)
        }
        for visit in visits:
            if visit.on in planned:
                planned[visit.on].append((visit, names.get(visit.child_id, visit.child_id)))
        return WeekView(
            self.reads.worker(worker_id), today, week_start, sorted(overdue, key=key),
            sorted(this_week, key=key), sorted(next_week, key=key), planned, sorted(not_recorded, key=key),
        )  # fmt: skip

    def caseload(self, worker_id: str | None, today: date) -> list[CaseloadRow]:
        """Every open child of the worker (all children when None) with the main due dates."""
        children = {c.child_id: c for c in self.reads.children(worker_id=worker_id)}
        rows = []
        for result in self._evaluate(self.reads.child_facts(worker_id=worker_id), today):
            child = children.get(result.child_id)
            if child is None:
                continue
            reviews = [i for i in result.items if i.kind in PLAN_REVIEW_KINDS]
            statuses = [STATUS_ORDER[i.status] for i in result.items]
            worst = min(statuses, default=3)
            rows.append(
                CaseloadRow(
                    child.child_id,
                    _name(child),
                    age_on(child.date_of_birth, today) if child.date_of_birth else None,
                    PLAN_TYPES.get(child.plan_type or "", "No plan"),
                    result.next_due("visit"),
                    min(reviews, key=lambda i: i.due) if reviews else None,
                    result.next_due("chronology_update"),
                    result.next_due("case_summary_update"),
                    next(s for s, n in STATUS_ORDER.items() if n == worst),
                )
            )
        return rows

    def child(self, child_id: str, today: date) -> ChildView | None:
        child = self.reads.child(child_id)
        if child is None:
            return None
        facts = self.reads.child_facts(child_id=child_id)
        due = self.engine.evaluate(facts[0], today) if facts else None
        worker = self.reads.worker(child.worker_id) if child.worker_id else None
        planned: list[PlannedVisit] = []
        if child.worker_id:
            window = self.reads.planned_visits(
                child.worker_id, today - timedelta(days=30), today + timedelta(days=120)
            )
            planned = [v for v in window if v.child_id == child_id]
        events = sorted(self.reads.events(child_id), key=lambda e: e.on, reverse=True)
        age = age_on(child.date_of_birth, today) if child.date_of_birth else None
        bookings = self.reads.bookings(child_id, today)
        return ChildView(
            child, worker, due, events, planned, age, list(due.warnings) if due else [], bookings
        )

    # -- writes -----------------------------------------------------------------------------------

    def record_event(
        self, child_id: str, kind: str, on: date, *, seen_alone: bool | None = None,
        unannounced: bool | None = None, note: str = "", booked: bool = False,
    ) -> RecordedEvent | None:  # fmt: skip
        """Record an event or milestone; ``booked``: book the meeting for ``on`` instead."""
        if booked:
            self.store.book_meeting(child_id, kind, on)
            return None
        return self.store.record_event(
            child_id, kind, on, seen_alone=seen_alone, unannounced=unannounced, recorded_on=on, note=note
        )

    def plan_visit(self, child_id: str, worker_id: str, on: date, note: str = "") -> PlannedVisit:
        return self.store.plan_visit(child_id, worker_id, on, note)

    def move_planned_visit(self, visit_id: int, on: date) -> PlannedVisit:
        return self.store.move_planned_visit(visit_id, on)

    def cancel_planned_visit(self, visit_id: int) -> None:
        self.store.cancel_planned_visit(visit_id)


def _name(child: Child) -> str:
    return f"{child.given_name} {child.family_name}"


def _row_order(row: DueRow) -> tuple[date, str, str]:
    return (row.item.due, row.child_name, row.item.kind)


def search_key(child: Child) -> str:
    """What lookup matches against: name and case reference, lower case."""
    return f"{child.given_name} {child.family_name} {child.child_id}".lower()


def fuzzy_score(query: str, text: str) -> int | None:
    """A score for ``query`` matching ``text`` (higher is better), or None.

    ``query`` is already lower case and stripped. Substring matches rank first (earlier is
    better); otherwise every query letter must appear in order (fuzzy), scored by how close
    together they are.
    """
    if not query:
        return 0
    at = text.find(query)
    if at >= 0:
        return 1000 - at
    position, gaps = -1, 0
    for letter in query:
        found = text.find(letter, position + 1)
        if found < 0:
            return None
        gaps += found - position - 1
        position = found
    return 500 - gaps


def search(children: Sequence[Child], query: str, limit: int = 20) -> list[Child]:
    """Children whose name or case reference matches ``query``, best first."""
    query = query.lower().strip()
    scored = []
    for child in children:
        score = fuzzy_score(query, search_key(child))
        if score is not None:
            scored.append((-score, child.family_name, child.child_id, child))
    # only the best few are shown: no need to sort them all
    return [s[3] for s in heapq.nsmallest(limit, scored, key=lambda s: s[:3])]
