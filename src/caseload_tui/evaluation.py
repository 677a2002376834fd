"""Evaluating a whole authority for `caseload due`, on both cores where that is safe.

Loading 20,000 children's facts and evaluating them is single-threaded Python work. Where
``fork`` is safe (Linux), the case references are split in two: a forked process loads and
evaluates the second half while this one does the first, and sends back only the items kept,
as plain tuples. Elsewhere, or for a small caseload, everything runs here.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import TYPE_CHECKING, Any

from .domain.calendar import Interval
from .domain.engine import DueEngine, DueItem, Gap
from .domain.table import TimescaleTable
from .forked import Forked, ForkedError, fork_is_safe

if TYPE_CHECKING:
    from .store.reads import Reads

SPLIT_FROM = 4000  # children: below this, a second process costs more than it saves

Keep = Callable[[DueItem], bool]
_Row = tuple[Any, ...]


def due_and_gaps(
    store: Reads,
    table: TimescaleTable,
    today: date,
    worker: str | None,
    team: str | None,
    keep: Keep,
    split_from: int = SPLIT_FROM,
) -> tuple[list[DueItem], list[Gap]]:
    """Every kept due item (record gaps included, with status ``not_recorded``) and every missing
    fact for the open children asked about."""
    ids = store.open_child_ids(worker, team)
    if len(ids) < split_from or not fork_is_safe():
        return _evaluate(store, table, today, worker, team, (None, None), keep)
    middle = ids[len(ids) // 2]

    def second_half() -> tuple[list[_Row], list[_Row]]:
        store.after_fork()
        items, gaps = _evaluate(store, table, today, worker, team, (middle, None), keep)
        return [_row(item) for item in items], [(g.child_id, g.rule_id, g.missing) for g in gaps]

    other = Forked(second_half)  # nothing pickled on the way in: the copy has store, table, filters
    items, gaps = _evaluate(store, table, today, worker, team, (None, middle), keep)
    try:
        rows, gap_rows = other.result()
    except ForkedError as exc:
        raise RuntimeError(f"evaluating the second half of the children failed: {exc}") from None
    rules = {rule.id: rule for rule in table.rules}
    items += [_item(row, rules) for row in rows]
    gaps += [Gap(*row) for row in gap_rows]
    return items, gaps


def _evaluate(
    store: Reads,
    table: TimescaleTable,
    today: date,
    worker: str | None,
    team: str | None,
    id_range: tuple[str | None, str | None],
    keep: Keep,
) -> tuple[list[DueItem], list[Gap]]:
    facts = store.child_facts(worker_id=worker, team=team, id_range=id_range)
    items: list[DueItem] = []
    gaps: list[Gap] = []
    for result in DueEngine(table).evaluate_all(facts, today):
        items += [item for item in result.all_items if keep(item)]
        gaps += result.gaps
    return items, gaps


def _row(i: DueItem) -> _Row:
    """A due item as plain values to send between processes (its rule by id)."""
    return (
        i.due, i.kind, i.child_id, i.status, i.days_overdue, i.rule.id, i.anchor_date, i.counted_from,
        i.counted_from_date, i.interval.n, i.interval.unit, i.phase, i.worker_id, i.inference,
    )  # fmt: skip


def _item(row: _Row, rules: dict[str, Any]) -> DueItem:
    (
        due,
        kind,
        child,
        status,
        overdue,
        rule_id,
        anchor,
        counted,
        counted_on,
        n,
        unit,
        phase,
        worker,
        inferred,
    ) = row
    interval = Interval(n, unit)
    return DueItem(
        due,
        kind,
        child,
        status,
        overdue,
        rules[rule_id],
        anchor,
        counted,
        counted_on,
        interval,
        phase,
        worker,
        inferred,
    )
