"""The app driven key by key with Textual's pilot; every test checks what reached the store or the screen."""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path
from typing import cast

from textual.command import CommandPalette
from textual.pilot import Pilot
from textual.widgets import DataTable, Input, Label, OptionList, Select, Static

from caseload_tui.domain.engine import DueEngine
from caseload_tui.store.store import MY_WORKER, Store
from caseload_tui.ui.app import CaseloadApp
from caseload_tui.ui.commands import CaseloadCommands
from caseload_tui.ui.screens.caseload import COLUMNS, CaseloadScreen
from caseload_tui.ui.screens.child import ChildScreen
from caseload_tui.ui.screens.forms import PlanVisitForm, RecordEventForm
from caseload_tui.ui.screens.help import HelpScreen
from caseload_tui.ui.screens.lookup import LookupScreen
from caseload_tui.ui.screens.pick_worker import PickWorkerScreen
from caseload_tui.ui.screens.week import MyWeekScreen

from .helpers import TODAY, close_app, herefordshire, make_app, settle, worker_with

SIZE = (120, 40)


def week(app: CaseloadApp) -> MyWeekScreen:
    assert isinstance(app.screen, MyWeekScreen)
    return app.screen


async def select_row(pilot: Pilot[None], index: int) -> None:
    """Move the due list's cursor down to row ``index``, as a person would."""
    table = pilot.app.screen.query_one("#due-table", DataTable)
    assert table.has_focus
    await pilot.press(*["down"] * index)
    assert table.cursor_row == index


async def type_text(pilot: Pilot[None], text: str) -> None:
    await pilot.press(*text)


def next_visit_by_engine(store: Store, child_id: str) -> date:
    """The child's next visit due date worked out by the engine straight from the store."""
    (facts,) = store.child_facts(child_id=child_id)
    item = DueEngine(herefordshire()).evaluate(facts, TODAY).next_due("visit")
    assert item is not None
    return item.due


# -- recording a visit -------------------------------------------------------------------------------


async def test_record_overdue_cin_visit_moves_next_due(db_path: Path, store: Store) -> None:
    """An overdue CIN visit: recorded today, the next is due 28 days on."""
    worker_id, found = worker_with(
        db_path, lambda r: r.item.rule.id == "H-VISIT-CIN" and r.item.status == "overdue"
    )
    app = make_app(db_path, worker_id)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        rows = week(app).rows
        index = next(i for i, r in enumerate(rows) if r.item == found.item)
        child_id = rows[index].item.child_id
        assert rows[index].item.status == "overdue"
        before = store.events(child_id)
        await select_row(pilot, index)
        await pilot.press("v")
        await pilot.pause()
        assert isinstance(app.screen, RecordEventForm)
        assert app.screen.query_one("#on", Input).value == "today"
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, MyWeekScreen)
        after = store.events(child_id)
        assert len(after) == len(before) + 1
        new = [e for e in after if e.kind == "visit" and e.on == date(2026, 11, 23)]
        # nothing said about seen alone or unannounced: recorded as not said, never assumed
        assert len(new) == 1 and new[0].seen_alone is None and new[0].unannounced is None
        view = app.opener().child(child_id, TODAY)
        assert view is not None and view.due is not None
        next_visit = view.due.next_due("visit")
        assert next_visit is not None
        assert next_visit.rule.id == "H-VISIT-CIN"
        assert next_visit.due == date(2026, 11, 23) + timedelta(days=28) == date(2026, 12, 21)
        assert next_visit.due == next_visit_by_engine(store, child_id)
        # the overdue visit has left the list
        assert not any(
            r.item.child_id == child_id and r.item.kind == "visit" and r.item.status == "overdue"
            for r in week(app).rows
        )
    close_app(app)


