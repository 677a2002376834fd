"""Working days and calendar intervals.

A working day is Monday to Friday, less England's bank holidays (``holidays``, GB/ENG, with
substitute days such as Monday 28 Dec 2026) and any extra closure days an authority lists.

Working-day arithmetic is O(1): the calendar keeps, for a span of whole years, the sorted list of
working days and a running count per day, and widens the span when asked about a date outside it.
"""

from __future__ import annotations

import calendar as _stdlib_calendar
from array import array
from bisect import bisect_left
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from datetime import date, timedelta
from functools import partial

_DAYS_IN_MONTH = (0, 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31)
_SPAN_MARGIN_YEARS = 5
_ONE_DAY = timedelta(days=1)

# (first year, last year) -> England's bank holidays in those years, with their names
BankHolidays = Callable[[int, int], Mapping[date, str]]


def england_bank_holidays(first_year: int, last_year: int) -> dict[date, str]:
    """England's bank holidays from the ``holidays`` package (GB, subdivision ENG)."""
    import holidays as _holidays  # 0.1-0.2 s to import and set up: only when first needed

    found = _holidays.country_holidays("GB", subdiv="ENG", years=range(first_year, last_year + 1))
    return {d: str(name) for d, name in found.items()}


def add_days(d: date, n: int) -> date:
    """``d`` plus ``n`` calendar days."""
    return d + timedelta(days=n)


def add_months(d: date, n: int) -> date:
    """``d`` plus ``n`` calendar months, clamped to the month's last day (30 Nov + 3 = 28 Feb)."""
    year, months = divmod(d.month - 1 + n, 12)
    year += d.year
    day = d.day
    if day > 28:  # only then can the month be too short
        last = _DAYS_IN_MONTH[months + 1]
        if months == 1 and _stdlib_calendar.isleap(year):
            last = 29
        day = min(day, last)
    return date(year, months + 1, day)


def add_years(d: date, n: int) -> date:
    """``d`` plus ``n`` years; 29 February becomes 28 February in a common year."""
    return add_months(d, 12 * n)


def birthday(date_of_birth: date, years: int) -> date:
    """The day a person reaches ``years`` of age.

    Someone born on 29 February reaches an age on 1 March in a common year (the reading used in
    England, and the safer one: a more frequent regime for a younger child lasts a day longer).
    """
    year = date_of_birth.year + years
    if date_of_birth.month == 2 and date_of_birth.day == 29 and not _stdlib_calendar.isleap(year):
        return date(year, 3, 1)
    return date_of_birth.replace(year=year)


