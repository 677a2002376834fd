"""The team manager's dashboard driven with the pilot: sort, drill down, reallocate, export;
and its snapshots at 120x40 and 80x24 (regenerate with ``--snapshot-update``, then look)."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from textual.pilot import Pilot
from textual.widgets import DataTable, Input, Select

from caseload_tui.domain.dates import long_date
from caseload_tui.domain.engine import DueEngine
from caseload_tui.services.workspace import Workspace
from caseload_tui.store.store import Store, open_store
from caseload_tui.ui.app import CaseloadApp
from caseload_tui.ui.screens.caseload import CaseloadScreen
from caseload_tui.ui.screens.child import ChildScreen
from caseload_tui.ui.screens.dashboard import COLUMNS, DashboardScreen, TeamCaseloadScreen
from caseload_tui.ui.screens.team_forms import ExportForm, ReallocateForm

from .helpers import SIZES, TODAY, close_app, db_url, herefordshire, notices, settle

TEAM = "Safeguarding East"
SIZE = (120, 40)
ALLOCATION_VISIT_DUE = date(2026, 11, 26)  # Mon 23 Nov + 3 working days


def manager_app(db_path: Path, worker_id: str | None = None, team: str | None = TEAM) -> CaseloadApp:
    """The app as ``caseload --team NAME`` builds it."""
    data = Workspace(open_store(db_url(db_path)), herefordshire())
    return CaseloadApp(data, TODAY, worker_id, team=team)


@pytest.fixture
def manager(db_path: Path) -> Iterator[CaseloadApp]:
    made = manager_app(db_path)
    yield made
    close_app(made)


async def dashboard(pilot: Pilot[None]) -> DashboardScreen:
    await settle(pilot)
    screen = pilot.app.screen
    assert isinstance(screen, DashboardScreen)
    assert screen.complete
    return screen


def counts(screen: DashboardScreen) -> dict[str, int]:
    assert screen.report is not None
    return {s.load.worker_id: s.load.children for s in screen.report.workers}


async def test_opens_on_the_team_with_a_row_per_worker(manager: CaseloadApp, store: Store) -> None:
    async with manager.run_test(size=SIZE) as pilot:
        screen = await dashboard(pilot)
        assert screen.query_one("#team-table", DataTable).row_count == 8
        assert screen.report is not None
        totals = screen.report.totals
        assert totals.children == 137 and totals.unallocated == 4  # the demo team, examples included
        assert totals.children == sum(1 for c in store.children() if c.worker_id is not None)
        assert len(screen.report.trend) == 12
        assert totals.timeliness.visits > totals.timeliness.cp_visits > 0


async def test_sort_by_any_column(manager: CaseloadApp) -> None:
    async with manager.run_test(size=SIZE) as pilot:
        screen = await dashboard(pilot)
        over = [s.load.over_by for s in screen.shown]
        assert over == sorted(over, reverse=True)  # most over the target first
        await pilot.press("s")  # next column: Load, smallest first
        assert COLUMNS[screen.sort_column][0] == "Load"
        loads = [s.load.children / s.load.target for s in screen.shown]
        assert loads == sorted(loads)
        screen.sort_by(3)  # as a click on "Children"
        await pilot.pause()
        children = [s.load.children for s in screen.shown]
        assert children == sorted(children)
        await pilot.press("S")
        assert [s.load.children for s in screen.shown] == sorted(children, reverse=True)
        table = screen.query_one("#team-table", DataTable)
        assert str(table.get_row_at(0)[3]) == str(max(children))


async def test_drill_into_a_worker_then_a_child(manager: CaseloadApp, store: Store) -> None:
    async with manager.run_test(size=SIZE) as pilot:
        screen = await dashboard(pilot)
        first = screen.shown[0].load
        await pilot.press("enter")
        await settle(pilot)
        caseload = pilot.app.screen
        assert isinstance(caseload, TeamCaseloadScreen) and isinstance(caseload, CaseloadScreen)
        assert caseload.worker_id == first.worker_id
        assert len(caseload.rows) == first.children == len(store.children(worker_id=first.worker_id))
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(pilot.app.screen, ChildScreen)
        await pilot.press("escape", "escape")
        await settle(pilot)
        assert isinstance(pilot.app.screen, DashboardScreen)


async def test_reallocate_from_the_caseload(manager: CaseloadApp, store: Store) -> None:
    said = notices(manager)
    async with manager.run_test(size=SIZE) as pilot:
        screen = await dashboard(pilot)
        before = counts(screen)
        source = screen.shown[0].load.worker_id
        target = next(w for w in before if w != source)
        await pilot.press("enter")
        await settle(pilot)
        caseload = pilot.app.screen
        assert isinstance(caseload, TeamCaseloadScreen)
        child_id = caseload.shown[0].child_id
        await pilot.press("a")
        await pilot.pause()
        form = pilot.app.screen
        assert isinstance(form, ReallocateForm)
        assert form.query_one("#child", Input).value == child_id
        form.query_one("#worker", Select).value = target
        await pilot.press("ctrl+s")
        await settle(pilot)
        # the caseload lost the child; the dashboard's counts follow when it is back
        assert child_id not in {r.child_id for r in caseload.rows}
        await pilot.press("escape")
        screen = await dashboard(pilot)
        after = counts(screen)
        assert after[source] == before[source] - 1 and after[target] == before[target] + 1
        assert any(line.startswith("Reallocated") for line in said)
    moved = store.child(child_id)
    assert moved is not None and (moved.worker_id, moved.allocated_on) == (target, TODAY)
    assert any(e.table == "children" and e.key == child_id and e.os_user for e in store.audit_log(10))


def later(store: Store, child_id: str) -> bool:
    """No visit today and the next one due after the allocation visit would be."""
    (facts,) = store.child_facts(child_id=child_id)
    item = DueEngine(herefordshire()).evaluate(facts, TODAY).next_due("visit")
    seen_today = TODAY in facts.dates_by_kind.get("visit", ())
    return not seen_today and item is not None and item.due > ALLOCATION_VISIT_DUE


async def test_reallocate_by_case_reference_and_the_allocation_visit_falls_due(
    manager: CaseloadApp, store: Store
) -> None:
    said = notices(manager)
    async with manager.run_test(size=SIZE) as pilot:
        screen = await dashboard(pilot)
        target = screen.shown[-1].load.worker_id
        child = next(
            c for c in store.children() if c.worker_id not in (None, target) and later(store, c.child_id)
        )
        await pilot.press("a")
        await pilot.pause()
        form = pilot.app.screen
        assert isinstance(form, ReallocateForm)
        assert form.query_one("#on", Input).value == "today"
        form.query_one("#child", Input).value = "NOPE"
        form.query_one("#worker", Select).value = target
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert pilot.app.screen is form  # an unknown case reference is refused
        form.query_one("#child", Input).value = child.child_id.lower()  # as typed in a hurry
        await pilot.press("ctrl+s")
        await settle(pilot)
        messages = said
        expected = f"Visit due by {long_date(ALLOCATION_VISIT_DUE)} (H-VISIT-ALLOCATION)"
        assert any(child.child_id in m and expected in m for m in messages), messages
    (facts,) = store.child_facts(child_id=child.child_id)
    assert facts.worker_id == target and facts.allocated_on == TODAY


async def test_export_the_team_report(manager: CaseloadApp, tmp_path: Path) -> None:
    async with manager.run_test(size=SIZE) as pilot:
        await dashboard(pilot)
        await pilot.press("x")
        await pilot.pause()
        form = pilot.app.screen
        assert isinstance(form, ExportForm)
        form.query_one("#format", Select).value = "csv"
        await pilot.pause()
        form.query_one("#path", Input).value = str(tmp_path / "team.csv")
        await pilot.press("enter")
        await settle(pilot)
    lines = (tmp_path / "team.csv").read_text(encoding="utf-8").splitlines()
    assert lines[0].startswith("worker_id,name,role,team") and len(lines) == 9


async def test_dashboard_key_from_my_week(db_path: Path) -> None:
    app = manager_app(db_path, worker_id="W002", team=None)
    try:
        async with app.run_test(size=SIZE) as pilot:
            await settle(pilot)
            await pilot.press("t")
            screen = await dashboard(pilot)
            assert screen.team == TEAM
    finally:
        close_app(app)


async def _loaded(pilot: Pilot[None]) -> None:
    await dashboard(pilot)
    await pilot.pause(0.1)  # the footer lists its keys a moment after the screen shows


@pytest.mark.parametrize("size", SIZES)
def test_snapshot(size: str, db_path: Path, snap_compare: Any) -> None:
    app = manager_app(db_path)
    try:
        assert snap_compare(app, terminal_size=SIZES[size], run_before=_loaded)
    finally:
        close_app(app)
