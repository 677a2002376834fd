"""The databases the tests run on: a SQLite file, or a database of its own on a PostgreSQL server.

The server is ``CASELOAD_TEST_POSTGRES`` (a server URL such as
``postgresql+psycopg://postgres@127.0.0.1:5432/postgres``) when it is set; otherwise the test
session starts a throwaway server of its own with PostgreSQL's ``initdb`` and ``pg_ctl`` (run as
the ``postgres`` user when the tests run as root, as PostgreSQL refuses to run as root), on a
free port of 127.0.0.1, and stops it at the end. CI starts one server for the whole run with the
same code::

    python -m tests.databases start DIR   # prints the server's URL
    python -m tests.databases stop DIR

Only the standard library is used at import, so the CI script can run it with any Python.
"""

from __future__ import annotations

import glob
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import uuid
from collections.abc import Iterator
from contextlib import closing, contextmanager
from datetime import date
from pathlib import Path
from typing import Any

ENV_VAR = "CASELOAD_TEST_POSTGRES"
DATABASES = ("sqlite", "sqlcipher", "postgresql")  # sqlcipher: an encrypted SQLite file
USER = "postgres"  # the server's superuser, and the OS user it runs as when we are root


def binaries() -> Path | None:
    """The folder of PostgreSQL's server programs, or None when they are not installed."""
    found = shutil.which("pg_ctl")
    if found is not None and shutil.which("initdb") is not None:
        return Path(found).resolve().parent
    for folder in sorted(glob.glob("/usr/lib/postgresql/*/bin"), reverse=True):  # Debian, Ubuntu
        if (Path(folder) / "pg_ctl").exists():
            return Path(folder)
    return None


def _as_server_user() -> list[str]:
    """What runs a program as the server's user: PostgreSQL will not run as root."""
    if sys.platform != "win32" and os.geteuid() == 0:
        return ["runuser", "-u", USER, "--"]
    return []


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def start(folder: Path, *, durable: bool = False) -> str:
    """Start a new server with its data in ``folder`` (new or empty); return its URL.

    Unless ``durable``, the server does not wait for the disk (fsync off): a throwaway server
    for tests. The benchmarks start one that does, as a real server would.
    """
    programs = binaries()
    if programs is None:
        raise RuntimeError("PostgreSQL's server programs (initdb, pg_ctl) are not installed")
    folder.mkdir(parents=True, exist_ok=True)
    prefix = _as_server_user()
    if prefix:
        shutil.chown(folder, USER)
    data, port = folder / "data", _free_port()
    subprocess.run(
        [*prefix, str(programs / "initdb"), "-D", str(data), "-U", USER, "-A", "trust", "-E", "UTF8",
         "--no-locale", "--no-sync"],
        check=True, capture_output=True,
    )  # fmt: skip
    settings = f"-p {port} -k {folder} -c listen_addresses=127.0.0.1 -c max_connections=200"
    if not durable:
        settings += " -c fsync=off -c synchronous_commit=off -c full_page_writes=off"
    subprocess.run(
        [*prefix, str(programs / "pg_ctl"), "-D", str(data), "-o", settings, "-l", str(folder / "server.log"),
         "-w", "start"],
        check=True, capture_output=True,
    )  # fmt: skip
    return f"postgresql+psycopg://{USER}@127.0.0.1:{port}/postgres"


def stop(folder: Path) -> None:
    """Stop the server whose data is in ``folder`` (if it runs) and delete the folder."""
    programs = binaries()
    if programs is not None and (folder / "data").exists():
        subprocess.run(
            [*_as_server_user(), str(programs / "pg_ctl"), "-D", str(folder / "data"), "-m", "immediate",
             "-w", "stop"],
            check=False, capture_output=True,
        )  # fmt: skip
    shutil.rmtree(folder, ignore_errors=True)


@contextmanager
def server() -> Iterator[str]:
    """The test server's URL: ``CASELOAD_TEST_POSTGRES``, else a throwaway server for as long
    as this lasts."""
    given = os.environ.get(ENV_VAR)
    if given:
        yield given
        return
    folder = Path(tempfile.mkdtemp(prefix="caseload-postgres-"))
    try:
        yield start(folder)
    finally:
        stop(folder)


