"""Text from the data (names, quotes, notes) is never read as markup: "[" must not crash the app."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from caseload_tui.domain.records import ChildRecord, EventRecord, WorkerRecord
from caseload_tui.services.catalogue import open_table
from caseload_tui.services.workspace import Workspace
from caseload_tui.store.store import open_store
from caseload_tui.ui.app import CaseloadApp
from caseload_tui.ui.screens.child import ChildScreen
from caseload_tui.ui.screens.help import HelpScreen

from .helpers import notices

TODAY = date(2026, 11, 23)


def one_child(tmp_path: Path, worker: str, team: str, child_id: str, given: str, family: str) -> CaseloadApp:
    """The app as worker W1 (named ``worker``, in ``team``) with one child in need, seen once."""
    store = open_store(f"sqlite:///{tmp_path / 'one.db'}")
    store.import_records(
        [WorkerRecord("W1", worker, "Social worker", team, 1.0)],
        [ChildRecord(child_id, given, family, date(2015, 5, 5), "W1", date(2026, 11, 2), "cin",
                     date(2026, 11, 2), None, None)],
        [EventRecord(child_id, "visit", date(2026, 11, 3), True, False)],
    )  # fmt: skip
    return CaseloadApp(Workspace(store, open_table("herefordshire")), TODAY, "W1")


async def test_brackets_in_names_and_keys(tmp_path: Path) -> None:
    app = one_child(tmp_path, "Sam [Locum] Jones", "[East]", "C[1]", "[bold]Amy", "Smith[/]")
    said = notices(app)
    async with app.run_test(size=(120, 40)) as pilot:
        await app.workers.wait_for_complete()
        await pilot.pause()
        await pilot.press("question_mark")  # the help lists "[" and "]" keys
        await pilot.pause()
        assert isinstance(app.screen, HelpScreen)
        await pilot.press("escape")
        app.open_child("C[1]")
        await pilot.pause()
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert isinstance(app.screen, ChildScreen)
        await pilot.press("v")
        await pilot.pause()
        await pilot.press("enter")  # record a visit today: the notification names the child
        await pilot.pause()
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert any("[bold]Amy Smith[/]" in line for line in said)
    assert [e.on for e in app.opener().store.events("C[1]") if e.kind == "visit"] == [
        date(2026, 11, 3),
        TODAY,
    ]


async def test_what_is_typed_is_shown_back_as_plain_text(tmp_path: Path) -> None:
    from textual.widgets import Input, Label

    from caseload_tui.ui.screens.forms import RecordEventForm

    store = open_store(f"sqlite:///{tmp_path / 't.db'}")
    store.import_records([WorkerRecord("W1", "Sam Jones", "Social worker", "East", 1.0)], [], [])
    app = CaseloadApp(Workspace(store, open_table("herefordshire")), TODAY, "W1")
    async with app.run_test(size=(120, 40)) as pilot:
        await app.workers.wait_for_complete()
        app.push_screen(RecordEventForm("Amy Smith", TODAY))
        await pilot.pause()
        form = app.screen
        form.query_one("#on", Input).value = "[bold]soon[/"
        await pilot.press("enter")
        await pilot.pause()
        assert "'[bold]soon[/' is not a date" in str(form.query_one("#error", Label).render())


def _screen_text(app: CaseloadApp) -> str:
    """What is on the screen, as plain text (the screenshot's SVG, unescaped)."""
    import html
    import re

    svg = app.export_screenshot()
    return html.unescape(re.sub(r"<[^>]+>", "", svg)).replace("\xa0", " ")


async def test_names_that_would_break_markup_show_as_typed(tmp_path: Path) -> None:
    """A lone closing tag in a name is an error as markup; on every screen it is just text."""
    from textual.widgets import Select

    from caseload_tui.ui.screens.caseload import CaseloadScreen
    from caseload_tui.ui.screens.dashboard import DashboardScreen

    app = one_child(tmp_path, "Sam Jones[/]", "East[/]", "C1", "Amy", "Smith[/]")
    async with app.run_test(size=(120, 40)) as pilot:

        async def settled() -> str:
            for _ in range(3):
                await app.workers.wait_for_complete()
                await pilot.pause()
            return _screen_text(app)

        text = await settled()  # My week, under a header naming the worker
        assert "Amy Smith[/]" in text and "caseload · Sam Jones[/]" in text
        await pilot.press("ctrl+p", *"smith")  # the command palette offers the child
        for _ in range(10):
            await pilot.pause(0.05)
        assert "Amy Smith[/] C1" in _screen_text(app)
        await pilot.press("escape")
        await pilot.pause()
        await pilot.press("c")
        assert isinstance(app.screen, CaseloadScreen)
        assert "Amy Smith[/]" in await settled()
        await pilot.press("enter")
        assert "Amy Smith[/]" in await settled()  # the child
        await pilot.press("v")
        await pilot.pause()
        assert "Record for Amy Smith[/]" in _screen_text(app)
        await pilot.press("escape")
        await pilot.press("n")  # a new child: the worker list names the workers
        await pilot.pause()
        app.screen.query_one("#worker_id", Select).expanded = True
        await pilot.pause()
        assert "Sam Jones[/], East[/]" in _screen_text(app)
        await pilot.press("escape", "escape")
        app.open_dashboard("East[/]")
        text = await settled()
        assert isinstance(app.screen, DashboardScreen)
        assert "East[/]:" in text and "Sam Jones[/]" in text
