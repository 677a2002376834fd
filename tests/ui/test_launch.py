"""Starting the app: the first week worked out beside the start is the week the app would show."""

from __future__ import annotations

import argparse
import asyncio
import gc
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from textual.widgets import DataTable

from caseload_tui.cli import launch
from caseload_tui.cli.common import CommandError
from caseload_tui.cli.data import build_demo
from caseload_tui.demo import DEMO_TEAM
from caseload_tui.forked import Forked
from caseload_tui.store.reader import open_reads
from caseload_tui.ui.app import CaseloadApp
from caseload_tui.ui.data import CaseloadData, WeekView
from caseload_tui.ui.screens.week import MyWeekScreen
from caseload_tui.ui.week_rows import first_frame, header_line, week_text

from .conftest import TODAY, db_url, herefordshire, settle


def _args(**values: Any) -> argparse.Namespace:
    return argparse.Namespace(**{"authority": None, "worker": None, "team": None, **values})


def test_first_look_is_the_week_the_app_would_work_out(db_path: Path) -> None:
    table, remembered, week = launch.first_look(_args(), db_url(db_path), None, "W002", None, TODAY)
    assert table == herefordshire() and remembered is None
    assert week == CaseloadData(open_reads(db_url(db_path)), herefordshire()).week("W002", TODAY)
    assert week is not None and week.overdue


def test_first_look_has_no_week_for_a_dashboard_or_a_worker_to_pick(db_path: Path) -> None:
    assert launch.first_look(_args(), db_url(db_path), None, None, None, TODAY)[2] is None
    assert launch.first_look(_args(), db_url(db_path), None, None, DEMO_TEAM, TODAY)[2] is None


def test_first_look_refuses_an_unknown_worker_or_team(db_path: Path) -> None:
    with pytest.raises(CommandError, match="no worker with id 'W999'"):
        launch.first_look(_args(), db_url(db_path), None, "W999", None, TODAY)
    with pytest.raises(CommandError, match="no team 'Nobody'"):
        launch.first_look(_args(), db_url(db_path), None, None, "Nobody", TODAY)


@pytest.mark.parametrize("ready", [True, False], ids=["week-in-first-frame", "opened-after-first-paint"])
def test_launch_shows_the_same_week_either_way(
    db_path: Path, monkeypatch: pytest.MonkeyPatch, ready: bool
) -> None:
    """Whether the forked week is ready before the first frame or arrives after it."""
    made: list[CaseloadApp] = []
    monkeypatch.setattr(Forked, "ready", lambda self: ready)
    monkeypatch.setattr(CaseloadApp, "run", lambda self, *a, **k: made.append(self))
    args = _args(db=str(db_path), worker="W002", today=None)
    assert launch.launch_app(args, db_path) == 0
    assert gc.isenabled()  # off only while starting
    [app] = made
    assert not app.ready and app.opener is not None and app.worker_id == "W002"
    data, _, week = app.opener()  # run by the app after its first paint
    expected = data.week("W002", app.today)
    assert week == expected
    if ready:  # and before it, painted from text: the same rows
        assert app.first_frame is not None
        assert app.first_frame.week == week_text(expected)
        assert app.first_frame.header == header_line(app.today, data.table)
    else:
        assert app.first_frame is None


