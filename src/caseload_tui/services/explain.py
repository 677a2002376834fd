"""What went wrong, in one line for a person: the file, what is wrong and what to do.

The command line (``cli.main``) and the app's error notifications pass every exception they
catch through :func:`explain`, so that nothing shows a traceback and nothing shows a driver's
own text: a database message can quote a cell (a child's name), so database errors are named
by their kind only. Importing this module loads neither SQLAlchemy nor the store.
"""

from __future__ import annotations

import errno
from pathlib import Path

from ..domain.refusal import Refusal
from ..domain.table_problems import TableError
from ..store.errors import StoreError

__all__ = ["Refusal", "database_error", "explain", "file_error"]


def explain(exc: BaseException, database: Path | None = None) -> str:
    """``exc`` as one message for people; ``database`` is the database file in use, if known."""
    if isinstance(exc, TableError):
        return f"invalid timescale table:\n{exc}"
    if isinstance(exc, Refusal | StoreError):
        return str(exc)
    if _is_database_error(exc):
        return database_error(exc, database)
    if isinstance(exc, ModuleNotFoundError):
        return (
            f"the database driver {exc.name!r} is not installed: install it, or give --db a SQLite file path"
        )
    if isinstance(exc, OSError):
        return file_error(exc)
    if isinstance(exc, UnicodeError):
        return "a text could not be decoded or encoded; nothing was saved"
    if isinstance(exc, ValueError):
        if _raised_reading_the_database(exc):  # e.g. a stored date that is not one: never show it
            where = f"the database {database}" if database is not None else "the database"
            return f"{where} holds a value caseload cannot read; nothing was saved"
        return str(exc)  # the parsers' messages (dates, numbers typed or imported) are for people
    if isinstance(exc, RecursionError):
        return "the input is nested too deeply to read"
    if isinstance(exc, MemoryError):
        return "not enough memory to finish; nothing was saved"
    return (
        f"something unexpected went wrong ({type(exc).__name__}); nothing was saved. "
        "Run again with CASELOAD_DEBUG=1 set to see the details"
    )


def file_error(exc: OSError) -> str:
    """A file system error, naming the file (the OS's words for the rest, which hold no data)."""
    name = exc.filename if exc.filename is not None else "a file"
    code = exc.errno
    if code == errno.ENOSPC or code == getattr(errno, "EDQUOT", None):
        return f"the disk is full: could not write {name}; nothing was written. Free some space and try again"
    if code in (errno.EACCES, errno.EPERM):
        return f"permission denied: {name} (a file or folder you may not read or write)"
    if code == errno.EROFS:
        return f"{name} is on a read-only disk: choose somewhere else"
    if code == errno.ENOENT:
        return f"there is no file or folder {name}"
    if code == errno.EISDIR:
        return f"{name} is a folder, not a file"
    if code == errno.ENOTDIR:
        return f"{name}: part of this path is not a folder"
    return f"{name}: {exc.strerror or type(exc).__name__}"


def _raised_reading_the_database(exc: BaseException) -> bool:
    """Whether ``exc`` came from turning stored values into read models (its message may
    quote the value)."""
    traceback, innermost = exc.__traceback__, None
    while traceback is not None:
        innermost, traceback = traceback, traceback.tb_next
    return innermost is not None and Path(innermost.tb_frame.f_code.co_filename).parent.name == "store"


def _is_database_error(exc: BaseException) -> bool:
    module = type(exc).__module__
    return module.startswith("sqlalchemy") or module == "sqlite3" or module.startswith("sqlcipher3")


def database_error(exc: BaseException, database: Path | None) -> str:
    """A database error by its kind, never by its text."""
    from ..store.check import damaged, not_caseload, sqlite_error

    where = f"the database {database}" if database is not None else "the database"
    kind = sqlite_error(exc)
    if kind in ("BUSY", "LOCKED"):
        return (
            f"{where} is busy: another caseload (an import?) is writing to it. Nothing was saved; "
            "try again when it has finished"
        )
    if kind == "FULL":
        return f"the disk is full: nothing was saved to {where}. Free some space and try again"
    if kind == "READONLY":
        return f"cannot save to {where}: it is read-only (a read-only file or folder, or another user's)"
    if kind in ("CANTOPEN", "PERM"):
        return f"cannot open {where}: check that it exists and that you may read and write it"
    if kind == "CORRUPT":
        return str(damaged(database or "the database"))
    if kind == "NOTADB":
        return str(not_caseload(database or "the file", "not an SQLite database file"))
    if kind == "IOERR":
        return f"could not read or write {where} (an input/output error): check the disk"
    server = _server_error(exc)
    if server is not None:
        return server
    name = type(exc).__name__
    if name == "NoSuchModuleError":
        return "unknown kind of database URL: give --db a SQLite file path (or sqlite:///FILE)"
    if name == "ArgumentError":
        return "--db or CASELOAD_DB is not a file path or a database URL"
    orig = getattr(exc, "orig", None)
    shown = type(orig).__name__ if orig is not None else name
    return f"{where} reported an error ({shown}); nothing was saved"


# PostgreSQL's SQLSTATEs that say something a person can act on
_SERVER_STATES = {
    "28000": "the server would not let you log in: check the user and password in --db or CASELOAD_DB",
    "28P01": "the server would not let you log in: check the user and password in --db or CASELOAD_DB",
    "3D000": "there is no such database on the server: check its name in --db or CASELOAD_DB",
    "42501": "the server says you may not do this: ask its administrator for access to the database",
    "53100": "the database server's disk is full: nothing was saved",
    "57P01": "the database server shut down: nothing was saved; try again when it is back",
}


def _server_error(exc: BaseException) -> str | None:
    """A database server's error (PostgreSQL) in words, or None when it is not one."""
    orig = getattr(exc, "orig", None)
    if not type(orig).__module__.startswith("psycopg"):
        return None
    state = getattr(orig, "sqlstate", None)
    if state in _SERVER_STATES:
        return _SERVER_STATES[state]
    if state is None and getattr(exc, "statement", None) is None:  # it never answered
        return (
            "cannot connect to the database server: check its address and the database's name in "
            "--db or CASELOAD_DB, and that the server is running"
        )
    return None
