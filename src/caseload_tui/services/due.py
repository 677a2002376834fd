"""What is due for the children asked about: the due list behind ``caseload due``, the calendar
export and the dashboard's overdue counts."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, date, datetime, timedelta
from typing import TYPE_CHECKING

from ..domain.dates import long_date
from ..domain.engine import DueEngine, DueItem, Gap
from ..domain.table import TimescaleTable
from .exports import due_json, due_row, due_table_rows, render, visits_calendar

if TYPE_CHECKING:
    from ..store.store import Store
    from .workspace import Workspace

Keep = Callable[[DueItem], bool]


def due_and_gaps(
    store: Store,
    table: TimescaleTable,
    today: date,
    worker: str | None,
    team: str | None,
    keep: Keep,
) -> tuple[list[DueItem], list[Gap]]:
    """Every kept due item (record gaps included, with status ``not_recorded``) and every missing
    fact for the open children asked about. Each child's answer is used as it comes: only the
    items kept are kept."""
    items: list[DueItem] = []
    gaps: list[Gap] = []
    facts = store.child_facts(worker_id=worker, team=team)
    for result in DueEngine(table).evaluate_all(facts, today):
        items += [item for item in result.all_items if keep(item)]
        gaps += result.gaps
    return items, gaps


def listed(item: DueItem) -> tuple[bool, date, str, str]:
    """Due items by date, child and kind; record gaps after them all, apart."""
    return (item.status == "not_recorded", item.due, item.child_id, item.kind)


def due_items(
    workspace: Workspace,
    today: date,
    worker: str | None,
    team: str | None,
    keep: Keep = lambda item: True,
    warn: Callable[[str], None] = lambda message: None,
) -> list[DueItem]:
    """The kept due items for the children asked about, overdue first, record gaps last; each
    missing fact (a rule that cannot be worked out) is told to ``warn``."""
    items, gaps = due_and_gaps(workspace.store, workspace.table, today, worker, team, keep)
    for gap in gaps:
        warn(f"{gap.child_id}: {gap.message()}")
    items.sort(key=listed)
    return items


def due_text(
    workspace: Workspace,
    today: date,
    *,
    within: int | None = None,
    fmt: str = "table",
    worker: str | None = None,
    team: str | None = None,
    names: bool = False,
    heading: str | None = None,
    warn: Callable[[str], None] = lambda message: None,
) -> str:
    """The due list as ``fmt`` (a table for people, CSV or JSON): everything overdue and what
    falls due within ``within`` days (None: everything), then the record gaps."""
    table = workspace.table
    if (review := table.review_warning(today)) is not None:
        warn(review)

    def keep(item: DueItem) -> bool:
        return within is None or item.status == "overdue" or (item.due - today).days <= within

    items = due_items(workspace, today, worker, team, keep, warn)
    child_names = (
        {
            c.child_id: f"{c.given_name} {c.family_name}"
            for c in workspace.children(worker_id=worker, team=team)
        }
        if fmt == "table" or names
        else {}
    )
    if fmt == "table":
        worker_names = {w.worker_id: w.name for w in workspace.workers(team=team)}
        rows = due_table_rows(items, child_names, worker_names)
        text = render(rows, "table") if items else "nothing due\n"
        title = heading or "Due"
        return f"{title}: {table.authority} table v{table.version}, today {long_date(today)}\n\n{text}"
    if fmt == "json":
        return due_json(items, child_names if names else None)
    return render([due_row(i, child_names if names else None) for i in items], fmt)


def visits_ahead(workspace: Workspace, worker: str, today: date, weeks: int) -> tuple[bytes, int, int, date]:
    """A worker's planned visits and statutory visits due over ``weeks``, as an iCalendar file:
    (the file, planned visits, visits due, the last day covered)."""
    end = today + timedelta(weeks=weeks)
    planned = [(v.child_id, v.on, v.note) for v in workspace.store.planned_visits(worker, today, end)]
    due = due_items(
        workspace, today, worker, None,
        lambda i: i.kind == "visit" and i.status != "not_recorded" and i.due <= end,
    )  # fmt: skip
    stamp = datetime.combine(today, datetime.now(UTC).timetz())
    return visits_calendar(worker, planned, due, stamp), len(planned), len(due), end
