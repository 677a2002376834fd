"""Working days and calendar intervals: hand-computed cases and properties."""

from __future__ import annotations

from datetime import date, timedelta

import holidays
import pytest
from dateutil.relativedelta import relativedelta
from hypothesis import given, settings
from hypothesis import strategies as st

from caseload_tui.domain.calendar import (
    Counting,
    Interval,
    WorkingCalendar,
    add_months,
    add_years,
    birthday,
)

CAL = WorkingCalendar()
ENGLAND = holidays.country_holidays("GB", subdiv="ENG", years=range(1995, 2061))
dates = st.dates(min_value=date(2000, 1, 1), max_value=date(2055, 12, 31))


def brute_add(d: date, n: int, closed: set[date] = frozenset()) -> date:  # type: ignore[assignment]
    """Reference: step one day at a time."""
    step = 1 if n > 0 else -1
    count = 0
    while count != abs(n):
        d += timedelta(days=step)
        if d.weekday() < 5 and d not in ENGLAND and d not in closed:
            count += 1
    return d


# -- hand-computed ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("start", "n", "expected"),
    [
        # Friday anchor, no holidays: Mon 21, Tue 22, Wed 23
        (date(2026, 12, 18), 3, date(2026, 12, 23)),
        # across Christmas 2026: Fri 25 Dec and Mon 28 Dec (Boxing Day observed) are closed
        (date(2026, 12, 23), 3, date(2026, 12, 30)),
        (date(2026, 12, 24), 1, date(2026, 12, 29)),
        # across New Year: Fri 1 Jan 2027 closed
        (date(2026, 12, 24), 5, date(2027, 1, 5)),
        # 20 working days (initial CLA review) from Mon 7 Dec 2026
        (date(2026, 12, 7), 20, date(2027, 1, 7)),
        # Easter 2026: Good Friday 3 Apr, Easter Monday 6 Apr
        (date(2026, 4, 1), 2, date(2026, 4, 7)),
        # Easter 2027: Good Friday 26 Mar, Easter Monday 29 Mar
        (date(2027, 3, 25), 1, date(2027, 3, 30)),
        # Christmas 2027: Sat 25/Sun 26, substitutes Mon 27 and Tue 28 Dec
        (date(2027, 12, 24), 1, date(2027, 12, 29)),
        # a weekend anchor: day 0 is Saturday, the 1st working day is Monday
        (date(2026, 12, 19), 1, date(2026, 12, 21)),
        # day 0 itself
        (date(2026, 12, 25), 0, date(2026, 12, 25)),
        # backwards: 3 working days before Tue 5 Jan 2027 (Mon 4 Jan, Thu 31 Dec, Wed 30 Dec)
        (date(2027, 1, 5), -3, date(2026, 12, 30)),
        # backwards from a bank holiday
        (date(2026, 12, 28), -1, date(2026, 12, 24)),
    ],
)
def test_add_working_days_hand_computed(start: date, n: int, expected: date) -> None:
    assert CAL.add_working_days(start, n) == expected


def test_working_days_between_over_christmas() -> None:
    # after Fri 18 Dec to Wed 30 Dec 2026: 21, 22, 23, 24, 29, 30
    assert CAL.working_days_between(date(2026, 12, 18), date(2026, 12, 30)) == 6
    assert CAL.working_days_between(date(2026, 12, 30), date(2026, 12, 18)) == -6


def test_is_working_day() -> None:
    assert not CAL.is_working_day(date(2026, 12, 28))  # Boxing Day (substitute day)
    assert not CAL.is_working_day(date(2026, 12, 26))  # Saturday
    assert CAL.is_working_day(date(2026, 12, 29))
    assert CAL.holiday_name(date(2026, 12, 28)) == "Boxing Day (observed)"
    assert CAL.holiday_name(date(2026, 12, 29)) is None


def test_previous_and_next_working_day_and_suggestion() -> None:
    assert CAL.next_working_day(date(2026, 12, 24)) == date(2026, 12, 29)
    assert CAL.previous_working_day(date(2026, 12, 29)) == date(2026, 12, 24)
    # a calendar due date on Saturday 28 Feb 2026: suggest Friday 27th
    assert CAL.working_day_on_or_before(date(2026, 2, 28)) == date(2026, 2, 27)
    assert CAL.working_day_on_or_before(date(2026, 2, 27)) == date(2026, 2, 27)


def test_extra_closure_days_and_bank_holidays_as_working_days() -> None:
    closed = WorkingCalendar(closures=[date(2026, 12, 29), date(2026, 12, 30), date(2026, 12, 31)])
    assert closed.add_working_days(date(2026, 12, 23), 3) == date(2027, 1, 5)
    assert closed.holiday_name(date(2026, 12, 30)) == "Closure day"
    open_on_holidays = WorkingCalendar(bank_holidays_closed=False)
    assert open_on_holidays.add_working_days(date(2026, 12, 24), 1) == date(2026, 12, 25)


def test_working_days_in_range() -> None:
    days = CAL.working_days_in(date(2026, 12, 21), date(2026, 12, 31))
    assert [d.day for d in days] == [21, 22, 23, 24, 29, 30, 31]


