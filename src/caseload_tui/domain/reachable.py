"""Rules that can never fire: what a rule counts from, or ends at, that nothing can record.

``caseload rules check`` warns about each. Everything a table may name is recordable somehow:
facts and flags on children.csv (and the child form), events and milestones on events.csv (and
the record form), bookings as meetings dated ahead. What cannot be recorded is a booking of
something that is not a meeting, and a child no rule's conditions can describe (a placement for
a child who is not in care, a flag both required and excluded...).
"""

from __future__ import annotations

from .table import AppliesTo, Rule, TimescaleTable, WarningRule
from .table_problems import TableProblem
from .vocabulary import BOOKABLE_KINDS, PLAN_TYPES

# only a child in care has a placement (children.csv refuses one for any other plan)
_PLACEMENT_PLANS = frozenset({"cla"})


def never_fire(table: TimescaleTable) -> list[TableProblem]:
    """A problem (to show as a warning) for each rule or warning that can never fire."""
    file = str(table.path or table.authority)
    found: list[TableProblem] = []
    cited: list[tuple[str, int | None, Rule | WarningRule]] = [
        (f"rule {r.id}", r.line, r) for r in table.rules
    ]
    cited += [(f"warning {w.id}", w.line, w) for w in table.warnings]
    for where, line, rule in cited:
        for reason in _reasons(rule):
            found.append(TableProblem(file, where, line, reason))
    return found


def _reasons(rule: Rule | WarningRule) -> list[str]:
    reasons = _children_reasons(rule.applies_to)
    anchor = rule.anchor
    if anchor is not None and anchor.prefix == "scheduled" and anchor.name not in BOOKABLE_KINDS:
        reasons.append(
            f"counts from a booked {anchor.name!r}, but only meetings can be booked "
            f"({', '.join(BOOKABLE_KINDS)}): nothing can record what it counts from"
        )
    return reasons


def _children_reasons(applies: AppliesTo) -> list[str]:
    """Why no child can be one the conditions describe (empty when some child can)."""
    reasons = []
    plans = set(PLAN_TYPES if applies.plan_types is None else applies.plan_types) - applies.not_plan_types
    if not plans:
        reasons.append("no plan type is left once not_plan_types are taken away")
    if applies.placement_types is not None and not plans & _PLACEMENT_PLANS:
        reasons.append("a placement is only recorded for a child in care (cla), which plan_types leaves out")
    both = applies.flags & applies.not_flags
    if both:
        reasons.append(f"the same flag is both required and excluded: {', '.join(sorted(both))}")
    return reasons
