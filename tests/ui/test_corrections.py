"""Putting mistakes right in the app (issue 11): undo each kind of change, correct and delete a
record and watch the due date move, a failed save that keeps what was typed, a second visit on
one day, and allocating an unallocated child. Due dates worked by hand: Amelia (C1) is on a CIN
plan from Thu 1 Oct 2026, visited Mon 2 Nov, so her next visit is due Mon 30 Nov (28 days)."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from textual.pilot import Pilot
from textual.widgets import DataTable, Input, Label, Select

from caseload_tui.domain.records import ChildRecord, EventRecord, WorkerRecord
from caseload_tui.services.catalogue import open_table
from caseload_tui.services.workspace import Workspace
from caseload_tui.store.errors import StoreBusy
from caseload_tui.store.store import Store, open_store
from caseload_tui.ui.app import CaseloadApp
from caseload_tui.ui.base import Confirm
from caseload_tui.ui.screens.child import ChildScreen
from caseload_tui.ui.screens.forms import PlanVisitForm, RecordEventForm

from .helpers import notices, settle

TODAY = date(2026, 11, 23)
DUE_BEFORE = date(2026, 11, 30)


def small_store(tmp_path: Path) -> Store:
    store = open_store(f"sqlite:///{tmp_path / 'f.db'}")
    store.import_records(
        [
            WorkerRecord("W1", "Sarah Collins", "Social worker", "East", 1.0),
            WorkerRecord("W2", "Tom Pritchard", "Social worker", "East", 1.0),
        ],
        [
            ChildRecord("C1", "Amelia", "Smith", date(2015, 5, 5), "W1", date(2026, 10, 1), "cin", date(2026, 10, 1), None, None),
            ChildRecord("C2", "Oliver", "Jones", date(2016, 2, 2), None, None, "cin", date(2026, 10, 1), None, None),
        ],
        [EventRecord("C1", "visit", date(2026, 11, 2), True, False, note="first visit")],
    )  # fmt: skip
    return store


def app_on(store: Store) -> CaseloadApp:
    return CaseloadApp(Workspace(store, open_table("herefordshire")), TODAY, "W1")


def visit_due(store: Store, child_id: str = "C1") -> date:
    view = Workspace(store, open_table("herefordshire")).child(child_id, TODAY)
    assert view is not None and view.due is not None
    item = view.due.next_due("visit")
    assert item is not None
    return item.due


async def open_child(app: CaseloadApp, pilot: Pilot[None], child_id: str = "C1") -> ChildScreen:
    await settle(pilot)  # the database opens after the first frame
    app.open_child(child_id)
    await settle(pilot)
    assert isinstance(app.screen, ChildScreen)
    return app.screen


async def select_record(pilot: Pilot[None], screen: ChildScreen, wanted: str) -> None:
    """Put the history's cursor on the first line whose label is ``wanted``."""
    index = next(i for i, entry in enumerate(screen.records) if entry.label == wanted)
    screen.query_one("#history", DataTable).move_cursor(row=index)
    await pilot.pause()


async def test_a_visit_recorded_for_the_wrong_day_is_undone(tmp_path: Path) -> None:
    store = small_store(tmp_path)
    app = app_on(store)
    said = notices(app)
    async with app.run_test(size=(120, 40)) as pilot:
        await open_child(app, pilot)
        await pilot.press("v", "enter")
        await settle(pilot)
        assert visit_due(store) == date(2026, 12, 21)  # 23 Nov + 28 days
        assert any("Next due Mon 21 Dec 2026 (H-VISIT-CIN)" in line for line in said)
        await pilot.press("ctrl+z")
        await settle(pilot)
        assert visit_due(store) == DUE_BEFORE
        assert any(
            line.startswith("Undone: Undone: Statutory visit recorded for Amelia Smith") for line in said
        )
        await pilot.press("ctrl+z")  # nothing left to undo
        await settle(pilot)
        assert any("Nothing to undo" in line for line in said)
    assert [e.on for e in store.events("C1")] == [date(2026, 11, 2)]


async def test_correct_then_delete_a_visit_and_the_due_date_follows(tmp_path: Path) -> None:
    store = small_store(tmp_path)
    app = app_on(store)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_child(app, pilot)
        await select_record(pilot, screen, "Statutory visit")
        await pilot.press("r")  # correct: the visit was on Wed 4 Nov, not the 2nd
        await pilot.pause()
        form = app.screen
        assert isinstance(form, RecordEventForm) and form.query_one("#on", Input).value == "02/11/2026"
        assert form.query_one("#note", Input).value == "first visit"
        form.query_one("#on", Input).value = "04/11/2026"
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert visit_due(store) == date(2026, 12, 2)
        assert screen.query_one("#history-note").display  # the note shows beside the selected line
        await select_record(pilot, screen, "Statutory visit")
        await pilot.press("d")
        await pilot.pause()
        assert isinstance(app.screen, Confirm)
        assert "Delete the statutory visit of Amelia Smith on Wed 04 Nov 2026?" in str(
            app.screen.query_one("#question").render()
        )
        await pilot.press("enter")
        await settle(pilot)
        assert store.events("C1") == []
        assert visit_due(store) == date(2026, 10, 6)  # 3 working days from allocation: overdue
        await pilot.press("ctrl+z", "ctrl+z")  # the deletion, then the correction
        await settle(pilot)
    assert [(e.on, e.note) for e in store.events("C1")] == [(date(2026, 11, 2), "first visit")]
    assert visit_due(store) == DUE_BEFORE


