"""``children.csv``: child_id,given_name,family_name,date_of_birth,worker_id,allocated_on,
plan_type,plan_start,placement_type,placement_start (optionally flags).

Checks across a row, beyond each cell:

- a blank ``worker_id`` means unallocated, so ``allocated_on`` must be blank too;
- ``plan_start`` is required with a ``plan_type`` and refused without one;
- a placement (type and start, both required together) only for ``cla``;
- ``date_of_birth`` at most 40 weeks ahead (an expected date, for a pre-birth plan) and at most
  26 years back (care leavers are supported to 25); plan, allocation and placement dates at most
  31 days ahead (agreed starts);
- ``plan_start`` and ``allocated_on`` at most 40 weeks before ``date_of_birth``: a child
  protection plan (or an allocation) made before birth is a real case, whether the child is
  born by now or not; ``placement_start`` never before birth;
- no ``flags`` column: a re-import keeps the flags stored (nothing a row does not carry is lost);
- ``child_id`` unique in the file (the error names both lines).
"""

from __future__ import annotations

from datetime import date

from ..domain.records import ChildRecord
from ..domain.vocabulary import FLAGS, PLACEMENT_TYPES, PLAN_TYPES
from .schema import RowContext, Schema
from .values import CodeReader

PLANS = CodeReader("plan type", PLAN_TYPES)
PLACEMENTS = CodeReader("placement type", PLACEMENT_TYPES)
FLAG_CODES = CodeReader("flag", FLAGS)
UNBORN_DAYS = 280
OLDEST_YEARS = 26
AHEAD_DAYS = 31


def _not_before_birth(
    ctx: RowContext,
    cells: dict[str, str],
    line: int,
    column: str,
    value: date | None,
    born: date | None,
    pre_birth_days: int = 0,
) -> None:
    if value is None or born is None or value >= born:
        return
    if (born - value).days > pre_birth_days:
        allowed = f" by more than {pre_birth_days // 7} weeks" if pre_birth_days else ""
        ctx.report(
            line, column, cells[column], f"{column} is before the date of birth ({born:%d/%m/%Y}){allowed}"
        )


def _flags(ctx: RowContext, cells: dict[str, str], line: int) -> frozenset[str] | None:
    """``flags``: codes from vocabulary.FLAGS separated by ``;`` (e.g. ``disabled;uasc``); None
    when the file has no flags column."""
    if "flags" in ctx.absent:
        return None
    found: set[str] = set()
    for part in cells["flags"].split(";"):
        if part.strip():
            try:
                found.add(FLAG_CODES(part.strip()))
            except ValueError as exc:
                ctx.report(line, "flags", part.strip(), str(exc))
    return frozenset(found)


def convert_child(cells: dict[str, str], line: int, ctx: RowContext) -> ChildRecord | None:
    before = len(ctx.problems)
    child_id = ctx.text(cells, line, "child_id", required=True)
    if child_id:
        ctx.unique(line, "child_id", child_id)
    given = ctx.text(cells, line, "given_name")
    family = ctx.text(cells, line, "family_name")
    if not given and not family and not cells["given_name"] and not cells["family_name"]:
        ctx.report(line, "family_name", "", "a child needs a given name or a family name")
    born = ctx.day(cells, line, "date_of_birth", future_days=UNBORN_DAYS)
    if born is not None and born < ctx.today.replace(year=ctx.today.year - OLDEST_YEARS, day=1):
        too_old = f"over {OLDEST_YEARS} years old: check the year"
        ctx.report(line, "date_of_birth", cells["date_of_birth"], too_old)

    worker_id = ctx.text(cells, line, "worker_id") or None
    allocated = ctx.day(cells, line, "allocated_on", future_days=AHEAD_DAYS)
    if not cells["worker_id"] and cells["allocated_on"]:
        reason = "no worker_id: an unallocated child has no allocated_on"
        ctx.report(line, "allocated_on", cells["allocated_on"], reason)
    _not_before_birth(ctx, cells, line, "allocated_on", allocated, born, UNBORN_DAYS)

    plan = ctx.code(cells, line, "plan_type", PLANS)
    if cells["plan_type"]:
        why = " with a plan_type"
        plan_start = ctx.day(cells, line, "plan_start", required=True, why=why, future_days=AHEAD_DAYS)
    else:
        plan_start = None
        if cells["plan_start"]:
            ctx.report(line, "plan_start", cells["plan_start"], "plan_start given without a plan_type")
    _not_before_birth(ctx, cells, line, "plan_start", plan_start, born, UNBORN_DAYS)

    placement = ctx.code(cells, line, "placement_type", PLACEMENTS)
    placement_start = ctx.day(
        cells, line, "placement_start", required=bool(cells["placement_type"]),
        why=" with a placement_type", future_days=AHEAD_DAYS,
    )  # fmt: skip
    if cells["placement_type"] and plan != "cla" and (plan is not None or not cells["plan_type"]):
        shown = f"this child's plan_type is {plan}" if plan else "this child has no plan_type"
        ctx.report(line, "placement_type", cells["placement_type"], f"a placement is only for cla; {shown}")
    if cells["placement_start"] and not cells["placement_type"]:
        reason = "placement_start given without a placement_type"
        ctx.report(line, "placement_start", cells["placement_start"], reason)
    _not_before_birth(ctx, cells, line, "placement_start", placement_start, born)

    flags = _flags(ctx, cells, line)
    if len(ctx.problems) != before:
        return None
    return ChildRecord(
        child_id, given, family, born, worker_id, allocated, plan, plan_start, placement, placement_start,
        flags, line=line,
    )  # fmt: skip


CHILDREN: Schema[ChildRecord] = Schema(
    kind="children",
    columns=(
        "child_id", "given_name", "family_name", "date_of_birth", "worker_id", "allocated_on",
        "plan_type", "plan_start", "placement_type", "placement_start", "flags",
    ),
    optional=frozenset({"flags"}),
    codes={"plan_type": PLANS, "placement_type": PLACEMENTS},
    flags=frozenset(),
    convert=convert_child,
)  # fmt: skip
