"""Cell parsers: dates (British only), yes/no flags, FTE, codes."""

from __future__ import annotations

from datetime import date

import pytest

from caseload_tui.domain.vocabulary import PLAN_TYPES
from caseload_tui.importing.values import CodeReader, DateReader, clean_text, parse_flag, parse_fte

from .helpers import TODAY


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("21/12/2025", date(2025, 12, 21)),
        ("1/2/2026", date(2026, 2, 1)),
        ("21/12/25", date(2025, 12, 21)),
        ("01/01/70", date(1970, 1, 1)),  # two-digit years far ahead are 1900s (dates of birth)
        ("2025-12-21", date(2025, 12, 21)),
        ("21.12.2025", date(2025, 12, 21)),
    ],
)
def test_british_dates(text: str, expected: date) -> None:
    assert DateReader(TODAY)(text) == expected


@pytest.mark.parametrize(
    ("text", "words"),
    [
        ("12/31/2026", "month 31"),
        ("today", "relative dates"),
        ("Yesterday", "relative dates"),
        ("31st May", "not a date"),
        ("21/12/0026", "before 1900"),
        ("30/02/2026", "not a real date"),
    ],
)
def test_bad_dates_say_why(text: str, words: str) -> None:
    reader = DateReader(TODAY)
    for _ in range(2):  # the second time comes from the cache and must still fail
        with pytest.raises(ValueError, match=words):
            reader(text)


def test_mapping_formats_come_first_and_two_digit_years_stay_in_the_past() -> None:
    reader = DateReader(TODAY, ("%d-%b-%Y", "%d-%b-%y"))
    assert reader("14-Mar-2016") == date(2016, 3, 14)
    assert reader("14-Mar-50") == date(1950, 3, 14)
    assert reader("14/03/2016") == date(2016, 3, 14)  # built-in forms still work


@pytest.mark.parametrize(("text", "value"), [("yes", True), ("Y", True), ("TRUE", True), ("1", True),
                                             ("no", False), ("n", False), ("False", False), ("0", False),
                                             ("", None)])  # fmt: skip
def test_flags(text: str, value: bool | None) -> None:
    assert parse_flag(text) is value


def test_flag_refuses_other_words() -> None:
    with pytest.raises(ValueError, match="not yes or no"):
        parse_flag("maybe")


@pytest.mark.parametrize(("text", "value"), [("1", 1.0), ("0.5", 0.5), ("80%", 0.8), ("100 %", 1.0)])
def test_fte(text: str, value: float) -> None:
    assert parse_fte(text) == value


@pytest.mark.parametrize(("text", "words"), [("0", "more than 0"), ("1.2", "at most 1"), ("80", "add %"),
                                             ("nan", "more than 0"), ("full", "not a number")])  # fmt: skip
def test_bad_fte(text: str, words: str) -> None:
    with pytest.raises(ValueError, match=words):
        parse_fte(text)


def test_codes_accept_code_label_and_spaces_in_any_case() -> None:
    plans = CodeReader("plan type", PLAN_TYPES)
    assert plans("cp") == plans("CP") == plans("Child protection") == "cp"
    assert plans("Care Leaver") == "care_leaver"
    with pytest.raises(ValueError, match="not a plan type: use one of early_help, cin"):
        plans("CPP")


def test_clean_text_joins_whitespace_and_refuses_control_characters() -> None:
    assert clean_text("Mary\u00a0Ann\nJones") == "Mary Ann Jones"
    with pytest.raises(ValueError, match="control character"):
        clean_text("A\x00B")
