"""The child: facts, every due item and why, the history, planned visits, practice warnings."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

from rich.text import Text
from textual import work
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.widgets import DataTable, Footer, Header, Static

from ...domain.dates import long_date
from ...domain.engine import DueItem
from ...domain.vocabulary import PLACEMENT_TYPES, PLAN_TYPES, RECORDABLE_KINDS
from ...services.audit import record_view
from ...services.models import PlannedVisit
from ...services.recording import Change
from ...services.workspace import ChildView
from ..actions import CHILD_ACTIONS
from ..base import Columns, Confirm, DataScreen, TextTable
from ..child_records import NOTE_MARK, Entry, entries
from ..week_rows import NARROW, due_text, status_text
from .forms import EventInput, PlanVisitForm, RecordEventForm

DUE_COLUMNS: Columns = (("Due", 11), ("Status", 12), ("Due item", None))  # the rule: below
HISTORY_COLUMNS: Columns = (("Date", 11), ("What", None), ("Alone", 5), ("Unannounced", 11), ("Note", 4))


class ChildScreen(DataScreen):
    BINDINGS = [a.binding() for a in CHILD_ACTIONS]

    def __init__(self, child_id: str) -> None:
        super().__init__()
        self.child_id = child_id
        self.view: ChildView | None = None
        self.items: list[DueItem] = []
        self.records: list[Entry] = []  # the history list's lines
        self.viewed = False  # the opening recorded in the access log (once, not on each refresh)

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
        first, self.viewed = not self.viewed, True
        self.load_child(self.child_id, self.caseload.today, first)

    @work(thread=True, exclusive=True, group="load", name="loading the child", exit_on_error=False)
    def load_child(self, child_id: str, today: date, opened: bool = False) -> None:
        view = self.workspace.child(child_id, today)
        self.deliver(self.show, view)
        if opened and view is not None:  # the access log: who opened which child, when (after showing it)
            record_view(self.workspace, child_id)

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
        self.records = entries(view)
        history = self.query_one("#history", TextTable)
        history.fill(HISTORY_COLUMNS, [entry.cells(today) for entry in self.records])
        self._show_note(history.cursor_row)
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
        note = self.records[row].note if 0 <= row < len(self.records) else ""
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
        must_say = self.view is not None and self.view.child.plan_type == "cp"
        self.caseload.record_for(self.child_id, self.child_name(), kind, must_say, self.refresh_data)

    def action_plan_visit(self) -> None:
        view = self.view
        if view is None or view.child.worker_id is None:
            self.app.notify("Allocate the child to a worker before planning visits", severity="warning")
            return
        worker_id, workspace, today = view.child.worker_id, self.workspace, self.caseload.today

        def save(on: date, confirmed: bool) -> Change:
            return workspace.plan_visit(self.child_id, worker_id, on, today)

        self._choose_visit_day(save)

    def action_audit_log(self) -> None:
        self.caseload.open_audit(self.child_id)

    def action_edit_child(self) -> None:
        if self.view is not None:
            self.caseload.edit_child(self.view.child, then=self.refresh_data)

    def action_move_visit(self) -> None:
        """Move a planned visit: the one selected in the history, else the next one."""
        view = self.view
        selected = self.selected_record()
        upcoming = [v for v in view.planned if v.on >= self.caseload.today] if view else []
        visit = selected.planned if selected is not None and selected.planned else None
        visit = visit or (upcoming[0] if upcoming else None)
        if visit is None:
            self.app.notify("No planned visit to move: p plans one", severity="warning")
            return
        self._move(visit)

    def _move(self, visit: PlannedVisit) -> None:
        workspace, today = self.workspace, self.caseload.today

        def save(on: date, confirmed: bool) -> Change:
            return workspace.move_planned_visit(visit, on, today)

        self._choose_visit_day(save, moving=visit.on)

    def _choose_visit_day(self, save: Callable[[date, bool], Change], moving: date | None = None) -> None:
        """Ask for a day (the visit due date shown beside it); the form saves it."""
        view = self.view
        due = view.due.next_due("visit") if view is not None and view.due else None
        form = PlanVisitForm(
            self.child_name(), due.due if due else None, self.caseload.today, moving=moving, save=save
        )
        self.app.push_screen(form, self._changed)

    def _changed(self, change: Change | None) -> None:
        if change is not None:
            self.caseload.changed(change)
            self.refresh_data()

    # -- corrections: the selected line of the history -------------------------------------------

    def selected_record(self) -> Entry | None:
        row = self.query_one("#history", DataTable).cursor_row
        return self.records[row] if 0 <= row < len(self.records) else None

    def action_correct_record(self) -> None:
        """Correct the selected record: an event's day, seen alone, unannounced, note; a planned
        visit's day. A booking is cancelled (d) and booked again."""
        entry = self.selected_record()
        if entry is None:
            self.app.notify("No record selected: the history is empty", severity="warning")
        elif entry.planned is not None:
            self._move(entry.planned)
        elif entry.booking is not None:
            self.app.notify(
                "A booking is not corrected: delete it (d) and book the right day", severity="warning"
            )
        elif entry.event is not None:
            event, workspace, today = entry.event, self.workspace, self.caseload.today

            def save(typed: EventInput, confirmed: bool) -> Change:
                return workspace.correct_event(
                    event, today, on=typed.on, seen_alone=typed.seen_alone, unannounced=typed.unannounced,
                    note=typed.note, confirmed=confirmed,
                )  # fmt: skip

            must_say = self.view is not None and self.view.child.plan_type == "cp"
            form = RecordEventForm(self.child_name(), today, event=event, must_say=must_say, save=save)
            self.app.push_screen(form, self._changed)

    def action_delete_record(self) -> None:
        """Delete the selected record after a confirmation naming the child, what and the day."""
        entry = self.selected_record()
        if entry is None:
            self.app.notify("No record selected: the history is empty", severity="warning")
            return
        question = (
            f"Delete the {entry.label.lower()} of {self.child_name()} on {long_date(entry.on)}?\n"
            "Due dates are worked out again at once; ctrl+z (or the audit log) puts it back."
        )

        def answer(yes: bool | None) -> None:
            if yes:
                self.delete_record(entry)

        self.app.push_screen(Confirm(question, "Delete"), answer)

    @work(thread=True, group="write", name="deleting the record", exit_on_error=False)
    def delete_record(self, entry: Entry) -> None:
        workspace = self.workspace
        change: Any
        if entry.event is not None:
            change = workspace.delete_event(entry.event)
        elif entry.planned is not None:
            change = workspace.cancel_planned_visit(entry.planned)
        else:
            assert entry.booking is not None
            change = workspace.cancel_booking(entry.booking)
        self.app.call_from_thread(self._changed, change)
