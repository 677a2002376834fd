"""The workspace: a database and the table in force, and what the screens and commands show
and change there (My week, the caseload, the child, recording and correcting), as plain view
models."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING, Literal

from ..domain.caseload import WorkerCaseload, caseloads
from ..domain.dates import long_date, monday_of
from ..domain.engine import ChildDue, ChildFacts, DueEngine, DueItem, PracticeWarning, age_on
from ..domain.records import ChildRecord
from ..domain.refusal import Refusal
from ..domain.table import ReviewConfirmed, TimescaleTable
from ..domain.team import TeamEngines
from ..domain.vocabulary import PLAN_TYPES, RECORDABLE_KINDS
from ..store.read_models import Booking, Child, PlannedVisit, RecordedEvent, Team, Worker
from ..store.settings_keys import AUTHORITY_TABLE, MY_WORKER
from .recording import Change, check_record, child_name, recorded

if TYPE_CHECKING:
    from ..store.cipher import DatabaseKey
    from ..store.store import Store  # the database machinery loads when a workspace opens

PLAN_REVIEW_KINDS = ("cin_review", "cla_review", "review_conference", "taf_review", "pathway_plan_review")
STATUS_ORDER = {"overdue": 0, "due_today": 1, "due_soon": 2, "upcoming": 3}


@dataclass(frozen=True, slots=True)
class DueRow:
    """One due item on a list, with the child's name and the next planned visit beside it."""

    item: DueItem
    child_name: str
    planned_on: date | None = None  # the next planned visit for this child (visits only)
    warned: bool = False  # the child has a practice warning (not seen alone, no unannounced visit)
    plan_type: str | None = None  # the child's plan (a CP visit must say seen alone, unannounced)

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
    # planned visits whose day has passed with no visit recorded since: (visit, child name)
    missed: list[tuple[PlannedVisit, str]] = field(default_factory=list)
    holidays: dict[date, str] = field(default_factory=dict)  # bank holidays in the planner's week
    visit_due: dict[str, date] = field(default_factory=dict)  # each child's next visit due date


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
    worst: DueItem | None = None  # the child's most urgent due item (None: nothing due)
    warnings: tuple[str, ...] = ()  # practice warnings (not seen alone, no unannounced visit)


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


