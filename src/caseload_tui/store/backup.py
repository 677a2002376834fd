"""Backups that can be restored: a checked copy of a live SQLite database, and putting one back.

A backup is made with SQLite's online backup API, into a temporary file beside the chosen
name, checked (``PRAGMA integrity_check``) and only then renamed to that name: a backup that was
killed, or ran out of disk, leaves nothing at the name the user gave. Copying the database file
itself could catch a half-done write, or miss what is still in its ``-wal`` file.

A restore checks the backup, refuses while anything has the database open, copies the backup
beside the database (checked again), keeps the database as it was under a new name (never
deleted), and renames the copy into place. Copying a backup over a database file by hand can
corrupt it: a ``-wal`` file left by a crash would be applied to the wrong database.
"""

from __future__ import annotations

import errno
import os
from collections.abc import Iterator
from contextlib import closing, contextmanager
from datetime import datetime
from pathlib import Path
from typing import Any
from urllib.parse import quote

from .check import DatabaseProblem, check_file, damaged, schema_revision, side_files, sqlite_error
from .cipher import DatabaseKey, connect, is_database_error, wrong_key
from .constants import BUSY_TIMEOUT_MS
from .errors import StoreError
from .files import replacing

# said for a database that is not a SQLite file (a PostgreSQL server)
NO_BACKUP = (
    "backup and restore copy SQLite database files only: for a PostgreSQL database use the "
    "server's own tools (pg_dump to back it up, pg_restore to put a backup back)"
)


def backup_sqlite(database: Path, path: Path, key: DatabaseKey | None = None) -> None:
    """Copy the database to ``path`` (new, readable by its owner only) while the app keeps running.

    The backup API copies pages under a read transaction, so the copy is one consistent moment
    even if other connections write meanwhile. A database the user may only read (a read-only
    share) is read as it is on disk, so it can be backed up too. The backup of an encrypted
    database is encrypted with the same ``key``.
    """
    check_file(database, key=key)
    path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)  # e.g. a new backups folder
    with (
        replacing(path, database=database, how_to_replace=None) as temporary,
        _source(database, key) as source,
    ):
        schema_revision(source, database)  # refuses anything that is not a caseload database
        _copy(source, temporary, key)


@contextmanager
def _source(database: Path, key: DatabaseKey | None) -> Iterator[Any]:
    """A connection that only reads ``database``: opened for reading and writing (a reader of a
    WAL database may need to make its shared-memory file), else, where SQLite cannot, as the
    file is on disk (``immutable``)."""
    try:
        conn = connect(_uri(database, "rw"), key, uri=True, isolation_level=None)
        conn.execute("PRAGMA schema_version")  # opening is lazy: this is where SQLite refuses
    except Exception as exc:
        if not is_database_error(exc):
            raise
        if sqlite_error(exc) == "NOTADB" and key is not None:
            raise wrong_key(database, key) from None
        if sqlite_error(exc) in ("CORRUPT", "NOTADB"):
            raise damaged(database) from None
        if sqlite_error(exc) not in ("READONLY", "CANTOPEN") or not os.access(database, os.R_OK):
            raise
        conn = connect(_uri(database, "ro") + "&immutable=1", key, uri=True, isolation_level=None)
    with closing(conn):
        conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
        conn.execute("PRAGMA query_only = ON")
        yield conn


def _copy(source: Any, temporary: Path, key: DatabaseKey | None) -> None:
    """``source`` into the (empty) file ``temporary``, made one self-contained file and checked
    (encrypted with ``key``, the source's own: SQLCipher copies pages between databases with
    the same key only)."""
    try:
        with closing(connect(temporary, key, isolation_level=None)) as target:
            source.backup(target)
            # a copy of a WAL database is in WAL mode too: a backup is better one file, without a -wal
            target.execute("PRAGMA journal_mode = DELETE")
            result = target.execute("PRAGMA integrity_check").fetchall()
    except Exception as exc:
        # the copy's disk, not the database's: said of the copy
        if is_database_error(exc) and sqlite_error(exc) == "FULL":
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC), str(temporary)) from None
        raise
    if result != [("ok",)]:
        raise StoreError(
            "the copy did not pass SQLite's integrity check, so nothing was kept: the database "
            "itself may be damaged (restore an older backup)"
        )


