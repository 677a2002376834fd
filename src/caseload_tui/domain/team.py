"""The team manager's figures: caseloads against the target, overdue work, visits in time, trend.

Pure arithmetic over the engine's results: no database, no clock (``today`` is an argument).

Past figures (visits in time, the 12-week trend) re-run the engine at past dates over the
recorded events: the engine ignores events after the day it is asked about, so the history
replays itself. The child's *current* plan and placement are used (the engine's facts carry no
history of them), but the worker is the one allocated at the time, from the allocation history:
a visit counts for the worker allocated when it fell due, so a reallocation today never moves
last quarter's figures from one worker (or team) to another.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence, Set
from dataclasses import dataclass, field, replace
from datetime import date, timedelta

from .caseload import WorkerCaseload, caseloads
from .engine import ChildFacts, DueEngine, DueItem
from .records import WorkerRecord
from .table import TimescaleTable

PLAN_REVIEW_KINDS = frozenset(
    {"cin_review", "cla_review", "review_conference", "taf_review", "pathway_plan_review"}
)
TIMELINESS_WEEKS = 13  # the window for "visits within timescale"
# each child's allocations, oldest first: (from, worker id; None for unallocated); from None:
# since before anything recorded
Allocations = Mapping[str, Sequence[tuple[date | None, str | None]]]
TREND_WEEKS = 12
_DAY = timedelta(days=1)


@dataclass(frozen=True, slots=True)
class OverdueCounts:
    """Overdue items by the groups a manager reviews; anything else is ``other``."""

    visits: int = 0
    plan_reviews: int = 0
    chronology: int = 0
    case_summary: int = 0
    other: int = 0

    @property
    def total(self) -> int:
        return self.visits + self.plan_reviews + self.chronology + self.case_summary + self.other

    def __add__(self, other: OverdueCounts) -> OverdueCounts:
        return OverdueCounts(
            self.visits + other.visits,
            self.plan_reviews + other.plan_reviews,
            self.chronology + other.chronology,
            self.case_summary + other.case_summary,
            self.other + other.other,
        )


@dataclass(frozen=True, slots=True)
class VisitTimeliness:
    """Visits in the window, and how many happened on or before the due date they met."""

    visits: int = 0
    in_time: int = 0
    cp_visits: int = 0  # visits to children on a child protection plan
    cp_in_time: int = 0

    @property
    def rate(self) -> float | None:
        return self.in_time / self.visits if self.visits else None

    @property
    def cp_rate(self) -> float | None:
        return self.cp_in_time / self.cp_visits if self.cp_visits else None

    def __add__(self, other: VisitTimeliness) -> VisitTimeliness:
        return VisitTimeliness(
            self.visits + other.visits,
            self.in_time + other.in_time,
            self.cp_visits + other.cp_visits,
            self.cp_in_time + other.cp_in_time,
        )


@dataclass(frozen=True, slots=True)
class Past:
    """Who the past figures are about: ``children`` (a team's now and those once allocated to
    its workers), their ``allocations``, and the workers counted (``members``; None: everyone,
    the whole authority)."""

    children: Sequence[ChildFacts]
    allocations: Allocations
    members: frozenset[str] | None = None


@dataclass(frozen=True, slots=True)
class WorkerStats:
    """One row of the dashboard."""

    load: WorkerCaseload
    overdue: OverdueCounts
    timeliness: VisitTimeliness
    warned: int = 0  # children with a practice warning (not seen alone, no unannounced visit)


@dataclass(frozen=True, slots=True)
class TeamTotals:
    children: int  # open children allocated to the team's workers
    unallocated: int
    fte: float
    overdue: OverdueCounts
    timeliness: VisitTimeliness
    warned: int = 0  # children with a practice warning

    @property
    def per_fte(self) -> float | None:
        """Average caseload per full-time equivalent."""
        return round(self.children / self.fte, 1) if self.fte else None


@dataclass(frozen=True, slots=True)
class TrendPoint:
    week_end: date  # a Sunday
    overdue: int  # overdue items of every kind at the end of that day


@dataclass(frozen=True, slots=True)
class TeamReport:
    team: str
    today: date
    table_target: float
    workers: list[WorkerStats]
    totals: TeamTotals
    trend: list[TrendPoint] = field(default_factory=list)


def overdue_group(kind: str) -> str:
    """The dashboard column a due-item kind is counted in."""
    if kind == "visit":
        return "visits"
    if kind in PLAN_REVIEW_KINDS:
        return "plan_reviews"
    if kind == "chronology_update":
        return "chronology"
    if kind == "case_summary_update":
        return "case_summary"
    return "other"


def overdue_by_worker(items: Iterable[DueItem]) -> dict[str | None, OverdueCounts]:
    """Overdue items per worker (None: unallocated children), by group."""
    tallies: dict[str | None, dict[str, int]] = {}
    for item in items:
        if item.status != "overdue":
            continue
        tally = tallies.setdefault(item.worker_id, {})
        group = overdue_group(item.kind)
        tally[group] = tally.get(group, 0) + 1
    return {worker: OverdueCounts(**tally) for worker, tally in tallies.items()}


class TeamEngines:
    """The engines the dashboard needs, built once per table.

    Past figures need only part of what the engine does: the trend counts items (no practice
    warnings), and visits in time need only the visit rules. The rules are independent, so a
    table cut down to them gives exactly the same dates, several times faster.
    """

    def __init__(self, table: TimescaleTable) -> None:
        self.table = table
        self.full = DueEngine(table)
        self.items_only = DueEngine(replace(table, warnings=()))
        visit_rules = tuple(r for r in table.rules if r.kind == "visit")
        self.visits_only = DueEngine(replace(table, rules=visit_rules, warnings=()))


def worker_on(child: ChildFacts, day: date, allocations: Allocations) -> str | None:
    """The child's worker on ``day``: from the allocation history (before its first entry, the
    first entry's worker, the best known), else the worker now."""
    entries = allocations.get(child.child_id)
    if not entries:
        return child.worker_id
    worker = entries[0][1]
    for start, allocated in entries:
        if start is not None and start > day:
            break
        worker = allocated
    return worker


