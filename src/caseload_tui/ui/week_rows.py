"""What the screens show of due items, as text: one status vocabulary and one colour per status
(My week, the caseload, the child and the dashboard alike), My week's rows and planner, and the
header's line."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import TYPE_CHECKING

from rich.text import Text

from ..domain.dates import long_date

if TYPE_CHECKING:
    from ..domain.engine import DueItem
    from ..domain.table import ReviewConfirmed, TimescaleTable
    from ..services.workspace import DueRow, WeekView

STATUS_STYLE = {
    "overdue": "bold red", "due_today": "bold yellow", "due_soon": "yellow", "upcoming": "green",
    "not_recorded": "magenta",
}  # fmt: skip
STATUS_WORDS = {
    "overdue": "overdue", "due_today": "due today", "due_soon": "due soon", "upcoming": "upcoming",
    "not_recorded": "not recorded",
}  # fmt: skip
LATE_STYLE = "bold red"
WARNED = "⚠ "  # before a child's name: the child has a practice warning (see the child's screen)
TODAY_STYLE = "bold reverse"  # the planner's heading for today
NARROW = 100  # below this many columns, My week leaves out the planner and shortens its dates

# one line of the due list: due date, status, child, due item, planned visit
Cells = tuple[str, Text, str, str, Text]
# the due list's columns: a fixed width, or None for the one that takes what the others leave
WIDE_COLUMNS: Sequence[tuple[str, int | None]] = (
    ("Due", 10), ("Status", 12), ("Child", 22), ("Due item", None), ("Planned", 15),
)  # fmt: skip
NARROW_COLUMNS: Sequence[tuple[str, int | None]] = (
    ("Due", 6), ("Status", 12), ("Child", 15), ("Due item", None), ("Planned", 11),
)  # fmt: skip


STALE_DAYS = 3  # data not changed for longer than this before "today": say so


def header_line(
    today: date,
    table: TimescaleTable,
    review: ReviewConfirmed | None = None,
    changed: date | None = None,
    *,
    audit_altered: bool = False,
) -> str:
    """Today; warnings first (the audit log altered, data not updated for days, a table past
    its review date), then the table in force; a short mark instead of the review warning while
    its owner's confirmation lasts."""
    parts = [long_date(today)]
    if audit_altered:
        parts.append("AUDIT LOG ALTERED")
    if changed is not None and (today - changed).days > STALE_DAYS:
        parts.append(f"DATA NOT UPDATED FOR {(today - changed).days} DAYS")
    if table.past_review(today) and not table.confirmed(today, review):
        parts.append("TABLE PAST REVIEW DATE")
    parts.append(f"{table.authority} table v{table.version}")
    if review is not None and table.past_review(today) and table.confirmed(today, review):
        parts.append(f"review confirmed to {review.until:%d/%m/%Y}")
    return " · ".join(parts)


def stale_warning(today: date, changed: date | None) -> str | None:
    """The banner's words when the data has not changed for days: due dates may be out of date."""
    if changed is None or (today - changed).days <= STALE_DAYS:
        return None
    return (
        f"The data was last updated on {long_date(changed)}, {(today - changed).days} days ago: visits and "
        "reviews recorded since elsewhere are missing. Import the latest exports before relying on due dates."
    )


def status_text(item: DueItem) -> Text:
    """Overdue by how much, due today, due soon, upcoming or not recorded; in its colour."""
    words = f"{item.days_overdue}d overdue" if item.status == "overdue" else STATUS_WORDS[item.status]
    return Text(words, style=STATUS_STYLE[item.status])


def week_rows(view: WeekView) -> list[DueRow]:
    """The due list in order: overdue, this week, next week, then apart: not recorded."""
    return [*view.overdue, *view.this_week, *view.next_week, *view.not_recorded]


def week_cells(view: WeekView, narrow: bool = False) -> list[Cells]:
    """My week's due list, a line for each of :func:`week_rows`; ``narrow``: shorter dates."""
    missed = {visit.child_id: visit.on for visit, _ in view.missed}  # the latest, by date order
    return [
        (due_text(row.item.due, view.today, narrow), status_text(row.item), child_text(row),
         row.item.label, planned_text(row, narrow, missed.get(row.item.child_id)))
        for row in week_rows(view)
    ]  # fmt: skip


def child_text(row: DueRow) -> str:
    return f"{WARNED}{row.child_name}" if row.warned else row.child_name


def planner_text(view: WeekView) -> Text:
    """Monday to Friday of the week shown, with the visits planned on each (LATE: after the
    visit's due date)."""
    visit_due: dict[str, date] = {}
    for row in week_rows(view):
        if row.item.kind == "visit":
            visit_due.setdefault(row.item.child_id, row.item.due)
    lines = [Text("Planned visits", style="bold")]
    if view.missed:
        lines.append(Text("Missed (no visit since):", style=LATE_STYLE))
        lines += [Text(f"  {name} {visit.on:%a %d %b}", style=LATE_STYLE) for visit, name in view.missed]
    for i, (day, visits) in enumerate(sorted(view.planned.items())):
        lines.append(Text(""))
        lines.append(Text(f"{i + 1}  {day:%a %d %b}", style=TODAY_STYLE if day == view.today else "bold"))
        if day in view.holidays:
            lines.append(Text(f"  {view.holidays[day]}: closed", style="italic"))
        for visit, name in visits:
            due = visit_due.get(visit.child_id)
            late = due is not None and visit.on > due
            lines.append(Text(f"  {name}" + (" LATE" if late else ""), style=LATE_STYLE if late else ""))
    return Text("\n").join(lines)


def due_text(due: date, today: date, narrow: bool = False) -> str:
    """A due date: weekday, day and month this year (day and month when ``narrow``); in full
    for another year."""
    if due.year != today.year:
        return f"{due:%d/%m/%y}" if narrow else f"{due:%d/%m/%Y}"
    return f"{due:%d %b}" if narrow else f"{due:%a %d %b}"


def planned_text(row: DueRow, narrow: bool = False, missed: date | None = None) -> Text:
    """The next planned visit (LATE: after the due date); else a missed one ("missed" and the
    day); else nothing. Visits only."""
    if row.planned_on is None:
        if missed is not None and row.item.kind == "visit":
            return Text(f"missed {missed:%d %b}", style=LATE_STYLE)
        return Text("")
    style = LATE_STYLE if row.planned_too_late else "cyan"
    suffix = " LATE" if row.planned_too_late else ""
    day = f"{row.planned_on:%d %b}" if narrow else f"{row.planned_on:%a %d %b}"
    return Text(day + suffix, style=style)
