"""The team manager's report from the store: load the inputs, hand them to :mod:`.domain.team`.

Shared by the dashboard screen (in a thread worker) and ``caseload team-report``.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import TYPE_CHECKING

from .domain.engine import ChildFacts, DueItem
from .domain.records import WorkerRecord
from .domain.team import (
    TeamEngines,
    TeamReport,
    assemble_report,
    overdue_by_worker,
    overdue_trend,
    team_report,
    visit_timeliness,
    with_history,
)

if TYPE_CHECKING:
    from .store.reads import Reads

WHOLE_AUTHORITY = "Whole authority"


def load_inputs(store: Reads, team: str | None) -> tuple[list[WorkerRecord], list[ChildFacts], int]:
    """The team's workers, their open children's facts and the unallocated count.

    ``team=None``: every worker and every open child. Unallocated children belong to no team,
    so a team's report counts the authority's unallocated children (the manager allocates them).
    """
    workers = [w.record() for w in store.workers(team=team)]
    if team is None:
        facts = store.child_facts()
        unallocated = sum(1 for f in facts if f.worker_id is None)
        facts = [f for f in facts if f.worker_id is not None]
    else:
        facts = store.child_facts(team=team)
        unallocated = store.unallocated_children()
    return workers, facts, unallocated


def load_team_report(
    store: Reads, engines: TeamEngines, team: str | None, today: date, history: bool = True
) -> TeamReport:
    """The dashboard's figures for ``team`` (None: the whole authority) on ``today``.

    Without ``history`` (the first view) no child's facts come back here: the overdue items are
    evaluated by :func:`evaluation.due_and_gaps` (on both cores for a large authority) and the
    caseload counts come from each open child's worker.
    """
    if history:
        workers, facts, unallocated = load_inputs(store, team)
        return team_report(team or WHOLE_AUTHORITY, workers, facts, unallocated, engines, today, history)
    from .evaluation import due_and_gaps

    workers = [w.record() for w in store.workers(team=team)]
    owners = store.open_child_workers(team)
    allocated = [w for w in owners if w is not None]
    unallocated = len(owners) - len(allocated) if team is None else store.unallocated_children()
    overdue_items, _ = due_and_gaps(store, engines.table, today, None, team, _is_overdue)
    overdue = overdue_by_worker(item for item in overdue_items if item.worker_id is not None)
    return assemble_report(
        team or WHOLE_AUTHORITY, workers, allocated, unallocated, overdue, {}, [], engines.table, today
    )


def _is_overdue(item: DueItem) -> bool:
    return item.status == "overdue"


def add_history(report: TeamReport, facts: Sequence[ChildFacts], engines: TeamEngines) -> TeamReport:
    """Fill in the past figures of a report made with ``history=False``."""
    timeliness = visit_timeliness(engines.visits_only, facts, report.today)
    trend = overdue_trend(engines.items_only, facts, report.today)
    return with_history(report, timeliness, trend)
