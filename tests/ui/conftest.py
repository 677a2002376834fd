"""Fixtures for the terminal app: the demo database built once, copied for every test."""

from __future__ import annotations

import shutil
from collections.abc import Callable, Iterator
from datetime import date
from pathlib import Path

import pytest
from textual.pilot import Pilot
from textual.widgets import DataTable

from caseload_tui.cli.data import build_demo
from caseload_tui.domain.table import TimescaleTable
from caseload_tui.services.catalogue import open_table
from caseload_tui.store.store import Store, open_store
from caseload_tui.ui.app import CaseloadApp
from caseload_tui.ui.data import CaseloadData, DueRow

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
    data = CaseloadData(open_store(db_url(db_path)), herefordshire())
    return CaseloadApp(data, TODAY, worker_id, keymap, keymap_problems)


async def settle(pilot: Pilot[None]) -> None:
    """Let thread workers (and the workers their results start) finish and the screens catch up.

    DataTables size their columns on an idle tick after rows arrive; wait for that too, or a
    screenshot can catch the columns at their headers' widths.
    """
    app = pilot.app
    for _ in range(3):
        await app.workers.wait_for_complete()
        await pilot.pause()
    for _ in range(50):
        tables = [t for screen in app.screen_stack for t in screen.query(DataTable)]
        if not any(getattr(t, "_require_update_dimensions", False) for t in tables):
            break
        await pilot.pause(0.02)
    for table in tables:
        # now and then a DataTable paints rows cached at their header widths (Textual 8.2);
        # drop its render caches so the screenshot shows what a person sees after a moment
        table._clear_caches()
        table.refresh(layout=True)
    await pilot.pause()


def worker_with(db_path: Path, wanted: Callable[[DueRow], bool]) -> tuple[str, DueRow]:
    """A demo worker whose My week has a row ``wanted`` picks, and the row (first one found):
    the demo's histories follow the tables, so which child is overdue is looked up, not assumed."""
    data = CaseloadData(open_store(db_url(db_path)), herefordshire())
    try:
        for worker in data.workers():
            view = data.week(worker.worker_id, TODAY)
            for row in [*view.overdue, *view.this_week, *view.next_week]:
                if wanted(row):
                    return worker.worker_id, row
    finally:
        data.close()
    raise AssertionError("no demo worker has such a row: the demo data changed")


@pytest.fixture(scope="session")
def demo_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The demo team's database, built once for the session: never write to it."""
    db = tmp_path_factory.mktemp("demo") / "demo.db"
    build_demo(db, TODAY, AUTHORITY)
    return db


@pytest.fixture
def db_path(demo_db: Path, tmp_path: Path) -> Path:
    """A private copy of the demo database for one test."""
    copy = tmp_path / "demo.db"
    for suffix in ("", "-wal", "-shm"):
        source = Path(f"{demo_db}{suffix}")
        if source.exists():
            shutil.copyfile(source, f"{copy}{suffix}")
    return copy


@pytest.fixture
def store(db_path: Path) -> Iterator[Store]:
    """A second connection to the test's database, for checking what the app wrote."""
    opened = open_store(db_url(db_path))
    yield opened
    opened.close()


@pytest.fixture
def app(db_path: Path) -> Iterator[CaseloadApp]:
    made = make_app(db_path)
    yield made
    made.data.store.close()
