"""Starting the app: the first week worked out beside the start is the week the app would show."""

from __future__ import annotations

import argparse
import gc
from pathlib import Path
from typing import Any

import pytest
from textual.widgets import DataTable

from caseload_tui.cli import launch
from caseload_tui.cli.common import CommandError
from caseload_tui.demo import DEMO_TEAM
from caseload_tui.forked import Forked
from caseload_tui.store.reader import open_reads
from caseload_tui.ui.app import CaseloadApp
from caseload_tui.ui.data import CaseloadData

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
    if ready:
        assert app.ready and app.first_week is not None and app.worker_id == "W002"
        data, week = app.data, app.first_week
    else:
        assert not app.ready and app.opener is not None
        data, _, week = app.opener()
    expected = data.week("W002", app.today)
    assert week == expected


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
        rows = len(week.overdue) + len(week.this_week) + len(week.next_week)
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