def visit_timeliness(
    engine: DueEngine,
    facts: Iterable[ChildFacts],
    today: date,
    weeks: int = TIMELINESS_WEEKS,
    allocations: Allocations | None = None,
) -> dict[str | None, VisitTimeliness]:
    """Per worker: visits in the last ``weeks`` weeks, and how many were within timescale.

    A visit on day V is in time when V is on or before the visit due date the engine gave on
    V - 1 (with the history up to then). The child is evaluated once per distinct visit date,
    and two visits on one day count as one. A visit counts for the worker allocated when it
    fell due (on V, or on its due date when it was late), from ``allocations``.
    A visit with no visit due the day before (no rule applied) is not counted: it met no
    timescale. Children on a child protection plan are counted again under ``cp``.
    """
    allocations = allocations or {}
    start = today - timedelta(weeks=weeks)  # the window is (start, today]
    tallies: dict[str | None, list[int]] = {}
    evaluate = engine.evaluate
    for child in facts:
        dates = child.dates_by_kind.get("visit")
        if not dates or dates[-1] <= start:
            continue
        cp = child.plan_type == "cp"
        previous = None
        for on in dates:
            if on <= start or on > today or on == previous:
                continue
            previous = on
            due = evaluate(child, on - _DAY).next_due("visit")
            if due is None:
                continue
            in_time = on <= due.due
            tally = tallies.setdefault(worker_on(child, min(on, due.due), allocations), [0, 0, 0, 0])
            tally[0] += 1
            tally[1] += in_time
            if cp:
                tally[2] += 1
                tally[3] += in_time
    return {worker: VisitTimeliness(*t) for worker, t in tallies.items()}


def week_ends(today: date, weeks: int = TREND_WEEKS) -> list[date]:
    """The last ``weeks`` Sundays on or before ``today``, oldest first."""
    last = today - timedelta(days=(today.weekday() + 1) % 7)
    return [last - timedelta(weeks=n) for n in range(weeks - 1, -1, -1)]


def overdue_trend(
    engine: DueEngine,
    facts: Sequence[ChildFacts],
    today: date,
    weeks: int = TREND_WEEKS,
    allocations: Allocations | None = None,
    members: Set[str] | None = None,
) -> list[TrendPoint]:
    """Overdue items (every kind) at each of the last ``weeks`` week ends: of the children
    allocated then to one of ``members`` (None: every child), from ``allocations``."""
    allocations = allocations or {}
    points = []
    for end in week_ends(today, weeks):
        chosen = facts if members is None else [f for f in facts if worker_on(f, end, allocations) in members]
        overdue = sum(
            1 for result in engine.evaluate_all(chosen, end) for item in result.items if item.due < end
        )
        points.append(TrendPoint(end, overdue))
    return points


