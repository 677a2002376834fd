"""The child: facts, every due item and why, the history, planned visits, practice warnings."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

from rich.text import Text
from textual import work
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.widgets import DataTable, Footer, Header, Static

from ...domain.dates import long_date
from ...domain.engine import DueItem
from ...domain.vocabulary import EVENT_KINDS, MILESTONES, PLACEMENT_TYPES, PLAN_TYPES, RECORDABLE_KINDS
from ...services.workspace import ChildView
from ..actions import CHILD_ACTIONS
from ..base import Columns, DataScreen, TextTable
from ..week_rows import NARROW, due_text, status_text
from .forms import EventInput, PlanVisitForm, RecordEventForm

DUE_COLUMNS: Columns = (("Due", 11), ("Status", 12), ("Due item", None))  # the rule: below
HISTORY_COLUMNS: Columns = (("Date", 11), ("What", None), ("Alone", 5), ("Unannounced", 11), ("Note", 4))
NOTE_MARK = "✎"


def _yes_no(value: bool | None) -> Text:
    """Seen alone / unannounced: yes, NO (in bold: a practice point), or blank (not said)."""
    if value is None:
        return Text("")
    return Text("yes") if value else Text("NO", style="bold")


class ChildScreen(DataScreen):
    BINDINGS = [a.binding() for a in CHILD_ACTIONS]

    def __init__(self, child_id: str) -> None:
        super().__init__()
        self.child_id = child_id
        self.view: ChildView | None = None
        self.items: list[DueItem] = []

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static("Loading…", id="child-facts")
        with Horizontal(id="child-body"):
            with Vertical(id="child-due"):
                yield Static("Due, and why (select a row)", classes="section-title")
                yield TextTable(id="due-items", cursor_type="row")
                with VerticalScroll(id="explanation", can_focus=True):  # tab to it, then scroll
                    yield Static("", id="explanation-text")
            with Vertical(id="child-history"):
                yield Static(
                    f"History ({NOTE_MARK}: a note, shown below when selected)", classes="section-title"
                )
                yield TextTable(id="history", cursor_type="row", zebra_stripes=True)
                yield Static("", id="history-note")
                yield Static("", id="planned")
        yield Footer(compact=True)

    def on_mount(self) -> None:
        self.set_class(self.app.size.width < NARROW, "-narrow")
        self.refresh_data()

    def on_resize(self) -> None:
        self.set_class(self.app.size.width < NARROW, "-narrow")  # one column under the other

    def refresh_data(self) -> None:
        self.load_child(self.child_id, self.caseload.today)

    @work(thread=True, exclusive=True, group="load", name="loading the child", exit_on_error=False)
    def load_child(self, child_id: str, today: date) -> None:
        self.deliver(self.show, self.workspace.child(child_id, today))

    def show(self, view: ChildView | None) -> None:
        if view is None:
            self.app.notify(f"No child {self.child_id}", severity="error")
            self.app.pop_screen()
            return
        self.view = view
        self.query_one("#child-facts", Static).update(self._facts(view))
        today = self.caseload.today
        # the record gaps last, apart from what is due: not known to be missed, to check and record
        self.items = list(view.due.all_items) if view.due else []
        self.query_one("#due-items", TextTable).fill(
            DUE_COLUMNS, [(due_text(i.due, today), status_text(i), i.label) for i in self.items]
        )
        self._explain(self.query_one("#due-items", DataTable).cursor_row)
        rows = []
        for event in view.events:
            label = RECORDABLE_KINDS.get(event.kind, event.kind)
            milestone = event.kind in MILESTONES and event.kind not in EVENT_KINDS
            what = Text(f"Milestone: {label}", style="italic") if milestone else Text(label)
            note = NOTE_MARK if event.note.strip() else ""
            rows.append(
                (f"{event.on:%d %b %Y}", what, _yes_no(event.seen_alone), _yes_no(event.unannounced), note)
            )
        self.query_one("#history", TextTable).fill(HISTORY_COLUMNS, rows)
        self._show_note(self.query_one("#history", DataTable).cursor_row)
        planned = ", ".join(long_date(v.on) for v in view.planned) or "none"
        booked = "".join(
            f"\nBooked: {RECORDABLE_KINDS.get(b.kind, b.kind)} {long_date(b.on)}" for b in view.bookings
        )
        self.query_one("#planned", Static).update(Text(f"Planned visits: {planned}{booked}"))

    def _facts(self, view: ChildView) -> Text:
        child = view.child
        parts = [
            Text(f"{child.given_name} {child.family_name}", style="bold"),
            Text(f"  {child.child_id}"),
            Text(f"  age {view.age}" if view.age is not None else ""),
            Text(f"  {PLAN_TYPES.get(child.plan_type or '', 'no plan')}"),
        ]
        if child.plan_start:
            parts.append(Text(f" since {long_date(child.plan_start)}"))
        if child.placement_type:
            start = f" since {long_date(child.placement_start)}" if child.placement_start else ""
            parts.append(Text(f"  placement: {PLACEMENT_TYPES[child.placement_type]}{start}"))
        worker = view.worker.name if view.worker else "UNALLOCATED"
        parts.append(Text(f"\nWorker: {worker}"))
        if child.allocated_on:
            parts.append(Text(f" (allocated {long_date(child.allocated_on)})"))
        if child.flags:
            parts.append(Text(f"  flags: {', '.join(sorted(child.flags))}"))
        for warning in view.warnings:
            parts.append(Text(f"\n⚠ {warning.message}", style="bold red"))
        if view.due:
            for gap in view.due.gaps:
                parts.append(Text(f"\n⚠ {gap.message()}", style="bold yellow"))
        return Text.assemble(*parts)

    def on_data_table_row_highlighted(self, event: DataTable.RowHighlighted) -> None:
        if event.data_table.id == "due-items":
            self._explain(event.cursor_row)
        elif event.data_table.id == "history":
            self._show_note(event.cursor_row)

    def _explain(self, row: int) -> None:
        text = Text("")
        if 0 <= row < len(self.items):
            item = self.items[row]
            note = f"\nNote: {item.rule.note}" if item.rule.note else ""
            text = Text(item.explanation() + note)
        self.query_one("#explanation-text", Static).update(text)

    def _show_note(self, row: int) -> None:
        """The selected record's note in full (the history marks the rows that have one)."""
        events = self.view.events if self.view else []
        note = events[row].note.strip() if 0 <= row < len(events) else ""
        shown = self.query_one("#history-note", Static)
        shown.update(Text(f"{NOTE_MARK} {note}") if note else "")
        shown.display = bool(note)

    # -- actions ------------------------------------------------------------------------------

    def child_name(self) -> str:
        return f"{self.view.child.given_name} {self.view.child.family_name}" if self.view else self.child_id

    def action_back(self) -> None:
        self.app.pop_screen()

    def action_record_visit(self) -> None:
        self._record("visit")

    def action_record_event(self) -> None:
        table = self.query_one("#due-items", DataTable)
        item = (
            self.items[table.cursor_row] if self.items and 0 <= table.cursor_row < len(self.items) else None
        )
        # the form starts on the selected item's kind (e.g. chronology update), else a visit
        self._record(item.kind if item is not None and item.kind in RECORDABLE_KINDS else "visit")

    def _record(self, kind: str) -> None:
        def save(entry: EventInput | None) -> None:
            if entry is not None:
                self.caseload.save_event(self.child_id, self.child_name(), entry, self.refresh_data)

        self.app.push_screen(RecordEventForm(self.child_name(), self.caseload.today, kind=kind), save)

    def action_plan_visit(self) -> None:
        view = self.view
        if view is None or view.child.worker_id is None:
            self.app.notify("Allocate the child to a worker before planning visits", severity="warning")
            return
        worker_id = view.child.worker_id
        self._choose_visit_day(lambda on: self.workspace.plan_visit(self.child_id, worker_id, on))

    def action_edit_child(self) -> None:
        if self.view is not None:
            self.caseload.edit_child(self.view.child, then=self.refresh_data)

    def action_move_visit(self) -> None:
        """Move the next planned visit to another day."""
        view = self.view
        upcoming = [v for v in view.planned if v.on >= self.caseload.today] if view else []
        if view is None or not upcoming:
            self.app.notify("No planned visit to move: p plans one", severity="warning")
            return
        visit = upcoming[0]
        self._choose_visit_day(lambda on: self.workspace.move_planned_visit(visit.visit_id, on))

    def _choose_visit_day(self, save: Callable[[date], object]) -> None:
        """Ask for a day (the visit due date shown beside it), then ``save`` it in a worker."""
        view = self.view
        due = view.due.next_due("visit") if view is not None and view.due else None

        def chosen(on: date | None) -> None:
            if on is not None:
                self.save_visit_day(save, on, due is not None and on > due.due)

        self.app.push_screen(
            PlanVisitForm(self.child_name(), due.due if due else None, self.caseload.today), chosen
        )

    @work(thread=True, group="write", name="planning the visit", exit_on_error=False)
    def save_visit_day(self, save: Callable[[date], object], on: date, late: bool) -> None:
        save(on)
        self.app.call_from_thread(self._planned, on, late)

    def _planned(self, on: date, late: bool) -> None:
        if late:
            self.app.notify(f"Planned {long_date(on)}: after the visit due date", severity="warning")
        else:
            self.app.notify(f"Visit planned for {long_date(on)}")
        self.refresh_data()
