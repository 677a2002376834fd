"""The app on a PostgreSQL database: the same week as on the SQLite demo, and a visit recorded
from My week reaches the server."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from caseload_tui.services.workspace import Workspace
from caseload_tui.store.store import open_store
from caseload_tui.ui.app import CaseloadApp
from caseload_tui.ui.screens.forms import RecordEventForm
from caseload_tui.ui.screens.week import MyWeekScreen
from tests.databases import Server, load_demo

from .helpers import TODAY, close_app, db_url, herefordshire, settle


async def test_the_app_on_postgresql(db_path: Path, postgres_server: Server) -> None:
    with postgres_server.database() as url:
        load_demo(url, TODAY)
        on_sqlite = Workspace(open_store(db_url(db_path)), herefordshire())
        expected = on_sqlite.week("W002", TODAY)
        on_sqlite.close()
        app = CaseloadApp(Workspace(open_store(url), herefordshire()), TODAY, "W002")
        async with app.run_test(size=(120, 40)) as pilot:
            await settle(pilot)
            assert isinstance(app.screen, MyWeekScreen)
            assert app.opener().week("W002", TODAY) == expected
            child_id = app.screen.rows[0].item.child_id
            before = len(app.opener().store.events(child_id))
            await pilot.press("v")
            await pilot.pause()
            assert isinstance(app.screen, RecordEventForm)
            await pilot.press("enter")
            await settle(pilot)
            assert isinstance(app.screen, MyWeekScreen)
        close_app(app)
        store = open_store(url, create=False)
        events = store.events(child_id)
        store.close()
        assert len(events) == before + 1 and any(e.on == date(2026, 11, 23) for e in events)
