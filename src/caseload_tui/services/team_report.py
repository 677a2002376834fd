"""The team manager's report from a workspace: load the inputs, hand them to
:mod:`..domain.team`. Shared by the dashboard screen (in a thread worker) and
``caseload team-report``."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import TYPE_CHECKING

from ..domain.engine import ChildFacts
from ..domain.records import WorkerRecord
from ..domain.team import (
    TeamEngines,
    TeamReport,
    overdue_trend,
    team_report,
    visit_timeliness,
    with_history,
)

if TYPE_CHECKING:
    from .workspace import Workspace

WHOLE_AUTHORITY = "Whole authority"


def load_inputs(workspace: Workspace, team: str | None) -> tuple[list[WorkerRecord], list[ChildFacts], int]:
    """The team's workers, their open children's facts and the unallocated count.

    ``team=None``: every worker and every open child. Unallocated children belong to no team,
    so a team's report counts the authority's unallocated children (the manager allocates them).
    """
    store = workspace.store
    workers = [w.record() for w in store.workers(team=team)]
    if team is None:
        facts = store.child_facts()
        unallocated = sum(1 for f in facts if f.worker_id is None)
        facts = [f for f in facts if f.worker_id is not None]
    else:
        facts = store.child_facts(team=team)
        unallocated = store.unallocated_children()
    return workers, facts, unallocated


def load_team_report(workspace: Workspace, team: str | None, today: date) -> TeamReport:
    """The dashboard's figures for ``team`` (None: the whole authority) on ``today``, past
    figures (visits in time, the trend) included."""
    workers, facts, unallocated = load_inputs(workspace, team)
    return team_report(team or WHOLE_AUTHORITY, workers, facts, unallocated, workspace.team_engines, today)


def first_report(workspace: Workspace, team: str | None, today: date) -> tuple[TeamReport, list[ChildFacts]]:
    """The dashboard's first view of ``team`` (None: the whole authority) without the past
    figures yet, and the facts to add them with :func:`add_history`."""
    workers, facts, unallocated = load_inputs(workspace, team)
    engines = workspace.team_engines
    report = team_report(team or WHOLE_AUTHORITY, workers, facts, unallocated, engines, today, history=False)
    return report, facts


def add_history(report: TeamReport, facts: Sequence[ChildFacts], engines: TeamEngines) -> TeamReport:
    """Fill in the past figures of a report made with ``history=False``."""
    timeliness = visit_timeliness(engines.visits_only, facts, report.today)
    trend = overdue_trend(engines.items_only, facts, report.today)
    return with_history(report, timeliness, trend)
