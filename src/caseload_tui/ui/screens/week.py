"""My week: what is overdue and what falls due, beside a Monday-Friday planner of visits."""

from __future__ import annotations

from datetime import date, timedelta
from typing import TYPE_CHECKING

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.widgets import DataTable, Footer, Header, Static

from ...domain.dates import long_date
from ..actions import WEEK_ACTIONS
from ..base import DataScreen, TextTable
from ..data import DueRow, WeekView, monday_of

if TYPE_CHECKING:
    from .forms import EventInput  # the forms load when first opened

STATUS_STYLE = {"overdue": "bold red", "due_today": "bold yellow", "due_soon": "yellow", "upcoming": "green"}


def status_text(row: DueRow, section: str) -> Text:
    """Overdue by how much, due today, or which week; coloured by urgency."""
    item = row.item
    if item.status == "overdue":
        return Text(f"{item.days_overdue}d overdue", style=STATUS_STYLE["overdue"])
    if item.status == "due_today":
        return Text("due TODAY", style=STATUS_STYLE["due_today"])
    return Text(section, style=STATUS_STYLE[item.status])


def planned_text(row: DueRow) -> Text:
    if row.planned_on is None:
        return Text("")
    style = "bold red" if row.planned_too_late else "cyan"
    suffix = " LATE" if row.planned_too_late else ""
    return Text(f"{row.planned_on:%a %d %b}{suffix}", style=style)


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
        with Horizontal(id="week-body"):
            with Vertical(id="due-pane"):
                yield Static("Due: overdue first, then this week and next", classes="section-title")
                yield TextTable(id="due-table", cursor_type="row", zebra_stripes=True)
            with Vertical(id="planner"):
                yield Static("", id="planner-title")
                for i in range(5):
                    yield Static("", id=f"day-{i}", classes="day")
        yield Footer()

    def on_mount(self) -> None:
        table = self.query_one("#due-table", DataTable)
        table.add_columns("Due", "Status", "Child", "Due item", "Planned")
        self.query_one("#review-banner", Static).display = False
        first = self.caseload.take_first_week() if self.caseload.ready else None
        if first is not None:
            self.show(first)
        else:
            self.refresh_data()

    def refresh_data(self) -> None:
        worker_id = self.caseload.worker_id
        if worker_id is None or not self.caseload.ready:
            return  # the app calls again once the database is open and the worker known
        today, start = self.caseload.today, self.week_start
        self.run_db(lambda: self.caseload.data.week(worker_id, today, start), self.show)

    def show(self, view: WeekView) -> None:
        self.view, self.week_start = view, view.week_start
        banner = self.query_one("#review-banner", Static)
        warning = self.caseload.table.review_warning(view.today) if self.caseload.table else None
        banner.update(Text(warning or ""))
        banner.display = warning is not None
        if not self.loaded:
            self.call_after_refresh(self.caseload.first_view_shown)
        self.loaded = True
        table = self.query_one("#due-table", DataTable)
        selected = table.cursor_row
        table.clear()
        self.rows = []
        sections = (("overdue", view.overdue), ("this week", view.this_week), ("next week", view.next_week))
        for section, rows in sections:
            for row in rows:
                item = row.item
                due = f"{item.due:%a %d %b}" if item.due.year == view.today.year else f"{item.due:%d/%m/%Y}"
                table.add_row(due, status_text(row, section), row.child_name, item.label, planned_text(row))
                self.rows.append(row)
        if self.rows:
            table.move_cursor(row=min(selected, len(self.rows) - 1))
        else:
            table.add_row("", "", "Nothing overdue or due in the next two weeks", "", "")
        self._show_planner(view)

    def show_message(self, message: str) -> None:
        """A line in place of the due list, e.g. when there is nothing to show yet."""
        table = self.query_one("#due-table", DataTable)
        table.clear()
        self.rows = []
        table.add_row("", "", Text(message), "", "")

    def _show_planner(self, view: WeekView) -> None:
        end = view.week_start + timedelta(days=4)
        self.query_one("#planner-title", Static).update(f"Planned {view.week_start:%d %b} – {end:%d %b}")
        for i, (day, visits) in enumerate(sorted(view.planned.items())):
            lines = [Text(f"{i + 1}  {day:%a %d %b}", style="bold")]
            for visit, name in visits:
                due = next(
                    (
                        r.item.due
                        for r in self.rows
                        if r.item.child_id == visit.child_id and r.item.kind == "visit"
                    ),
                    None,
                )
                late = due is not None and visit.on > due
                lines.append(Text(f"  {name}" + (" LATE" if late else ""), style="bold red" if late else ""))
            box = self.query_one(f"#day-{i}", Static)
            box.update(Text("\n").join(lines))
            box.set_class(day == view.today, "day-today")

    # -- actions ----------------------------------------------------------------------------------

    def selected(self) -> DueRow | None:
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
        self._plan(row, worker_id, on)

    def action_plan_visit(self) -> None:
        row = self.selected()
        worker_id = self.caseload.worker_id
        if row is None or worker_id is None:
            return

        def chosen(on: date | None) -> None:
            if on is not None:
                self._plan(row, worker_id, on)

        from .forms import PlanVisitForm

        self.app.push_screen(PlanVisitForm(row.child_name, row.item.due, self.caseload.today), chosen)

    def _plan(self, row: DueRow, worker_id: str, on: date) -> None:
        child_id = row.item.child_id
        if on < self.caseload.today:
            self.app.notify(f"{long_date(on)} has passed: plan a later day", severity="warning")
            return

        def done(_: object) -> None:
            visit_due = next(
                (r.item.due for r in self.rows if r.item.child_id == child_id and r.item.kind == "visit"),
                None,
            )
            if visit_due is not None and on > visit_due:
                self.app.notify(
                    f"Planned {long_date(on)}, after the visit due date {long_date(visit_due)}",
                    title="Planned too late", severity="warning",
                )  # fmt: skip
            else:
                self.app.notify(f"Visit to {row.child_name} planned for {long_date(on)}")
            self.refresh_data()

        self.run_db(lambda: self.caseload.data.plan_visit(child_id, worker_id, on), done, group="write")

    def action_record_visit(self) -> None:
        row = self.selected()
        if row is None:
            return
        child_id, name = row.item.child_id, row.child_name

        def save(entry: EventInput | None) -> None:
            if entry is not None:
                self.caseload.save_event(child_id, name, entry, self.refresh_data)

        from .forms import RecordEventForm

        self.app.push_screen(RecordEventForm(name, self.caseload.today, kind="visit"), save)
