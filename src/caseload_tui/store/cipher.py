"""Encryption at rest: every SQLite connection is made here, with the database's key or without.

A key of None is a plain SQLite file, opened with the standard library's ``sqlite3`` exactly as
before; a :class:`DatabaseKey` opens it with SQLCipher 4 (``sqlcipher3``, which bundles it):
the database, its ``-wal`` and its backups are encrypted page by page (AES-256, each page
authenticated with an HMAC). The key is the first statement on each new connection, before
anything reads the file.

A key is either a random 256-bit raw key (kept in the OS credential store: opening costs no key
derivation) or a passphrase (SQLCipher derives the key: PBKDF2-HMAC-SHA512, 256,000 iterations,
about 0.1 s per connection). Where the key comes from is the application's business
(``services.keys``); the store only takes it.
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass, field
from pathlib import Path
from types import ModuleType
from typing import Any, ClassVar

from .errors import StoreError

SQLITE_HEADER = b"SQLite format 3\x00"  # a plain SQLite file starts so; an encrypted one with its salt


@dataclass(frozen=True)
class DatabaseKey:
    """The key of an encrypted database: a raw 256-bit key (64 hex digits) or a passphrase.
    Its text never appears in a repr, a log or a message."""

    secret: str = field(repr=False)
    raw: bool = False

    @classmethod
    def new_raw(cls) -> DatabaseKey:
        """A new random 256-bit key."""
        return cls(secrets.token_hex(32), raw=True)

    @classmethod
    def passphrase(cls, text: str) -> DatabaseKey:
        return cls(text, raw=False)

    def pragma_value(self) -> str:
        """The key as ``PRAGMA key`` and ``ATTACH ... KEY`` take it (a raw key as a blob literal
        in double quotes, so SQLCipher skips its key derivation; a passphrase as a string)."""
        if self.raw:
            return f"\"x'{self.secret}'\""
        return "'" + self.secret.replace("'", "''") + "'"


def dbapi(key: DatabaseKey | None) -> ModuleType:
    """The DB-API module that opens a database with ``key`` (None: the standard library's)."""
    if key is None:
        import sqlite3

        return sqlite3
    from sqlcipher3 import dbapi2  # loaded only for an encrypted database

    return dbapi2  # type: ignore[no-any-return]


def connect(target: str | Path, key: DatabaseKey | None, **kwargs: Any) -> Any:
    """A DB-API connection to the SQLite file ``target`` (a path, or a ``file:`` URI with
    ``uri=True``), keyed with ``key`` before anything is read.

    A passphrase is turned into the key by SQLCipher's key derivation on the first connection;
    meanwhile the same derivation runs once in a thread of its own (see :func:`_derived`), and
    each further connection is keyed with its result, as a raw key, instead of deriving it again
    (about 0.1 s each)."""
    module = dbapi(key)
    if key is None:
        return module.connect(target, **kwargs)
    derived = _derived(key, _file_of(target, bool(kwargs.get("uri"))))
    conn = module.connect(target, **kwargs)
    try:
        if derived is not None:
            apply_key(conn, DatabaseKey(derived, raw=True))
            try:
                conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
                return conn
            except module.DatabaseError:  # a wrong passphrase, or not SQLCipher 4's defaults
                conn.close()
                conn = module.connect(target, **kwargs)
                apply_key(conn, key)  # SQLCipher derives it itself
                try:
                    conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
                    _Derivation.off = True  # it opens so, but not as derived here: derive no more
                except module.DatabaseError:
                    pass  # a wrong passphrase: said by whoever reads first
                return conn
        apply_key(conn, key)
    except BaseException:
        conn.close()
        raise
    return conn


def apply_key(conn: Any, key: DatabaseKey) -> None:
    """Key a new SQLCipher connection. SQLCipher's own log (to stderr) is silenced: a wrong key
    is said once, by us, in words."""
    conn.execute("PRAGMA cipher_log_level = NONE")
    conn.execute(f"PRAGMA key = {key.pragma_value()}")


# SQLCipher 4's default key derivation: PBKDF2-HMAC-SHA512, 256,000 iterations, of the
# passphrase with the database's salt (its first 16 bytes), giving a 256-bit key
_KDF_ITERATIONS = 256_000
_SALT_BYTES = 16
# (passphrase, salt) -> the derivation of the key with its salt, as hex: in this process's memory only
_DERIVED: dict[tuple[str, bytes], _Derivation] = {}


class _Derivation:
    """The key derived in a thread of its own: hashlib lets go of the interpreter while it
    works, so the first connection (keyed by SQLCipher itself) and the app go on meanwhile."""

    off: ClassVar[bool] = False  # set when a key derived here did not open a database SQLCipher opened

    def __init__(self, secret: str, salt: bytes) -> None:
        import threading

        self.secret, self.salt = secret, salt
        self.done = threading.Event()
        self.value = ""
        threading.Thread(target=self._run, name="key derivation", daemon=True).start()

    def _run(self) -> None:
        import hashlib

        try:
            derived = hashlib.pbkdf2_hmac("sha512", self.secret.encode(), self.salt, _KDF_ITERATIONS, 32)
            self.value = derived.hex() + self.salt.hex()
        finally:
            self.done.set()

    def result(self) -> str | None:
        self.done.wait()
        return self.value or None


def _derived(key: DatabaseKey, path: Path | None) -> str | None:
    """The raw key (with the salt) SQLCipher derives from the passphrase ``key`` for the
    database at ``path``: None the first time (the derivation starts, in a thread; SQLCipher
    derives it for this connection), then its result. None for a raw key, a database not made
    yet (SQLCipher picks its salt), or once deriving it here did not match SQLCipher's."""
    if key.raw or path is None or _Derivation.off:
        return None
    try:
        with path.open("rb") as file:
            salt = file.read(_SALT_BYTES)
    except OSError:
        return None
    if len(salt) < _SALT_BYTES or salt == SQLITE_HEADER[:_SALT_BYTES]:
        return None
    found = _DERIVED.get((key.secret, salt))
    if found is None:
        _DERIVED[(key.secret, salt)] = _Derivation(key.secret, salt)
        return None
    return found.result()


def _file_of(target: str | Path, uri: bool) -> Path | None:
    """The file a connection's target names (a ``file:`` URI's path when ``uri``)."""
    if not uri:
        return Path(target)
    text = str(target)
    if not text.startswith("file:"):
        return None
    from urllib.parse import unquote

    return Path(unquote(text[len("file:") :].split("?", 1)[0]))


def is_database_error(exc: BaseException) -> bool:
    """Whether ``exc`` is a DB-API database error of either module (sqlite3's or SQLCipher's)."""
    import sqlite3

    if isinstance(exc, sqlite3.DatabaseError):
        return True
    return type(exc).__module__.startswith("sqlcipher3") and type(exc).__name__.endswith("Error")


def looks_plain(path: Path) -> bool:
    """Whether the file at ``path`` starts as a plain SQLite file does (an encrypted database
    starts with its random salt). A missing or unreadable file is not plain."""
    try:
        with path.open("rb") as file:
            return file.read(len(SQLITE_HEADER)) == SQLITE_HEADER
    except OSError:
        return False


def wrong_key(path: object, key: DatabaseKey | None) -> StoreError:
    """The database could not be read with the key given (or without one)."""
    from .check import DatabaseProblem

    if key is None:
        return DatabaseProblem(
            f"cannot open the database {path}: it is not a caseload database, or it is an encrypted one "
            "and no key was given (run caseload in a terminal to type its passphrase)"
        )
    what = "passphrase" if not key.raw else "key in this computer's credential store"
    return DatabaseProblem(
        f"cannot open the database {path}: the {what} does not open it (wrong passphrase or key), or it "
        "is not a caseload database. Nothing was read or written"
    )
