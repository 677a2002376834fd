"""Fixtures: a fresh database file per test, empty or holding a small synthetic caseload."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from caseload_tui.store import Store, open_store

from .records import caseload


@pytest.fixture
def db_url(tmp_path: Path) -> str:
    return f"sqlite:///{tmp_path / 'caseload.db'}"


@pytest.fixture
def store(db_url: str) -> Iterator[Store]:
    opened = open_store(db_url)
    yield opened
    opened.close()


@pytest.fixture
def loaded(store: Store) -> Store:
    """40 children over 4 workers in two teams, 12 events each."""
    store.import_records(*caseload(40))
    return store
