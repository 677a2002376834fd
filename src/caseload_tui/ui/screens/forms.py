"""Modal forms: record an event, plan a visit. Keyboard only, validated, British dates."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING, Any

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.widgets import Button, Input, Label, Select, Static

from ...domain.dates import long_date, parse_date, short_date
from ...domain.vocabulary import BOOKABLE_KINDS, EVENT_KINDS, MILESTONES
from ..base import Form

if TYPE_CHECKING:
    from ...services.models import RecordedEvent

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


# seen alone / unannounced: said, never assumed (a blank is "not recorded", refused for CP visits)
YES_NO: list[tuple[str, str]] = [("Yes", "yes"), ("No", "no")]
ANSWER: dict[bool | None, str] = {True: "yes", False: "no"}


class RecordEventForm(Form[Any]):
    """Record a visit, review, conference, core group, update, assessment, supervision or a
    milestone (s47 started, carer approved...); book a meeting by giving a date ahead. Given
    ``event``, correct that record instead (its kind stays; its day, seen alone, unannounced and
    note change). ``must_say``: whether the child was seen alone and whether the visit was
    unannounced must be answered (a child on a child protection plan)."""

    def __init__(
        self, child_name: str, today: date, kind: str = "visit", *, must_say: bool = False,
        event: RecordedEvent | None = None, save: Callable[[EventInput, bool], Any] | None = None,
    ) -> None:  # fmt: skip
        super().__init__(save)
        self.child_name, self.today, self.must_say, self.event = child_name, today, must_say, event
        self.kind = event.kind if event is not None else kind

    def compose(self) -> ComposeResult:
        event = self.event
        with Vertical(classes="dialog"):
            title = f"Correct a record of {self.child_name}" if event else f"Record for {self.child_name}"
            yield Static(Text(title), classes="section-title")
            yield Select(
                KIND_CHOICES, value=self.kind, allow_blank=False, id="kind", disabled=event is not None
            )
            yield Input(value=short_date(event.on) if event else "today", placeholder=DATE_HINT, id="on")
            yield Static("", id="kind-hint", classes="muted")
            with Horizontal(id="visit-answers"):
                yield Select(
                    YES_NO, prompt="Seen alone?", id="seen-alone",
                    value=ANSWER.get(event.seen_alone, Select.NULL) if event else Select.NULL,
                )  # fmt: skip
                yield Select(
                    YES_NO, prompt="Unannounced?", id="unannounced",
                    value=ANSWER.get(event.unannounced, Select.NULL) if event else Select.NULL,
                )  # fmt: skip
            yield Input(value=event.note if event else "", placeholder="Note (optional)", id="note")
            yield Label("", id="error", classes="error")
            with Horizontal(classes="buttons"):
                yield Button("Save (ctrl+s)", variant="primary", id="save")
                yield Button("Cancel (esc)", id="cancel")

    def on_mount(self) -> None:
        self.query_one("#on", Input).focus()
        self._fields_for(self.kind)

    def on_select_changed(self, event: Select.Changed) -> None:
        if event.select.id == "kind":
            self._fields_for(str(event.value))

    def _fields_for(self, kind: str) -> None:
        self.query_one("#visit-answers").display = kind == "visit"
        hint = ""
        if kind == "visit":
            hint = (
                "Say whether the child was seen alone and whether the visit was unannounced (CP plan)."
                if self.must_say
                else "Seen alone, unannounced: leave blank if not known."
            )
        elif kind in BOOKABLE_KINDS and self.event is None:
            hint = "A date ahead books the meeting (e.g. the next review)."
        elif kind in MILESTONES:
            hint = "A milestone: the day it happened. Rules count from it."
        self.query_one("#kind-hint", Static).update(hint)

    def _answer(self, field: str) -> bool | None:
        """Yes, no, or None: not answered (a blank is never taken for "no")."""
        value = self.query_one(f"#{field}", Select).value
        return {"yes": True, "no": False}.get(value) if isinstance(value, str) else None

    def action_save(self) -> None:
        text = self.query_one("#on", Input).value
        try:
            on = parse_date(text, self.today)
        except ValueError as exc:
            self.show_error(str(exc))
            return
        kind = str(self.query_one("#kind", Select).value)
        booked = on > self.today and self.event is None
        if booked and kind not in BOOKABLE_KINDS:
            self.show_error(
                f"{long_date(on)} is in the future: record what has happened (plan visits with p; "
                "only meetings can be booked ahead)"
            )
            return
        visit = kind == "visit"
        seen_alone = self._answer("seen-alone") if visit else None
        unannounced = self._answer("unannounced") if visit else None
        if visit and self.must_say:
            missing = [q for q, a in (("seen alone", seen_alone), ("unannounced", unannounced)) if a is None]
            if missing:
                self.show_error(
                    f"Say whether {self.child_name} was {' and whether the visit was '.join(missing)}: "
                    "a child protection plan needs both recorded"
                )
                self.query_one("#seen-alone" if seen_alone is None else "#unannounced", Select).focus()
                return
        note = self.query_one("#note", Input).value.strip()
        self.submit(EventInput(kind, on, seen_alone, unannounced, note, booked))


class PlanVisitForm(Form[Any]):
    """Plan (or move) a visit: the worker's intention, never the due date. ``moving``: the day
    of the planned visit being moved (its new day is asked for)."""

    def __init__(
        self, child_name: str, due: date | None, today: date, *, moving: date | None = None,
        save: Callable[[date, bool], Any] | None = None,
    ) -> None:  # fmt: skip
        super().__init__(save)
        self.child_name, self.due, self.today, self.moving = child_name, due, today, moving

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            title = f"Plan a visit to {self.child_name}"
            if self.moving is not None:
                title = f"Move the visit to {self.child_name} planned for {long_date(self.moving)}"
            yield Static(Text(title), classes="section-title")
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
        self.submit(on)