@pytest.mark.parametrize(
    ("start", "months", "expected"),
    [
        (date(2026, 11, 30), 3, date(2027, 2, 28)),  # the domain's own example
        (date(2027, 11, 30), 3, date(2028, 2, 29)),  # leap year
        (date(2028, 1, 31), 1, date(2028, 2, 29)),
        (date(2028, 2, 29), 12, date(2029, 2, 28)),
        (date(2026, 8, 31), 6, date(2027, 2, 28)),
        (date(2026, 1, 31), -2, date(2025, 11, 30)),
        (date(2026, 12, 15), 1, date(2027, 1, 15)),
    ],
)
def test_add_months_clamps_at_month_end(start: date, months: int, expected: date) -> None:
    assert add_months(start, months) == expected


def test_add_years_from_29_february() -> None:
    assert add_years(date(2024, 2, 29), 1) == date(2025, 2, 28)
    assert add_years(date(2024, 2, 29), 4) == date(2028, 2, 29)


def test_birthday_of_a_leap_day_child() -> None:
    assert birthday(date(2008, 2, 29), 21) == date(2029, 3, 1)
    assert birthday(date(2008, 2, 29), 20) == date(2028, 2, 29)
    assert birthday(date(2008, 3, 1), 21) == date(2029, 3, 1)


def test_calendar_widens_far_from_first_use() -> None:
    cal = WorkingCalendar()
    assert cal.add_working_days(date(2026, 1, 2), 1) == date(2026, 1, 5)
    assert cal.add_working_days(date(1999, 12, 24), 1) == date(1999, 12, 29)  # 27/28 Dec closed
    assert cal.add_working_days(date(2026, 1, 2), 2600) == brute_add(date(2026, 1, 2), 2600)


# -- intervals and counting conventions -----------------------------------------------------


def test_interval_parse_and_text() -> None:
    assert Interval.parse("3 working_days") == Interval(3, "working_days")
    assert Interval.parse("1 week") == Interval(1, "weeks")
    assert str(Interval(1, "weeks")) == "1 week"
    assert str(Interval(10, "working_days")) == "10 working days"
    for bad in ("3", "three days", "3 fortnights", "-1 days", "3  weeks extra"):
        with pytest.raises(ValueError, match="not an interval"):
            Interval.parse(bad)


def test_counting_anchor_day_zero_and_one() -> None:
    day0 = Counting(CAL, anchor_day=0)
    day1 = Counting(CAL, anchor_day=1)
    fri = date(2026, 12, 18)
    assert day0.add(fri, Interval(3, "working_days")) == date(2026, 12, 23)
    assert day1.add(fri, Interval(3, "working_days")) == date(2026, 12, 22)  # Fri is day 1
    sat = date(2026, 12, 19)  # not a working day: day 1 is Monday
    assert day1.add(sat, Interval(3, "working_days")) == date(2026, 12, 23)
    assert day0.add(fri, Interval(28, "days")) == date(2027, 1, 15)
    assert day1.add(fri, Interval(28, "days")) == date(2027, 1, 14)
    assert day0.add(date(2026, 11, 30), Interval(3, "months")) == date(2027, 2, 28)
    assert day0.add(fri, Interval(0, "days")) == fri
    assert day1.add(fri, Interval(0, "days")) == fri
    assert day0.subtract(date(2027, 1, 5), Interval(3, "working_days")) == date(2026, 12, 30)
    assert day0.subtract(date(2027, 1, 5), Interval(5, "days")) == date(2026, 12, 31)
    assert day0.subtract(date(2027, 5, 31), Interval(3, "months")) == date(2027, 2, 28)


# -- properties ---------------------------------------------------------------------------------


@settings(max_examples=300, deadline=None)
@given(dates, st.integers(min_value=-60, max_value=60))
def test_add_working_days_matches_day_by_day_reference(d: date, n: int) -> None:
    assert CAL.add_working_days(d, n) == (d if n == 0 else brute_add(d, n))


@settings(max_examples=300, deadline=None)
@given(dates, st.integers(min_value=1, max_value=2000))
def test_added_day_is_a_working_day_and_the_count_inverts(d: date, n: int) -> None:
    result = CAL.add_working_days(d, n)
    assert result > d
    assert CAL.is_working_day(result)
    assert CAL.working_days_between(d, result) == n
    assert CAL.add_working_days(d, n + 1) > result


@settings(max_examples=300, deadline=None)
@given(dates, st.integers(min_value=1, max_value=500))
def test_going_back_undoes_going_forward_from_a_working_day(d: date, n: int) -> None:
    start = CAL.working_day_on_or_before(d)
    assert CAL.add_working_days(CAL.add_working_days(start, n), -n) == start


@settings(max_examples=300, deadline=None)
@given(dates)
def test_is_working_day_matches_weekday_and_bank_holidays(d: date) -> None:
    assert CAL.is_working_day(d) == (d.weekday() < 5 and d not in ENGLAND)


@settings(max_examples=500, deadline=None)
@given(dates, st.integers(min_value=-600, max_value=600))
def test_add_months_matches_dateutil(d: date, n: int) -> None:
    assert add_months(d, n) == d + relativedelta(months=n)


@settings(max_examples=200, deadline=None)
@given(dates, dates)
def test_working_days_between_matches_counting(a: date, b: date) -> None:
    lo, hi = min(a, b), max(a, b)
    if (hi - lo).days > 400:
        hi = lo + timedelta(days=400)
        b = hi if b >= a else lo
        a = lo if b >= a else hi
    expected = sum(1 for i in range(1, (hi - lo).days + 1) if CAL.is_working_day(lo + timedelta(days=i)))
    assert CAL.working_days_between(lo, hi) == expected
