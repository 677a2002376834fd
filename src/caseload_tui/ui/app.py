"""The terminal app: My week, Caseload, the child, forms, lookup and the command palette."""

from __future__ import annotations

import gc
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from textual.app import App
from textual.notifications import SeverityLevel
from textual.screen import Screen
from textual.worker import Worker, WorkerState

from ..domain.dates import long_date
from ..domain.vocabulary import RECORDABLE_KINDS
from ..explain import explain
from ..store.settings_keys import MY_WORKER
from .actions import APP_ACTIONS
from .commands import CaseloadCommands
from .screens.week import MyWeekScreen
from .week_rows import header_line

if TYPE_CHECKING:
    from ..domain.records import ChildRecord
    from ..domain.table import TimescaleTable
    from ..store.read_models import Child
    from ..store.read_models import Worker as StaffMember
    from .data import CaseloadData, WeekView
    from .screens.forms import EventInput
    from .week_rows import FirstFrame

# Every other screen is imported when first opened: the first frame needs only My week, and
# from a FirstFrame not even the engine or the database layer (they load just after it).

# -> (data, the remembered worker, their first week if already worked out)
Opener = Callable[[], tuple["CaseloadData", str | None, "WeekView | None"]]


class CaseloadApp(App[None]):
    CSS_PATH = "app.tcss"
    TITLE = "caseload"
    BINDINGS = [a.binding() for a in APP_ACTIONS]
    COMMANDS = App.COMMANDS | {CaseloadCommands}

    def __init__(
        self,
        data: CaseloadData | None,
        today: date,
        worker_id: str | None = None,
        keymap: dict[str, str] | None = None,
        keymap_problems: list[str] | None = None,
        team: str | None = None,
        opener: Opener | None = None,
        first_week: WeekView | None = None,
        first_frame: FirstFrame | None = None,
    ) -> None:
        """``data``, or an ``opener`` run after the first paint (the app shows itself first).
        ``first_week``: My week's first view, if already worked out; ``first_frame``: the
        same as text, to paint before the opener has run."""
        super().__init__()
        if data is None and opener is None:
            raise ValueError("give data or an opener")
        self.opener = opener
        self.data: CaseloadData = data  # type: ignore[assignment]  # set by the opener before use
        self.table: TimescaleTable | None = data.table if data else None
        self.today = today
        self.worker_id = worker_id
        self.keymap = keymap or {}
        self.keymap_problems = keymap_problems or []
        self.team = team  # a team manager's team: open on its dashboard, no worker to pick
        self.children_cache: list[Child] = []
        self.first_week = first_week
        self.first_frame = first_frame
        self.frame_header: str | None = None  # the header line until the table is loaded
        if first_frame is not None:
            self.worker_id = worker_id or first_frame.worker_id
            self.frame_header = first_frame.header
        self.store_requested = False  # see first_view_shown
        self.first_view_painted = False
        self.opener_started = False
        self.workers_cache: list[StaffMember] = []

    def notify(
        self,
        message: str,
        *,
        title: str = "",
        severity: SeverityLevel = "information",
        timeout: float | None = None,
        markup: bool = False,
    ) -> None:
        """Notifications carry names and dates from the data: never parse them as markup."""
        super().notify(message, title=title, severity=severity, timeout=timeout, markup=markup)

    def get_default_screen(self) -> Screen[None]:
        return MyWeekScreen()

    @property
    def ready(self) -> bool:
        """Whether the database is open (false for a moment after start)."""
        return self.table is not None

    def on_mount(self) -> None:
        self.set_keymap(self.keymap)
        for problem in self.keymap_problems:
            self.notify(problem, title="keys.toml", severity="warning")
        self._titles()
        if self._frame_fits():
            # My week paints the first frame first; then (first_view_shown) the garbage collector
            # comes back on and the opener runs: either of them meanwhile would slow that paint
            return
        self.call_after_refresh(gc.enable)  # off while starting (see cli.launch)
        if self.ready:
            self.call_after_refresh(self._start)  # the caches after the first frame
        else:
            self._run_opener()

    def _run_opener(self) -> None:
        """Open the database in a thread (once, and only when the app was given an opener)."""
        if self.opener is not None and not self.ready and not self.opener_started:
            self.opener_started = True
            self.run_worker(self._open, thread=True, exit_on_error=False, name="opening the database")

    def _open(self) -> None:
        assert self.opener is not None
        try:
            data, remembered_worker, week = self.opener()
        except Exception as exc:  # a bad table, an unknown worker: say so and stop
            self.call_from_thread(self.exit, None, 2, f"caseload: {explain(exc, self.database_file)}")
            return
        self.call_from_thread(self._opened, data, remembered_worker, week)

    def _opened(self, data: CaseloadData, remembered_worker: str | None, week: WeekView | None) -> None:
        self.data, self.table = data, data.table
        self.worker_id = self.worker_id or remembered_worker
        self.first_week = week
        home = self.screen_stack[0]
        if isinstance(home, MyWeekScreen) and (ready := self.take_first_week()) is not None:
            self._titles()
            home.show(ready)  # worked out while the app was starting: show it, then load the rest
            self.call_after_refresh(self._start)
            self.call_after_refresh(self._open_store)
            return
        self._start()
        if isinstance(home, MyWeekScreen):
            home.refresh_data()

    def take_first_frame(self) -> FirstFrame | None:
        """My week's first frame, if worked out before the app started (once only)."""
        frame, fits, self.first_frame = self.first_frame, self._frame_fits(), None
        return frame if fits else None

    def _frame_fits(self) -> bool:
        frame = self.first_frame
        return frame is not None and (frame.worker_id, frame.today) == (self.worker_id, self.today)

    def take_first_week(self) -> WeekView | None:
        """My week's first view if it was worked out before the app started (once only)."""
        week, self.first_week = self.first_week, None
        if week is None or week.worker is None:
            return None
        return week if (week.worker.worker_id, week.today) == (self.worker_id, self.today) else None

    def _start(self) -> None:
        self._titles()
        if self.team is not None:
            self.open_dashboard(self.team)
        self.run_worker(self._load_caches, thread=True, exit_on_error=False, group="caches", name="caches")

    def first_view_shown(self) -> None:
        """A screen has painted its first data (called after that refresh). What waited for it
        starts once whatever else that refresh set off has run: the garbage collector back on,
        the opener (after a first frame), and the database layer for writing (~0.4 s, in the
        background, so that neither the first view nor the first save waits for it)."""
        if not self.first_view_painted:
            self.first_view_painted = True
            self.call_later(self._after_first_view)

    def _after_first_view(self) -> None:
        gc.enable()  # if still off (see on_mount)
        self._run_opener()  # if not run yet
        self._open_store()

    def _open_store(self) -> None:
        if self.ready and self.first_view_painted and not self.store_requested:
            self.store_requested = True
            self.run_worker(
                lambda: self.data.store, thread=True, exit_on_error=False, name="opening the store"
            )

    def not_ready(self) -> bool:
        if not self.ready:
            self.notify("Opening the database…")
        return not self.ready

    def _load_caches(self) -> None:
        workers, children = self.data.workers(), self.data.children()
        self.call_from_thread(self._caches_loaded, workers, children)

    def _caches_loaded(self, workers: list[StaffMember], children: list[Child]) -> None:
        self.workers_cache, self.children_cache = workers, children
        # the caches live as long as the app: keep the cyclic collector from re-scanning them
        # (with 10,000 children a full collection otherwise stalls a keystroke by ~100 ms)
        gc.freeze()
        known = any(w.worker_id == self.worker_id for w in workers)
        if self.team is None and (self.worker_id is None or not known):
            if not workers:
                message = "No workers yet: import workers.csv, then children.csv (see README)"
                self.notify(message, severity="warning")
                home = self.screen_stack[0]
                if isinstance(home, MyWeekScreen):
                    home.show_message(message)
                return
            from .screens.pick_worker import PickWorkerScreen

            self.push_screen(PickWorkerScreen(workers), self._picked)
        self._titles()

    def _picked(self, worker_id: str | None) -> None:
        if worker_id is not None:
            self.set_worker(worker_id)

    def set_worker(self, worker_id: str) -> None:
        """Work as ``worker_id`` (remembered), and show their week."""
        self.worker_id = worker_id
        self.run_worker(
            lambda: self.data.store.set_setting(MY_WORKER, worker_id),
            thread=True,
            exit_on_error=False,
            name="settings",
        )
        self._titles()
        self.action_my_week()

    def _titles(self) -> None:
        worker = next((w for w in self.workers_cache if w.worker_id == self.worker_id), None)
        self.title = f"caseload · {worker.name}" if worker else "caseload"
        if self.table is not None:
            self.sub_title = header_line(self.today, self.table)
        else:
            self.sub_title = self.frame_header or f"{long_date(self.today)} · opening the database…"

    # -- navigation -----------------------------------------------------------------------------

    def action_my_week(self) -> None:
        while len(self.screen_stack) > 1:
            self.pop_screen()
        screen = self.screen
        if isinstance(screen, MyWeekScreen):
            screen.week_start = None
            screen.refresh_data()

    def action_caseload(self) -> None:
        if self.not_ready():
            return
        from .screens.caseload import CaseloadScreen

        if not isinstance(self.screen, CaseloadScreen):
            self.push_screen(CaseloadScreen(self.worker_id))

    def action_dashboard(self) -> None:
        """The team dashboard: the manager's team, else the current worker's, else the first."""
        if self.not_ready():
            return
        worker = next((w for w in self.workers_cache if w.worker_id == self.worker_id), None)
        team = self.team or (worker.team if worker else None)
        team = team or min((w.team for w in self.workers_cache), default=None)
        if team is None:
            self.notify("No teams yet: import workers.csv first (see README)", severity="warning")
        else:
            self.open_dashboard(team)

    def open_dashboard(self, team: str) -> None:
        from .screens.dashboard import DashboardScreen  # loaded when a manager first asks

        screen = self.screen
        if not (isinstance(screen, DashboardScreen) and screen.team == team):
            self.push_screen(DashboardScreen(team))

    def action_lookup(self) -> None:
        def chosen(child_id: str | None) -> None:
            if child_id is not None:
                self.open_child(child_id)

        from .screens.lookup import LookupScreen

        self.push_screen(LookupScreen(), chosen)

    def action_new_child(self) -> None:
        if self.not_ready():
            return
        self.edit_child(None)

    def edit_child(self, child: Child | None, then: Callable[[], None] | None = None) -> None:
        """Add a child (None) or change one: facts, plan, placement, allocation."""

        def save(record: ChildRecord | None) -> None:
            if record is None:
                return

            def work() -> None:
                self.data.store.upsert_children([record])
                workers, children = self.data.workers(), self.data.children()
                self.call_from_thread(self._caches_loaded, workers, children)
                self.call_from_thread(
                    self.notify, f"Saved {record.given_name} {record.family_name}", title="Saved"
                )
                if then is not None:
                    self.call_from_thread(then)
                elif child is None:
                    self.call_from_thread(self.open_child, record.child_id)

            self.run_worker(work, thread=True, exit_on_error=False, group="write", name="save child")

        from .screens.child_form import ChildForm

        self.push_screen(ChildForm(self.today, self.workers_cache, child, self.worker_id), save)

    def action_help(self) -> None:
        from .screens.help import HelpScreen

        self.push_screen(HelpScreen(self.keymap))

    def open_child(self, child_id: str) -> None:
        if self.not_ready():
            return
        from .screens.child import ChildScreen

        self.push_screen(ChildScreen(child_id))

    # -- writes ------------------------------------------------------------------------------------

    def save_event(self, child_id: str, name: str, entry: EventInput, then: Callable[[], None]) -> None:
        """Record an event off the UI thread; say what moved; refresh the screen that asked."""

        def work() -> None:
            self.data.record_event(
                child_id, entry.kind, entry.on, seen_alone=entry.seen_alone, unannounced=entry.unannounced,
                note=entry.note, booked=entry.booked,
            )  # fmt: skip
            view = self.data.child(child_id, self.today)
            self.call_from_thread(
                self._saved, name, entry, view.due.next_due(entry.kind) if view and view.due else None
            )
            self.call_from_thread(then)

        self.run_worker(work, thread=True, exit_on_error=False, group="write", name="save")

    def _saved(self, name: str, entry: EventInput, next_item: object) -> None:
        from ..domain.engine import DueItem

        label = RECORDABLE_KINDS.get(entry.kind, entry.kind)
        done = "booked" if entry.booked else "recorded"
        message = f"{label} {done} for {name} on {long_date(entry.on)}."
        if isinstance(next_item, DueItem):
            message += f" Next due {long_date(next_item.due)} ({next_item.rule.id})."
        self.notify(message, title="Saved")

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        if event.state == WorkerState.ERROR:
            error = event.worker.error
            self.notify(
                explain(error, self.database_file) if error else "something went wrong",
                title="Could not complete", severity="error",
            )  # fmt: skip

    @property
    def database_file(self) -> Path | None:
        data: CaseloadData | None = self.data
        return data.reads.database_file if data is not None else None

    def _fatal_error(self) -> None:
        """Textual's crash report, without the local variables it shows by default: they may
        hold a child's record. (Textual has no setting for this; a test checks the override.)"""
        import rich
        from rich.segment import Segments
        from rich.traceback import Traceback

        self.bell()
        traceback = Traceback(show_locals=False, width=None, suppress=[rich])
        self._exit_renderables.append(Segments(self.console.render(traceback, self.console.options)))
        self._close_messages_no_wait()


def keys_file() -> Path:
    from platformdirs import user_config_path

    return user_config_path("caseload-tui", appauthor=False) / "keys.toml"
