"""Impossible records are refused; unusual ones are asked about (issue 11)."""

from __future__ import annotations

from datetime import date, timedelta

from hypothesis import given
from hypothesis import strategies as st

from caseload_tui.domain.checks import ChildDates, record_checks

TODAY = date(2026, 11, 23)
AMY = ChildDates("Amy Smith", date(2015, 5, 5), date(2026, 10, 1), date(2026, 9, 1))


def said(
    kind: str, on: date, child: ChildDates = AMY, held: tuple[tuple[str, date], ...] = ()
) -> list[tuple[str, bool]]:
    return [(c.message, c.confirmable) for c in record_checks(child, kind, on, TODAY, held)]


def test_an_ordinary_visit_is_fine() -> None:
    assert said("visit", date(2026, 11, 20)) == []


def test_refused_before_birth_and_in_the_future() -> None:
    [(message, confirmable), *_] = said("visit", date(2015, 5, 4), child=AMY)  # and: the year?
    assert "before Amy Smith was born (Tue 05 May 2015)" in message and not confirmable
    [(message, confirmable)] = said("visit", TODAY + timedelta(days=1))
    assert "in the future" in message and not confirmable
    [(message, _)] = said("cla_review", TODAY + timedelta(days=7))
    assert "book the meeting instead" in message


def test_work_before_birth_counts_from_a_pre_birth_plan() -> None:
    unborn = ChildDates("Baby Jones", date(2026, 12, 20), date(2026, 9, 1), date(2026, 8, 20))
    assert said("visit", date(2026, 9, 10), child=unborn) == []
    [(message, confirmable)] = said("visit", date(2026, 8, 1), child=unborn)
    assert "before Baby Jones was born" in message and not confirmable


def test_a_review_before_the_plan_or_a_year_typo_is_asked_about() -> None:
    [(message, confirmable)] = said("cin_review", date(2026, 9, 15))
    assert "before the current plan started (Thu 01 Oct 2026)" in message and confirmable
    assert said("visit", date(2026, 9, 15)) == []  # visits before a plan are ordinary history
    [(message, confirmable)] = said("visit", date(2020, 11, 20))
    assert "6 years ago: is the year right?" in message and confirmable


def test_a_second_visit_that_day_is_asked_about_other_kinds_refused() -> None:
    held = (("visit", date(2026, 11, 20)), ("chronology_update", date(2026, 11, 20)))
    [(message, confirmable)] = said("visit", date(2026, 11, 20), held=held)
    assert "already recorded: record a second one that day?" in message and confirmable
    [(message, confirmable)] = said("chronology_update", date(2026, 11, 20), held=held)
    assert "already recorded" in message and not confirmable


@given(st.dates(min_value=date(1990, 1, 1), max_value=date(2040, 12, 31)))
def test_every_date_is_either_fine_asked_or_refused_with_a_reason(on: date) -> None:
    for check in record_checks(AMY, "visit", on, TODAY):
        assert check.message.startswith("Statutory visit on ")
    refused = [c for c in record_checks(AMY, "visit", on, TODAY) if not c.confirmable]
    assert bool(refused) == (on > TODAY or on < AMY.date_of_birth)  # type: ignore[operator]
