"""A consistent copy of a live SQLite database, by SQLite's online backup API."""

from __future__ import annotations

import os
import sqlite3
from pathlib import Path

from sqlalchemy import Engine

from .errors import StoreError
from .location import create_private_file


def backup_sqlite(engine: Engine, path: Path) -> None:
    """Copy the database to ``path`` (created 0600) while the app keeps running.

    The backup API copies pages under a read transaction, so the copy is one consistent moment
    even if other connections write meanwhile; copying the file itself could catch a half-done
    write, or miss what is still in the -wal file.
    """
    if engine.dialect.name != "sqlite":
        raise StoreError("backup copies SQLite databases only; use the server's own tools")
    create_private_file(path)
    os.chmod(path, 0o600)
    raw = engine.raw_connection()
    try:
        source = raw.driver_connection
        assert isinstance(source, sqlite3.Connection)
        target = sqlite3.connect(path)
        try:
            source.backup(target)
        finally:
            target.close()
    finally:
        raw.close()
