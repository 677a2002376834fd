"""Recording and correcting: what a change is, the checks before it, and what is said after.

Every write the app makes returns a :class:`Change`: its id in the audit log (so ctrl+z can put
it back whole) and a sentence saying what was done and what it moved.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING

from ..domain.checks import ChildDates, record_checks
from ..domain.dates import long_date
from ..domain.refusal import NeedsConfirmation, Refusal
from ..domain.vocabulary import RECORDABLE_KINDS

if TYPE_CHECKING:
    from ..domain.engine import DueItem
    from .models import Child


@dataclass(frozen=True, slots=True)
class Change:
    """One change made in the app: undone whole with :meth:`Workspace.undo`."""

    change_id: str
    description: str  # "Statutory visit recorded for Amy Smith on Mon 23 Nov 2026."
    child_id: str | None = None  # the child it was about, if one
    warning: bool = False  # done, but something needs the person's attention (planned too late)


def child_name(child: Child) -> str:
    return f"{child.given_name} {child.family_name}"


def check_record(
    child: Child, kind: str, on: date, today: date, held: Iterable[tuple[str, date]], confirmed: bool
) -> bool:
    """Refuse a record that cannot be right; ask about one that may be (unless ``confirmed``).
    Returns whether it is a second one of its kind that day (recorded as such)."""
    dates = ChildDates(child_name(child), child.date_of_birth, child.plan_start, child.allocated_on)
    held = list(held)
    checks = record_checks(dates, kind, on, today, held)
    refused = [c.message for c in checks if not c.confirmable]
    if refused:
        raise Refusal("; ".join(refused))
    asked = [c.message for c in checks if c.confirmable]
    if asked and not confirmed:
        raise NeedsConfirmation("; ".join(asked))
    return (kind, on) in held


def recorded(kind: str, name: str, on: date, booked: bool, next_item: DueItem | None) -> str:
    """What recording says: what, for whom, when, and the next due date it gives."""
    label = RECORDABLE_KINDS.get(kind, kind)
    done = "booked" if booked else "recorded"
    message = f"{label} {done} for {name} on {long_date(on)}."
    if next_item is not None:
        message += f" Next due {long_date(next_item.due)} ({next_item.rule.id})."
    return message
