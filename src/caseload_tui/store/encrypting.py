"""Encrypting a plain SQLite database in place, and changing an encrypted database's key.

``encrypt_sqlite`` writes an encrypted copy beside the database (SQLCipher's
``sqlcipher_export``), checks it (every table's row count against the plain file, SQLite's
integrity check and SQLCipher's own check of every page's HMAC), and only then renames it over
the plain file (``os.replace``, atomic on every OS). Stopped at any point, the database is
either the plain one, whole, or the encrypted one, whole.

Both refuse while anything has the database open (:func:`.check_not_in_use`).
"""

from __future__ import annotations

import os
from contextlib import closing
from pathlib import Path
from typing import Any

from .backup import check_not_in_use
from .check import DatabaseProblem, check_file, check_integrity, schema_revision, side_files
from .cipher import DatabaseKey, connect, dbapi
from .errors import StoreError
from .files import replacing


def encrypt_sqlite(database: Path, key: DatabaseKey) -> dict[str, int]:
    """Encrypt the plain database at ``database`` with ``key``; return each table's row count.

    Refused (nothing changed) when it is not a plain caseload database, is open elsewhere, or
    the encrypted copy does not hold exactly what the plain file holds.
    """
    check_file(database)  # a plain SQLite file (an encrypted one is refused as not plain)
    check_integrity(database, full=True)
    check_not_in_use(database, then="encrypt")  # and its -wal folded in: the file alone holds everything
    with replacing(database, force=True, how_to_replace=None) as temporary:
        with closing(connect(database, None, isolation_level=None)) as plain:
            if schema_revision(plain, database) is None:
                raise DatabaseProblem(f"{database} holds no caseload: there is nothing to encrypt")
            counts = _row_counts(plain)
        temporary.unlink()  # SQLCipher makes the attached file itself
        # the plain file opened, unkeyed, by SQLCipher's module (which reads plain files too, and
        # alone has sqlcipher_export), and exported into a new encrypted one
        with closing(dbapi(key).connect(database, isolation_level=None)) as conn:
            conn.execute("PRAGMA cipher_log_level = NONE")
            conn.execute(f"ATTACH DATABASE ? AS encrypted KEY {key.pragma_value()}", (str(temporary),))
            conn.execute("SELECT sqlcipher_export('encrypted')")
            conn.execute("DETACH DATABASE encrypted")
        _check_copy(temporary, key, counts)
        for side in side_files(database):  # empty after the check above; never to meet the new file
            side.unlink(missing_ok=True)
    return counts


def rekey_sqlite(database: Path, key: DatabaseKey, new_key: DatabaseKey) -> None:
    """Re-encrypt the database at ``database`` from ``key`` to ``new_key`` (SQLCipher's
    ``PRAGMA rekey``, one transaction); refused while it is open elsewhere."""
    check_file(database, key=key)
    check_integrity(database, key=key)  # also: does the key open it (said before anything changes)
    check_not_in_use(database, key, then="rekey")
    with closing(connect(database, key, isolation_level=None)) as conn:
        conn.execute(f"PRAGMA rekey = {new_key.pragma_value()}")
    check_integrity(database, key=new_key)


def _row_counts(conn: Any) -> dict[str, int]:
    tables = [
        name
        for (name,) in conn.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name"
        )
    ]
    return {name: int(conn.execute(f'SELECT count(*) FROM "{name}"').fetchone()[0]) for name in tables}


def _check_copy(copy: Path, key: DatabaseKey, counts: dict[str, int]) -> None:
    with closing(connect(copy, key, isolation_level=None)) as conn:
        found = _row_counts(conn)
        integrity = conn.execute("PRAGMA integrity_check").fetchall()
        cipher = conn.execute("PRAGMA cipher_integrity_check").fetchall()  # no rows: every page's HMAC fits
    if found != counts or integrity != [("ok",)] or cipher:
        raise StoreError(
            "the encrypted copy did not hold exactly what the database holds, so nothing was changed: "
            "the database is as it was"
        )
    os.chmod(copy, 0o600)
