"""What My week shows, as text: the due list's cells, the planner's days, the header's line."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING

from rich.text import Text

from ..domain.dates import long_date

if TYPE_CHECKING:
    from ..domain.table import TimescaleTable
    from ..services.workspace import DueRow, WeekView

STATUS_STYLE = {
    "overdue": "bold red", "due_today": "bold yellow", "due_soon": "yellow", "upcoming": "green",
    "not_recorded": "magenta",
}  # fmt: skip
LATE_STYLE = "bold red"
TODAY_STYLE = "bold reverse"  # the planner's heading for today

# one line of the due list: due date, status, child, due item, planned visit
Cells = tuple[str, Text, str, str, Text]


@dataclass(frozen=True)
class WeekText:
    """My week, ready to paint: ``cells[i]`` shows ``rows[i]`` of the :class:`WeekView`."""

    cells: list[Cells]
    planner: Text  # Monday to Friday, with the visits planned on each


def header_line(today: date, table: TimescaleTable) -> str:
    """Today, and the table in force (with a warning once it is past its review date)."""
    review = " · TABLE PAST REVIEW DATE" if table.past_review(today) else ""
    return f"{long_date(today)} · {table.authority} table v{table.version}{review}"


def week_rows(view: WeekView) -> list[tuple[DueRow, str]]:
    """The due list in order (overdue, this week, next week, then apart: not recorded), each row
    with its section."""
    sections = (
        ("overdue", view.overdue), ("this week", view.this_week), ("next week", view.next_week),
        ("not recorded", view.not_recorded),
    )  # fmt: skip
    return [(row, section) for section, rows in sections for row in rows]


def week_text(view: WeekView) -> WeekText:
    rows = week_rows(view)
    cells = [
        (due_text(row.item.due, view.today), status_text(row, section), row.child_name, row.item.label,
         planned_text(row))
        for row, section in rows
    ]  # fmt: skip
    visit_due: dict[str, date] = {}
    for row, _ in rows:
        if row.item.kind == "visit":
            visit_due.setdefault(row.item.child_id, row.item.due)
    lines = [Text("Planned visits", style="bold")]
    for i, (day, visits) in enumerate(sorted(view.planned.items())):
        lines.append(Text(""))
        lines.append(Text(f"{i + 1}  {day:%a %d %b}", style=TODAY_STYLE if day == view.today else "bold"))
        for visit, name in visits:
            due = visit_due.get(visit.child_id)
            late = due is not None and visit.on > due
            lines.append(Text(f"  {name}" + (" LATE" if late else ""), style=LATE_STYLE if late else ""))
    return WeekText(cells, Text("\n").join(lines))


def due_text(due: date, today: date) -> str:
    """A due date: weekday, day and month this year; in full for another year."""
    return f"{due:%a %d %b}" if due.year == today.year else f"{due:%d/%m/%Y}"


def status_text(row: DueRow, section: str) -> Text:
    """Overdue by how much, due today, or which week; coloured by urgency."""
    item = row.item
    if item.status == "overdue":
        return Text(f"{item.days_overdue}d overdue", style=STATUS_STYLE["overdue"])
    if item.status == "due_today":
        return Text("due TODAY", style=STATUS_STYLE["due_today"])
    if item.status == "not_recorded":
        return Text("not recorded: check", style=STATUS_STYLE["not_recorded"])
    return Text(section, style=STATUS_STYLE[item.status])


def planned_text(row: DueRow) -> Text:
    if row.planned_on is None:
        return Text("")
    style = LATE_STYLE if row.planned_too_late else "cyan"
    suffix = " LATE" if row.planned_too_late else ""
    return Text(f"{row.planned_on:%a %d %b}{suffix}", style=style)
