"""Caseload arithmetic: children per worker against the table's target, pro rata for part-time."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass

from .records import WorkerRecord


@dataclass(frozen=True, slots=True)
class WorkerCaseload:
    """One worker's caseload against their target."""

    worker_id: str
    name: str
    role: str
    team: str
    fte: float
    children: int  # open children allocated to the worker
    target: float  # table target x FTE, unless the worker has an override

    @property
    def over_by(self) -> float:
        """Children above the target (negative: room for more)."""
        return round(self.children - self.target, 1)


def worker_target(table_target: float, fte: float, override: float | None = None) -> float:
    """The worker's target: their own override, else the table's target pro rata (18 x 0.6 = 10.8)."""
    if override is not None:
        return override
    return round(table_target * fte, 1)


def caseloads(
    workers: Iterable[WorkerRecord], allocated_worker_ids: Iterable[str | None], table_target: float
) -> list[WorkerCaseload]:
    """Per worker: open children allocated (one id per open child) against the target.

    Workers with no children are listed with 0; children of unknown workers are not counted.
    """
    counts = Counter(w for w in allocated_worker_ids if w is not None)
    return [
        WorkerCaseload(
            worker_id=w.worker_id,
            name=w.name,
            role=w.role,
            team=w.team,
            fte=w.fte,
            children=counts.get(w.worker_id, 0),
            target=worker_target(table_target, w.fte, w.caseload_target),
        )
        for w in workers
    ]
