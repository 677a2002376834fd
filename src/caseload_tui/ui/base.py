"""What every screen shares: database work in thread workers, errors as notifications."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any, TypeVar, cast

from textual.screen import ModalScreen, Screen
from textual.worker import Worker, WorkerState

if TYPE_CHECKING:
    from .app import CaseloadApp

T = TypeVar("T")


class WorkerErrors:
    """Mixin: a failed worker shows a notification instead of ending the app."""

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        if event.state == WorkerState.ERROR:
            error = event.worker.error
            message = str(error) if error is not None else "something went wrong"
            self.app.notify(message, title="Could not complete", severity="error")  # type: ignore[attr-defined]


class DataScreen(WorkerErrors, Screen[None]):
    """A screen whose data comes from the database, loaded off the UI thread."""

    @property
    def caseload(self) -> CaseloadApp:
        return cast("CaseloadApp", self.app)

    def run_db(self, job: Callable[[], T], done: Callable[[T], Any], group: str = "load") -> None:
        """Run ``job`` in a thread; hand its result to ``done`` on the UI thread."""

        def work() -> None:
            result = job()
            self.app.call_from_thread(done, result)

        self.run_worker(work, thread=True, group=group, exclusive=True, exit_on_error=False, name=group)


class Modal(WorkerErrors, ModalScreen[T]):
    """A modal form or picker."""

    @property
    def caseload(self) -> CaseloadApp:
        return cast("CaseloadApp", self.app)
