"""Exports: JSON and CSV shapes, the readable table, and an iCalendar file that parses."""

from __future__ import annotations

import csv
import io
import json
from datetime import UTC, date, datetime

from icalendar import Calendar

from caseload_tui.domain.caseload import WorkerCaseload
from caseload_tui.domain.engine import ChildFacts, DueEngine, Event
from caseload_tui.services.catalogue import open_table
from caseload_tui.services.exports import (
    caseload_row,
    due_json,
    due_row,
    due_table_rows,
    render,
    visits_calendar,
)

TODAY = date(2026, 11, 23)
H = open_table("herefordshire")


def items() -> list:  # type: ignore[type-arg]
    facts = ChildFacts(
        "C000001",
        plan_type="cp",
        plan_start=date(2026, 10, 1),
        worker_id="W001",
        events=(Event("visit", date(2026, 11, 2)),),
    )
    return list(DueEngine(H).evaluate(facts, TODAY).items)


def test_json_has_the_documented_fields_and_no_names_by_default() -> None:
    rows = json.loads(render([due_row(i) for i in items()], "json"))
    visit = next(r for r in rows if r["kind"] == "visit")
    assert {"child_id", "worker_id", "kind", "due", "status", "rule", "explanation"} <= visit.keys()
    assert visit["due"] == "2026-11-16" and visit["status"] == "overdue" and visit["days_overdue"] == 7
    assert visit["rule"] == "H-VISIT-CP" and "child_name" not in visit
    named = due_row(items()[0], names={"C000001": "Amelia Smith"})
    assert list(named)[:2] == ["child_id", "child_name"] and named["child_name"] == "Amelia Smith"


def test_csv_opens_as_a_table_with_a_header() -> None:
    text = render([due_row(i) for i in items()], "csv")
    rows = list(csv.DictReader(io.StringIO(text)))
    assert rows and rows[0]["child_id"] == "C000001" and "explanation" in rows[0]
    assert text.endswith("\r\n")  # as Excel writes CSV


def test_readable_table_uses_british_dates_and_words() -> None:
    text = render(due_table_rows(items(), {"C000001": "Amelia Smith"}), "table")
    assert "Mon 16 Nov 2026" in text and "7d overdue" in text and "Amelia Smith (C000001)" in text


def test_caseload_rows() -> None:
    load = WorkerCaseload("W001", "Sarah Collins", "Social worker", "East", 0.6, 13, 10.8)
    row = caseload_row(load)
    assert row["over_by"] == 2.2 and row["target"] == 10.8
    assert "13" in render([row], "table")


def test_calendar_parses_and_keeps_planned_and_due_apart() -> None:
    stamp = datetime(2026, 11, 23, 8, 0, tzinfo=UTC)
    visit_items = [i for i in items() if i.kind == "visit"]
    data = visits_calendar("W001", [("C000001", date(2026, 11, 25))], visit_items, stamp)
    cal = Calendar.from_ical(data)
    events = {str(e["summary"]): e for e in cal.walk("VEVENT")}
    assert set(events) == {"Planned visit: C000001", "OVERDUE visit: C000001"}
    assert events["Planned visit: C000001"].decoded("dtstart") == date(2026, 11, 25)
    overdue = events["OVERDUE visit: C000001"]
    assert overdue.decoded("dtstart") == TODAY and "Mon 16 Nov 2026" in str(overdue["description"])
    assert str(overdue["transp"]) == "TRANSPARENT"
    assert b"Smith" not in data


def test_fast_json_writer_matches_the_row_builder() -> None:
    its = items()
    assert json.loads(due_json(its)) == [due_row(i) for i in its]
    assert json.loads(due_json([])) == []
    named = json.loads(due_json(its, {"C000001": 'Amelia "Millie" Smith'}))
    assert named[0]["child_name"] == 'Amelia "Millie" Smith'