async def test_record_first_overdue_visit_row(db_path: Path, store: Store) -> None:
    """An overdue CP visit recorded today: the next due date is the engine's."""
    worker_id, _ = worker_with(
        db_path, lambda r: r.item.rule.id == "H-VISIT-CP" and r.item.status == "overdue"
    )
    app = make_app(db_path, worker_id)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        rows = week(app).rows
        index = next(
            i for i, r in enumerate(rows) if r.item.rule.id == "H-VISIT-CP" and r.item.status == "overdue"
        )
        child_id, rule = rows[index].item.child_id, rows[index].item.rule.id
        assert rule == "H-VISIT-CP"
        await select_row(pilot, index)
        await pilot.press("v", "enter")  # a CP visit: seen alone and unannounced must be said
        await settle(pilot)
        form = app.screen
        assert isinstance(form, RecordEventForm)
        assert "a child protection plan needs both recorded" in str(form.query_one("#error", Label).render())
        assert form.query_one("#seen-alone", Select).has_focus
        form.query_one("#seen-alone", Select).value = "yes"
        form.query_one("#unannounced", Select).value = "no"
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, MyWeekScreen)
        [visit] = [e for e in store.events(child_id) if e.kind == "visit" and e.on == TODAY]
        assert (visit.seen_alone, visit.unannounced) == (True, False)
        view = app.opener().child(child_id, TODAY)
        assert view is not None and view.due is not None
        next_visit = view.due.next_due("visit")
        assert next_visit is not None
        # every 10 working days: Mon 23 Nov -> Mon 7 Dec 2026 (no bank holiday between)
        assert next_visit.due == date(2026, 12, 7) == next_visit_by_engine(store, child_id)
    close_app(app)


async def test_enter_on_my_week_opens_the_child(app: CaseloadApp) -> None:
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await select_row(pilot, 2)
        child_id = week(app).rows[2].item.child_id
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, ChildScreen)
        assert app.screen.child_id == child_id


# -- planning -----------------------------------------------------------------------------------------


def planner_days(app: CaseloadApp) -> list[str]:
    """The planner's days, Monday to Friday, as text: each day's heading, then its visits."""
    text = str(app.screen.query_one("#planner", Static).content)
    days = text.split("\n\n")[1:]  # after the title, a blank line before each day
    assert len(days) == 5, text
    return days


async def test_plan_on_day_two_puts_visit_on_tuesday(app: CaseloadApp, store: Store) -> None:
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        row = week(app).rows[0]
        await pilot.press("2")
        await settle(pilot)
        planned = store.planned_visits("W002", TODAY, TODAY + timedelta(days=6))
        assert [(v.child_id, v.on) for v in planned] == [(row.item.child_id, date(2026, 11, 24))]
        days = planner_days(app)
        assert days[1].startswith("2  Tue 24 Nov") and row.child_name in days[1]
        for other in (0, 2, 3, 4):
            assert row.child_name not in days[other]


async def test_plan_form_refuses_past_and_plans_a_date(app: CaseloadApp, store: Store) -> None:
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        row = week(app).rows[0]
        await pilot.press("p")
        await pilot.pause()
        assert isinstance(app.screen, PlanVisitForm)
        await type_text(pilot, "20/11/26")
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, PlanVisitForm)
        assert "has passed" in str(app.screen.query_one("#error", Label).content)
        await pilot.press("ctrl+u")
        await type_text(pilot, "26/11/26")
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, MyWeekScreen)
        planned = store.planned_visits("W002", TODAY, TODAY + timedelta(days=30))
        assert [(v.child_id, v.on) for v in planned] == [(row.item.child_id, date(2026, 11, 26))]
        assert row.child_name in planner_days(app)[3]


# -- the record form's dates ----------------------------------------------------------------------------


async def record_form(pilot: Pilot[None], store: Store) -> tuple[str, int]:
    """Record a visit to My week's first child: (their case reference, events stored before)."""
    await settle(pilot)
    child_id = week(cast(CaseloadApp, pilot.app)).rows[0].item.child_id
    before = len(store.events(child_id))
    await pilot.press("v")
    await pilot.pause()
    return child_id, before


