"""Where the database is: ``--db``, ``CASELOAD_DB``, or the user data folder."""

from __future__ import annotations

import os
from collections.abc import Mapping
from pathlib import Path


def database_url(db: str | Path | None = None, environ: Mapping[str, str] | None = None) -> str:
    """The URL ``db`` names (a file or a URL), else ``CASELOAD_DB``, else the default file."""
    from ..store.location import resolve_database_url

    return resolve_database_url(
        str(db) if db is not None else None, os.environ if environ is None else environ
    )


def database_file(url: str) -> Path | None:
    """The SQLite file a URL names (None for a server database, or a URL that is not valid:
    that is said by whatever opens it)."""
    from ..store.location import sqlite_file

    try:
        return sqlite_file(url)
    except Exception:
        return None


def default_database_url() -> str:
    """The app's own database, made on first use (any other must exist already)."""
    from ..store.location import default_database_path

    return database_url(default_database_path(), {})
