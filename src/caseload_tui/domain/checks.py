"""Is a record possible? What the app asks before it records an event or a milestone.

Some dates cannot be right (a visit before the child was born, a visit next week): those are
refused. Some are unusual but can be right (a review before the current plan started, a date
more than a year ago, a second visit on one day): those are asked about, and recorded once the
person confirms. Pure: the child's facts, the records already held and "today" are arguments.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta

from .dates import long_date
from .vocabulary import BOOKABLE_KINDS, RECORDABLE_KINDS

# meetings that belong to a plan: held before the plan started, the date (or the plan) is wrong
PLAN_MEETINGS = frozenset(
    {"cin_review", "cla_review", "review_conference", "core_group", "taf_review", "pathway_plan_review"}
)
LONG_AGO = timedelta(days=366)  # older than this: is the year right? (2000 typed for 2026)
REPEATABLE_IN_A_DAY = frozenset({"visit"})  # two genuine visits on one day happen


@dataclass(frozen=True, slots=True)
class RecordCheck:
    """One thing wrong with a record: ``confirmable`` ones may be right, the rest cannot be."""

    message: str
    confirmable: bool


@dataclass(frozen=True, slots=True)
class ChildDates:
    """What the checks need to know about the child."""

    name: str
    date_of_birth: date | None
    plan_start: date | None
    allocated_on: date | None


def record_checks(
    child: ChildDates, kind: str, on: date, today: date, held: Iterable[tuple[str, date]] = ()
) -> list[RecordCheck]:
    """What is wrong with recording ``kind`` on ``on`` for ``child`` (``held``: the kinds and
    dates already recorded for the child, the record itself left out when it is being changed)."""
    label = RECORDABLE_KINDS.get(kind, kind)
    what = f"{label} on {long_date(on)}"
    checks = []
    if on > today:
        later = " (book the meeting instead)" if kind in BOOKABLE_KINDS else ""
        checks.append(RecordCheck(f"{what} is in the future: record it on the day or after{later}", False))
    born = child.date_of_birth
    if born is not None and on < born:
        # work before birth is real (a pre-birth plan or allocation): from its start only
        earliest = min((d for d in (child.plan_start, child.allocated_on) if d is not None), default=born)
        if on < min(earliest, born):
            checks.append(
                RecordCheck(
                    f"{what} is before {child.name} was born ({long_date(born)}): check the date", False
                )
            )
    if kind in PLAN_MEETINGS and child.plan_start is not None and on < child.plan_start:
        checks.append(
            RecordCheck(
                f"{what} is before the current plan started ({long_date(child.plan_start)}): "
                "is the date right?",
                True,
            )
        )
    if on < today - LONG_AGO:
        years = (today - on).days // 365
        ago = f"{years} years ago" if years > 1 else "more than a year ago"
        checks.append(RecordCheck(f"{what} is {ago}: is the year right?", True))
    elif child.allocated_on is not None and on < child.allocated_on - LONG_AGO:
        checks.append(
            RecordCheck(
                f"{what} is more than a year before the allocation ({long_date(child.allocated_on)}): "
                "is the date right?",
                True,
            )
        )
    if (kind, on) in set(held):
        if kind in REPEATABLE_IN_A_DAY:
            again = f"A {label.lower()} on {long_date(on)} is already recorded"
            checks.append(RecordCheck(f"{again}: record a second one that day?", True))
        else:
            checks.append(RecordCheck(f"{what} is already recorded", False))
    return checks
