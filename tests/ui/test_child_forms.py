"""Adding and changing a child, changing plan, moving a planned visit: validated, saved, shown."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from textual.widgets import Input, Label, Select

from caseload_tui.domain.records import ChildRecord, EventRecord, WorkerRecord
from caseload_tui.services.catalogue import open_table
from caseload_tui.services.workspace import Workspace
from caseload_tui.store.store import Store, open_store
from caseload_tui.ui.app import CaseloadApp
from caseload_tui.ui.screens.child import ChildScreen
from caseload_tui.ui.screens.child_form import ChildForm

TODAY = date(2026, 11, 23)


def small_store(tmp_path: Path) -> Store:
    store = open_store(f"sqlite:///{tmp_path / 'f.db'}")
    store.import_records(
        [WorkerRecord("W1", "Sarah Collins", "Social worker", "East", 1.0)],
        [
            ChildRecord(
                "C1",
                "Amelia",
                "Smith",
                date(2015, 5, 5),
                "W1",
                date(2026, 10, 1),
                "cin",
                date(2026, 10, 1),
                None,
                None,
            )
        ],
        [EventRecord("C1", "visit", date(2026, 11, 2), True, False)],
    )
    return store


async def settle(app: CaseloadApp, pilot: object) -> None:
    for _ in range(3):
        await app.workers.wait_for_complete()
        await pilot.pause()  # type: ignore[attr-defined]


async def test_change_plan_from_cin_to_cp_moves_the_visit_due(tmp_path: Path) -> None:
    store = small_store(tmp_path)
    app = CaseloadApp(Workspace(store, open_table("herefordshire")), TODAY, "W1")
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(app, pilot)
        app.open_child("C1")
        await settle(app, pilot)
        await pilot.press("E")
        await pilot.pause()
        form = app.screen
        assert isinstance(form, ChildForm)
        form.query_one("#plan_type", Select).value = "cp"
        form.query_one("#plan_start", Input).value = "yesterday"  # the ICPC: Sun 22 Nov 2026
        await pilot.press("ctrl+s")
        await settle(app, pilot)
        assert isinstance(app.screen, ChildScreen)
    child = store.child("C1")
    assert child is not None and (child.plan_type, child.plan_start) == ("cp", date(2026, 11, 22))
    item = Workspace(store, open_table("herefordshire")).child("C1", TODAY).due.next_due("visit")  # type: ignore[union-attr]
    # within 2 working days of the ICPC (Sun 22 Nov): Mon 23 (1), Tue 24 (2)
    assert (item.due, item.rule.id) == (date(2026, 11, 24), "H-VISIT-CP")  # type: ignore[union-attr]


async def test_add_a_child_and_refuse_an_impossible_date(tmp_path: Path) -> None:
    store = small_store(tmp_path)
    app = CaseloadApp(Workspace(store, open_table("herefordshire")), TODAY, "W1")
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(app, pilot)
        await pilot.press("n")
        await pilot.pause()
        form = app.screen
        assert isinstance(form, ChildForm)
        for name, value in (("child_id", "C2"), ("given_name", "Oliver"), ("family_name", "Jones"),
                            ("date_of_birth", "31/02/2016"), ("plan_start", "today")):  # fmt: skip
            form.query_one(f"#{name}", Input).value = value
        form.query_one("#plan_type", Select).value = "cin"
        await pilot.press("ctrl+s")
        await pilot.pause()
        error = str(form.query_one("#error", Label).render())
        assert "Date of birth" in error and "not a real date" in error
        assert store.child("C2") is None  # nothing saved
        form.query_one("#date_of_birth", Input).value = "29/02/2016"
        await pilot.press("ctrl+s")
        await settle(app, pilot)
        assert isinstance(app.screen, ChildScreen) and app.screen.child_id == "C2"
    child = store.child("C2")
    assert child is not None and child.worker_id == "W1" and child.allocated_on == TODAY


async def test_move_the_next_planned_visit(tmp_path: Path) -> None:
    store = small_store(tmp_path)
    store.plan_visit("C1", "W1", date(2026, 11, 26))
    app = CaseloadApp(Workspace(store, open_table("herefordshire")), TODAY, "W1")
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(app, pilot)
        app.open_child("C1")
        await settle(app, pilot)
        await pilot.press("m")
        await pilot.pause()
        app.screen.query_one("#on", Input).value = "27/11/2026"
        await pilot.press("enter")
        await settle(app, pilot)
    assert [v.on for v in store.planned_visits("W1", TODAY, date(2026, 12, 31))] == [date(2026, 11, 27)]


async def test_a_new_empty_database_says_what_to_do_first(tmp_path: Path) -> None:
    from textual.widgets import DataTable

    store = open_store(f"sqlite:///{tmp_path / 'empty.db'}")
    app = CaseloadApp(Workspace(store, open_table("herefordshire")), TODAY, None)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(app, pilot)
        table = app.screen.query_one("#due-table", DataTable)
        assert "No workers yet: import workers.csv" in str(table.get_row_at(0)[3])
