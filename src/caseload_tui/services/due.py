"""What is due for the children asked about: the due list behind ``caseload due``, the calendar
export and the dashboard's overdue counts.

Loading a whole authority's children (20,000) and evaluating them is Python work bound to one
core, so for a large caseload the case references are split in two: a second process, from the
standard library's process pool, opens the database itself, loads and evaluates its share and
sends back only the items kept, as plain tuples, while this process does the rest. The pool
starts its process the same way on every OS (``spawn``: a new interpreter, nothing inherited).
"""

from __future__ import annotations

import multiprocessing
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor
from datetime import UTC, date, datetime, timedelta
from functools import partial
from typing import TYPE_CHECKING, Any

from ..domain.calendar import Interval
from ..domain.dates import long_date
from ..domain.engine import DueEngine, DueItem, Gap
from ..domain.table import TimescaleTable
from .exports import due_json, due_row, due_table_rows, render, visits_calendar

if TYPE_CHECKING:
    from ..store.store import Store
    from .workspace import Workspace

# A kept item passes this test. It must be picklable (a module-level function, or a
# functools.partial of one): the second process applies it too.
Keep = Callable[[DueItem], bool]
SPLIT_FROM = 4000  # children: below this, a second process costs more than it saves
# The second process's share of the children: under half, as it first starts an interpreter and
# imports the database layer (~0.3 s) while this one is already at work.
SECOND_SHARE = 0.45
_Row = tuple[Any, ...]


def keep_all(item: DueItem) -> bool:
    return True


def due_within(today: date, within: int | None, item: DueItem) -> bool:
    """Overdue, or due within ``within`` days of ``today`` (None: whenever)."""
    return within is None or item.status == "overdue" or (item.due - today).days <= within


def visit_due_by(end: date, item: DueItem) -> bool:
    """A statutory visit due by ``end`` (not a record gap)."""
    return item.kind == "visit" and item.status != "not_recorded" and item.due <= end


def due_and_gaps(
    store: Store,
    table: TimescaleTable,
    today: date,
    worker: str | None,
    team: str | None,
    keep: Keep,
    split_from: int = SPLIT_FROM,
) -> tuple[list[DueItem], list[Gap]]:
    """Every kept due item (record gaps included, with status ``not_recorded``) and every missing
    fact for the open children asked about, in two processes from ``split_from`` children."""
    ids = store.open_child_ids(worker, team)
    if len(ids) < split_from:
        return _evaluate(store, table, today, worker, team, (None, None), keep)
    middle = ids[int(len(ids) * (1 - SECOND_SHARE))]
    pool = ProcessPoolExecutor(1, mp_context=multiprocessing.get_context("spawn"))
    try:
        other = pool.submit(_evaluate_rows, store, table, today, worker, team, (middle, None), keep)
        items, gaps = _evaluate(store, table, today, worker, team, (None, middle), keep)
        rows, gap_rows = other.result()
    finally:
        pool.shutdown(wait=False, cancel_futures=True)  # its process exits while this one goes on
    rules = {rule.id: rule for rule in table.rules}
    items += [_item(row, rules) for row in rows]
    gaps += [Gap(*row) for row in gap_rows]
    return items, gaps


def _evaluate(
    store: Store,
    table: TimescaleTable,
    today: date,
    worker: str | None,
    team: str | None,
    id_range: tuple[str | None, str | None],
    keep: Keep,
) -> tuple[list[DueItem], list[Gap]]:
    """Each child's answer is used as it comes: only the items kept are kept."""
    items: list[DueItem] = []
    gaps: list[Gap] = []
    facts = store.child_facts(worker_id=worker, team=team, id_range=id_range)
    for result in DueEngine(table).evaluate_all(facts, today):
        items += [item for item in result.all_items if keep(item)]
        gaps += result.gaps
    return items, gaps


def _evaluate_rows(
    store: Store,
    table: TimescaleTable,
    today: date,
    worker: str | None,
    team: str | None,
    id_range: tuple[str | None, str | None],
    keep: Keep,
) -> tuple[list[_Row], list[_Row]]:
    """:func:`_evaluate` in the second process (the store arrives there opened afresh), its
    answer as plain values to send back."""
    try:
        items, gaps = _evaluate(store, table, today, worker, team, id_range, keep)
    finally:
        store.close()
    return [_row(item) for item in items], [(g.child_id, g.rule_id, g.missing) for g in gaps]


def _row(i: DueItem) -> _Row:
    """A due item as plain values to send between processes (its rule by id)."""
    return (*i[:5], i.rule.id, *i[6:9], i.interval.n, i.interval.unit, *i[10:])


def _item(row: _Row, rules: dict[str, Any]) -> DueItem:
    due, kind, child, status, overdue, rule_id, anchor, counted, counted_on, n, unit, *rest = row
    return DueItem(due, kind, child, status, overdue, rules[rule_id], anchor, counted, counted_on,
                   Interval(n, unit), *rest)  # fmt: skip


def listed(item: DueItem) -> tuple[bool, date, str, str]:
    """Due items by date, child and kind; record gaps after them all, apart."""
    return (item.status == "not_recorded", item.due, item.child_id, item.kind)


def due_items(
    workspace: Workspace,
    today: date,
    worker: str | None,
    team: str | None,
    keep: Keep = keep_all,
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
    shown: str = "print",
) -> str:
    """The due list as ``fmt`` (a table for people, CSV or JSON): everything overdue and what
    falls due within ``within`` days (None: everything), then the record gaps. When it names
    children (a table, or ``names``), that is recorded in the access log for each child named,
    as ``shown``: ``print`` (to the screen or a pipe) or ``export`` (to a file)."""
    table = workspace.table
    if (review := workspace.review_warning(today)) is not None:
        warn(review)

    items = due_items(workspace, today, worker, team, partial(due_within, today, within), warn)
    child_names = (
        {
            c.child_id: f"{c.given_name} {c.family_name}"
            for c in workspace.children(worker_id=worker, team=team)
        }
        if fmt == "table" or names
        else {}
    )
    if child_names and items:
        from .audit import record_named

        record_named(workspace, shown, {i.child_id for i in items}, f"due list with names ({fmt})")
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
    planned = [(v.child_id, v.on) for v in workspace.store.planned_visits(worker, today, end)]
    due = due_items(workspace, today, worker, None, partial(visit_due_by, end))
    stamp = datetime.combine(today, datetime.now(UTC).timetz())
    return visits_calendar(worker, planned, due, stamp), len(planned), len(due), end
