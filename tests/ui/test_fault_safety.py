"""The app under faults (issue 13): the team report never replaces a file without a second
press (a confirmation) and never goes onto the database; Textual's crash report shows no local
variables (they may hold a child's record)."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from textual.app import App
from textual.widgets import Input, Label, Select

from caseload_tui.ui.app import CaseloadApp
from caseload_tui.ui.screens.team_forms import ExportForm

from .helpers import settle
from .test_dashboard import SIZE, dashboard, manager

__all__ = ["manager"]  # the dashboard's fixture, used here too


async def _export_to(pilot: object, path: Path) -> ExportForm:
    await pilot.press("x")  # type: ignore[attr-defined]
    await pilot.pause()  # type: ignore[attr-defined]
    form = pilot.app.screen  # type: ignore[attr-defined]
    assert isinstance(form, ExportForm)
    form.query_one("#format", Select).value = "csv"
    await pilot.pause()  # type: ignore[attr-defined]
    form.query_one("#path", Input).value = str(path)
    await pilot.press("enter")  # type: ignore[attr-defined]
    await settle(pilot)  # type: ignore[arg-type]
    return form


async def test_the_report_replaces_a_file_only_when_asked_twice(manager: CaseloadApp, tmp_path: Path) -> None:
    target = tmp_path / "reports" / "team.csv"
    target.parent.mkdir()
    target.write_text("my notes\n")
    async with manager.run_test(size=SIZE) as pilot:
        await dashboard(pilot)
        form = await _export_to(pilot, target)
        assert pilot.app.screen is form  # still open, saying why
        assert "already exists: press Export again" in str(form.query_one("#error", Label).render())
        assert target.read_text() == "my notes\n"
        await pilot.press("enter")  # the confirmation
        await settle(pilot)
    assert target.read_text().startswith("worker_id,name,role,team")
    assert [p.name for p in target.parent.iterdir()] == ["team.csv"]  # no temporary file left


async def test_the_report_never_goes_onto_the_database(manager: CaseloadApp, db_path: Path) -> None:
    before = db_path.read_bytes()
    async with manager.run_test(size=SIZE) as pilot:
        await dashboard(pilot)
        form = await _export_to(pilot, db_path)
        assert "is the database" in str(form.query_one("#error", Label).render())
        await pilot.press("enter")  # a second press does not make it so
        await settle(pilot)
        assert pilot.app.screen is form
    assert db_path.read_bytes() == before


def _a_bug(child_record: dict[str, str]) -> None:
    raise RuntimeError("a bug")


def test_the_crash_report_shows_no_local_variables() -> None:
    assert "_fatal_error" in vars(App)  # the Textual method overridden (a newer Textual may rename it)
    app = CaseloadApp(lambda: None, date(2026, 11, 23))  # type: ignore[arg-type,return-value]
    family_name = "".join(reversed("dlihcterceS"))  # so that no line of code shown holds it
    try:
        _a_bug({"given_name": "Zoë", "family_name": family_name})
    except RuntimeError:
        app._fatal_error()
    text = "".join(segment.text for renderable in app._exit_renderables for segment in renderable.segments)  # type: ignore[attr-defined]
    assert "RuntimeError" in text and "a bug" in text
    assert "Secretchild" not in text