class WorkingCalendar:
    """Which days are working days, and arithmetic over them.

    ``bank_holidays_closed=False`` treats bank holidays as working days (some authorities'
    systems do); ``closures`` are extra days the authority is closed. ``bank_holidays`` says
    which days are England's bank holidays (the ``holidays`` package unless another source, such
    as a cached copy of its answers, is given).
    """

    def __init__(
        self,
        closures: Iterable[date] = (),
        bank_holidays_closed: bool = True,
        bank_holidays: BankHolidays = england_bank_holidays,
    ) -> None:
        self.closures = frozenset(closures)
        self.bank_holidays_closed = bank_holidays_closed
        self._first_year = 0
        self._last_year = -1
        self._base = 0  # ordinal of 1 Jan of the first year covered
        self._running = array("l")  # _running[i]: working days in [base, base + i]
        self._working: list[int] = []  # ordinals of working days, ascending
        self._holiday_names: dict[date, str] = {}
        self._bank_holidays = bank_holidays

    # -- coverage ---------------------------------------------------------------------------

    def _cover(self, first_year: int, last_year: int) -> None:
        """Make sure the years ``first_year..last_year`` are covered, widening with a margin."""
        if self._first_year <= first_year and last_year <= self._last_year:
            return
        if self._last_year < self._first_year:  # nothing covered yet
            lo, hi = first_year - _SPAN_MARGIN_YEARS, last_year + _SPAN_MARGIN_YEARS
        else:
            lo = min(self._first_year, first_year - _SPAN_MARGIN_YEARS)
            hi = max(self._last_year, last_year + _SPAN_MARGIN_YEARS)
        lo, hi = max(lo, 1), min(hi, 9998)
        self._holiday_names = dict(self._bank_holidays(lo, hi)) if self.bank_holidays_closed else {}
        closed = {d.toordinal() for d in self._holiday_names} | {d.toordinal() for d in self.closures}
        base = date(lo, 1, 1).toordinal()
        end = date(hi, 12, 31).toordinal()
        running = array("l", [0]) * (end - base + 1)
        working: list[int] = []
        count = 0
        weekday = date.fromordinal(base).weekday()
        for i, ordinal in enumerate(range(base, end + 1)):
            if (weekday + i) % 7 < 5 and ordinal not in closed:
                count += 1
                working.append(ordinal)
            running[i] = count
        self._first_year, self._last_year = lo, hi
        self._base, self._running, self._working = base, running, working

    def _index(self, d: date) -> int:
        year = d.year
        if not (self._first_year <= year <= self._last_year):
            self._cover(year, year)
        return d.toordinal() - self._base

    # -- queries ----------------------------------------------------------------------------

    def is_working_day(self, d: date) -> bool:
        """True when ``d`` is a working day."""
        i = self._index(d)
        return self._running[i] != (self._running[i - 1] if i else 0)

    def holiday_name(self, d: date) -> str | None:
        """The bank holiday's name, "Closure day", or None for an ordinary day."""
        self._index(d)
        if d in self._holiday_names:
            return self._holiday_names[d]
        return "Closure day" if d in self.closures else None

    def add_working_days(self, d: date, n: int) -> date:
        """The ``n``-th working day after ``d`` (``d`` is day 0); before it when ``n`` < 0.

        ``n == 0`` returns ``d`` itself, working day or not.
        """
        if n > 0:  # the hot path: d inside the covered span
            i = d.toordinal() - self._base
            if 0 <= i < len(self._running):
                target = self._running[i] + n - 1
                if target < len(self._working):
                    return date.fromordinal(self._working[target])
        if n == 0:
            return d
        i = self._index(d)
        if n > 0:
            target = self._running[i] + n - 1  # working days up to and including d, then n more
        else:
            before = self._running[i - 1] if i else 0  # working days strictly before d
            target = before + n
        if 0 <= target < len(self._working):
            return date.fromordinal(self._working[target])
        years = 1 + abs(n) // 200  # a year holds at least 200 working days
        if target < 0:
            self._cover(self._first_year - years, self._last_year)
        else:
            self._cover(self._first_year, self._last_year + years)
        return self.add_working_days(d, n)

    def working_days_between(self, start: date, end: date) -> int:
        """Working days after ``start`` up to and including ``end`` (negative if ``end`` < ``start``).

        The inverse of :meth:`add_working_days`: ``add_working_days(a, n) == b`` implies
        ``working_days_between(a, b) == n``.
        """
        if end < start:
            return -self.working_days_between(end, start)
        self._cover(start.year, end.year)
        return self._running[self._index(end)] - self._running[self._index(start)]

    def next_working_day(self, d: date) -> date:
        """The first working day after ``d``."""
        return self.add_working_days(d, 1)

    def previous_working_day(self, d: date) -> date:
        """The last working day before ``d``."""
        return self.add_working_days(d, -1)

    def working_day_on_or_before(self, d: date) -> date:
        """``d`` if it is a working day, else the last working day before it.

        The interface suggests this when a calendar due date falls on a weekend or bank holiday.
        """
        return d if self.is_working_day(d) else self.previous_working_day(d)

    def working_days_in(self, start: date, end: date) -> list[date]:
        """Every working day from ``start`` to ``end`` inclusive."""
        if end < start:
            return []
        self._cover(start.year, end.year)
        lo = bisect_left(self._working, start.toordinal())
        hi = bisect_left(self._working, end.toordinal() + 1)
        return [date.fromordinal(o) for o in self._working[lo:hi]]


UNIT_ALIASES: dict[str, str] = {
    "working_day": "working_days",
    "working_days": "working_days",
    "day": "days",
    "days": "days",
    "week": "weeks",
    "weeks": "weeks",
    "month": "months",
    "months": "months",
    "year": "years",
    "years": "years",
}


