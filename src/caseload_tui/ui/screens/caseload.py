"""Caseload: every allocated child with the main due dates; sort by any column, filter as you type."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

from rich.text import Text
from textual import work
from textual.app import ComposeResult
from textual.widgets import DataTable, Footer, Header, Input, Static

from ...domain.engine import DueItem
from ...domain.wording import plural
from ...services.workspace import STATUS_ORDER, CaseloadRow
from ..actions import CASELOAD_ACTIONS
from ..base import Columns, DataScreen, SortableTable, TextTable
from ..week_rows import STATUS_STYLE, WARNED, due_text, status_text


def _due(item: DueItem | None, today: date) -> Text:
    """A due date in its status's colour (short: the status column says how late)."""
    if item is None:
        return Text("")
    return Text(due_text(item.due, today, narrow=True), style=STATUS_STYLE[item.status])


def _due_key(item: DueItem | None) -> date:
    return item.due if item is not None else date.max


# what matters most first: on a narrow terminal the last columns are cut short
COLUMNS: list[tuple[str, Callable[[CaseloadRow], Any]]] = [
    ("Child", lambda r: r.name.split()[-1] + r.name),
    ("Status", lambda r: (STATUS_ORDER[r.worst_status], _due_key(r.worst))),
    ("Next visit", lambda r: _due_key(r.next_visit)),
    ("Plan review", lambda r: _due_key(r.plan_review)),
    ("Chronology", lambda r: _due_key(r.chronology)),
    ("Case summary", lambda r: _due_key(r.case_summary)),
    ("Plan", lambda r: r.plan_type),
    ("Age", lambda r: -1 if r.age is None else r.age),
    ("Case ref", lambda r: r.child_id),
]
WIDTHS: Columns = (
    ("Child", 18), ("Status", 12), ("Next visit", 10), ("Plan review", 11), ("Chronology", 10),
    ("Case summary", 12), ("Plan", None), ("Age", 3), ("Case ref", 8),
)  # fmt: skip


class CaseloadScreen(SortableTable, DataScreen):
    BINDINGS = [a.binding() for a in CASELOAD_ACTIONS]

    def __init__(self, worker_id: str | None = None, title: str | None = None) -> None:
        super().__init__()
        self.worker_id = worker_id
        self.heading = title
        self.rows: list[CaseloadRow] = []
        self.shown: list[CaseloadRow] = []
        self.column_count = len(COLUMNS)
        self.sort_column = 2  # next visit due
        self.reverse = False

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static("", id="caseload-title", classes="section-title")
        yield Input(placeholder="Filter: type part of a name, case reference or plan", id="filter")
        yield TextTable(id="caseload", cursor_type="row", zebra_stripes=True)
        yield Footer(compact=True)

    def on_mount(self) -> None:
        self.query_one("#caseload", DataTable).focus()
        self.refresh_data()

    def refresh_data(self) -> None:
        self.load_caseload(self.worker_id, self.caseload.today)

    @work(thread=True, exclusive=True, group="load", name="loading the caseload", exit_on_error=False)
    def load_caseload(self, worker_id: str | None, today: date) -> None:
        self.deliver(self.show, self.workspace.caseload(worker_id, today))

    def show(self, rows: list[CaseloadRow]) -> None:
        self.rows = rows
        self._fill_table()

    def _fill_table(self) -> None:
        text = self.query_one("#filter", Input).value.lower().strip()
        rows = [r for r in self.rows if not text or text in f"{r.name} {r.child_id} {r.plan_type}".lower()]
        rows.sort(key=COLUMNS[self.sort_column][1], reverse=self.reverse)
        self.shown = rows
        today = self.caseload.today
        self.query_one("#caseload", TextTable).fill(
            WIDTHS,
            [
                (f"{WARNED}{r.name}" if r.warnings else r.name,
                 status_text(r.worst) if r.worst else Text("nothing due"),
                 _due(r.next_visit, today), _due(r.plan_review, today), _due(r.chronology, today),
                 _due(r.case_summary, today), r.plan_type, "" if r.age is None else str(r.age), r.child_id)
                for r in rows
            ],
        )  # fmt: skip
        order = "↓" if self.reverse else "↑"
        who = self.heading or "Caseload"
        column = COLUMNS[self.sort_column][0]
        table = self.caseload.table
        soon = table.due_soon_days if table is not None else 7
        self.query_one("#caseload-title", Static).update(
            Text(
                f"{who}: {len(rows)} of {plural(len(self.rows), 'child', 'children')}, "
                f"sorted by {column} {order} (s: next column, S: reverse). "
                f"Due soon: within {plural(soon, 'day')}. {WARNED}a practice warning"
            )
        )

    def on_input_changed(self, event: Input.Changed) -> None:
        self._fill_table()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        self.query_one("#caseload", DataTable).focus()

    def action_focus_filter(self) -> None:
        self.query_one("#filter", Input).focus()

    def action_back(self) -> None:
        if self.query_one("#filter", Input).has_focus:
            self.query_one("#caseload", DataTable).focus()
        else:
            self.app.pop_screen()

    def on_data_table_row_selected(self, event: DataTable.RowSelected) -> None:
        # the focused table takes Enter for itself (select_cursor), before the screen's binding
        self.action_open_child()

    def action_open_child(self) -> None:
        table = self.query_one("#caseload", DataTable)
        if self.shown and 0 <= table.cursor_row < len(self.shown):
            self.caseload.open_child(self.shown[table.cursor_row].child_id)
