"""Dates and numbers at the edges (issue 13): refused with the accepted range, and a table that
`rules check` passes never crashes or hangs the engine."""

from __future__ import annotations

from datetime import date
from itertools import product
from pathlib import Path

import pytest

from caseload_tui.cli import main
from caseload_tui.domain.calendar import LONGEST, Interval
from caseload_tui.domain.dates import EARLIEST, LATEST, parse_date
from caseload_tui.domain.engine import DueEngine, Event, ScheduledEvent
from caseload_tui.domain.table import TableError, parse_table
from tests.cli.test_data import imported, write
from tests.helpers import SRC, TABLE_HEADER, child


@pytest.mark.parametrize("text", ["31/12/9999", "01/01/0001", "31/12/1899", "2201-01-01"])
def test_dates_outside_the_range_are_refused_naming_it(text: str) -> None:
    with pytest.raises(ValueError, match="outside the dates caseload accepts \\(01/01/1900 to 31/12/2200\\)"):
        parse_date(text)
    with pytest.raises(ValueError, match="outside"):
        parse_date("tomorrow", LATEST)
    assert parse_date("31/12/2200") == LATEST and parse_date("1900-01-01") == EARLIEST


def test_today_far_ahead_is_refused_by_every_command(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    db = str(tmp_path / "case.db")
    imported(tmp_path, db)
    capsys.readouterr()
    events = write(tmp_path, "e.csv", "child_id,kind,date\nC1,visit,01/01/2027\n")
    for args in (
        ["due", "--db", db, "--today", "31/12/9999"],
        ["import", "events", events, "--db", db, "--today", "01/01/9999"],
        ["export", "ics", "--worker", "W001", "--db", db, "--today", "31/12/9999", str(tmp_path / "v.ics")],
    ):
        assert main(args) == 2, args
        err = capsys.readouterr().err
        assert "outside the dates caseload accepts" in err and err.count("\n") == 1, err
    assert not (tmp_path / "v.ics").exists()
    assert (
        main(["due", "--db", db, "--today", "31/12/2200", "--all", "--format", "json"]) == 0
    )  # the edge itself


def test_calendar_weeks_beyond_the_limit_are_refused(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    db = str(tmp_path / "case.db")
    imported(tmp_path, db)
    with pytest.raises(SystemExit) as stopped:
        main(
            ["export", "ics", "--worker", "W001", "--db", db, "--weeks", "100000000", str(tmp_path / "v.ics")]
        )
    assert stopped.value.code == 2
    assert "from 1 to 520" in capsys.readouterr().err
    assert (
        main(["export", "ics", "--worker", "W001", "--db", db, "--weeks", "520", str(tmp_path / "v.ics")])
        == 0
    )


def _problems(text: str) -> list[str]:
    with pytest.raises(TableError) as caught:
        parse_table(text, "t.toml")
    return [str(p) for p in caught.value.problems]


RULE = """
[[rules]]
id = "T-X"
kind = "visit"
title = "A rule"
anchor = "plan_start"
every = "{every}"
{SRC}
"""


@pytest.mark.parametrize("every", ["9999999 working_days", "999999999999 days", "26101 working_days",
                                   "36526 days", "5219 weeks", "1201 months", "101 years"])  # fmt: skip
def test_intervals_longer_than_100_years_are_refused(every: str) -> None:
    (problem,) = _problems(TABLE_HEADER + RULE.replace("{every}", every).replace("{SRC}", SRC))
    assert "longer than 100 years" in problem and "rule T-X" in problem


@pytest.mark.parametrize("target", ["nan", "inf", "-inf", "1e309", "0", "1000"])
def test_caseload_targets_that_are_not_usable_numbers_are_refused(target: str) -> None:
    header = TABLE_HEADER.replace("caseload_target = 18", f"caseload_target = {target}")
    found = _problems(header + RULE.replace("{every}", "28 days").replace("{SRC}", SRC))
    assert any("caseload_target" in p for p in found)


def test_other_numbers_are_bounded() -> None:
    header = TABLE_HEADER.replace("due_soon_days = 7", "due_soon_days = 99999999999")
    rules = RULE.replace("{every}", "28 days").replace('anchor = "plan_start"', (
        'anchor = "plan_start"\napplies_to = { min_age = 0, max_age = 9999999999 }'))  # fmt: skip
    found = _problems(header + rules.replace("{SRC}", SRC))
    assert any("due_soon_days" in p for p in found) and any("max_age" in p for p in found)


def test_deeply_nested_toml_is_a_problem_not_a_crash(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    deep = tmp_path / "deep.toml"
    deep.write_text("x = " + "[" * 100_000 + "]" * 100_000 + "\n")
    assert main(["rules", "check", str(deep)]) == 1
    assert "nested too deeply" in capsys.readouterr().out


@pytest.mark.parametrize("name", ["../../../../etc/passwd", "/etc/passwd", "..", "sub/file.txt",
                                  "..\\\\secret.txt", "C:secret.txt"])  # fmt: skip
def test_a_source_file_outside_the_sources_folder_is_refused(name: str) -> None:
    source = f'source = {{ file = "{name}", section = "Tests", quote = "A sentence." }}'
    rules = RULE.replace("{every}", "28 days").replace("{SRC}", source)
    (problem,) = _problems(TABLE_HEADER + rules)
    assert "sources folder" in problem


# Every timing a table can give, each at its longest: the engine must still answer.
EXTREME = """
[[rules]]
id = "T-FIRST"
kind = "visit"
title = "Within the longest time, then the longest phases"
anchor = "plan_start"
first = "{n_wd} working_days"
not_before = {{ anchor = "date_of_birth", first = "{n_y} years" }}
applies_to = {{ min_age = 0, max_age = 100 }}
{{SRC}}

[[rules.phases]]
name = "one"
every = "{n_wd} working_days"
until_any = [{{ lasting = "{n_m} months" }}, {{ age = "{n_y} years" }}, {{ event = "cla_review", occurrence = 1000 }}]

[[rules.phases]]
name = "two"
every = "{n_d} days"
until_any = [{{ after = "{n_w} weeks" }}]

[[rules.phases]]
name = "three"
every = "{n_y} years"

[[rules]]
id = "T-BEFORE"
kind = "care_plan"
title = "Long before a booked review"
anchor = "scheduled:cla_review"
before = "{n_wd} working_days"
{{SRC}}

[[rules]]
id = "T-UNRECORDED"
kind = "visit_write_up"
title = "Written up"
anchor = "unrecorded:visit"
first = "{n_wd} working_days"
{{SRC}}
""".format(n_wd=LONGEST["working_days"], n_d=LONGEST["days"], n_w=LONGEST["weeks"],
           n_m=LONGEST["months"], n_y=LONGEST["years"])  # fmt: skip


def test_a_table_at_every_limit_never_crashes_the_engine() -> None:
    header = TABLE_HEADER.replace("due_soon_days = 7", "due_soon_days = 366")
    table = parse_table(header + EXTREME.replace("{SRC}", SRC), "extreme.toml")
    engine = DueEngine(table)
    for today, born in product((EARLIEST, date(2026, 6, 1), LATEST), (EARLIEST, LATEST)):
        start = min(today, max(born, EARLIEST))
        facts = child(
            plan_type="cla", plan_start=start, date_of_birth=born, placement_type="foster",
            placement_start=start, events=(Event("visit", start, written_up=False),),
            scheduled=(ScheduledEvent("cla_review", LATEST),),
        )  # fmt: skip
        due = engine.evaluate(facts, today)  # answers (the dates may lie beyond 2200: that is fine)
        assert all(item.due.year <= 9999 for item in due.items)


def test_intervals_at_the_limit_parse() -> None:
    for unit, n in LONGEST.items():
        assert Interval.parse(f"{n} {unit}") == Interval(n, unit)


@pytest.mark.skipif(__import__("sys").platform == "win32", reason="POSIX device files")
def test_devices_and_deep_nesting_are_refused_as_tables_and_mappings(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """/dev/zero never ends: it must be refused, not read (the test would hang)."""
    assert main(["rules", "check", "/dev/zero"]) == 1
    assert "not a file" in capsys.readouterr().out
    events = write(tmp_path, "e.csv", "child_id,kind,date\nC1,visit,01/01/2026\n")
    assert main(["import", "events", events, "--map", "/dev/zero", "--dry-run"]) == 1
    assert "not a file" in capsys.readouterr().err
    deep = tmp_path / "deep.toml"
    deep.write_text("x = " + "[" * 100_000 + "]" * 100_000 + "\n")
    assert main(["import", "events", events, "--map", str(deep), "--dry-run"]) == 1
    assert "nested too deeply" in capsys.readouterr().err