async def test_impossible_date_is_refused_and_nothing_saved(app: CaseloadApp, store: Store) -> None:
    async with app.run_test(size=SIZE) as pilot:
        child_id, before = await record_form(pilot, store)
        form = app.screen
        assert isinstance(form, RecordEventForm)
        await type_text(pilot, "31/02/2026")  # replaces the selected "today"
        assert form.query_one("#on", Input).value == "31/02/2026"
        await pilot.press("enter")
        await settle(pilot)
        assert app.screen is form
        error = str(form.query_one("#error", Label).content)
        assert "31/02/2026" in error and "not a real date" in error
        assert len(store.events(child_id)) == before
        await pilot.press("escape")
        await settle(pilot)
        assert isinstance(app.screen, MyWeekScreen)
        assert len(store.events(child_id)) == before


async def test_future_date_refused_yesterday_accepted(app: CaseloadApp, store: Store) -> None:
    async with app.run_test(size=SIZE) as pilot:
        child_id, before = await record_form(pilot, store)
        form = app.screen
        assert isinstance(form, RecordEventForm)
        await type_text(pilot, "24/11/26")
        await pilot.press("enter")
        await settle(pilot)
        assert app.screen is form
        assert "Tue 24 Nov 2026 is in the future" in str(form.query_one("#error", Label).content)
        assert len(store.events(child_id)) == before
        await pilot.press("ctrl+u")
        await type_text(pilot, "yesterday")
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, MyWeekScreen)
        events = store.events(child_id)
        assert len(events) == before + 1
        assert any(e.kind == "visit" and e.on == date(2026, 11, 22) for e in events)


async def test_today_is_accepted_as_typed(app: CaseloadApp, store: Store) -> None:
    async with app.run_test(size=SIZE) as pilot:
        child_id, before = await record_form(pilot, store)
        await type_text(pilot, "Today")
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, MyWeekScreen)
        events = store.events(child_id)
        assert len(events) == before + 1
        assert any(e.on == TODAY for e in events)


# -- lookup, caseload, help ---------------------------------------------------------------------------------


async def test_lookup_opens_the_child(app: CaseloadApp) -> None:
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("slash")
        await pilot.pause()
        assert isinstance(app.screen, LookupScreen)
        await type_text(pilot, "leo exa")
        await pilot.pause()
        results = app.screen.query_one("#lookup-results", OptionList)
        assert results.option_count >= 1 and results.highlighted == 0
        assert results.get_option_at_index(0).id == "C900003"
        await pilot.press("enter")
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, ChildScreen)
        assert screen.child_id == "C900003"
        assert "Leo Example" in str(screen.query_one("#child-facts", Static).content)
        assert screen.query_one("#due-items", DataTable).row_count > 0
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, MyWeekScreen)


async def test_lookup_by_case_reference(app: CaseloadApp) -> None:
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("slash")
        await type_text(pilot, "c000084")
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, ChildScreen)
        assert app.screen.child_id == "C000084"


async def test_caseload_rows_filter_and_sort(app: CaseloadApp, store: Store) -> None:
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("c")
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, CaseloadScreen)
        table = screen.query_one("#caseload", DataTable)
        children = store.children(worker_id="W002")
        assert table.row_count == len(children) == 23
        assert {r.child_id for r in screen.shown} == {c.child_id for c in children}

        await pilot.press("f")
        await type_text(pilot, "example")
        await pilot.pause()
        assert screen.query_one("#filter", Input).value == "example"
        assert table.row_count == 2 < 23
        assert sorted(r.name for r in screen.shown) == ["Ava Example", "Leo Example"]
        assert "2 of 23 children" in str(screen.query_one("#caseload-title", Static).content)

        await pilot.press("ctrl+u", "enter")  # clear the filter, back to the table
        await pilot.pause()
        assert table.has_focus and table.row_count == 23
        by_visit = [r.child_id for r in screen.shown]
        assert [COLUMNS[2][1](r) for r in screen.shown] == sorted(COLUMNS[2][1](r) for r in screen.shown)
        await pilot.press("s")
        await pilot.pause()
        assert screen.sort_column == 3
        by_review = [r.child_id for r in screen.shown]
        assert by_review != by_visit
        assert [COLUMNS[3][1](r) for r in screen.shown] == sorted(COLUMNS[3][1](r) for r in screen.shown)
        assert "sorted by Plan review ↑" in str(screen.query_one("#caseload-title", Static).content)
        await pilot.press("S")
        await pilot.pause()
        assert [COLUMNS[3][1](r) for r in screen.shown] == sorted(
            (COLUMNS[3][1](r) for r in screen.shown), reverse=True
        )

        await pilot.press("down", "enter")  # Enter on a row opens the child
        await settle(pilot)
        assert isinstance(app.screen, ChildScreen)
        assert app.screen.child_id == screen.shown[1].child_id