async def test_a_planned_visit_and_a_child_edit_are_undone(tmp_path: Path) -> None:
    store = small_store(tmp_path)
    app = app_on(store)
    async with app.run_test(size=(120, 40)) as pilot:
        await open_child(app, pilot)
        await pilot.press("p")
        await pilot.pause()
        assert isinstance(app.screen, PlanVisitForm)
        app.screen.query_one("#on", Input).value = "26/11/2026"
        await pilot.press("enter")
        await settle(pilot)
        assert [v.on for v in store.planned_visits("W1", TODAY, date(2026, 12, 31))] == [date(2026, 11, 26)]
        await pilot.press("E")
        await pilot.pause()
        app.screen.query_one("#given_name", Input).value = "Amelie"
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert store.child("C1").given_name == "Amelie"  # type: ignore[union-attr]
        await pilot.press("ctrl+z")
        await settle(pilot)
        assert store.child("C1").given_name == "Amelia"  # type: ignore[union-attr]
        await pilot.press("ctrl+z")
        await settle(pilot)
    assert store.planned_visits("W1", TODAY, date(2026, 12, 31)) == []


async def test_a_failed_save_keeps_the_form_and_everything_typed(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    store = small_store(tmp_path)
    app = app_on(store)

    def busy(*args: object, **kwargs: object) -> None:
        raise StoreBusy(tmp_path / "f.db")

    async with app.run_test(size=(120, 40)) as pilot:
        await open_child(app, pilot)
        await pilot.press("v")
        await pilot.pause()
        form = app.screen
        assert isinstance(form, RecordEventForm)
        form.query_one("#note", Input).value = "Amelia showed me her room; spoke about school"
        monkeypatch.setattr(store, "record_event", busy)
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert app.screen is form  # still open, saying why, the note kept
        assert "busy" in str(form.query_one("#error", Label).render())
        assert form.query_one("#note", Input).value == "Amelia showed me her room; spoke about school"
        monkeypatch.undo()
        await pilot.press("ctrl+s")  # tried again: saved
        await settle(pilot)
        assert isinstance(app.screen, ChildScreen)
    assert any(e.note.startswith("Amelia showed me") for e in store.events("C1"))


async def test_a_second_visit_that_day_is_asked_about_then_recorded(tmp_path: Path) -> None:
    store = small_store(tmp_path)
    app = app_on(store)
    async with app.run_test(size=(120, 40)) as pilot:
        await open_child(app, pilot)
        for _ in range(2):
            await pilot.press("v")
            await pilot.pause()
            app.screen.query_one("#on", Input).value = "20/11/2026"
            await pilot.press("ctrl+s")
            await settle(pilot)
        form = app.screen
        assert isinstance(form, RecordEventForm)
        assert "already recorded: record a second one that day?" in str(
            form.query_one("#error", Label).render()
        )
        await pilot.press("ctrl+s")  # the same again: confirmed
        await settle(pilot)
        assert isinstance(app.screen, ChildScreen)
    assert [e.on for e in store.events("C1") if e.on == date(2026, 11, 20)] == [date(2026, 11, 20)] * 2


async def test_a_cp_visit_must_say_seen_alone_and_unannounced(tmp_path: Path) -> None:
    store = small_store(tmp_path)
    store.upsert_children(
        [ChildRecord("C1", "Amelia", "Smith", date(2015, 5, 5), "W1", date(2026, 10, 1), "cp", date(2026, 10, 1), None, None)]
    )  # fmt: skip
    app = app_on(store)
    async with app.run_test(size=(80, 24)) as pilot:  # at the smallest size, Save still reachable
        await open_child(app, pilot)
        await pilot.press("v", "ctrl+s")
        await settle(pilot)
        form = app.screen
        assert isinstance(form, RecordEventForm)
        assert "Say whether Amelia Smith was seen alone and whether the visit was unannounced" in str(
            form.query_one("#error", Label).render()
        )
        form.query_one("#seen-alone", Select).value = "no"
        form.query_one("#unannounced", Select).value = "yes"
        await pilot.press("ctrl+s")
        await settle(pilot)
    [visit] = [e for e in store.events("C1") if e.on == TODAY]
    assert (visit.seen_alone, visit.unannounced) == (False, True)


async def test_an_unallocated_child_is_allocated_from_the_list(tmp_path: Path) -> None:
    store = small_store(tmp_path)
    app = CaseloadApp(Workspace(store, open_table("herefordshire")), TODAY, None, team="East")
    said = notices(app)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.press("u")
        await settle(pilot)
        listed = app.screen
        assert [r.child_id for r in listed.shown] == ["C2"]  # type: ignore[attr-defined]
        await pilot.press("a")
        await pilot.pause()
        form = app.screen
        assert "Oliver Jones: allocated to nobody" in str(form.query_one("#who").render())
        form.query_one("#worker", Select).value = "W2"
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert app.screen is listed and listed.shown == []  # type: ignore[attr-defined]
        assert any(
            "Oliver Jones (C2) allocated to Tom Pritchard from Mon 23 Nov 2026" in line for line in said
        )
        await pilot.press("ctrl+z")  # and undone
        await settle(pilot)
    child = store.child("C2")
    assert child is not None and child.worker_id is None
    assert [(p.type, p.start) for p in store.history("C2", "allocation")] == []


async def test_a_screens_failed_load_is_said_once_never_a_traceback(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Workers' news reaches only their own screen: each screen hands it to the app's one
    handler, so a failure on any screen is said (this was silent when only the app listened)."""
    store = small_store(tmp_path)
    app = app_on(store)
    said = notices(app)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        assert app.workspace is not None

        def gone(*args: object) -> None:
            raise OSError(28, "No space left on device")

        monkeypatch.setattr(app.workspace, "child", gone)
        app.open_child("C1")
        await settle(pilot)
    assert any(line.startswith("Could not complete:") for line in said), said
