"""Every option the commands share works before the command or after it.

``caseload --db X import ...`` once wrote to the user's default database, and
``caseload --authority derbyshire due ...`` answered with Herefordshire's table: a command's own
parser gave each option a default of None that replaced the value given before the command.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from platformdirs import user_data_path

from caseload_tui.cli import main
from tests.cli.test_data import CHILDREN, EVENTS, WORKERS, write
from tests.databases import count_rows

TODAY = "20/11/2026"


def _default_database() -> Path:
    return user_data_path("caseload-tui", appauthor=False) / "caseload.db"


def _import(tmp_path: Path, db: str, before: bool) -> None:
    for kind, text in (("workers", WORKERS), ("children", CHILDREN), ("events", EVENTS)):
        path = write(tmp_path, f"{kind}.csv", text)
        args = ["--db", db, "--today", TODAY, "import", kind, path] if before else [
            "import", kind, path, "--db", db, "--today", TODAY
        ]  # fmt: skip
        assert main(args) == 0


@pytest.mark.parametrize("before", [True, False], ids=["before", "after"])
def test_db_and_today_before_or_after_import(tmp_path: Path, db: str, before: bool) -> None:
    _import(tmp_path, db, before)
    assert count_rows(db, "children") == 4  # the database named, whichever it is
    assert not _default_database().exists()  # nothing went to the user's own database


@pytest.mark.parametrize("position", ["before", "after"])
def test_authority_today_worker_and_team_before_or_after_due(
    tmp_path: Path, db: str, capsys: pytest.CaptureFixture[str], position: str
) -> None:
    _import(tmp_path, db, before=True)
    capsys.readouterr()
    shared = ["--db", db, "--authority", "derbyshire", "--today", "01/12/2026", "--worker", "W001"]
    command = ["due", "--all", "--format", "json"]
    assert main(shared + command if position == "before" else command + shared) == 0
    rows = json.loads(capsys.readouterr().out)
    assert rows and all(r["rule"].startswith("D-") for r in rows)  # Derbyshire's table
    assert {r["worker_id"] for r in rows} == {"W001"}  # only this worker's children
    overdue = [r for r in rows if r["status"] == "overdue"]
    # today was 1 Dec: C1's CP visit (16 Nov + 10 working days = 30 Nov) is overdue by 1 day
    assert any(r["child_id"] == "C1" and r["kind"] == "visit" and r["days_overdue"] == 1 for r in overdue)


@pytest.mark.parametrize("position", ["before", "after"])
def test_team_before_or_after_due_and_caseload(
    tmp_path: Path, db: str, capsys: pytest.CaptureFixture[str], position: str
) -> None:
    _import(tmp_path, db, before=True)
    capsys.readouterr()
    shared = ["--db", db, "--team", "East"]
    for command in (["due", "--all", "--format", "json"], ["caseload", "--format", "json"]):
        assert main(shared + command if position == "before" else command + shared) == 0
        rows = json.loads(capsys.readouterr().out)
        assert {r["worker_id"] for r in rows} == {"W001", "W002"}  # the East team only


@pytest.mark.parametrize("position", ["before", "after"])
def test_worker_before_or_after_export_and_team_before_or_after_report(
    tmp_path: Path, db: str, capsys: pytest.CaptureFixture[str], position: str
) -> None:
    _import(tmp_path, db, before=True)
    ics = str(tmp_path / f"visits-{position}.ics")
    shared = ["--db", db, "--worker", "W001", "--today", TODAY]
    command = ["export", "ics", ics]
    assert main(shared + command if position == "before" else command + shared) == 0
    assert Path(ics).read_bytes().startswith(b"BEGIN:VCALENDAR")
    shared = ["--db", db, "--team", "North", "--today", TODAY]
    command = ["team-report", "--format", "csv"]
    capsys.readouterr()
    assert main(shared + command if position == "before" else command + shared) == 0
    assert "W017" in capsys.readouterr().out


def test_a_command_that_needs_an_option_says_so(
    tmp_path: Path, db: str, capsys: pytest.CaptureFixture[str]
) -> None:
    _import(tmp_path, db, before=True)
    assert main(["--db", db, "export", "ics", str(tmp_path / "x.ics")]) == 2
    assert "needs --worker" in capsys.readouterr().err
    assert main(["--db", db, "team-report"]) == 2
    assert "needs --team" in capsys.readouterr().err
