"""Fixtures: a store on a new database (SQLite or PostgreSQL: see ``db_url`` in
``tests/conftest.py``), empty or holding a small synthetic caseload."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from caseload_tui.store import Store, open_store

from .records import caseload


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