def restore_sqlite(
    backup: Path, database: Path, now: datetime, *, key: DatabaseKey | None = None
) -> Path | None:
    """Put ``backup`` in place of ``database``; return where the database as it was is kept
    (None when there was none).

    Refused (:class:`.DatabaseProblem`, nothing changed) when the backup is not a whole caseload
    database, or while another process has the database open. ``key``: the database's (and
    so its backups') key, None for a plain one.
    """
    _check_backup(backup, database, key)
    database.parent.mkdir(mode=0o700, parents=True, exist_ok=True)  # e.g. on a new computer
    aside = None
    with replacing(database, force=True, how_to_replace=None) as temporary:
        with closing(connect(_uri(backup, "ro"), key, uri=True)) as source:
            _copy(source, temporary, key)  # the slow part, first: the database is not touched yet
        if database.exists():
            check_not_in_use(database, key)
            aside = _keep_aside(database, now)
    return aside


def _uri(path: Path, mode: str) -> str:
    return f"file:{quote(str(path))}?mode={mode}"


def _check_backup(backup: Path, database: Path, key: DatabaseKey | None) -> None:
    """The backup must be a caseload database, whole, and not the database itself."""
    check_file(backup, key=key)
    if database.exists() and os.path.samefile(backup, database):
        raise DatabaseProblem(f"{backup} is the database itself, not a backup of it")
    try:
        with closing(connect(_uri(backup, "ro"), key, uri=True)) as conn:
            if schema_revision(conn, backup) is None:
                raise DatabaseProblem(f"{backup} holds no caseload: it is not a backup")
            result = conn.execute("PRAGMA integrity_check").fetchall()
    except Exception as exc:
        if not is_database_error(exc):
            raise
        if sqlite_error(exc) == "NOTADB" and key is not None:
            raise DatabaseProblem(
                f"the backup {backup} does not open with the database's key (a backup of another "
                "database, or made before a rekey), or it is damaged"
            ) from None
        if sqlite_error(exc) in ("CORRUPT", "NOTADB"):
            result = []
        else:
            raise
    if result != [("ok",)]:
        raise DatabaseProblem(f"the backup {backup} is damaged (it fails SQLite's integrity check)")


def check_not_in_use(database: Path, key: DatabaseKey | None = None, *, then: str = "restore") -> None:
    """Refuse while another connection (the app, an import, a reader) has ``database`` open.

    SQLite itself is asked, so this works the same on every OS: a WAL database can only leave
    WAL mode while no other connection has it open, and a rollback-journal database can only be
    locked exclusively while no other connection is reading or writing. (A WAL database left by
    a crash has its ``-wal`` folded in on the way, so the copy kept aside is whole.)
    """
    try:
        opened = connect(_uri(database, "rw"), key, uri=True, timeout=0, isolation_level=None)
        with closing(opened) as conn:
            if conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal":
                conn.execute("PRAGMA journal_mode = DELETE")
            conn.execute("BEGIN EXCLUSIVE")
            conn.execute("ROLLBACK")
    except Exception as exc:
        if not is_database_error(exc):
            raise
        if sqlite_error(exc) in ("BUSY", "LOCKED"):
            raise DatabaseProblem(
                f"the database {database} is open (the app, an import or a backup is using it): close "
                f"the app, wait for the other command, then {then} again. Nothing was changed"
            ) from None
        # a damaged or unreadable database is not in use by anyone: it is kept aside as it is


def _keep_aside(database: Path, now: datetime) -> Path:
    """Rename the database (with its -wal and -journal, which hold part of it) out of the way;
    a -shm file is only an index of the -wal and is removed."""
    aside = database.with_name(f"{database.name}.before-restore-{now:%Y%m%d-%H%M%S}")
    number = 1
    while any(p.exists() for p in (aside, *side_files(aside))):  # two restores in one second
        number += 1
        aside = database.with_name(f"{database.name}.before-restore-{now:%Y%m%d-%H%M%S}-{number}")
    wal, shm, journal = side_files(database)
    try:
        os.replace(database, aside)
        for side, suffix in ((wal, "-wal"), (journal, "-journal")):
            if side.exists():
                os.replace(side, aside.with_name(aside.name + suffix))
        shm.unlink(missing_ok=True)
    except PermissionError:  # Windows: a file another process holds open cannot be renamed
        raise DatabaseProblem(
            f"cannot move the database {database} aside: it is open in another program (close it and "
            "restore again), or its folder is read-only. Nothing was changed"
        ) from None
    return aside
