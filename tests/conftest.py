"""For every test: the user's own folders are out of reach. For the tests of the store and of
the commands that use it: a new database, SQLite or PostgreSQL (see :mod:`tests.databases`)."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.databases import DATABASES, ENV_VAR, Server, binaries, server
from tests.keystore import MemoryKeyring


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line(
        "markers",
        "sqlite_only(reason): the test is about what only a SQLite file has (its file, its locks, "
        "backup and restore); it is not run on PostgreSQL, for the reason given",
    )
    config.addinivalue_line(
        "markers",
        "plain_only(reason): the test reads or writes the SQLite file with the standard library's "
        "sqlite3 (a plain file); it is not run on an encrypted one, for the reason given",
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


@pytest.fixture(autouse=True)
def credential_store() -> Iterator[MemoryKeyring]:
    """The OS credential store, as the commands see it: one in memory, new for each test (so a
    new database is encrypted with a random key kept there, as on a laptop)."""
    import keyring

    found = MemoryKeyring()
    before = keyring.get_keyring()
    keyring.set_keyring(found)
    yield found
    keyring.set_keyring(before)


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
    marker = request.node.get_closest_marker("plain_only")
    if request.param == "sqlcipher" and marker is not None:
        pytest.skip(f"plain SQLite only: {marker.kwargs.get('reason') or marker.args[0]}")
    return str(request.param)


@pytest.fixture
def db_url(database: str, tmp_path: Path, request: pytest.FixtureRequest) -> Iterator[str]:
    """The URL of a new, empty database: a file ``caseload.db`` in the test's folder, or a
    database of the test's own on the PostgreSQL server."""
    if database == "sqlite":
        yield f"sqlite:///{tmp_path / 'caseload.db'}"
        return
    if database == "sqlcipher":
        yield from _encrypted(tmp_path / "caseload.db", request.getfixturevalue("credential_store"))
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


def _encrypted(path: Path, credential_store: MemoryKeyring) -> Iterator[str]:
    """An encrypted SQLite file: its random key in the (test's) credential store, where the
    commands find it, and the key every ``open_store`` in the test uses unless told otherwise
    (the store takes its key as an argument; the tests of the store and the engine are written
    without one)."""
    from caseload_tui.services.keys import SERVICE, account
    from caseload_tui.store.backup import restore_sqlite
    from caseload_tui.store.cipher import DatabaseKey
    from caseload_tui.store.connection import make_engine
    from caseload_tui.store.store import open_store

    key = DatabaseKey.new_raw()
    credential_store.set_password(SERVICE, account(path), key.secret)
    with pytest.MonkeyPatch.context() as patch:
        for opens in (open_store, make_engine, restore_sqlite):
            assert opens.__kwdefaults__ is not None
            patch.setitem(opens.__kwdefaults__, "key", key)
        yield f"sqlite:///{path}"
