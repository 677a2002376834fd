"""Starting the app: one path on every OS. The first frame is painted before the database is
opened; one thread worker opens it, checks the worker or team asked for and shows the week."""

from __future__ import annotations

import argparse
import asyncio
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from textual.widgets import DataTable

from caseload_tui.cli import launch
from caseload_tui.services.demo import build_demo
from caseload_tui.services.workspace import Workspace, open_workspace
from caseload_tui.ui.app import CaseloadApp
from caseload_tui.ui.screens.week import MyWeekScreen

from .helpers import TODAY, db_url, herefordshire, notices, settle


def _args(**values: Any) -> argparse.Namespace:
    return argparse.Namespace(**{"authority": None, "worker": None, "team": None, "today": None, **values})


def _cells(table: DataTable[Any]) -> list[str]:
    return [str(cell) for row in range(table.row_count) for cell in table.get_row_at(row)]


def test_launch_builds_the_app_around_an_opener(db_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """``caseload`` makes the app with a function that opens the database, run after the first
    frame; nothing is opened before the app runs."""
    made: list[CaseloadApp] = []
    monkeypatch.setattr(CaseloadApp, "run", lambda self, *a, **k: made.append(self))
    assert launch.launch_app(_args(db=str(db_path), worker="W002"), db_path) == 0
    [app] = made
    assert not app.ready and app.workspace is None and app.worker_id == "W002"
    workspace = app.opener()  # what the app's opening worker runs
    try:
        assert isinstance(workspace, Workspace) and workspace.table == herefordshire()
        assert workspace.database_file == db_path
    finally:
        workspace.close()


async def test_the_first_frame_comes_before_the_database_then_the_week(db_path: Path) -> None:
    """While the database opens, My week says so and its keys say to wait; once it is open the
    week is the one the workspace works out, and its keys act on it."""
    release = asyncio.Event()
    loop = asyncio.get_running_loop()

    def opener() -> Workspace:
        asyncio.run_coroutine_threadsafe(release.wait(), loop).result()  # held until the test says
        return open_workspace(db_url(db_path))

    app = CaseloadApp(opener, TODAY, "W002")
    said = notices(app)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, MyWeekScreen) and not app.ready
        due = screen.query_one("#due-table", DataTable)
        assert any("Opening the database" in cell for cell in _cells(due))
        assert "opening the database" in app.sub_title
        await pilot.press("v")  # nothing to act on yet, and it says so
        await pilot.pause()
        assert isinstance(app.screen, MyWeekScreen)
        assert any("Opening the database" in line for line in said)
        release.set()
        await settle(pilot)
        assert app.ready and "Herefordshire table" in app.sub_title
        assert app.workspace is not None
        week = app.workspace.week("W002", TODAY)
        rows = len(week.overdue) + len(week.this_week) + len(week.next_week) + len(week.not_recorded)
        assert rows and due.row_count == rows
        assert not any("Opening the database" in cell for cell in _cells(due))
        await pilot.press("v")  # now the selected item's child can have a visit recorded
        await pilot.pause()
        assert type(app.screen).__name__ == "RecordEventForm"


@pytest.mark.parametrize(
    ("worker", "team", "message"),
    [("W999", None, "no worker with id 'W999'"), (None, "Nobody", "no team 'Nobody'")],
    ids=["unknown-worker", "unknown-team"],
)
async def test_an_unknown_worker_or_team_ends_the_app_with_a_message(
    db_path: Path, worker: str | None, team: str | None, message: str
) -> None:
    app = CaseloadApp(lambda: open_workspace(db_url(db_path)), TODAY, worker, team=team)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
    assert app.return_code == 2
    assert app.workspace is None  # nothing left open


async def test_a_worker_id_in_any_case_is_the_worker(db_path: Path) -> None:
    app = CaseloadApp(lambda: open_workspace(db_url(db_path)), TODAY, "w002")
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        assert app.worker_id == "W002" and app.return_code is None


def test_an_unknown_worker_is_named_on_the_command_line(db_path: Path) -> None:
    """What a person sees: one line on stderr, exit status 2, no traceback."""
    done = subprocess.run(
        [sys.executable, "-m", "caseload_tui", "--db", str(db_path), "--worker", "W999",
         "--today", TODAY.isoformat()],
        capture_output=True, text=True, check=False, timeout=120,
        input="",
    )  # fmt: skip
    assert done.returncode == 2, done.stderr
    assert "no worker with id 'W999'" in done.stderr
    assert "Traceback" not in done.stderr + done.stdout


def test_a_database_that_is_not_there_ends_the_app_with_a_message(tmp_path: Path) -> None:
    missing = tmp_path / "nowhere.db"
    done = subprocess.run(
        [sys.executable, "-m", "caseload_tui", "--db", str(missing), "--today", TODAY.isoformat()],
        capture_output=True, text=True, check=False, timeout=120, input="",
    )  # fmt: skip
    assert done.returncode == 2, done.stderr
    assert str(missing) in done.stderr or missing.name in done.stderr
    assert "Traceback" not in done.stderr + done.stdout
    assert not missing.exists()  # a --db that names nothing is not created


def test_the_first_frame_needs_neither_the_engine_nor_the_database(tmp_path: Path) -> None:
    """When the app starts running (its first frame comes next), neither the database layer nor
    the engine has been loaded: they load in the opening worker, after the frame."""
    db = tmp_path / "demo.db"
    build_demo(db, TODAY, "herefordshire")
    script = f"""
import sys
from caseload_tui.ui.app import CaseloadApp

def run(self, *args, **kwargs):
    print("RUN")
    for name in ("caseload_tui.domain.engine", "caseload_tui.services.workspace",
                 "caseload_tui.store.store", "sqlite3", "sqlalchemy", "holidays"):
        if name in sys.modules:
            print("IMPORTED", name)

CaseloadApp.run = run
from caseload_tui.cli import main
sys.exit(main(["--db", {str(db)!r}, "--today", "{TODAY.isoformat()}"]))
"""
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, check=False)
    assert done.returncode == 0, done.stderr
    assert done.stdout.split("\n")[0] == "RUN"
    assert "IMPORTED" not in done.stdout, done.stdout