class Workspace:
    """A database and the timescale table in force: what the app and the commands work on.

    Every read and write of the app goes through here (screens call it from thread workers);
    nothing here touches a widget. Due dates and planned dates stay apart: a ``DueRow`` carries
    the statutory limit, and the next planned visit only as ``planned_on`` beside it.
    """

    def __init__(self, store: Store, table: TimescaleTable) -> None:
        self.store = store
        self.table = table
        self.engine = DueEngine(table)
        self.review = review_confirmed(store, table)  # the owner's word that the table is current

    # -- the table's review, and how fresh the data is --------------------------------------------

    def review_warning(self, today: date) -> str | None:
        """The "past its review date" warning, unless the owner's confirmation covers today."""
        return self.table.review_warning(today, self.review)

    def confirm_review(self, by: str, until: date, today: date) -> Change:
        """Record that the table's owner (``by``) confirmed this version is still current, until
        ``until`` (at most a year ahead: guidance is reviewed annually); in the audit log."""
        if not by.strip():
            raise Refusal("say who confirmed it (--by NAME): the table's owner, or whoever they asked")
        if until <= today:
            raise Refusal(f"{long_date(until)} has passed: give the date the confirmation lasts until")
        if until > today + timedelta(days=366):
            raise Refusal("a confirmation lasts a year at most (local guidance is reviewed annually)")
        confirmed = ReviewConfirmed(self.table.version, by.strip(), until, today)
        stored = {"version": confirmed.version, "by": confirmed.by, "until": until.isoformat()}
        self.store.set_setting(review_key(self.table), json.dumps({**stored, "on": today.isoformat()}))
        self.review = confirmed
        text = (
            f"Recorded: {confirmed.by} confirmed the {self.table.authority} table (version "
            f"{confirmed.version}) is still current, until {long_date(until)}."
        )
        return self._change(text)

    def last_changed(self) -> date | None:
        """The day the data last changed (an import, a record), in UTC."""
        at = self.store.last_change_at()
        return at.date() if at is not None else None

    def close(self) -> None:
        self.store.close()

    def act_as(self, worker_id: str | None) -> None:
        """Whom the audit log records as the worker making changes and looking (beside the OS
        account): the worker signed in, or named with ``--worker``."""
        self.store.act_as(worker_id)

    @cached_property
    def team_engines(self) -> TeamEngines:
        """The dashboard's engines for this workspace's table, made when first needed."""
        return TeamEngines(self.table)

    @property
    def database_file(self) -> Path | None:
        """The SQLite file behind the workspace (None for a server database)."""
        return self.store.database_file

    # -- lists ------------------------------------------------------------------------------------

    def teams(self) -> list[Team]:
        return self.store.teams()

    def workers(self, team: str | None = None) -> list[Worker]:
        return self.store.workers(team=team)

    def worker(self, worker_id: str) -> Worker | None:
        return self.store.worker(worker_id)

    def children(self, worker_id: str | None = None, team: str | None = None) -> list[Child]:
        return self.store.children(worker_id=worker_id, team=team)

    def team_named(self, name: str) -> str:
        """The team ``name`` means (any case); refused, naming the teams, when there is none."""
        teams = [t.name for t in self.store.teams()]
        found = [t for t in teams if t.casefold() == name.strip().casefold()]
        if not found:
            raise Refusal(f"no team {name!r}; teams: {', '.join(teams) or 'none yet (import workers.csv)'}")
        return found[0]

    def worker_named(self, worker_id: str) -> str:
        """The worker id ``worker_id`` means (any case); refused, naming some, when there is none."""
        workers = self.store.workers()
        found = [w.worker_id for w in workers if w.worker_id.casefold() == worker_id.strip().casefold()]
        if not found:
            known = ", ".join(f"{w.worker_id} ({w.name})" for w in workers[:12])
            more = f" and {len(workers) - 12} more" if len(workers) > 12 else ""
            raise Refusal(f"no worker with id {worker_id!r}; workers: {known or 'none yet'}{more}")
        return found[0]

    def caseload_table(self, team: str | None) -> tuple[list[WorkerCaseload], int, int]:
        """Each worker's children against the target (pro rata), and the open and unallocated
        children counted."""
        children = self.store.children(team=team)
        records = [w.record() for w in self.store.workers(team=team)]
        loads = caseloads(records, [c.worker_id for c in children], self.table.caseload_target)
        return loads, len(children), sum(1 for c in children if c.worker_id is None)

    def my_worker(self) -> str | None:
        """The worker this computer's user works as (remembered from the last time)."""
        return self.store.get_setting(MY_WORKER)

    def _evaluate(self, facts: Iterable[ChildFacts], today: date) -> list[ChildDue]:
        return list(self.engine.evaluate_all(facts, today))

    def week(self, worker_id: str, today: date, week_start: date | None = None) -> WeekView:
        """The landing screen: overdue, this week, next week; the planner for a Monday-Friday."""
        week_start = week_start or monday_of(today)
        names = {c.child_id: _name(c) for c in self.store.children(worker_id=worker_id)}
        facts = self.store.child_facts(worker_id=worker_id)
        results = self._evaluate(facts, today)
        end_this_week = monday_of(today) + timedelta(days=6)
        end_next_week = end_this_week + timedelta(days=7)
        horizon = min(today, week_start)
        visits = self.store.planned_visits(
            worker_id, horizon, max(end_next_week, week_start + timedelta(days=6))
        )
        next_planned: dict[str, date] = {}
        for visit in sorted(visits, key=lambda v: v.on):
            if visit.on >= today:
                next_planned.setdefault(visit.child_id, visit.on)
        overdue, this_week, next_week = [], [], []
        warned = {r.child_id for r in results if r.warnings}
        plans = {f.child_id: f.plan_type for f in facts}
        not_recorded = [
            DueRow(i, names.get(i.child_id, ""), warned=i.child_id in warned, plan_type=plans.get(i.child_id))
            for r in results
            for i in r.not_recorded
        ]
        for result in results:
            for item in result.items:
                row = DueRow(
                    item,
                    names.get(item.child_id, ""),
                    next_planned.get(item.child_id) if item.kind == "visit" else None,
                    item.child_id in warned,
                    plans.get(item.child_id),
                )
                if item.due < today:
                    overdue.append(row)
                elif item.due <= end_this_week:
                    this_week.append(row)
                elif item.due <= end_next_week:
                    next_week.append(row)
        key = _row_order
        days = [week_start + timedelta(days=i) for i in range(5)]
        planned: dict[date, list[tuple[PlannedVisit, str]]] = {day: [] for day in days}
        for visit in visits:
            if visit.on in planned:
                planned[visit.on].append((visit, names.get(visit.child_id, visit.child_id)))
        last_visit = {
            f.child_id: max(e.on for e in f.events if e.kind == "visit")
            for f in facts
            if any(e.kind == "visit" for e in f.events)
        }
        missed = [
            (v, names.get(v.child_id, v.child_id))
            for v in sorted(visits, key=lambda v: v.on)
            if v.on < today and last_visit.get(v.child_id, date.min) < v.on
        ]
        calendar = self.table.calendar
        holidays = {day: name for day in days if (name := calendar.holiday_name(day))}
        visit_due = {r.child_id: due.due for r in results if (due := r.next_due("visit")) is not None}
        return WeekView(
            self.store.worker(worker_id), today, week_start, sorted(overdue, key=key),
            sorted(this_week, key=key), sorted(next_week, key=key), planned, sorted(not_recorded, key=key),
            missed, holidays, visit_due,
        )  # fmt: skip

    def caseload(self, worker_id: str | None, today: date) -> list[CaseloadRow]:
        """Every open child of the worker (all children when None) with the main due dates."""
        children = self.store.children(worker_id=worker_id)
        return self._caseload_rows(children, self.store.child_facts(worker_id=worker_id), today)

    def unallocated(self, today: date) -> list[CaseloadRow]:
        """The open children allocated to nobody, the most urgent first (to allocate)."""
        rows = self._caseload_rows(self.store.unallocated_list(), self.store.unallocated_facts(), today)
        return sorted(
            rows, key=lambda r: (STATUS_ORDER[r.worst_status], r.worst.due if r.worst else date.max)
        )

    def _caseload_rows(
        self, children_found: Sequence[Child], facts: Sequence[ChildFacts], today: date
    ) -> list[CaseloadRow]:
        children = {c.child_id: c for c in children_found}
        rows = []
        for result in self._evaluate(facts, today):
            child = children.get(result.child_id)
            if child is None:
                continue
            reviews = [i for i in result.items if i.kind in PLAN_REVIEW_KINDS]
            worst_item = min(result.items, key=lambda i: (STATUS_ORDER[i.status], i.due), default=None)
            worst = STATUS_ORDER[worst_item.status] if worst_item else 3
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
                    worst_item,
                    tuple(w.message for w in result.warnings),
                )
            )
        return rows

    def child(self, child_id: str, today: date) -> ChildView | None:
        child = self.store.child(child_id)
        if child is None:
            return None
        facts = self.store.child_facts(child_id=child_id)
        due = self.engine.evaluate(facts[0], today) if facts else None
        worker = self.store.worker(child.worker_id) if child.worker_id else None
        planned: list[PlannedVisit] = []
        if child.worker_id:
            window = self.store.planned_visits(
                child.worker_id, today - timedelta(days=30), today + timedelta(days=120)
            )
            planned = [v for v in window if v.child_id == child_id]
        events = sorted(self.store.events(child_id), key=lambda e: e.on, reverse=True)
        age = age_on(child.date_of_birth, today) if child.date_of_birth else None
        bookings = self.store.bookings(child_id, today)
        return ChildView(
            child, worker, due, events, planned, age, list(due.warnings) if due else [], bookings
        )

    # -- writes: each one transaction, in the audit log, and a Change to undo ----------------

    def _change(self, description: str, child_id: str | None = None) -> Change:
        """The change the write just made (this thread's): "" when it changed nothing."""
        return Change(self.store.last_change() or "", description, child_id)

    def _child(self, child_id: str) -> Child:
        child = self.store.child(child_id)
        if child is None:
            raise Refusal(f"no child with case reference {child_id!r}")
        return child

    def record_event(
        self, child_id: str, kind: str, on: date, today: date, *, seen_alone: bool | None = None,
        unannounced: bool | None = None, note: str = "", booked: bool = False, confirmed: bool = False,
    ) -> Change:  # fmt: skip
        """Record an event or milestone (checked first: :func:`.recording.check_record`), or,
        ``booked``, book the meeting for ``on``. Says what the next due date is now."""
        child = self._child(child_id)
        name = child_name(child)
        if booked:
            self.store.book_meeting(child_id, kind, on)
        else:
            held = [(e.kind, e.on) for e in self.store.events(child_id)]
            again = check_record(child, kind, on, today, held, confirmed)
            self.store.record_event(
                child_id, kind, on, seen_alone=seen_alone, unannounced=unannounced, recorded_on=today,
                note=note, again=again,
            )  # fmt: skip
        view = self.child(child_id, today)
        next_item = view.due.next_due(kind) if view is not None and view.due else None
        return self._change(recorded(kind, name, on, booked, next_item), child_id)

    def correct_event(
        self, event: RecordedEvent, today: date, *, on: date, seen_alone: bool | None,
        unannounced: bool | None, note: str, confirmed: bool = False,
    ) -> Change:  # fmt: skip
        """Correct a record's day, seen alone, unannounced or note (checked as a new one is)."""
        child = self._child(event.child_id)
        held = [(e.kind, e.on) for e in self.store.events(event.child_id) if e.event_id != event.event_id]
        check_record(child, event.kind, on, today, held, confirmed)
        changes = {"on": on, "seen_alone": seen_alone, "unannounced": unannounced, "note": note}
        self.store.correct_event(event.event_id, changes)
        label = RECORDABLE_KINDS.get(event.kind, event.kind)
        return self._change(f"{label} of {child_name(child)} on {long_date(on)} corrected.", event.child_id)

    def delete_event(self, event: RecordedEvent) -> Change:
        """Delete a record (it stays in the audit log: ctrl+z, or the log, puts it back)."""
        child = self._child(event.child_id)
        self.store.delete_event(event.event_id)
        label = RECORDABLE_KINDS.get(event.kind, event.kind)
        return self._change(
            f"{label} of {child_name(child)} on {long_date(event.on)} deleted.", event.child_id
        )

    def cancel_booking(self, booking: Booking) -> Change:
        child = self._child(booking.child_id)
        self.store.cancel_meeting(booking.booking_id)
        label = RECORDABLE_KINDS.get(booking.kind, booking.kind)
        text = f"{label} booked for {child_name(child)} on {long_date(booking.on)} cancelled."
        return self._change(text, booking.child_id)

    def plan_visit(self, child_id: str, worker_id: str, on: date, today: date, note: str = "") -> Change:
        """Plan a visit (one a day per child); says so when it is after the visit due date."""
        child = self._child(child_id)
        self.store.plan_visit(child_id, worker_id, on, note)
        change = self._change(f"Visit to {child_name(child)} planned for {long_date(on)}.", child_id)
        return self._too_late(change, child_id, on, today)

    def move_planned_visit(self, visit: PlannedVisit, on: date, today: date) -> Change:
        child = self._child(visit.child_id)
        self.store.move_planned_visit(visit.visit_id, on)
        text = f"Planned visit to {child_name(child)} moved from {long_date(visit.on)} to {long_date(on)}."
        return self._too_late(self._change(text, visit.child_id), visit.child_id, on, today)

    def _too_late(self, change: Change, child_id: str, on: date, today: date) -> Change:
        view = self.child(child_id, today)
        visit = view.due.next_due("visit") if view is not None and view.due else None
        if visit is None or on <= visit.due:
            return change
        late = f" That is after the statutory visit due date, {long_date(visit.due)}: plan an earlier day."
        return Change(change.change_id, change.description + late, child_id, warning=True)

    def cancel_planned_visit(self, visit: PlannedVisit) -> Change:
        child = self._child(visit.child_id)
        self.store.cancel_planned_visit(visit.visit_id)
        text = f"Planned visit to {child_name(child)} on {long_date(visit.on)} cancelled."
        return self._change(text, visit.child_id)

    def save_child(self, record: ChildRecord) -> Change:
        """Add a child or change one (checked as a children.csv row is: ``validate_child``)."""
        new = self.store.child(record.child_id) is None
        self.store.save_child(record)
        done = "added" if new else "saved"
        return self._change(f"{record.given_name} {record.family_name} {done}.", record.child_id)

    def reallocate(self, child_id: str, worker_id: str | None, on: date, today: date) -> Change:
        """Allocate the child to ``worker_id`` (None: unallocated) from ``on``; says what the
        new worker owes first."""
        child = self.store.reallocate(child_id, worker_id, on)
        change = self._change("")
        worker = self.store.worker(worker_id) if worker_id else None
        to = worker.name if worker else "nobody (unallocated)"
        text = f"{child_name(child)} ({child_id}) allocated to {to} from {long_date(on)}."
        view = self.child(child_id, today)
        visit = view.due.next_due("visit") if view is not None and view.due else None
        if visit is not None:
            text += f" Visit due by {long_date(visit.due)} ({visit.rule.id})."
        return Change(change.change_id, text, child_id)

    def undo(self, change: Change) -> str:
        """Put ``change`` back (itself a change, in the audit log); refused when a record it
        touched has changed since."""
        from ..store.errors import StoreError

        try:
            self.store.undo(change.change_id)
        except StoreError as exc:
            raise Refusal(f"Cannot undo \u201c{change.description}\u201d: {exc}") from None
        return f"Undone: {change.description}"

    def set_my_worker(self, worker_id: str) -> None:
        self.store.set_setting(MY_WORKER, worker_id)