def test_launch_refuses_an_unknown_worker_before_the_app_shows(
    db_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    made: list[CaseloadApp] = []
    monkeypatch.setattr(Forked, "ready", lambda self: True)
    monkeypatch.setattr(CaseloadApp, "run", lambda self, *a, **k: made.append(self))
    with pytest.raises(CommandError, match="no worker with id 'W999'"):
        launch.launch_app(_args(db=str(db_path), worker="W999", today=None), db_path)
    assert made == [] and gc.isenabled()


async def test_the_first_frame_is_painted_then_acted_on_once_the_week_is_loaded(db_path: Path) -> None:
    table, remembered, week = launch.first_look(_args(), db_url(db_path), None, "W002", None, TODAY)
    assert week is not None
    opened = asyncio.Event()

    def opener() -> tuple[CaseloadData, str | None, WeekView | None]:
        asyncio.run_coroutine_threadsafe(opened.wait(), loop).result()  # held until the test says
        return CaseloadData(open_reads(db_url(db_path)), table), remembered, week

    loop = asyncio.get_running_loop()
    app = CaseloadApp(None, TODAY, None, opener=opener, first_frame=first_frame(table, week))
    async with app.run_test(size=(120, 40)) as pilot:
        screen = app.screen
        assert isinstance(screen, MyWeekScreen) and app.worker_id == "W002"
        due = screen.query_one("#due-table", DataTable)
        rows = len(week.overdue) + len(week.this_week) + len(week.next_week) + len(week.not_recorded)
        assert due.row_count == rows and not app.ready
        assert "Herefordshire table" in app.sub_title
        assert [str(c) for c in due.get_row_at(0)] == [str(c) for c in week_text(week).cells[0]]
        await pilot.press("v")  # before the week is loaded: nothing to act on yet, and it says so
        await pilot.pause()
        assert any("Opening the database" in n.message for n in app._notifications)
        assert isinstance(app.screen, MyWeekScreen)
        opened.set()
        await settle(pilot)
        assert app.ready and screen.rows and due.row_count == rows
        await pilot.press("v")  # now the selected item's child can have a visit recorded
        await pilot.pause()
        assert type(app.screen).__name__ == "RecordEventForm"
        await app.workers.wait_for_complete()
        assert app.data._store is not None  # opened for writing in the background
        assert not [n for n in app._notifications if n.severity == "error"]


def test_a_frame_for_someone_else_or_another_day_is_not_shown(db_path: Path) -> None:
    table, _, week = launch.first_look(_args(), db_url(db_path), None, "W002", None, TODAY)
    assert week is not None
    frame = first_frame(table, week)
    app = CaseloadApp(None, TODAY, "W003", opener=lambda: None, first_frame=frame)  # type: ignore[arg-type,return-value]
    assert app.take_first_frame() is None
    other_day = TODAY.replace(day=TODAY.day + 1)
    app = CaseloadApp(None, other_day, None, opener=lambda: None, first_frame=frame)  # type: ignore[arg-type,return-value]
    assert app.take_first_frame() is None
    app = CaseloadApp(None, TODAY, None, opener=lambda: None, first_frame=frame)  # type: ignore[arg-type,return-value]
    assert app.take_first_frame() == frame and app.take_first_frame() is None  # once only


def test_the_first_frame_needs_neither_the_engine_nor_the_database(tmp_path: Path) -> None:
    """What the app has imported when it is about to paint the week the forked copy sent."""
    db = tmp_path / "demo.db"
    build_demo(db, TODAY, "herefordshire")
    script = f"""
import select, sys
from caseload_tui.forked import Forked

def ready(self):  # as if the copy had finished while Textual loaded (the usual case)
    select.select([self._pipe], [], [])
    return True

Forked.ready = ready
from caseload_tui.ui.app import CaseloadApp

def run(self, *args, **kwargs):
    print("FRAME", self.first_frame is not None)
    for name in ("caseload_tui.domain.engine", "caseload_tui.domain.table", "caseload_tui.ui.data",
                 "caseload_tui.store.read_models", "caseload_tui.store.reads", "sqlite3", "holidays",
                 "tomllib", "sqlalchemy"):
        if name in sys.modules:
            print("IMPORTED", name)

CaseloadApp.run = run
from caseload_tui.cli import main
sys.exit(main(["demo", "--db", {str(db)!r}, "--today", "{TODAY.isoformat()}"]))
"""
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, check=False)
    assert done.returncode == 0, done.stderr
    assert done.stdout.split("\n")[0] == "FRAME True"
    assert "IMPORTED" not in done.stdout


async def test_a_week_worked_out_before_the_start_is_in_the_first_frame(db_path: Path) -> None:
    data = CaseloadData(open_reads(db_url(db_path)), herefordshire())
    week = data.week("W002", TODAY)
    app = CaseloadApp(data, TODAY, "W002", first_week=week)
    loads: list[str] = []
    week_of = data.week
    data.week = lambda *args: loads.append(args[0]) or week_of(*args)  # type: ignore[method-assign]
    gc.disable()  # as cli.launch leaves it
    async with app.run_test(size=(120, 40)) as pilot:
        table = app.screen.query_one("#due-table", DataTable)
        rows = len(week.overdue) + len(week.this_week) + len(week.next_week) + len(week.not_recorded)
        assert table.row_count == rows  # no refresh was needed to fill it
        assert app.first_week is None  # used once: later refreshes read the database
        await settle(pilot)
        assert table.row_count == rows
        assert gc.isenabled()  # back on after the first frame
        assert loads == []  # showing the screen the first time did not load it again
        await pilot.press("question_mark")  # another screen over My week, then back
        await pilot.pause()
        await pilot.press("escape")
        await settle(pilot)
        assert loads == ["W002"]  # coming back loads it afresh, once


def test_a_week_for_someone_else_or_another_day_is_not_shown(db_path: Path) -> None:
    data = CaseloadData(open_reads(db_url(db_path)), herefordshire())
    week = data.week("W002", TODAY)
    assert CaseloadApp(data, TODAY, "W003", first_week=week).take_first_week() is None
    other_day = TODAY.replace(day=TODAY.day + 1)
    assert CaseloadApp(data, other_day, "W002", first_week=week).take_first_week() is None
    assert CaseloadApp(data, TODAY, "W002", first_week=week).take_first_week() == week
