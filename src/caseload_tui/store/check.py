"""Is this file a caseload database we can use? Said before anything reads or writes it.

A wrong ``--db`` must never look like an empty caseload ("nothing due"), a command that only
reads must never create a database, and a damaged database must never be written into. These
checks are of SQLite files, with the standard library's ``sqlite3``, before SQLAlchemy opens them.
"""

from __future__ import annotations

import stat
from contextlib import closing
from pathlib import Path
from typing import Any
from urllib.parse import quote

from .cipher import SQLITE_HEADER, DatabaseKey, connect, is_database_error, wrong_key
from .constants import KNOWN_REVISIONS, LATEST_REVISION
from .errors import StoreError

# The database's side files: SQLite's write-ahead log, its index, and a rollback journal.
SIDE_SUFFIXES = ("-wal", "-shm", "-journal")


class DatabaseProblem(StoreError):
    """The database cannot be used as it is; the message says why and what to do."""


def side_files(path: Path) -> list[Path]:
    """The files SQLite keeps beside ``path`` (whether or not they exist now)."""
    return [path.with_name(path.name + suffix) for suffix in SIDE_SUFFIXES]


def damaged(path: object) -> DatabaseProblem:
    return DatabaseProblem(
        f"the database {path} is damaged: nothing was read from it or written to it. Restore your "
        f"last backup with: caseload restore BACKUP --db {path}"
    )


def newer(path: object, revision: str) -> DatabaseProblem:
    return DatabaseProblem(
        f"the database {path} was made by a newer version of caseload (schema {revision}; this "
        f"version knows up to {LATEST_REVISION}): install the newer version to open it"
    )


def not_caseload(path: object, why: str) -> DatabaseProblem:
    return DatabaseProblem(f"{path} is not a caseload database ({why}): check --db or CASELOAD_DB")


def check_file(path: Path, *, must_exist: bool = True, key: DatabaseKey | None = None) -> bool:
    """Refuse anything at ``path`` that cannot be a caseload database; return whether it exists.

    Without ``must_exist`` a missing file is fine (the caller creates it, and its folders); an
    existing file must be a non-empty SQLite file either way. With a ``key`` it is an encrypted
    one, whose first bytes are random: whether the key opens it is found when it is read.
    """
    try:
        info = path.stat()
    except FileNotFoundError:
        if must_exist:
            raise DatabaseProblem(
                f"there is no database at {path}: check --db or CASELOAD_DB (an import creates one: "
                "caseload import workers FILE.csv)"
            ) from None
        return False
    except PermissionError:
        raise DatabaseProblem(f"cannot open the database {path}: permission denied") from None
    if stat.S_ISDIR(info.st_mode):
        raise DatabaseProblem(f"{path} is a folder, not a database file: check --db or CASELOAD_DB")
    if not stat.S_ISREG(info.st_mode):
        raise not_caseload(path, "not a regular file")
    if info.st_size == 0:
        raise DatabaseProblem(
            f"the database file {path} is empty (0 bytes), so it holds no caseload: check --db or "
            "CASELOAD_DB, or restore a backup (caseload restore BACKUP)"
        )
    try:
        with path.open("rb") as file:
            header = file.read(len(SQLITE_HEADER))
    except PermissionError:
        raise DatabaseProblem(f"cannot read the database {path}: permission denied") from None
    if key is not None:
        if header == SQLITE_HEADER:  # plain: a key would not open it
            raise DatabaseProblem(
                f"the database {path} is not encrypted, so no key opens it: encrypt it with caseload "
                f"encrypt --db {path}"
            )
    elif header != SQLITE_HEADER:
        raise wrong_key(path, None)
    return True


def schema_revision(conn: Any, path: Path) -> str | None:
    """The schema revision of an open SQLite database, or None for one with no tables at all.

    Refuses a database with tables but no caseload schema, or a schema this version does not know.
    """
    names = {name for (name,) in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
    if "alembic_version" not in names:
        if names:
            raise not_caseload(path, "it has tables, but not caseload's")
        return None
    row = conn.execute("SELECT version_num FROM alembic_version").fetchone()
    revision = None if row is None else str(row[0])
    if revision is None:
        raise not_caseload(path, "its schema version is missing")
    check_revision(path, revision)
    return revision


def check_revision(path: object, revision: str) -> None:
    if revision not in KNOWN_REVISIONS:
        raise newer(path, revision)


def unclean(path: Path) -> bool:
    """Whether the database was not closed cleanly last time (or is open elsewhere now): the
    last connection to close a WAL database checkpoints and deletes its ``-wal`` file."""
    return path.with_name(path.name + "-wal").exists()


def check_integrity(path: Path, *, full: bool = False, key: DatabaseKey | None = None) -> None:
    """Raise :func:`damaged` unless SQLite's quick check (``full``: integrity check) passes.

    The quick check reads every page (about 0.3 s for an 90 MB database; see bench/README.md)
    but not every index entry; the full check also compares each index with its table.
    """
    try:
        with closing(connect(f"file:{quote(str(path))}?mode=rw", key, uri=True)) as conn:
            conn.execute("PRAGMA busy_timeout = 10000")
            result = conn.execute(f"PRAGMA {'integrity_check' if full else 'quick_check'}").fetchall()
    except Exception as exc:
        if not is_database_error(exc):
            raise
        if sqlite_error(exc) == "NOTADB" and key is not None:
            raise wrong_key(path, key) from None
        if sqlite_error(exc) in ("CORRUPT", "NOTADB"):
            raise damaged(path) from None
        raise
    if result != [("ok",)]:
        raise damaged(path)


# SQLite's primary result codes that say something a person can act on
_CODES = {3: "PERM", 5: "BUSY", 6: "LOCKED", 8: "READONLY", 10: "IOERR", 11: "CORRUPT", 13: "FULL",
          14: "CANTOPEN", 26: "NOTADB"}  # fmt: skip


def sqlite_error(exc: BaseException) -> str:
    """SQLite's primary code for the error (``BUSY``, ``FULL``...; also through SQLAlchemy's
    wrapper), or "" when it is not one of SQLite's or has no code."""
    code = getattr(exc, "sqlite_errorcode", None)
    if code is None:
        code = getattr(getattr(exc, "orig", None), "sqlite_errorcode", None)
    if code is None:  # SQLCipher's module leaves the code out of a few (its backup's): SQLite's own words
        return _MESSAGES.get(str(getattr(exc, "orig", exc)), "")
    return _CODES.get(code & 0xFF, "") if isinstance(code, int) else ""


# SQLite's fixed messages for those codes (they never quote data)
_MESSAGES = {"database or disk is full": "FULL", "file is not a database": "NOTADB",
             "database is locked": "BUSY", "database disk image is malformed": "CORRUPT"}  # fmt: skip
