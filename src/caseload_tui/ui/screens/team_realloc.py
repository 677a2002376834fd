"""Reallocating a child: the form (which shows whose case it is before saving), the write, and
what the new worker now owes. Shared by the dashboard, the worker's caseload opened from it and
the list of unallocated children.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from ...services.recording import Change
from ..base import DataScreen
from .team_forms import ReallocateForm, Reallocation


def start_reallocation(
    screen: DataScreen, child_id: str, workers: Sequence[tuple[str, str]], then: Callable[[], None]
) -> None:
    """Ask for the child, new worker and date; record the allocation (the form waits for it,
    and says why when it cannot); say what the new worker owes first; then ``then``."""
    app = screen.caseload
    today = app.today
    children = {c.child_id: c for c in app.children_index.children if c.is_open}
    names = {w.worker_id: w.name for w in app.workers_cache}

    def save(choice: Reallocation, confirmed: bool) -> Change:
        return screen.workspace.reallocate(choice.child_id, choice.worker_id, choice.on, today)

    def done(change: Change | None) -> None:
        if change is not None:
            app.changed(change, title="Reallocated")
            app.load_caches()  # the lookup and the palette show the new worker
            then()

    app.push_screen(ReallocateForm(workers, today, child_id, children, names, save), done)
