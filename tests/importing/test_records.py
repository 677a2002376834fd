"""The three templates, exactly as written, and the checks within and across a row."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from caseload_tui.domain.records import ChildRecord, EventRecord, WorkerRecord
from caseload_tui.domain.vocabulary import RECORDABLE_KINDS
from caseload_tui.importing import ImportResult, read_children, read_events, read_workers

from .helpers import CHILDREN_HEADER, EVENTS_HEADER, TODAY, WORKERS_HEADER, child, write


def _children(tmp_path: Path, *rows: str) -> ImportResult[ChildRecord]:
    return read_children(write(tmp_path, "children.csv", CHILDREN_HEADER, *rows), today=TODAY)


def _reasons(result: ImportResult[ChildRecord] | ImportResult[EventRecord]) -> list[str]:
    return [f"{p.line} {p.column}: {p.reason}" for p in result.errors]


def test_workers_template(tmp_path: Path) -> None:
    path = write(tmp_path, "workers.csv", WORKERS_HEADER, "W01,Sam Example,Social worker,North,1",
                 "W02,Jo Sample,Senior practitioner,North,80%")  # fmt: skip
    result = read_workers(path, today=TODAY)
    assert result.ok and result.rows == 2
    assert result.records == (
        WorkerRecord("W01", "Sam Example", "Social worker", "North", 1.0),
        WorkerRecord("W02", "Jo Sample", "Senior practitioner", "North", 0.8),
    )


def test_workers_problems(tmp_path: Path) -> None:
    path = write(tmp_path, "workers.csv", WORKERS_HEADER, "W01,Sam Example,SW,North,1.5", ",,SW,North,",
                 "W01,Jo Sample,SW,North,1")  # fmt: skip
    result = read_workers(path, today=TODAY)
    assert not result.ok and result.records == ()
    assert [(p.line, p.column) for p in result.errors] == [
        (2, "fte"),
        (3, "worker_id"),
        (3, "name"),
        (3, "fte"),
        (4, "worker_id"),
    ]
    assert "also on line 2" in result.errors[-1].reason


def test_children_template(tmp_path: Path) -> None:
    result = _children(
        tmp_path,
        child(),
        child(child_id="C002", plan_type="cla", plan_start="10/11/2025", placement_type="foster",
              placement_start="10/11/2025"),
        child(child_id="C003", worker_id="", allocated_on="", plan_type="", plan_start=""),
    )  # fmt: skip
    assert result.ok, _reasons(result)
    first, looked_after, unallocated = result.records
    # the template file has no flags column: flags None, so a re-import keeps those stored
    assert first == ChildRecord("C001", "Ada", "Testchild", date(2016, 3, 14), "W01", date(2026, 2, 2),
                                "cin", date(2026, 1, 28), None, None, None)  # fmt: skip
    assert (looked_after.placement_type, looked_after.placement_start) == ("foster", date(2025, 11, 10))
    assert unallocated.worker_id is None and unallocated.plan_type is None


def test_children_cross_field_checks(tmp_path: Path) -> None:
    result = _children(
        tmp_path,
        child(child_id="C1", worker_id="", allocated_on="01/03/2026"),
        child(child_id="C2", plan_start=""),
        child(child_id="C3", plan_type="", plan_start="01/01/2026"),
        child(child_id="C4", placement_type="foster", placement_start="01/02/2026"),
        child(child_id="C5", plan_type="cla", placement_type="foster"),
        # a plan (or allocation) before birth is a pre-birth plan, but not 40 weeks or more before
        child(child_id="C6", date_of_birth="01/05/2026", plan_start="01/01/2025", allocated_on="02/01/2025"),
        child(child_id="C7", plan_start="01/01/2027"),
        child(child_id="C1"),
    )
    assert _reasons(result) == [
        "2 allocated_on: no worker_id: an unallocated child has no allocated_on",
        "3 plan_start: plan_start is required with a plan_type",
        "4 plan_start: plan_start given without a plan_type",
        "5 placement_type: a placement is only for cla; this child's plan_type is cin",
        "6 placement_start: placement_start is required with a placement_type",
        "7 allocated_on: allocated_on is before the date of birth (01/05/2026) by more than 40 weeks",
        "7 plan_start: plan_start is before the date of birth (01/05/2026) by more than 40 weeks",
        "8 plan_start: plan_start is more than 31 days ahead (today is 01/06/2026)",
        "9 child_id: duplicate child_id: also on line 2",
    ]


def test_unborn_child_may_have_a_plan_before_birth(tmp_path: Path) -> None:
    result = _children(tmp_path, child(date_of_birth="01/09/2026", plan_type="cp", plan_start="20/05/2026",
                                       allocated_on="20/05/2026", given_name=""))  # fmt: skip
    assert result.ok, _reasons(result)
    assert _children(tmp_path, child(date_of_birth="01/09/2027")).errors[0].column == "date_of_birth"


def test_children_flags_column_is_optional(tmp_path: Path) -> None:
    path = write(tmp_path, "c.csv", CHILDREN_HEADER + ",flags", child() + ",disabled; UASC")
    result = read_children(path, today=TODAY)
    assert result.ok and result.records[0].flags == {"disabled", "uasc"}
    bad = read_children(write(tmp_path, "c.csv", CHILDREN_HEADER + ",flags", child() + ",tall"), today=TODAY)
    assert bad.errors[0].value == "tall"


def test_events_template(tmp_path: Path) -> None:
    path = write(tmp_path, "events.csv", EVENTS_HEADER, "C001,visit,20/04/2026,yes,N", "C001,core_group,22/04/26,,",
                 "C001,Case supervision,2026-04-23,no,no")  # fmt: skip
    result = read_events(path, today=TODAY)
    assert result.ok, result.errors
    assert result.records == (
        EventRecord("C001", "visit", date(2026, 4, 20), True, False),
        EventRecord("C001", "core_group", date(2026, 4, 22)),
        EventRecord("C001", "supervision", date(2026, 4, 23)),  # "no" on a non-visit is ignored
    )


def test_events_problems(tmp_path: Path) -> None:
    path = write(tmp_path, "events.csv", EVENTS_HEADER, "C001,visit,12/31/2026,maybe,", "C001,core_group,today,yes,",
                 ",coffee,02/06/2026,,")  # fmt: skip
    result = read_events(path, today=TODAY)
    assert [str(p) for p in result.errors] == [
        f"{path}:2: column 'date' value '12/31/2026': not a real date (day 12, month 31, year 2026)",
        f"{path}:2: column 'seen_alone' value 'maybe': not yes or no: use yes, no or leave blank "
        "(y/n, true/false, 1/0 also work)",
        f"{path}:3: column 'date' value 'today': relative dates such as 'today' are not accepted in a file: "
        "write the date as dd/mm/yyyy (e.g. 21/12/2026), dd/mm/yy or yyyy-mm-dd",
        f"{path}:3: column 'seen_alone' value 'yes': only a visit records seen_alone; this row is a core_group",
        f"{path}:4: column 'child_id' value '': child_id is required",
        f"{path}:4: column 'kind' value 'coffee': not an event kind or milestone: use one of "
        + ", ".join(RECORDABLE_KINDS),
        f"{path}:4: column 'date' value '02/06/2026': date is in the future (today is 01/06/2026)",
    ]
