"""Who did what, and who looked, in the app (issue 14): opening a child is recorded (once, not
as a change ctrl+z undoes), the worker signed in is the audit log's "who", the managers' audit
screen lists changes and views, and a chain altered outside caseload is said in the header and
on My week."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from textual.widgets import DataTable

from caseload_tui.services.audit import line_of
from caseload_tui.store.store import Store
from caseload_tui.ui.screens.audit import AuditScreen
from caseload_tui.ui.screens.child import ChildScreen

from .helpers import close_app, make_app, notices, screen_text, settle

CHILD = "C900001"  # Noah Example


async def test_opening_a_child_is_recorded_once_and_is_not_undone(db_path: Path, store: Store) -> None:
    app = make_app(db_path, "W002")
    try:
        async with app.run_test(size=(120, 40)) as pilot:
            await settle(pilot)
            assert app.audit_checked and app.audit_warning is None
            app.open_child(CHILD)
            await settle(pilot)
            assert isinstance(app.screen, ChildScreen)
            app.screen.refresh_data()  # a refresh (after a form) is not another opening
            await settle(pilot)
            said = notices(app)
            await pilot.press("ctrl+z")
            await settle(pilot)
            assert any("Nothing to undo" in line for line in said)
            await pilot.press("L")  # the child's audit log
            await settle(pilot)
            screen = app.screen
            assert isinstance(screen, AuditScreen) and screen.child_id == CHILD
            assert screen.lines[0].action == "view" and screen.lines[0].worker == "W002"
            assert "viewed" in screen_text(app) and "W002" in screen_text(app)
    finally:
        close_app(app)
    views = [e for e in store.audit_log(5, child_id=CHILD) if e.action == "view"]
    assert [v.what for v in map(line_of, views)] == ["audit log screen", "child screen"]
    assert all(v.worker == "W002" and v.os_user for v in views)
    assert store.verify_audit().intact


async def test_a_manager_opens_the_audit_log_from_the_dashboard_and_the_palette(db_path: Path) -> None:
    app = make_app(db_path, "W002")
    try:
        async with app.run_test(size=(120, 40)) as pilot:
            await settle(pilot)
            await pilot.press("t")
            await settle(pilot)
            assert "l Audit log" in screen_text(app)
            await pilot.press("l")
            await settle(pilot)
            screen = app.screen
            assert isinstance(screen, AuditScreen) and screen.child_id is None
            assert screen.query_one("#audit-table", DataTable).row_count == len(screen.lines) > 100
            assert "intact" in screen_text(app) and "added" in screen_text(app)
            await pilot.press("escape", "ctrl+p", *"audit log")
            await settle(pilot)
            await pilot.press("enter")
            await settle(pilot)
            assert isinstance(app.screen, AuditScreen)
    finally:
        close_app(app)


async def test_an_altered_audit_log_is_said_in_the_header_and_on_my_week(db_path: Path) -> None:
    with sqlite3.connect(db_path) as conn:  # as someone with the file and sqlite3 would
        conn.execute("UPDATE audit_log SET os_user = 'someone' WHERE id = 40")
    conn.close()
    app = make_app(db_path, "W002")
    try:
        async with app.run_test(size=(120, 40)) as pilot:
            said = notices(app)
            await settle(pilot)
            assert app.audit_warning is not None and "row 40" in app.audit_warning
            assert "AUDIT LOG ALTERED" in app.sub_title
            assert "altered outside caseload" in screen_text(app)
            await pilot.pause()
            assert any("row 40" in line for line in said) or app.audit_warning
    finally:
        close_app(app)
