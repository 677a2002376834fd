"""Encrypting a plain database, and changing an encrypted database's key (``caseload encrypt``
and ``caseload rekey``); ``store.encrypting`` does the work, :mod:`.keys` finds the keys."""

from __future__ import annotations

import contextlib
import os
from dataclasses import dataclass
from pathlib import Path

from .explain import Refusal
from .keys import (
    SERVICE,
    Ask,
    account,
    credential_store,
    file_key,
    is_encrypted,
    keep_key,
    new_key,
    new_passphrase,
)

IN_STORE = "in this computer's credential store"
IN_PASSPHRASE = "your passphrase (keep it safe: without it nobody can open the database)"


@dataclass(frozen=True)
class Encrypted:
    counts: dict[str, int]  # rows per table, the same before and after
    key_kept: str  # where the key is: IN_STORE or IN_PASSPHRASE


def encrypt_database(database: Path | None, ask: Ask | None = None) -> Encrypted:
    """Encrypt the plain SQLite database at ``database`` in place (see
    :func:`.store.encrypting.encrypt_sqlite`), with a new key kept in the credential store, else
    a passphrase (``CASELOAD_PASSPHRASE``, else asked twice)."""
    from ..store.check import check_file
    from ..store.encrypting import encrypt_sqlite

    if database is None:
        raise Refusal(
            "only a SQLite database file is encrypted here; a server's data is the server's to protect"
        )
    if is_encrypted(database):
        raise Refusal(f"the database {database} is already encrypted (caseload rekey changes its key)")
    check_file(database)  # said before a passphrase is asked for
    key = new_key(database, os.environ, ask)
    try:
        counts = encrypt_sqlite(database, key)
    except BaseException:
        if key.raw:
            _forget(database)
        raise
    return Encrypted(counts, IN_STORE if key.raw else IN_PASSPHRASE)


def rekey_database(database: Path | None, ask: Ask | None = None, *, to_passphrase: bool = False) -> str:
    """Change the encrypted database's key: a new passphrase (asked twice), or, for a key in the
    credential store, a new random key there (``to_passphrase``: a passphrase instead, e.g. to
    restore its backups on another computer). Returns where the new key is."""
    from ..store.cipher import DatabaseKey, wrong_key
    from ..store.encrypting import rekey_sqlite

    if database is None:
        raise Refusal("only a SQLite database file has a key here")
    if not database.exists():
        raise Refusal(f"there is no database at {database}: check --db or CASELOAD_DB")
    if not is_encrypted(database):
        raise Refusal(
            f"the database {database} is not encrypted: encrypt it with caseload encrypt --db {database}"
        )
    key = file_key(database, ask=ask)
    if key is None:
        raise wrong_key(database, None)
    if key.raw and not to_passphrase:
        new = DatabaseKey.new_raw()
        rekey_sqlite(database, key, new)
        try:
            keep_key(database, new)
        except BaseException:
            rekey_sqlite(database, new, key)  # the old key is still the one kept: put it back
            raise
        return IN_STORE
    new = new_passphrase(database, ask)
    rekey_sqlite(database, key, new)
    if key.raw:
        _forget(database)
    return IN_PASSPHRASE


def _forget(database: Path) -> None:
    store = credential_store()
    if store is not None:
        # nothing kept, or the store refuses: a stale key opens nothing
        with contextlib.suppress(Exception):
            store.delete_password(SERVICE, account(database))
