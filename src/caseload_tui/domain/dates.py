"""British dates: how people type them and how the interface shows them. Never US order."""

from __future__ import annotations

import re
from datetime import date, timedelta

# ASCII: \d would also match other scripts' digits (Arabic-Indic, fullwidth), which int() reads
_DMY = re.compile(r"^(\d{1,2})[/.-](\d{1,2})[/.-](\d{2}|\d{4})$", re.ASCII)
_ISO = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})$", re.ASCII)
RELATIVE = {"today": 0, "yesterday": -1, "tomorrow": 1}
# Every date typed or imported lies in this range: far enough to hold any child's record and a
# century of planning, near enough that the engine's arithmetic (100-year intervals at most)
# never runs off the calendar.
EARLIEST = date(1900, 1, 1)
LATEST = date(2200, 12, 31)


def monday_of(day: date) -> date:
    """The Monday of ``day``'s week."""
    return day - timedelta(days=day.weekday())


def parse_date(text: str, today: date | None = None) -> date:
    """Parse ``21/12/2026``, ``21/12/26``, ``2026-12-21``, or ``today``/``yesterday``/``tomorrow``.

    Raises ValueError with a message a person can act on. Two-digit years are 2000-2099
    except those more than 20 years ahead of ``today``, which are 1900s (dates of birth).
    """
    cleaned = text.strip().lower()
    if cleaned in RELATIVE:
        if today is None:
            raise ValueError(f"{text!r} needs to know today's date")
        return in_range(today + timedelta(days=RELATIVE[cleaned]), text)
    match = _ISO.match(cleaned)
    if match:
        year, month, day = (int(g) for g in match.groups())
    else:
        match = _DMY.match(cleaned)
        if not match:
            raise ValueError(
                f"{text!r} is not a date: use dd/mm/yyyy (e.g. 21/12/2026), dd/mm/yy, "
                "yyyy-mm-dd, 'today' or 'yesterday'"
            )
        day, month, year = (int(g) for g in match.groups())
        if len(match.group(3)) == 2:
            pivot = (today or date(2000, 1, 1)).year % 100 + 20
            year += 2000 if year <= pivot else 1900
    try:
        parsed = date(year, month, day)
    except ValueError:
        raise ValueError(f"{text!r} is not a real date (day {day}, month {month}, year {year})") from None
    return in_range(parsed, text)


def in_range(d: date, text: str) -> date:
    """``d`` if it lies between :data:`EARLIEST` and :data:`LATEST`; else ValueError naming them."""
    if not EARLIEST <= d <= LATEST:
        side = f"before {EARLIEST.year}" if d < EARLIEST else f"after {LATEST.year}"
        raise ValueError(
            f"{text!r} is outside the dates caseload accepts ({short_date(EARLIEST)} to "
            f"{short_date(LATEST)}): year {d.year} is {side}, check the year"
        )
    return d


_DAYS = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")
_MONTHS = ("", "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")


def long_date(d: date) -> str:
    """``Mon 21 Dec 2026`` (in English whatever the machine's locale; faster than strftime)."""
    return f"{_DAYS[d.weekday()]} {d.day:02d} {_MONTHS[d.month]} {d.year}"


def short_date(d: date) -> str:
    """``21/12/2026``."""
    return f"{d.day:02d}/{d.month:02d}/{d.year}"
