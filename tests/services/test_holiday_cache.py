"""The cached bank holidays are exactly the ``holidays`` package's, and a bad cache is harmless."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from caseload_tui.domain.calendar import WorkingCalendar, england_bank_holidays
from caseload_tui.services.holidays import SPAN, CachedBankHolidays, package_key

BOXING_DAY_2026 = date(2026, 12, 28)  # a Saturday: the bank holiday moves to Monday 28th


def cache_file(folder: Path) -> Path:
    (found,) = folder.glob("bank-holidays-england-*.json")
    return found


def test_the_first_use_writes_the_packages_answer_and_later_uses_read_it(tmp_path: Path) -> None:
    first = CachedBankHolidays(tmp_path)
    assert first(2020, 2030) == england_bank_holidays(2020, 2030)
    written = json.loads(cache_file(tmp_path).read_text(encoding="utf-8"))
    assert written["holidays"]["2026-12-28"] == "Boxing Day (observed)"
    written["holidays"]["2026-12-29"] = "A day read from the file"  # proves the next one reads it
    cache_file(tmp_path).write_text(json.dumps(written), encoding="utf-8")
    assert CachedBankHolidays(tmp_path)(2026, 2026)[date(2026, 12, 29)] == "A day read from the file"


@settings(max_examples=40, deadline=None)
@given(first=st.integers(1950, 2100), length=st.integers(0, 15))
def test_any_span_of_years_is_the_packages_answer(tmp_path_factory: pytest.TempPathFactory, first: int,
                                                  length: int) -> None:  # fmt: skip
    folder = tmp_path_factory.getbasetemp() / "any-span"
    assert CachedBankHolidays(folder)(first, first + length) == england_bank_holidays(first, first + length)


@pytest.mark.parametrize(
    "damage",
    [
        "",
        "{not json",
        '{"format": 1}',
        json.dumps({"format": 1, "span": list(SPAN), "holidays": {"2026-02-30": "x"}}),
        json.dumps({"format": 1, "span": list(SPAN), "holidays": {"2026-12-28": 5}}),
        json.dumps({"format": 1, "span": list(SPAN), "holidays": {"2026-12-28": "Boxing Day"}}),  # too few
        json.dumps({"format": 99, "span": list(SPAN), "holidays": {}}),
    ],
)
def test_a_damaged_file_is_replaced_by_the_packages_answer(tmp_path: Path, damage: str) -> None:
    CachedBankHolidays(tmp_path)(2026, 2026)
    cache_file(tmp_path).write_text(damage, encoding="utf-8")
    assert CachedBankHolidays(tmp_path)(2024, 2028) == england_bank_holidays(2024, 2028)
    assert json.loads(cache_file(tmp_path).read_text(encoding="utf-8"))["format"] == 1  # rewritten


def test_an_unwritable_folder_still_gives_the_right_days(tmp_path: Path) -> None:
    blocked = tmp_path / "a-file"
    blocked.write_text("not a folder", encoding="utf-8")
    assert CachedBankHolidays(blocked / "cache")(2026, 2027) == england_bank_holidays(2026, 2027)


def test_the_file_is_named_for_the_installed_package(tmp_path: Path) -> None:
    import holidays

    key = package_key()
    assert key is not None and key.startswith(f"{holidays.__version__}-")
    CachedBankHolidays(tmp_path)(2026, 2026)
    assert cache_file(tmp_path).name == f"bank-holidays-england-{key}.json"


def test_a_calendar_given_the_cache_counts_as_one_asking_the_package(tmp_path: Path) -> None:
    cached = WorkingCalendar(bank_holidays=CachedBankHolidays(tmp_path))
    plain = WorkingCalendar()
    assert cached.add_working_days(date(2026, 12, 24), 1) == plain.add_working_days(date(2026, 12, 24), 1)
    assert cached.add_working_days(date(2026, 12, 24), 1) == date(2026, 12, 29)  # 25, 28 closed
    assert cached.holiday_name(BOXING_DAY_2026) == "Boxing Day (observed)"
    assert cache_file(tmp_path).exists()  # the cache was read (and written) to answer


def test_tables_read_by_the_catalogue_count_with_the_cache() -> None:
    from caseload_tui.services.catalogue import open_table

    assert isinstance(open_table("herefordshire").bank_holidays, CachedBankHolidays)