async def test_help_lists_keys_and_escape_closes(app: CaseloadApp) -> None:
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("question_mark")
        await pilot.pause()
        assert isinstance(app.screen, HelpScreen)
        text = "\n".join(str(s.content) for s in app.screen.query(Static))
        for line in ("Record visit", "Plan visit", "Find child", "(record_visit)", "Caseload"):
            assert line in text
        assert "  /          Find child" in text
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, MyWeekScreen)


# -- first run, keys, the command palette ---------------------------------------------------------------


async def test_first_run_picks_and_remembers_the_worker(db_path: Path, store: Store) -> None:
    assert store.get_setting(MY_WORKER) is None
    app = make_app(db_path, worker_id=None)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        picker = app.screen
        assert isinstance(picker, PickWorkerScreen)
        options = picker.query_one(OptionList)
        assert options.option_count == 8
        await pilot.press("down")
        await pilot.pause()
        assert options.highlighted is not None
        chosen = options.get_option_at_index(options.highlighted).id
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, MyWeekScreen)
        assert app.worker_id == chosen
        assert store.get_setting(MY_WORKER) == chosen
        name = next(w.name for w in store.workers() if w.worker_id == chosen)
        assert app.title == f"caseload · {name}"
        view = week(app).view
        assert view is not None and view.worker is not None and view.worker.worker_id == chosen
    close_app(app)


async def test_keymap_remaps_record_visit(db_path: Path) -> None:
    app = make_app(db_path, keymap={"record_visit": "r"})
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("v")
        await pilot.pause()
        assert isinstance(app.screen, MyWeekScreen)  # v no longer records
        await pilot.press("r")
        await pilot.pause()
        assert isinstance(app.screen, RecordEventForm)
        assert app.screen.child_name == week_rows_first_name(app)
    close_app(app)


def week_rows_first_name(app: CaseloadApp) -> str:
    return next(s for s in app.screen_stack if isinstance(s, MyWeekScreen)).rows[0].child_name


async def test_command_palette_opens_a_child(app: CaseloadApp) -> None:
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("ctrl+p")
        await pilot.pause()
        assert isinstance(app.screen, CommandPalette)
        await type_text(pilot, "leo exa")
        for _ in range(20):  # the palette searches in the background
            await pilot.pause(0.05)
            if app.screen.query_one("CommandList", OptionList).option_count:
                break
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, ChildScreen)
        assert app.screen.child_id == "C900003"


async def test_command_search_offers_children_and_workers(app: CaseloadApp) -> None:
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        provider = CaseloadCommands(app.screen)
        hits = [hit async for hit in provider.search("Isla Example")]
        assert any("C900002" in str(hit.match_display) for hit in hits)
        hits = [hit async for hit in provider.search("James Okafor")]
        assert any("Work as James Okafor (Safeguarding East)" in str(hit.match_display) for hit in hits)
        hits = [hit async for hit in provider.search("record visit")]
        assert any(hit.help == "action on this screen" for hit in hits)


async def test_record_form_error_and_buttons_fit_80x24(app: CaseloadApp) -> None:
    """At the smallest terminal the refusal (two lines long) and the buttons are still on screen."""
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("v")
        await pilot.pause()
        form = app.screen
        assert isinstance(form, RecordEventForm)
        await type_text(pilot, "24/11/26")
        await pilot.press("enter")
        await pilot.pause()
        dialog = form.query_one(".dialog").region
        error = form.query_one("#error", Label)
        assert "is in the future" in str(error.content)
        for widget in (error, form.query_one("#save"), form.query_one("#cancel")):
            region = widget.region
            assert region.height > 0 and dialog.contains_region(region) and region.bottom <= 24, widget
        assert error.region.height == 2
