"""Modal forms: record an event, plan a visit. Keyboard only, validated, British dates."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.widgets import Button, Checkbox, Input, Label, Select, Static

from ...domain.dates import long_date, parse_date, short_date
from ...domain.vocabulary import BOOKABLE_KINDS, EVENT_KINDS, MILESTONES
from ..base import Form

DATE_HINT = "dd/mm/yyyy, today or yesterday"


@dataclass(frozen=True, slots=True)
class EventInput:
    """What the record form returns."""

    kind: str
    on: date
    seen_alone: bool | None
    unannounced: bool | None
    note: str
    booked: bool = False  # a meeting booked for ``on`` (after today), not one that happened


# what the form offers: what happened (visits, meetings, updates), then the milestones, apart
KIND_CHOICES: list[tuple[str, str]] = [(label, kind) for kind, label in EVENT_KINDS.items()] + [
    (f"Milestone: {label}", kind) for kind, label in MILESTONES.items() if kind not in EVENT_KINDS
]


class RecordEventForm(Form[EventInput | None]):
    """Record a visit, review, conference, core group, update, assessment, supervision or a
    milestone (s47 started, carer approved...); book a meeting by giving a date ahead."""

    def __init__(self, child_name: str, today: date, kind: str = "visit") -> None:
        super().__init__()
        self.child_name, self.today, self.kind = child_name, today, kind

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Static(Text(f"Record for {self.child_name}"), classes="section-title")
            yield Select(KIND_CHOICES, value=self.kind, allow_blank=False, id="kind")
            yield Input(value="today", placeholder=DATE_HINT, id="on")
            yield Static("", id="kind-hint", classes="muted")
            yield Checkbox("Seen alone", value=True, id="seen-alone")
            yield Checkbox("Unannounced", value=False, id="unannounced")
            yield Input(placeholder="Note (optional)", id="note")
            yield Label("", id="error", classes="error")
            with Horizontal(classes="buttons"):
                yield Button("Save (ctrl+s)", variant="primary", id="save")
                yield Button("Cancel (esc)", id="cancel")

    def on_mount(self) -> None:
        self.query_one("#on", Input).focus()
        self._fields_for(self.kind)

    def on_select_changed(self, event: Select.Changed) -> None:
        self._fields_for(str(event.value))

    def _fields_for(self, kind: str) -> None:
        for box in self.query(Checkbox):
            box.display = kind == "visit"
        hint = ""
        if kind in BOOKABLE_KINDS:
            hint = "A date ahead books the meeting (e.g. the next review)."
        elif kind in MILESTONES:
            hint = "A milestone: the day it happened. Rules count from it."
        self.query_one("#kind-hint", Static).update(hint)

    def action_save(self) -> None:
        text = self.query_one("#on", Input).value
        try:
            on = parse_date(text, self.today)
        except ValueError as exc:
            self.show_error(str(exc))
            return
        kind = str(self.query_one("#kind", Select).value)
        booked = on > self.today
        if booked and kind not in BOOKABLE_KINDS:
            self.show_error(
                f"{long_date(on)} is in the future: record what has happened (plan visits with p; "
                "only meetings can be booked ahead)"
            )
            return
        visit = kind == "visit"
        self.dismiss(
            EventInput(
                kind,
                on,
                self.query_one("#seen-alone", Checkbox).value if visit else None,
                self.query_one("#unannounced", Checkbox).value if visit else None,
                self.query_one("#note", Input).value.strip(),
                booked,
            )
        )


class PlanVisitForm(Form[date | None]):
    """Plan (or move) a visit: the worker's intention, never the due date."""

    def __init__(self, child_name: str, due: date | None, today: date) -> None:
        super().__init__()
        self.child_name, self.due, self.today = child_name, due, today

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Static(Text(f"Plan a visit to {self.child_name}"), classes="section-title")
            if self.due is not None and self.due < self.today:
                yield Static(f"Statutory visit OVERDUE: it was due by {long_date(self.due)}", classes="error")
            elif self.due is not None:
                yield Static(f"Statutory visit due by {long_date(self.due)}", classes="muted")
            suggestion = self.due if self.due is not None and self.due >= self.today else self.today
            yield Input(value=short_date(suggestion), placeholder=DATE_HINT, id="on")
            yield Label("", id="error", classes="error")
            with Horizontal(classes="buttons"):
                yield Button("Plan (enter)", variant="primary", id="save")
                yield Button("Cancel (esc)", id="cancel")

    def on_mount(self) -> None:
        self.query_one("#on", Input).focus()

    def action_save(self) -> None:
        try:
            on = parse_date(self.query_one("#on", Input).value, self.today)
        except ValueError as exc:
            self.show_error(str(exc))
            return
        if on < self.today:
            self.show_error(f"{long_date(on)} has passed: plan today or later")
            return
        self.dismiss(on)
