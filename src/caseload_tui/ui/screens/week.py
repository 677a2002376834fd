"""My week: what is overdue and what falls due, beside a Monday-Friday planner of visits."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, timedelta
from typing import TYPE_CHECKING

from rich.text import Text
from textual import work
from textual.app import ComposeResult
from textual.containers import Horizontal
from textual.widgets import DataTable, Footer, Header, Static

from ...domain.dates import long_date, monday_of
from ..actions import WEEK_ACTIONS
from ..base import DataScreen, TextTable
from ..week_rows import (
    NARROW,
    NARROW_COLUMNS,
    WIDE_COLUMNS,
    planner_text,
    stale_warning,
    week_cells,
    week_rows,
)

if TYPE_CHECKING:
    from ...services.recording import Change
    from ...services.workspace import DueRow, WeekView


class MyWeekScreen(DataScreen):
    """The landing screen."""

    BINDINGS = [a.binding() for a in WEEK_ACTIONS]

    def __init__(self) -> None:
        super().__init__()
        self.view: WeekView | None = None
        self.loaded = False
        self.week_start: date | None = None
        self.rows: list[DueRow] = []

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static("", id="review-banner", classes="warning-banner")
        yield Static(
            "Due: overdue first, then this week and next  ⚠ a practice warning: open the child",
            classes="section-title",
        )
        # few widgets: each one costs the first frame a few milliseconds
        with Horizontal(id="week-body"):
            yield TextTable(id="due-table", cursor_type="row", zebra_stripes=True)
            yield Static("", id="planner")
        yield Footer(compact=True)

    @property
    def narrow(self) -> bool:
        """Too narrow a terminal for the planner beside the list (80 columns, say)."""
        return self.app.size.width < NARROW

    def on_mount(self) -> None:
        self.query_one("#review-banner", Static).display = False
        self.query_one("#planner").display = not self.narrow
        if self.caseload.ready:
            self.refresh_data()
        else:  # the first frame: the app is opening the database, and shows the week after
            self.show_message("Opening the database…")

    def refresh_data(self) -> None:
        worker_id = self.caseload.worker_id
        if worker_id is None or not self.caseload.ready:
            return  # the app shows the week once the database is open and the worker known
        self.load_week(worker_id, self.caseload.today, self.week_start)

    @work(thread=True, exclusive=True, group="load", name="loading the week", exit_on_error=False)
    def load_week(self, worker_id: str, today: date, start: date | None) -> None:
        self.deliver(self.show, self.workspace.week(worker_id, today, start))

    def show(self, view: WeekView) -> None:
        self.view, self.week_start = view, view.week_start
        workspace = self.caseload.workspace
        review = workspace.review_warning(view.today) if workspace else None
        stale = stale_warning(view.today, self.caseload.data_changed)
        audit = self.caseload.audit_warning
        self._show_warning("\n".join(w for w in (audit, stale, review) if w) or None)
        self.paint()

    def on_resize(self) -> None:
        planner = self.query_one("#planner")
        if planner.display == self.narrow:  # crossed the line: the dates change length too
            planner.display = not self.narrow
            self.paint()

    def _show_warning(self, warning: str | None) -> None:
        banner = self.query_one("#review-banner", Static)
        banner.update(Text(warning or ""))
        banner.display = warning is not None

    def paint(self) -> None:
        """Fill the due list and the planner from the week loaded."""
        if self.view is None:
            return
        self.loaded = True
        self.rows = week_rows(self.view)
        cells = week_cells(self.view, self.narrow)
        if cells:
            self._fill(cells)
        else:
            self.show_message("Nothing overdue or due in the next two weeks")
        self.query_one("#planner", Static).update(planner_text(self.view))

    def show_message(self, message: str) -> None:
        """A line in place of the due list, e.g. when there is nothing to show yet."""
        self.rows = []
        self._fill([("", "", "", Text(message), "")])  # in the column that takes the room left

    def _fill(self, rows: Sequence[Sequence[str | Text]]) -> None:
        columns = NARROW_COLUMNS if self.narrow else WIDE_COLUMNS
        self.query_one("#due-table", TextTable).fill(columns, rows)

    # -- actions ----------------------------------------------------------------------------------

    def selected(self) -> DueRow | None:
        if self.caseload.not_ready():
            return None
        table = self.query_one("#due-table", DataTable)
        if not self.rows or table.cursor_row < 0 or table.cursor_row >= len(self.rows):
            self.app.notify("Select a due item first", severity="warning")
            return None
        return self.rows[table.cursor_row]

    def on_data_table_row_selected(self, event: DataTable.RowSelected) -> None:
        # the focused table takes Enter for itself (select_cursor), before the screen's binding
        self.action_open_child()

    def action_open_child(self) -> None:
        if (row := self.selected()) is not None:
            self.caseload.open_child(row.item.child_id)

    def action_previous_week(self) -> None:
        self._move_week(-7)

    def action_next_week(self) -> None:
        self._move_week(7)

    def _move_week(self, days: int) -> None:
        self.week_start = (self.week_start or monday_of(self.caseload.today)) + timedelta(days=days)
        self.refresh_data()

    def action_plan_day(self, day: int) -> None:
        """Plan a visit to the selected item's child on day 1-5 (Mon-Fri) of the planner's week."""
        row = self.selected()
        worker_id = self.caseload.worker_id
        if row is None or worker_id is None:
            return
        on = (self.week_start or monday_of(self.caseload.today)) + timedelta(days=day - 1)
        if on < self.caseload.today:
            self.app.notify(f"{long_date(on)} has passed: plan a later day", severity="warning")
            return
        self.plan_visit(row.item.child_id, worker_id, on)

    @work(thread=True, group="write", name="planning the visit", exit_on_error=False)
    def plan_visit(self, child_id: str, worker_id: str, on: date) -> None:
        change = self.workspace.plan_visit(child_id, worker_id, on, self.caseload.today)
        self.app.call_from_thread(self._planned, change)

    def _planned(self, change: Change | None) -> None:
        if change is not None:
            self.caseload.changed(change, title="Planned")
            self.refresh_data()

    def action_plan_visit(self) -> None:
        row = self.selected()
        worker_id = self.caseload.worker_id
        if row is None or worker_id is None:
            return
        workspace, today, child_id = self.workspace, self.caseload.today, row.item.child_id

        def save(on: date, confirmed: bool) -> Change:
            return workspace.plan_visit(child_id, worker_id, on, today)

        from .forms import PlanVisitForm

        visit_due = self.view.visit_due.get(child_id) if self.view else None
        self.app.push_screen(PlanVisitForm(row.child_name, visit_due, today, save=save), self._planned)

    def action_record_visit(self) -> None:
        row = self.selected()
        if row is None:
            return
        must_say = row.plan_type == "cp"
        self.caseload.record_for(row.item.child_id, row.child_name, "visit", must_say, self.refresh_data)
