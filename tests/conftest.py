"""For every test: the user's own folders are out of reach. For the tests of the store and of
the commands that use it: a new database, SQLite or PostgreSQL (see :mod:`tests.databases`)."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.databases import DATABASES, ENV_VAR, Server, binaries, server


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line(
        "markers",
        "sqlite_only(reason): the test is about what only a SQLite file has (its file, its locks, "
        "backup and restore); it is not run on PostgreSQL, for the reason given",
    )


@pytest.fixture(autouse=True, scope="session")
def _user_folders(tmp_path_factory: pytest.TempPathFactory) -> Iterator[None]:
    """Config, data and cache folders (keys.toml, the demo database, the bank-holiday cache) in a
    temporary folder, for this process and any it starts."""
    base = tmp_path_factory.mktemp("user-folders")
    with pytest.MonkeyPatch.context() as patch:
        for name in ("XDG_CACHE_HOME", "XDG_CONFIG_HOME", "XDG_DATA_HOME"):
            patch.setenv(name, str(base / name.lower()))
        yield


@pytest.fixture(scope="session")
def postgres_server() -> Iterator[Server]:
    """The PostgreSQL server of this test session (see :mod:`tests.databases`)."""

    if not os.environ.get(ENV_VAR) and binaries() is None:
        pytest.skip(
            f"no PostgreSQL server: set {ENV_VAR} to a server URL, or install PostgreSQL's initdb and pg_ctl"
        )
    with server() as url:
        found = Server(url)
        yield found
        found.close()


@pytest.fixture(params=DATABASES)
def database(request: pytest.FixtureRequest) -> str:
    """Which database the test runs on: ``sqlite`` or ``postgresql``."""
    marker = request.node.get_closest_marker("sqlite_only")
    if request.param == "postgresql" and marker is not None:
        pytest.skip(f"SQLite only: {marker.kwargs.get('reason') or marker.args[0]}")
    return str(request.param)


@pytest.fixture
def db_url(database: str, tmp_path: Path, request: pytest.FixtureRequest) -> Iterator[str]:
    """The URL of a new, empty database: a file ``caseload.db`` in the test's folder, or a
    database of the test's own on the PostgreSQL server."""
    if database == "sqlite":
        yield f"sqlite:///{tmp_path / 'caseload.db'}"
        return
    postgres: Server = request.getfixturevalue("postgres_server")
    with postgres.database() as url:
        yield url


@pytest.fixture
def db(db_url: str) -> str:
    """The new database as a user names it to ``--db``: a file path for SQLite, else its URL."""
    from caseload_tui.store.location import sqlite_file

    path = sqlite_file(db_url)
    return db_url if path is None else str(path)