def team_report(
    team: str,
    workers: Sequence[WorkerRecord],
    facts: Sequence[ChildFacts],
    unallocated: int,
    engines: TeamEngines,
    today: date,
    history: bool = True,
    past: Past | None = None,
) -> TeamReport:
    """The whole dashboard for ``workers`` and their open children (``facts``).

    ``history=False`` leaves out the past figures (visits in time, the trend), which cost many
    evaluations per child: a screen shows the rest first and fills them in after. ``past``:
    the children the past figures are about (the team's now and those once allocated to its
    workers) and their allocation histories; by default ``facts``, as allocated now.
    """
    now = list(engines.full.evaluate_all(facts, today))
    overdue = overdue_by_worker(item for result in now for item in result.items)
    warned: dict[str | None, int] = {}
    for fact, result in zip(facts, now, strict=True):
        if result.warnings:
            warned[fact.worker_id] = warned.get(fact.worker_id, 0) + 1
    timeliness: Mapping[str | None, VisitTimeliness] = {}
    trend: list[TrendPoint] = []
    if history:
        timeliness, trend = past_figures(engines, facts, today, past)
    allocated = [f.worker_id for f in facts]
    return assemble_report(
        team, workers, allocated, unallocated, overdue, timeliness, trend, engines.table, today, warned
    )


def past_figures(
    engines: TeamEngines,
    facts: Sequence[ChildFacts],
    today: date,
    past: Past | None = None,
) -> tuple[dict[str | None, VisitTimeliness], list[TrendPoint]]:
    """Visits in time per worker and the trend of the team's overdue items, each counted for
    the worker allocated at the time (``past``; by default ``facts`` as allocated now)."""
    past = past or Past(facts, {})
    timeliness = visit_timeliness(engines.visits_only, past.children, today, allocations=past.allocations)
    trend = overdue_trend(
        engines.items_only, past.children, today, allocations=past.allocations, members=past.members
    )
    return timeliness, trend


def assemble_report(
    team: str,
    workers: Sequence[WorkerRecord],
    allocated: Iterable[str | None],
    unallocated: int,
    overdue: Mapping[str | None, OverdueCounts],
    timeliness: Mapping[str | None, VisitTimeliness],
    trend: list[TrendPoint],
    table: TimescaleTable,
    today: date,
    warned: Mapping[str | None, int] | None = None,
) -> TeamReport:
    """The dashboard from its parts: each open child's worker, overdue counts, past figures,
    children with practice warnings."""
    loads = caseloads(workers, allocated, table.caseload_target)
    warned = warned or {}
    stats = [
        WorkerStats(
            load,
            overdue.get(load.worker_id, OverdueCounts()),
            timeliness.get(load.worker_id, VisitTimeliness()),
            warned.get(load.worker_id, 0),
        )
        for load in loads
    ]
    totals = TeamTotals(
        children=sum(s.load.children for s in stats),
        unallocated=unallocated,
        fte=round(sum(w.fte for w in workers), 2),
        overdue=_sum_overdue(s.overdue for s in stats),
        timeliness=_sum_timeliness(s.timeliness for s in stats),
        warned=sum(s.warned for s in stats),
    )
    return TeamReport(team, today, table.caseload_target, stats, totals, trend)


def with_history(
    report: TeamReport, timeliness: Mapping[str | None, VisitTimeliness], trend: list[TrendPoint]
) -> TeamReport:
    """``report`` with its past figures filled in (see ``team_report(history=False)``)."""
    stats = [
        replace(s, timeliness=timeliness.get(s.load.worker_id, VisitTimeliness())) for s in report.workers
    ]
    totals = replace(report.totals, timeliness=_sum_timeliness(s.timeliness for s in stats))
    return replace(report, workers=stats, totals=totals, trend=trend)


def _sum_overdue(counts: Iterable[OverdueCounts]) -> OverdueCounts:
    total = OverdueCounts()
    for c in counts:
        total += c
    return total


def _sum_timeliness(counts: Iterable[VisitTimeliness]) -> VisitTimeliness:
    total = VisitTimeliness()
    for c in counts:
        total += c
    return total
