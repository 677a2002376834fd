"""Exports for people and other tools: due lists and caseloads as table, CSV or JSON; visits as
an iCalendar file that Outlook opens.

Data minimisation: CSV, JSON and calendar files carry case references, not names, unless the
caller asks for names (a calendar often syncs to phones and cloud services).
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterable, Mapping, Sequence
from datetime import date, datetime, timedelta
from typing import TYPE_CHECKING, Any

from ..domain.dates import long_date

if TYPE_CHECKING:
    from icalendar import Event as CalendarEvent

    from ..domain.caseload import WorkerCaseload
    from ..domain.engine import DueItem

FORMATS = ("table", "csv", "json")
STATUS_WORDS = {
    "overdue": "overdue", "due_today": "due today", "due_soon": "due soon", "upcoming": "later",
    "not_recorded": "not recorded: check and record",
}  # fmt: skip


def due_row(item: DueItem, names: Mapping[str, str] | None = None) -> dict[str, Any]:
    """One due item as plain data (the JSON object; CSV columns in this order).

    Without ``names`` the row identifies no one beyond the case reference: a date of birth
    counted from is left out (``counted_from_date`` empty, the explanation without it)."""
    birth = names is not None
    hidden = not birth and item.counted_from_birth
    row: dict[str, Any] = {
        "child_id": item.child_id,
        "worker_id": item.worker_id,
        "kind": item.kind,
        "label": item.label,
        "due": item.due.isoformat(),
        "status": item.status,
        "days_overdue": item.days_overdue,
        "rule": item.rule.id,
        "counted_from": item.counted_from,
        "counted_from_date": "" if hidden else item.counted_from_date.isoformat(),
        "interval": str(item.interval),
        "phase": item.phase,
        "source": item.rule.source.citation(),
        "explanation": item.explanation(quote=False, birth=birth),
        "inference": item.inference,
    }
    if names is not None:
        row = {"child_id": item.child_id, "child_name": names.get(item.child_id, ""), **row}
    return row


def due_json(items: Sequence[DueItem], names: Mapping[str, str] | None = None) -> str:
    """Due items as a JSON array of :func:`due_row` objects."""
    return render([due_row(i, names) for i in items], "json")


def caseload_row(load: WorkerCaseload) -> dict[str, Any]:
    return {
        "worker_id": load.worker_id,
        "name": load.name,
        "role": load.role,
        "team": load.team,
        "fte": load.fte,
        "children": load.children,
        "target": load.target,
        "over_by": load.over_by,
    }


def render(rows: Sequence[Mapping[str, Any]], fmt: str, columns: Sequence[str] | None = None) -> str:
    """Rows as JSON (an array of objects), CSV (a header, then rows) or an aligned text table."""
    if fmt == "json":
        # one call to json's C encoder: indent=... would use the pure-Python one, 10x slower
        # for a whole authority (pipe through `python -m json.tool` to read it)
        return json.dumps(list(rows), ensure_ascii=False) + "\n"
    columns = list(columns or (rows[0].keys() if rows else []))
    if fmt == "csv":
        out = io.StringIO()
        writer = csv.DictWriter(out, fieldnames=columns, extrasaction="ignore", lineterminator="\r\n")
        writer.writeheader()
        writer.writerows([{c: spreadsheet_safe(row.get(c)) for c in columns} for row in rows])
        return out.getvalue()
    if fmt != "table":
        raise ValueError(f"unknown format {fmt!r}: use one of {', '.join(FORMATS)}")
    cells = [[_cell(row.get(c)) for c in columns] for row in rows]
    widths = [max([len(c), *(len(r[i]) for r in cells)]) for i, c in enumerate(columns)]
    lines = ["  ".join(c.ljust(w) for c, w in zip(columns, widths, strict=True)).rstrip()]
    lines += ["  ".join(v.ljust(w) for v, w in zip(r, widths, strict=True)).rstrip() for r in cells]
    return "\n".join(lines) + "\n"


# what makes a spreadsheet read a cell as a formula (OWASP, "CSV Injection")
_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def spreadsheet_safe(value: Any) -> Any:
    """A CSV cell a spreadsheet shows as text: a string starting as a formula would (a name
    such as ``=HYPERLINK(...)``) gets a leading apostrophe, as OWASP advises. Numbers are
    numbers, and are left alone."""
    if isinstance(value, str) and value.startswith(_FORMULA_STARTS):
        return "'" + value
    return value


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float):
        return f"{value:g}"
    return str(value)


def due_table_rows(
    items: Iterable[DueItem], names: Mapping[str, str], workers: Mapping[str, str] | None = None
) -> list[dict[str, Any]]:
    """Due items for a person to read: British dates, names, the status in words."""
    workers = workers or {}
    rows = []
    for item in items:
        status = f"{item.days_overdue}d overdue" if item.status == "overdue" else STATUS_WORDS[item.status]
        rows.append(
            {
                "status": status,
                "due": long_date(item.due),
                "child": f"{names.get(item.child_id, '')} ({item.child_id})".strip(),
                "worker": workers.get(item.worker_id or "", item.worker_id or "unallocated"),
                "due item": item.label,
                "rule": item.rule.id,
            }
        )
    return rows


def visits_calendar(
    worker_id: str,
    planned: Iterable[tuple[str, date]],
    due_visits: Iterable[DueItem],
    generated_at: datetime,
) -> bytes:
    """An iCalendar file of a worker's planned visits and the statutory visits falling due.

    ``planned``: (case reference, date). Case references only: no names, and no notes (a
    calendar often syncs to phones and cloud services). Both are all-day entries: planned visits say
    "Planned visit", due dates say "Visit due by" (free time, so they do not block the diary).
    A due date already past is shown on the day of export as "OVERDUE".
    """
    from icalendar import Calendar  # only calendar exports need it

    cal = Calendar()
    cal.add("prodid", "-//caseload-tui//visits//EN")
    cal.add("version", "2.0")
    cal.add("x-wr-calname", f"Visits ({worker_id})")
    for case_ref, on in planned:
        cal.add_component(
            _all_day(f"Planned visit: {case_ref}", on, f"planned-{case_ref}-{on.isoformat()}", generated_at)
        )
    today = generated_at.date()
    for item in due_visits:
        shown_on = max(item.due, today)
        prefix = "OVERDUE visit" if item.due < today else "Visit due by"
        entry = _all_day(
            f"{prefix}: {item.child_id}", shown_on, f"due-{item.child_id}-{item.kind}", generated_at
        )
        entry.add("description", f"Statutory limit {long_date(item.due)}. {item.rule.id}: {item.rule.title}.")
        entry.add("transp", "TRANSPARENT")
        cal.add_component(entry)
    return bytes(cal.to_ical())


def _all_day(summary: str, on: date, uid: str, stamp: datetime) -> CalendarEvent:
    from icalendar import Event as CalendarEvent

    entry = CalendarEvent()
    entry.add("uid", f"{uid}@caseload-tui")
    entry.add("dtstamp", stamp)
    entry.add("summary", summary)
    entry.add("dtstart", on)
    entry.add("dtend", on + timedelta(days=1))
    return entry
