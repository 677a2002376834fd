"""``workers.csv``: worker_id,name,role,team,fte (and optionally caseload_target)."""

from __future__ import annotations

from ..domain.records import WorkerRecord
from .schema import RowContext, Schema
from .values import parse_fte, parse_positive


def convert_worker(cells: dict[str, str], line: int, ctx: RowContext) -> WorkerRecord | None:
    before = len(ctx.problems)
    worker_id = ctx.text(cells, line, "worker_id", required=True)
    if worker_id:
        ctx.unique(line, "worker_id", worker_id)
    name = ctx.text(cells, line, "name", required=True)
    role = ctx.text(cells, line, "role")
    team = ctx.text(cells, line, "team")
    fte = 0.0
    if not cells["fte"]:
        ctx.report(line, "fte", "", "fte is required: 1 for full time, 0.5 or 50% for half time")
    else:
        try:
            fte = parse_fte(cells["fte"])
        except ValueError as exc:
            ctx.report(line, "fte", cells["fte"], str(exc))
    target = None
    if cells["caseload_target"]:
        try:
            target = parse_positive(cells["caseload_target"])
        except ValueError as exc:
            ctx.report(line, "caseload_target", cells["caseload_target"], str(exc))
    if len(ctx.problems) != before:
        return None
    return WorkerRecord(worker_id, name, role, team, fte, target, line=line)


WORKERS: Schema[WorkerRecord] = Schema(
    kind="workers",
    columns=("worker_id", "name", "role", "team", "fte", "caseload_target"),
    optional=frozenset({"caseload_target"}),
    codes={},
    flags=frozenset(),
    convert=convert_worker,
)
