"""Fixtures for the terminal app: the demo database built once, copied for every test."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

from caseload_tui.services.demo import build_demo
from caseload_tui.store.store import Store, open_store
from caseload_tui.ui.app import CaseloadApp

from .helpers import AUTHORITY, TODAY, close_app, db_url, make_app


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
    close_app(made)
