"""Backups and restores of a SQLite database: a checked copy, and putting one back with the
database as it was kept aside (``store.backup`` does the work)."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

from .explain import Refusal


def back_up(database: Path | None, target: Path) -> None:
    """A checked copy of ``database`` at ``target`` (a new file)."""
    from ..store.backup import backup_sqlite
    from ..store.check import check_file
    from .keys import file_key, keep_key

    if database is None:
        raise Refusal("backup copies SQLite databases only; use the server's own tools (pg_dump)")
    key = file_key(database)  # the backup of an encrypted database is encrypted with its key
    check_file(database, key=key)
    backup_sqlite(database, target, key)
    if key is not None and key.raw:  # the backup opens (and restores) from its own name too
        keep_key(target, key)


def restore(backup: Path, database: Path | None, now: datetime) -> Path | None:
    """Put ``backup`` in place of ``database``; the database as it was is kept aside (returned)."""
    from ..store.backup import restore_sqlite
    from .keys import file_key, keep_key

    if database is None:
        raise Refusal("restore puts back SQLite databases only; use the server's own tools (pg_restore)")
    # a backup has the key of the database it was made from: the database's, or (no database
    # here yet, e.g. on a new computer) its own
    key = file_key(database if database.exists() else backup)
    aside = restore_sqlite(backup, database, now, key=key)
    if key is not None and key.raw:  # e.g. restored to a new name: opened by it from now on
        keep_key(database, key)
    return aside