class Server:
    """Makes a new, empty database on the server for each test, and drops it after."""

    def __init__(self, url: str) -> None:
        from sqlalchemy import create_engine, make_url

        self.url = make_url(url)
        self.admin = create_engine(self.url, isolation_level="AUTOCOMMIT")

    @contextmanager
    def database(self) -> Iterator[str]:
        name = f"caseload_test_{uuid.uuid4().hex[:12]}"
        with self.admin.connect() as conn:
            conn.exec_driver_sql(f'CREATE DATABASE "{name}"')
        try:
            yield self.url.set(database=name).render_as_string(hide_password=False)
        finally:
            with self.admin.connect() as conn:
                conn.exec_driver_sql(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')

    def close(self) -> None:
        self.admin.dispose()


def key_of(url: str) -> Any:
    """The key the commands open the database at ``url`` (a path or a URL) with: found in the
    (test's) credential store for a database a command made; None for a plain one."""
    from caseload_tui.services.keys import database_key
    from caseload_tui.store.location import resolve_database_url

    return database_key(resolve_database_url(url, {}))


def plain_file(path: Path) -> None:
    """A plain SQLite file with no tables at ``path``: a command then makes its caseload there
    plain (a new database it would encrypt), for the tests that write into the file with sqlite3."""
    import sqlite3

    with closing(sqlite3.connect(path)) as conn:
        conn.execute("CREATE TABLE made_plain (x)")
        conn.execute("DROP TABLE made_plain")


def sqlite_connect(path: str | Path, **kwargs: Any) -> Any:
    """A DB-API connection to a test's SQLite file as it is: plain, or encrypted with the key the
    test's stores use (see ``db_url`` in ``tests/conftest.py``)."""
    from caseload_tui.store.cipher import connect

    return connect(path, _default_key(), **kwargs)


def _default_key() -> Any:
    """The key every ``open_store`` of the test uses unless told otherwise (None: plain)."""
    from caseload_tui.store.store import open_store

    return (open_store.__kwdefaults__ or {}).get("key")


def count_rows(url: str, table: str, where: str = "") -> int:
    """How many rows ``table`` of the database at ``url`` holds (``where``: an SQL condition)."""
    from caseload_tui.store.location import resolve_database_url
    from caseload_tui.store.store import open_store

    url = resolve_database_url(url, {})
    store = open_store(url, create=False, migrate=False, key=key_of(url) or _default_key())
    try:
        with store.engine.connect() as conn:
            query = f"SELECT count(*) FROM {table}" + (f" WHERE {where}" if where else "")
            return int(conn.exec_driver_sql(query).scalar_one())
    finally:
        store.close()


@contextmanager
def demo_database(database: str, folder: Path, server: Server | None, today: date) -> Iterator[str]:
    """The demo team in a new database: a SQLite file in ``folder`` as ``caseload demo`` builds
    it, or (``database`` "postgresql") a database of its own on ``server``."""
    if database != "postgresql":
        from caseload_tui.services.demo import build_demo

        db = folder / "demo.db"
        build_demo(db, today, "herefordshire")
        yield str(db)
        return
    assert server is not None
    with server.database() as url:
        load_demo(url, today)
        yield url


def load_demo(url: str, today: date, authority: str = "herefordshire") -> None:
    """Put the demo's synthetic team into the (new) database at ``url``, as ``caseload demo``
    builds its own file (``services.demo.build_demo``), for the tests that run on either database."""
    from caseload_tui.services.catalogue import open_table
    from caseload_tui.services.demo import DEMO_BUILT_FOR, demo_data
    from caseload_tui.store.store import AUTHORITY_TABLE, open_store

    table = open_table(authority)
    data = demo_data(today, table)
    store = open_store(url)
    try:
        store.import_records(data.workers, data.children, data.events)
        for case_ref, booking in data.bookings:
            store.book_meeting(case_ref, booking.kind, booking.on)
        store.set_setting(AUTHORITY_TABLE, authority)
        store.set_setting(DEMO_BUILT_FOR, f"{today.isoformat()} {table.authority} {table.version}")
    finally:
        store.close()


def main(argv: list[str]) -> int:
    if len(argv) != 2 or argv[0] not in ("start", "stop"):
        print("usage: python -m tests.databases start|stop DIR", file=sys.stderr)
        return 2
    command, folder = argv[0], Path(argv[1])
    if command == "start":
        print(start(folder))
    else:
        stop(folder)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
