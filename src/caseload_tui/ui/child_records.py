"""The child's record, as the history list shows it: planned visits, booked meetings, events and
milestones, newest first (what is planned ahead at the top), each one correctable."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING

from rich.text import Text

from ..domain.vocabulary import EVENT_KINDS, MILESTONES, RECORDABLE_KINDS
from .week_rows import LATE_STYLE

if TYPE_CHECKING:
    from ..services.models import Booking, PlannedVisit, RecordedEvent
    from ..services.workspace import ChildView

NOTE_MARK = "✎"


@dataclass(frozen=True, slots=True)
class Entry:
    """One line of the history: exactly one of ``event``, ``planned``, ``booking``."""

    on: date
    label: str  # what it is, in words
    event: RecordedEvent | None = None
    planned: PlannedVisit | None = None
    booking: Booking | None = None

    @property
    def note(self) -> str:
        source = self.event or self.planned
        return source.note.strip() if source is not None else ""

    def cells(self, today: date) -> tuple[str, Text, Text, Text, str]:
        """Date, what, seen alone, unannounced, note mark."""
        day = f"{self.on:%d %b %Y}"
        mark = NOTE_MARK if self.note else ""
        if self.planned is not None:
            missed = self.on < today
            what = Text(
                "Planned visit: MISSED" if missed else "Planned visit", style=LATE_STYLE if missed else "cyan"
            )
            return day, what, Text(""), Text(""), mark
        if self.booking is not None:
            return day, Text(self.label, style="cyan"), Text(""), Text(""), mark
        event = self.event
        assert event is not None
        milestone = event.kind in MILESTONES and event.kind not in EVENT_KINDS
        what = Text(f"Milestone: {self.label}", style="italic") if milestone else Text(self.label)
        return day, what, yes_no(event.seen_alone), yes_no(event.unannounced), mark


def yes_no(value: bool | None) -> Text:
    """Seen alone / unannounced: yes, NO (in bold: a practice point), or blank (not said)."""
    if value is None:
        return Text("")
    return Text("yes") if value else Text("NO", style="bold")


def entries(view: ChildView) -> list[Entry]:
    """Everything on the child's record, newest first."""
    found = [Entry(v.on, "Planned visit", planned=v) for v in view.planned]
    found += [
        Entry(b.on, f"Booked: {RECORDABLE_KINDS.get(b.kind, b.kind)}", booking=b) for b in view.bookings
    ]
    found += [Entry(e.on, RECORDABLE_KINDS.get(e.kind, e.kind), event=e) for e in view.events]
    return sorted(found, key=lambda e: e.on, reverse=True)
