"""Helpers for the app's tests: the app as ``caseload`` builds it, waiting for its workers,
what it told the user, and finding demo rows."""

from __future__ import annotations

import html
import re
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

from textual.pilot import Pilot

from caseload_tui.domain.table import TimescaleTable
from caseload_tui.services.catalogue import open_table
from caseload_tui.services.workspace import DueRow, Workspace
from caseload_tui.store.store import open_store
from caseload_tui.ui.app import CaseloadApp

TODAY = date(2026, 11, 23)  # a Monday
AUTHORITY = "herefordshire"
SIZES = {"wide": (120, 40), "small": (80, 24)}


def db_url(db_path: Path) -> str:
    return f"sqlite:///{db_path}"


_TABLE: TimescaleTable | None = None


def herefordshire() -> TimescaleTable:
    global _TABLE
    if _TABLE is None:
        _TABLE = open_table(AUTHORITY)
    return _TABLE


def make_app(
    db_path: Path,
    worker_id: str | None = "W002",
    keymap: dict[str, str] | None = None,
    keymap_problems: list[str] | None = None,
) -> CaseloadApp:
    """The app as ``caseload`` builds it, over the database at ``db_path``, on TODAY."""
    workspace = Workspace(open_store(db_url(db_path)), herefordshire())
    return CaseloadApp(workspace, TODAY, worker_id, keymap, keymap_problems)


def close_app(app: CaseloadApp) -> None:
    """Close the workspace a test gave the app (the app closes it too when it stops; closing
    twice is harmless, and an app that never ran must not leave its database open)."""
    app.opener().close()


async def settle(pilot: Pilot[None]) -> None:
    """Let thread workers (and the workers their results start) finish and the screens catch up:
    DataTables size their columns on an idle tick after their rows arrive."""
    app = pilot.app
    for _ in range(3):
        await app.workers.wait_for_complete()
        await pilot.pause()
    await pilot.wait_for_scheduled_animations()
    await pilot.pause()


def worker_with(db_path: Path, wanted: Callable[[DueRow], bool]) -> tuple[str, DueRow]:
    """A demo worker whose My week has a row ``wanted`` picks, and the row (first one found):
    the demo's histories follow the tables, so which child is overdue is looked up, not assumed."""
    workspace = Workspace(open_store(db_url(db_path)), herefordshire())
    try:
        for worker in workspace.workers():
            view = workspace.week(worker.worker_id, TODAY)
            for row in [*view.overdue, *view.this_week, *view.next_week]:
                if wanted(row):
                    return worker.worker_id, row
    finally:
        workspace.close()
    raise AssertionError("no demo worker has such a row: the demo data changed")


def notices(app: CaseloadApp) -> list[str]:
    """What the app tells the user from now on, as "title: message" lines (recorded as it is
    said, so a toast that has timed out still counts)."""
    said: list[str] = []
    notify = app.notify

    def recording(message: str, **options: Any) -> None:
        said.append(f"{options.get('title', '')}: {message}")
        notify(message, **options)

    app.notify = recording  # type: ignore[method-assign]
    return said


_CELL_WIDTH = 12.2  # the width of one terminal cell in Textual's (Rich's) SVG screenshots
_SVG_TEXT = re.compile(
    r'<text class="[^"]*" x="([\d.]+)" y="[\d.]+" textLength="[\d.]+" clip-path="url\(#[\w-]+-line-(\d+)\)">([^<]*)</text>'
)


def screen_text(app: CaseloadApp) -> str:
    """What the terminal shows now, as lines of plain text (from the app's own screenshot)."""
    rows: dict[int, dict[int, str]] = {}
    for x, line, text in _SVG_TEXT.findall(app.export_screenshot()):
        row = rows.setdefault(int(line), {})
        start = round(float(x) / _CELL_WIDTH)
        for offset, char in enumerate(html.unescape(text).replace("\xa0", " ")):
            row[start + offset] = char
    height = max(rows, default=-1) + 1
    return "\n".join(
        "".join(
            rows.get(n, {}).get(col, " ") for col in range(max(rows.get(n, {0: ""}), default=0) + 1)
        ).rstrip()
        for n in range(height)
    )