@dataclass(frozen=True, slots=True)
class Interval:
    """A whole number of working days, days, weeks, months or years."""

    n: int
    unit: str  # one of vocabulary.UNITS

    def __str__(self) -> str:
        word = self.unit.replace("_", " ")
        return f"{self.n} {word[:-1] if self.n == 1 else word}"

    @classmethod
    def parse(cls, text: str) -> Interval:
        """Parse ``"3 working_days"``, ``"1 week"``, ``"6 months"``; raise ValueError otherwise.

        At most 100 years in any unit (:data:`LONGEST`): a longer interval is a typing mistake,
        and would take the arithmetic past the last date there is.
        """
        parts = text.split()
        if len(parts) != 2 or not (parts[0].isascii() and parts[0].isdigit()) or parts[1] not in UNIT_ALIASES:
            units = ", ".join(sorted({*UNIT_ALIASES.values()}))
            raise ValueError(
                f"{text!r} is not an interval: expected '<whole number> <unit>' with unit one of {units}"
            )
        unit = UNIT_ALIASES[parts[1]]
        if len(parts[0]) > 9 or int(parts[0]) > LONGEST[unit]:
            raise ValueError(f"{text!r} is longer than 100 years: the most is {LONGEST[unit]:,} {unit}")
        return cls(int(parts[0]), unit)


# The longest interval a table may give, per unit: 100 years (a year has at most 261 working days).
LONGEST = {"working_days": 26_100, "days": 36_525, "weeks": 5_218, "months": 1_200, "years": 100}


class Counting:
    """Interval arithmetic under an authority's counting convention.

    ``anchor_day=0``: the anchor is day 0 and "within 3 working days" is the 3rd working day
    after it. ``anchor_day=1``: the anchor is day 1, so every interval ends one (working) day
    earlier: the N-th working day counting the anchor itself when it is a working day.
    """

    def __init__(self, calendar: WorkingCalendar, anchor_day: int = 0) -> None:
        if anchor_day not in (0, 1):
            raise ValueError("anchor_day must be 0 or 1")
        self.calendar = calendar
        self.anchor_day = anchor_day
        self._adders: dict[tuple[int, str], Callable[[date], date]] = {}

    def __getstate__(self) -> tuple[WorkingCalendar, int]:
        # the made adders are closures (not picklable) and cheap to make again
        return self.calendar, self.anchor_day

    def __setstate__(self, state: tuple[WorkingCalendar, int]) -> None:
        self.__init__(*state)  # type: ignore[misc]

    def add(self, d: date, interval: Interval) -> date:
        """The last permissible day of ``interval`` counted from ``d``."""
        key = (interval.n, interval.unit)  # a plain tuple hashes in C; the dataclass does not
        adder = self._adders.get(key)
        if adder is None:
            adder = self._adders[key] = self.adder(interval)
        return adder(d)

    def adder(self, interval: Interval) -> Callable[[date], date]:
        """A function adding ``interval`` under this convention (made once, used many times)."""
        n, unit = interval.n, interval.unit
        shorten = self.anchor_day == 1 and n > 0
        if unit == "working_days":
            add_working_days, is_working_day = self.calendar.add_working_days, self.calendar.is_working_day
            if shorten:
                return lambda d: add_working_days(d, n - 1 if is_working_day(d) else n)
            return lambda d: add_working_days(d, n)
        if unit in ("days", "weeks"):
            step = timedelta(days=(n if unit == "days" else 7 * n) - shorten)
            return lambda d: d + step
        months = n if unit == "months" else 12 * n
        if shorten:
            return lambda d: add_months(d, months) - _ONE_DAY
        return partial(add_months, n=months)

    def subtract(self, d: date, interval: Interval) -> date:
        """The date ``interval`` before ``d`` ("3 working days before the review")."""
        n, unit = interval.n, interval.unit
        if unit == "working_days":
            return self.calendar.add_working_days(d, -n)
        if unit == "days":
            return d - timedelta(days=n)
        if unit == "weeks":
            return d - timedelta(days=7 * n)
        return add_months(d, -(n if unit == "months" else 12 * n))
