"""Reallocating a child: the form, the write in a thread worker, and what the new worker now owes.

Shared by the dashboard and the worker's caseload opened from it.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from textual import work

from ...domain.dates import long_date
from ...domain.engine import DueItem
from ...services.models import Child
from ..base import DataScreen
from .team_forms import ReallocateForm, Reallocation


def start_reallocation(
    screen: DataScreen, child_id: str, workers: Sequence[tuple[str, str]], then: Callable[[], None]
) -> None:
    """Ask for the child, new worker and date; record the allocation; say what falls due."""
    app = screen.caseload
    current = {c.child_id: c.worker_id for c in app.children_index.children}
    names = dict(workers)

    def chosen(choice: Reallocation | None) -> None:
        if choice is not None:
            reallocate(screen, choice, names.get(choice.worker_id, choice.worker_id), then)

    app.push_screen(ReallocateForm(workers, app.today, child_id, current), chosen)


@work(thread=True, group="write", name="reallocating", exit_on_error=False)
def reallocate(screen: DataScreen, choice: Reallocation, name: str | None, then: Callable[[], None]) -> None:
    """Record the allocation (in a thread worker of ``screen``), then say what the new worker owes."""
    app = screen.caseload
    child = screen.workspace.reallocate(choice.child_id, choice.worker_id, choice.on)
    view = screen.workspace.child(choice.child_id, app.today)
    visit = view.due.next_due("visit") if view is not None and view.due else None
    app.call_from_thread(_reallocated, screen, child, visit, name, choice, then)


def _reallocated(
    screen: DataScreen, child: Child, visit: DueItem | None, name: str | None, choice: Reallocation,
    then: Callable[[], None],
) -> None:  # fmt: skip
    app = screen.caseload
    app.load_caches()  # the lookup and the palette show the new worker
    message = f"{child.child_id} allocated to {name or 'nobody (unallocated)'} from {long_date(choice.on)}."
    if visit is not None:
        message += f" Visit due by {long_date(visit.due)} ({visit.rule.id})."
    app.notify(message, title="Reallocated")
    then()
