"""British dates in and out."""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from caseload_tui.domain.dates import long_date, parse_date, short_date

TODAY = date(2026, 11, 22)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("21/12/2026", date(2026, 12, 21)),
        ("21/12/26", date(2026, 12, 21)),
        ("2026-12-21", date(2026, 12, 21)),
        ("1/2/2027", date(2027, 2, 1)),  # 1 February, never 2 January
        (" 21.12.2026 ", date(2026, 12, 21)),
        ("today", TODAY),
        ("Yesterday", date(2026, 11, 21)),
        ("tomorrow", date(2026, 11, 23)),
        ("29/02/2028", date(2028, 2, 29)),
        ("05/05/09", date(2009, 5, 5)),  # a date of birth
        ("05/05/62", date(1962, 5, 5)),  # more than 20 years ahead: the 1900s
    ],
)
def test_accepted_forms(text: str, expected: date) -> None:
    assert parse_date(text, TODAY) == expected


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("12/31/2026", "not a real date"),  # US order
        ("29/02/2027", "not a real date"),
        ("31/04/2026", "not a real date"),
        ("next week", "use dd/mm/yyyy"),
        ("", "use dd/mm/yyyy"),
        ("2026/12/21", "use dd/mm/yyyy"),
    ],
)
def test_rejected_with_a_message(text: str, message: str) -> None:
    with pytest.raises(ValueError, match=message):
        parse_date(text, TODAY)


def test_relative_words_need_today() -> None:
    with pytest.raises(ValueError, match="needs to know today's date"):
        parse_date("today")


@given(st.dates(min_value=date(1950, 1, 1), max_value=date(2045, 12, 31)))
def test_short_form_round_trips(d: date) -> None:
    assert parse_date(short_date(d), TODAY) == d
    assert parse_date(d.isoformat(), TODAY) == d


def test_long_form() -> None:
    assert long_date(date(2026, 12, 21)) == "Mon 21 Dec 2026"
