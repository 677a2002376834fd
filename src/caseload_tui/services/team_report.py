"""The team manager's report from a workspace: load the inputs, hand them to
:mod:`..domain.team`. Shared by the dashboard screen (in a thread worker) and
``caseload team-report``."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

from ..domain.engine import ChildFacts
from ..domain.records import WorkerRecord
from ..domain.team import Past, TeamReport, past_figures, team_report, with_history

if TYPE_CHECKING:
    from .workspace import Workspace

WHOLE_AUTHORITY = "Whole authority"


def load_inputs(workspace: Workspace, team: str | None) -> tuple[list[WorkerRecord], Past, int]:
    """The team's workers; the children its past figures are about (its open children now,
    and those once allocated to one of its workers) with their allocation histories; and the
    unallocated count. One read of the children's facts serves the whole report.

    ``team=None``: every worker and every open child. Unallocated children belong to no team,
    so a team's report counts the authority's unallocated children (the manager allocates them).
    """
    store = workspace.store
    staff = store.workers(team=team)
    workers = [w.record() for w in staff]
    facts, allocations = store.team_history(team)
    if team is None:
        unallocated = sum(1 for f in facts if f.worker_id is None)
        return workers, Past(facts, allocations), unallocated
    members = frozenset(w.worker_id for w in staff)
    return workers, Past(facts, allocations, members), store.unallocated_children()


def current(past: Past) -> list[ChildFacts]:
    """The children allocated now to the team's workers (to anyone, for the whole authority)."""
    if past.members is None:
        return [f for f in past.children if f.worker_id is not None]
    return [f for f in past.children if f.worker_id in past.members]


def load_team_report(workspace: Workspace, team: str | None, today: date) -> TeamReport:
    """The dashboard's figures for ``team`` (None: the whole authority) on ``today``, past
    figures (visits in time, the trend) included, each with the worker allocated at the time."""
    workers, past, unallocated = load_inputs(workspace, team)
    engines = workspace.team_engines
    return team_report(
        team or WHOLE_AUTHORITY, workers, current(past), unallocated, engines, today, past=past
    )


def first_report(workspace: Workspace, team: str | None, today: date) -> tuple[TeamReport, Past]:
    """The dashboard's first view of ``team`` (None: the whole authority) without the past
    figures yet, and what :func:`add_history` needs to add them."""
    workers, past, unallocated = load_inputs(workspace, team)
    engines = workspace.team_engines
    name = team or WHOLE_AUTHORITY
    return team_report(name, workers, current(past), unallocated, engines, today, history=False), past


def add_history(workspace: Workspace, report: TeamReport, past: Past) -> TeamReport:
    """Fill in the past figures of a report made by :func:`first_report`."""
    timeliness, trend = past_figures(workspace.team_engines, [], report.today, past)
    return with_history(report, timeliness, trend)