def review_key(table: TimescaleTable) -> str:
    return f"table_review_confirmed:{table.authority.lower()}"


def review_confirmed(store: Store, table: TimescaleTable) -> ReviewConfirmed | None:
    """The confirmation recorded for the table in force, if any (a value that cannot be read is
    no confirmation: the warning shows)."""
    text = store.get_setting(review_key(table))
    if not text:
        return None
    try:
        data = json.loads(text)
        return ReviewConfirmed(
            str(data["version"]),
            str(data["by"]),
            date.fromisoformat(data["until"]),
            date.fromisoformat(data["on"]),
        )
    except (ValueError, KeyError, TypeError):
        return None


def open_workspace(
    url: str,
    authority: str | None = None,
    *,
    create: bool = False,
    on_busy: Callable[[int], bool] | None = None,
    key: DatabaseKey | Literal["find"] | None = "find",
) -> Workspace:
    """The database at ``url`` (``create``: made if there is none yet) with the table in force:
    ``authority`` (a shipped authority or a table file), else the database's own setting, else
    the default table. ``on_busy(waits)`` is asked while another process holds the write lock
    (True: keep waiting). ``key``: the SQLite file's key (None: plain), found by
    :func:`.keys.database_key` unless given."""
    from ..store.store import open_store  # the database layer loads when a workspace opens
    from .catalogue import open_table
    from .keys import database_key

    if key == "find":
        key = database_key(url, create=create)
    store = open_store(url, create=create, key=key)
    if on_busy is not None:
        store.on_busy = on_busy
    try:
        table = open_table(authority or store.get_setting(AUTHORITY_TABLE))
    except BaseException:
        store.close()
        raise
    return Workspace(store, table)


def _name(child: Child) -> str:
    return f"{child.given_name} {child.family_name}"


def _urgency(row: CaseloadRow) -> tuple[int, date]:
    return STATUS_ORDER[row.worst_status], row.worst.due if row.worst else date.max


def _row_order(row: DueRow) -> tuple[date, str, str]:
    return (row.item.due, row.child_name, row.item.kind)
