"""The terminal app: My week, Caseload, the child, forms, lookup and the command palette.

One start-up path on every OS: the app paints My week's frame at once (its chrome and a line
saying the database is opening), and one thread worker opens the workspace, works out the
week and loads the names the lookup and the palette search. Every screen does its database
work in named thread workers, and one handler here turns any worker's failure into a message.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from textual import work
from textual.app import App
from textual.notifications import SeverityLevel
from textual.screen import Screen
from textual.worker import Worker, WorkerState

from ..domain.dates import long_date
from ..services.explain import Refusal, explain
from ..services.lock import idle_minutes, lock_kind, pin_is_set
from ..services.lookup import ChildIndex
from ..services.recording import Change
from .actions import APP_ACTIONS
from .base import SAVING, DataScreen, Form
from .commands import CaseloadCommands
from .idle import IdleLockApp
from .screens.week import MyWeekScreen
from .week_rows import header_line

if TYPE_CHECKING:
    from ..domain.records import ChildRecord
    from ..domain.table import TimescaleTable
    from ..services.models import Child
    from ..services.models import Worker as StaffMember
    from ..services.workspace import WeekView, Workspace
    from .screens.forms import EventInput

# Every other screen is imported when first opened: the first frame needs only My week.

OPENING = "opening the database"  # the worker that opens the workspace: its failure ends the app
Opener = Callable[[], "Workspace"]


class CaseloadApp(IdleLockApp):
    CSS_PATH = "app.tcss"
    TITLE = "caseload"
    BINDINGS = [a.binding() for a in APP_ACTIONS]
    COMMANDS = App.COMMANDS | {CaseloadCommands}

    def __init__(
        self,
        workspace: Workspace | Opener,
        today: date,
        worker_id: str | None = None,
        keymap: dict[str, str] | None = None,
        keymap_problems: list[str] | None = None,
        team: str | None = None,
    ) -> None:
        """``workspace``, or a function that opens one (run in a thread after the first frame)."""
        super().__init__()
        self.opener: Opener = workspace if callable(workspace) else (lambda: workspace)
        self.workspace: Workspace | None = None  # set once opened
        self.today = today
        self.worker_id = worker_id
        self.keymap = keymap or {}
        self.keymap_problems = keymap_problems or []
        self.team = team  # a team manager's team: open on its dashboard, no worker to pick
        self.children_index = ChildIndex.of([])  # every child, for the lookup and the palette
        self.workers_cache: list[StaffMember] = []
        self.changes: list[Change] = []  # made since the app opened, newest last: ctrl+z undoes
        self.data_changed: date | None = None  # the day the data last changed (the header says)
        self.audit_warning: str | None = None  # the audit log's chain found broken (see check_audit)
        self.audit_checked = False  # the chain has been checked since the app opened

    def notify(
        self,
        message: str,
        *,
        title: str = "",
        severity: SeverityLevel = "information",
        timeout: float | None = None,
        markup: bool = False,
    ) -> None:
        """Notifications carry names and dates from the data: never parse them as markup, and
        show nothing over the lock screen (see :mod:`.idle`)."""
        if self.locked:
            return
        super().notify(message, title=title, severity=severity, timeout=timeout, markup=markup)

    def get_default_screen(self) -> Screen[None]:
        return MyWeekScreen()

    @property
    def ready(self) -> bool:
        """Whether the workspace is open (false for a moment after start)."""
        return self.workspace is not None

    @property
    def table(self) -> TimescaleTable | None:
        return self.workspace.table if self.workspace is not None else None

    def on_mount(self) -> None:
        self.set_keymap(self.keymap)
        for problem in self.keymap_problems:
            self.notify(problem, title="keys.toml", severity="warning")
        self._titles()
        self.call_after_refresh(self.open_workspace)  # after the first frame

    # -- opening: one thread worker --------------------------------------------------------------

    @work(thread=True, exclusive=True, group="open", name=OPENING, exit_on_error=False)
    def open_workspace(self) -> None:
        """Open the workspace, check who and what the app was asked to open, work out the week
        to show, then load the names the lookup and the palette search."""
        workspace = self.opener()
        try:
            worker_id = workspace.worker_named(self.worker_id) if self.worker_id else workspace.my_worker()
            team = workspace.team_named(self.team) if self.team else None
            week = None
            if team is None and worker_id is not None and workspace.worker(worker_id) is not None:
                week = workspace.week(worker_id, self.today)
            self.data_changed = workspace.last_changed()
            lock = idle_minutes(workspace), lock_kind(workspace), pin_is_set(workspace)
        except BaseException:
            workspace.close()
            raise
        self.call_from_thread(self._opened, workspace, worker_id, team, week)
        self.call_from_thread(self.start_idle_lock, *lock)
        self.call_from_thread(self._caches_loaded, *_names(workspace, self.today))

    def _opened(
        self, workspace: Workspace, worker_id: str | None, team: str | None, week: WeekView | None
    ) -> None:
        self.workspace, self.worker_id, self.team = workspace, worker_id, team
        workspace.store.on_busy = self.waiting
        workspace.act_as(worker_id)  # the audit log's "who", beside the OS account
        self._titles()
        home = self.screen_stack[0]
        if isinstance(home, MyWeekScreen):
            if week is not None:
                home.show(week)
            else:
                home.show_message("")
        if team is not None:
            self.open_dashboard(team)
        self.check_audit()

    @work(thread=True, exclusive=True, group="audit", name="checking the audit log", exit_on_error=False)
    def check_audit(self) -> None:
        """The audit log's whole hash chain, checked once the first screen is up (never before
        the first frame); a broken chain is said in the header and on My week."""
        from ..services.audit import chain_warning

        assert self.workspace is not None
        warning = chain_warning(self.workspace.store.verify_audit())
        self.call_from_thread(self._audit_checked, warning)

    def _audit_checked(self, warning: str | None) -> None:
        self.audit_checked = True
        if warning is None:
            return
        self.audit_warning = warning
        self._titles()
        self.notify(warning, title="Audit log altered", severity="error", timeout=30)
        home = self.screen_stack[0]
        if isinstance(home, MyWeekScreen) and home.view is not None:
            home.show(home.view)

    def on_unmount(self) -> None:
        if self.workspace is not None:
            self.workspace.close()

    def not_ready(self) -> bool:
        if not self.ready:
            self.notify("Opening the database…")
        return not self.ready

    def _caches_loaded(self, workers: list[StaffMember], children: ChildIndex) -> None:
        self.workers_cache, self.children_index = workers, children
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

    def reload_caches(self) -> None:
        """The names again, after a child was added or changed."""
        self.load_caches()

    @work(thread=True, exclusive=True, group="caches", name="loading the names", exit_on_error=False)
    def load_caches(self) -> None:
        assert self.workspace is not None
        self.call_from_thread(self._caches_loaded, *_names(self.workspace, self.today))

    def _picked(self, worker_id: str | None) -> None:
        if worker_id is not None:
            self.set_worker(worker_id)

    def set_worker(self, worker_id: str) -> None:
        """Work as ``worker_id`` (remembered), and show their week."""
        self.worker_id = worker_id
        if self.workspace is not None:
            self.workspace.act_as(worker_id)
        self.remember_worker(worker_id)
        self._titles()
        self.action_my_week()

    @work(thread=True, group="write", name="remembering who you are", exit_on_error=False)
    def remember_worker(self, worker_id: str) -> None:
        assert self.workspace is not None
        self.workspace.set_my_worker(worker_id)

    def _titles(self) -> None:
        worker = next((w for w in self.workers_cache if w.worker_id == self.worker_id), None)
        self.title = f"caseload · {worker.name}" if worker else "caseload"
        if self.workspace is not None:
            self.sub_title = header_line(
                self.today, self.workspace.table, self.workspace.review, self.data_changed,
                audit_altered=self.audit_warning is not None,
            )  # fmt: skip
        else:
            self.sub_title = f"{long_date(self.today)} · opening the database…"

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

    def open_unallocated(self) -> None:
        """The children allocated to nobody, to allocate to a worker of the manager's team (or
        the worker's own, else any)."""
        if self.not_ready():
            return
        from .screens.unallocated import UnallocatedScreen

        me = next((w for w in self.workers_cache if w.worker_id == self.worker_id), None)
        team = self.team or (me.team if me else None)
        staff = [(w.worker_id, w.name) for w in self.workers_cache if team is None or w.team == team]
        self.push_screen(UnallocatedScreen(staff))

    def open_audit(self, child_id: str | None = None) -> None:
        """The audit log (for managers): who changed what and who looked; one child's, or all."""
        if self.not_ready():
            return
        from .screens.audit import AuditScreen

        self.push_screen(AuditScreen(child_id))

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
        assert self.workspace is not None
        workspace = self.workspace

        def save(record: ChildRecord, confirmed: bool) -> Change:
            return workspace.save_child(record)

        def done(change: Change | None) -> None:
            if change is None:
                return
            self.changed(change)
            self.load_caches()
            if then is not None:
                then()
            elif child is None and change.child_id:
                self.open_child(change.child_id)

        from .screens.child_form import ChildForm

        self.push_screen(ChildForm(self.today, self.workers_cache, child, self.worker_id, save), done)

    def action_help(self) -> None:
        from .screens.help import HelpScreen

        self.push_screen(HelpScreen(self.keymap))

    def open_child(self, child_id: str) -> None:
        if self.not_ready():
            return
        from .screens.child import ChildScreen

        self.push_screen(ChildScreen(child_id))

    # -- changes: said when made, undone with ctrl+z ----------------------------------------------

    def changed(self, change: Change, title: str = "Saved") -> None:
        """A change was made: say what it did and moved, and keep it for undo."""
        if change.change_id:
            self.changes.append(change)
            self.data_changed = max(self.data_changed or self.today, self.today)
            self._titles()
        if change.warning:
            self.notify(change.description, title=title, severity="warning", timeout=12)
        else:
            self.notify(change.description, title=title)

    def record_for(
        self, child_id: str, name: str, kind: str, must_say: bool, then: Callable[[], None]
    ) -> None:
        """The record form for a child; the form saves (and says why when it cannot)."""
        assert self.workspace is not None
        workspace, today = self.workspace, self.today

        def save(entry: EventInput, confirmed: bool) -> Change:
            return workspace.record_event(
                child_id, entry.kind, entry.on, today, seen_alone=entry.seen_alone,
                unannounced=entry.unannounced, note=entry.note, booked=entry.booked, confirmed=confirmed,
            )  # fmt: skip

        def done(change: Change | None) -> None:
            if change is not None:
                self.changed(change)
                then()

        from .screens.forms import RecordEventForm

        self.push_screen(RecordEventForm(name, today, kind, must_say=must_say, save=save), done)

    def action_undo(self) -> None:
        if self.not_ready():
            return
        if not self.changes:
            self.notify(
                "Nothing to undo: changes made since the app opened can be undone", severity="warning"
            )
            return
        self.undo(self.changes[-1])

    @work(thread=True, exclusive=True, group="write", name="undoing", exit_on_error=False)
    def undo(self, change: Change) -> None:
        assert self.workspace is not None
        said = self.workspace.undo(change)
        self.call_from_thread(self._undone, change, said)

    def _undone(self, change: Change, said: str) -> None:
        if change in self.changes:
            self.changes.remove(change)
        self.notify(said, title="Undone")
        self.load_caches()
        screen = self.screen
        if isinstance(screen, DataScreen):
            screen.refresh_data()

    def waiting(self, waits: int) -> bool:
        """While another caseload (an import, another laptop's app) holds the database's write
        lock: say so, and wait a little longer; the form says so if it is still busy then."""
        self.call_from_thread(
            self.notify, "The database is busy (another caseload is saving): waiting…", severity="warning"
        )
        return waits < 3

    # -- the one error handler ---------------------------------------------------------------------

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        self.worker_changed(event)

    def worker_changed(self, event: Worker.StateChanged) -> None:
        """The one error handler: every worker's failure, the app's and every screen's and
        form's (they hand their workers' news here), as a plain message, never a traceback.
        Failing to open the database (or an unknown worker or team) ends the app; a form's
        failed save is said in the form."""
        if event.state != WorkerState.ERROR:
            return
        error = event.worker.error
        message = explain(error, self.database_file) if error is not None else "something went wrong"
        if event.worker.name == OPENING:
            self.exit(None, 2, f"caseload: {message}")
            return
        form = event.worker.node
        if event.worker.name == SAVING and isinstance(form, Form) and error is not None:
            form.failed(error, message)  # said in the form, which keeps everything typed
            return
        severity: SeverityLevel = "warning" if isinstance(error, Refusal) else "error"
        self.notify(message, title="Could not complete", severity=severity)

    @property
    def database_file(self) -> Path | None:
        return self.workspace.database_file if self.workspace is not None else None

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


def _names(workspace: Workspace, today: date) -> tuple[list[StaffMember], ChildIndex]:
    """The workers and every child, indexed for the lookup (in a thread worker)."""
    return workspace.workers(), ChildIndex.of(workspace.children(), today)


def keys_file() -> Path:
    from platformdirs import user_config_path

    return user_config_path("caseload-tui", appauthor=False) / "keys.toml"
