"""The audit log for managers: who changed what (each field before and after) and who looked,
newest first, for the whole database or one child; the chain's state above it."""

from __future__ import annotations

from rich.text import Text
from textual import work
from textual.app import ComposeResult
from textual.widgets import DataTable, Footer, Header, Static

from ...services.audit import ALL_CHILDREN, AuditLine, audit_lines, one_line, record_named
from ..actions import AUDIT_ACTIONS
from ..base import Columns, DataScreen, TextTable

SHOWN = 1_000  # the newest rows shown (`caseload audit` lists them all)
COLUMNS: Columns = (("When", 16), ("Who", 20), ("What", 12), ("Record", 34), ("Details", None))


class AuditScreen(DataScreen):
    """The newest audit rows; the selected row's details in full below the list."""

    BINDINGS = [a.binding() for a in AUDIT_ACTIONS]

    def __init__(self, child_id: str | None = None) -> None:
        super().__init__()
        self.child_id = child_id
        self.lines: list[AuditLine] = []
        self.viewed = False

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static("", id="audit-status")
        about = f"child {self.child_id}" if self.child_id else "every child"
        yield Static(
            f"Audit log, {about}: changes (before → after) and views, newest first", classes="section-title"
        )
        yield TextTable(id="audit-table", cursor_type="row", zebra_stripes=True)
        yield Static("", id="audit-detail")
        yield Footer(compact=True)

    def on_mount(self) -> None:
        self._status()
        self.refresh_data()

    def _status(self) -> None:
        warning = self.caseload.audit_warning
        status = self.query_one("#audit-status", Static)
        status.set_class(warning is not None, "warning-banner")
        status.update(
            Text(warning or "Chain checked when the app opened: intact (caseload audit verify checks it now)")
        )

    def refresh_data(self) -> None:
        first, self.viewed = not self.viewed, True
        self.load_log(self.child_id, first)

    @work(thread=True, exclusive=True, group="load", name="loading the audit log", exit_on_error=False)
    def load_log(self, child_id: str | None, opened: bool) -> None:
        lines = audit_lines(self.workspace, child_id, limit=SHOWN)
        self.deliver(self.show, lines)
        if opened:  # the log holds names: reading it is recorded too
            record_named(self.workspace, "view", [child_id or ALL_CHILDREN], "audit log screen")

    def show(self, lines: list[AuditLine]) -> None:
        self.lines = lines
        rows = [
            (
                f"{line.at.astimezone():%d/%m/%Y %H:%M}", one_line(line.who),
                one_line(line.done),
                one_line(line.record), one_line(line.details),
            )
            for line in lines
        ] or [("", "", "", "", "nothing in the audit log yet")]  # fmt: skip
        self.query_one("#audit-table", TextTable).fill(COLUMNS, rows)
        self._detail(self.query_one("#audit-table", DataTable).cursor_row)

    def on_data_table_row_highlighted(self, event: DataTable.RowHighlighted) -> None:
        self._detail(event.cursor_row)

    def _detail(self, row: int) -> None:
        detail = ""
        if 0 <= row < len(self.lines):
            line = self.lines[row]
            detail = f"{one_line(line.record)}: " + "\n".join(one_line(p) for p in line.details.split("; "))
        self.query_one("#audit-detail", Static).update(Text(detail))

    def action_back(self) -> None:
        if len(self.app.screen_stack) > 1:
            self.app.pop_screen()
