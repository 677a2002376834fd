"""Reallocating a child: the form, the write in a thread worker, and what the new worker now owes.

Shared by the dashboard and the worker's caseload opened from it.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from ...domain.dates import long_date
from ...domain.engine import DueItem
from ...store.read_models import Child
from ..base import DataScreen
from .team_forms import ReallocateForm, Reallocation


def start_reallocation(
    screen: DataScreen, child_id: str, workers: Sequence[tuple[str, str]], then: Callable[[], None]
) -> None:
    """Ask for the child, new worker and date; record the allocation; say what falls due."""
    app = screen.caseload
    current = {c.child_id: c.worker_id for c in app.children_cache}
    names = dict(workers)

    def chosen(choice: Reallocation | None) -> None:
        if choice is None:
            return

        def job() -> tuple[Child, DueItem | None]:
            child = app.data.store.reallocate(choice.child_id, choice.worker_id, choice.on)
            view = app.data.child(choice.child_id, app.today)
            return child, view.due.next_due("visit") if view is not None and view.due else None

        def done(result: tuple[Child, DueItem | None]) -> None:
            child, visit = result
            app.children_cache = [child if c.child_id == child.child_id else c for c in app.children_cache]
            name = names.get(choice.worker_id, choice.worker_id)
            message = f"{child.child_id} allocated to {name} from {long_date(choice.on)}."
            if visit is not None:
                message += f" Visit due by {long_date(visit.due)} ({visit.rule.id})."
            app.notify(message, title="Reallocated")
            then()

        screen.run_db(job, done, group="write")

    app.push_screen(ReallocateForm(workers, app.today, child_id, current), chosen)
