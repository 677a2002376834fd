"""Exports that leak nothing: no date of birth without ``--names``, no formula a spreadsheet would
run, no notes in a calendar, files readable by their owner only; and text from the database or
a table file never reaches a terminal as an escape sequence."""

from __future__ import annotations

import csv
import io
import stat
import sys
from datetime import date
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st
from sqlalchemy import text

from caseload_tui.cli import main
from caseload_tui.domain.wording import inert
from caseload_tui.services.exports import render, spreadsheet_safe
from caseload_tui.store.connection import make_engine
from caseload_tui.store.store import open_store
from tests.cli.test_data import CHILDREN, imported, write
from tests.databases import key_of
from tests.helpers import table_from

TODAY = ["--today", "20/11/2026"]
OLIVER_BORN = ("2012-01-12", "12 Jan 2012")  # C2 in tests.cli.test_data: looked after, turns 16 in 2028


def _csv(capsys: pytest.CaptureFixture[str], *args: str) -> list[dict[str, str]]:
    capsys.readouterr()
    assert main([*args, "--format", "csv", *TODAY]) == 0
    return list(csv.DictReader(io.StringIO(capsys.readouterr().out)))


def test_due_without_names_carries_no_date_of_birth(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    db = str(tmp_path / "c.db")
    imported(tmp_path, db)
    rows = _csv(capsys, "due", "--db", db, "--all")
    from_birth = [r for r in rows if r["counted_from"] == "date of birth"]
    assert from_birth, "no item counted from a date of birth: the test data changed"
    assert all(r["counted_from_date"] == "" for r in from_birth)
    everything = "\n".join(",".join(r.values()) for r in rows)
    assert not any(born in everything for born in OLIVER_BORN)
    capsys.readouterr()
    assert main(["due", "--db", db, "--all", "--format", "json", *TODAY]) == 0
    assert not any(born in capsys.readouterr().out for born in OLIVER_BORN)
    # asked for by name, the export is about people and says what the date is counted from
    named = _csv(capsys, "due", "--db", db, "--all", "--names")
    oliver = next(r for r in named if r["child_id"] == "C2" and r["counted_from"] == "date of birth")
    assert oliver["counted_from_date"] == OLIVER_BORN[0] and OLIVER_BORN[1] in oliver["explanation"]


@pytest.mark.parametrize("name", ['=HYPERLINK("http://x.test","open")', "+1+1", "-2+3", "@SUM(A1)"])
def test_a_name_a_spreadsheet_would_run_is_text(
    name: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    db = str(tmp_path / "c.db")
    imported(tmp_path, db)
    out = io.StringIO()
    csv.writer(out).writerows(
        [
            CHILDREN.splitlines()[0].split(","),
            ["C1", name, "Smith", "05/05/2015", "W001", "02/11/2026", "cp", "02/11/2026", "", ""],
        ]
    )
    assert main(["import", "children", write(tmp_path, "c1.csv", out.getvalue()), "--db", db, *TODAY]) == 0
    rows = _csv(capsys, "due", "--db", db, "--names", "--worker", "W001")
    assert {r["child_name"] for r in rows if r["child_id"] == "C1"} == {f"'{name} Smith"}
    assert all(not v.startswith(("=", "+", "-", "@", "\t", "\r")) for r in rows for v in r.values())


def test_team_report_csv_is_escaped_too(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    db = str(tmp_path / "c.db")
    workers = "worker_id,name,role,team,fte\nW001,=cmd|'/c calc'!A1,Social worker,East,1\n"
    assert main(["import", "workers", write(tmp_path, "w.csv", workers), "--db", db, *TODAY]) == 0
    capsys.readouterr()
    assert main(["team-report", "--team", "East", "--format", "csv", "--db", db, *TODAY]) == 0
    rows = list(csv.DictReader(io.StringIO(capsys.readouterr().out)))
    assert rows and all(not v.startswith("=") for r in rows for v in r.values())


def test_numbers_stay_numbers() -> None:
    assert spreadsheet_safe(-3) == -3 and spreadsheet_safe(0.5) == 0.5 and spreadsheet_safe(None) is None
    assert render([{"days": -3, "who": "-3"}], "csv") == "days,who\r\n-3,'-3\r\n"
    cells = list(csv.reader(io.StringIO(render([{"a": "\tx", "b": "\r=1"}], "csv"), newline="")))[1]
    assert cells == ["'\tx", "'\r=1"]


def test_calendar_has_case_references_only(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    db = str(tmp_path / "c.db")
    imported(tmp_path, db)
    store = open_store(f"sqlite:///{db}", key=key_of(db))
    try:
        store.plan_visit("C1", "W001", date(2026, 11, 24), note="Mum asked about respite")
    finally:
        store.close()
    target = tmp_path / "visits.ics"
    assert main(["export", "ics", "--worker", "W001", str(target), "--db", db, *TODAY]) == 0
    data = target.read_bytes()
    assert b"Planned visit: C1" in data
    assert b"respite" not in data and b"Amelia" not in data and b"Smith" not in data


@pytest.mark.skipif(sys.platform == "win32", reason="POSIX permissions")
def test_files_written_are_readable_by_their_owner_only(tmp_path: Path) -> None:
    db = str(tmp_path / "c.db")
    imported(tmp_path, db)
    today = "--today=20/11/2026"
    written = {
        "due.csv": ["due", "--all", "--format", "csv", today, "-o"],
        "caseload.json": ["caseload", "--format", "json", "-o"],
        "team.html": ["team-report", "--team", "East", "--format", "html", today, "-o"],
        "visits.ics": ["export", "ics", "--worker", "W001", today],
        "backup.db": ["backup"],
    }
    for name, args in written.items():
        assert main([*args, str(tmp_path / name), "--db", db]) == 0
        assert stat.S_IMODE((tmp_path / name).stat().st_mode) == 0o600, name


# -- text made inert before it reaches a terminal --------------------------------------------

ATTACK = "\x1b]0;pwned\x07\x1b[2JAmelia\x9b31m\u202e"


def test_inert_shows_controls_and_keeps_the_rest() -> None:
    assert inert(ATTACK) == "␛]0;pwned␇␛[2JAmelia\\u009b31m\\u202e"
    assert inert("Zoë O'Brien-Smith\n\tline two") == "Zoë O'Brien-Smith\n\tline two"


@given(st.text())
def test_nothing_a_terminal_obeys_survives(value: str) -> None:
    shown = inert(value)
    assert not any((ord(c) < 0x20 and c not in "\t\n") or 0x7F <= ord(c) < 0xA0 for c in shown)
    assert not any(0x202A <= ord(c) <= 0x202E or 0x2066 <= ord(c) <= 0x2069 for c in shown)
    if value.isascii() and value.isprintable():
        assert shown == value


def test_a_name_written_by_another_tool_is_shown_inert(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    db = str(tmp_path / "c.db")
    imported(tmp_path, db)
    engine = make_engine(f"sqlite:///{db}", key=key_of(db))  # another tool, with the database's key
    with engine.begin() as conn:  # the import refuses control characters; another tool may not
        conn.execute(text("UPDATE children SET family_name = :n WHERE child_id = 'C1'"), {"n": ATTACK})
        conn.execute(text("UPDATE workers SET name = :n WHERE worker_id = 'W001'"), {"n": ATTACK})
    engine.dispose()
    capsys.readouterr()
    for command in (
        ["due", "--all", *TODAY],
        ["caseload"],
        ["due", "--all", "--names", "--format", "csv", *TODAY],
    ):
        assert main([*command, "--db", db]) == 0
        out = capsys.readouterr().out
        assert "\x1b" not in out and "\x07" not in out and "\x9b" not in out, command
        assert "␛[2J" in out, command


def test_table_text_is_inert() -> None:
    table = table_from(
        """
[[rules]]
id = "T-VISIT"
kind = "visit"
title = "Visit \\u001b[2Jevery week"
anchor = "plan_start"
every = "1 week"
{SRC}
"""
    )
    assert table.rules[0].title == "Visit ␛[2Jevery week"
