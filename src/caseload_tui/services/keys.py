"""Which key opens a database, and where it is kept: the OS credential store, else a passphrase.

- A new SQLite database is encrypted. Its key is a random 256-bit key kept in the operating
  system's credential store (Windows Credential Manager, macOS Keychain, Secret Service on
  Linux; through ``keyring``), under the service ``caseload-tui`` and the database file's
  absolute path, so opening it costs no key derivation.
- Where there is no credential store (``keyring``'s fail backend: a server, CI, a Linux
  desktop without Secret Service), a passphrase: asked for (by the command line, before the
  app starts), or, for automation and tests only, ``CASELOAD_PASSPHRASE``. SQLCipher turns it
  into the key.
- A plain database (one made before encryption, or the demo's) is opened plain: ``caseload
  encrypt`` converts it. A PostgreSQL server's data is the server's to protect.

A key is never taken from the command line, and never written to a file of ours.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .explain import Refusal

if TYPE_CHECKING:
    from ..store.cipher import DatabaseKey

SERVICE = "caseload-tui"  # the credential store's service name for our keys
PASSPHRASE_VAR = "CASELOAD_PASSPHRASE"  # for automation and tests only
MIN_PASSPHRASE = 8

# Asks the person at the keyboard: (question) -> answer; None when nobody can be asked.
Ask = Callable[[str], str]

_prompt: Ask | None = None  # set by the command line (a terminal's getpass); the app never asks


def set_prompt(ask: Ask | None) -> None:
    """How to ask for a passphrase (the command line's, before the app starts); None: never ask."""
    global _prompt
    _prompt = ask


def credential_store() -> Any | None:
    """The OS credential store (a ``keyring`` backend), or None where there is none usable."""
    try:
        import keyring
        from keyring.backends import fail, null

        backend = keyring.get_keyring()
    except Exception:  # a broken keyring configuration: as if there were none
        return None
    if isinstance(backend, fail.Keyring | null.Keyring):
        return None
    return backend


def account(path: Path) -> str:
    """The credential store's account for a database file: its absolute path."""
    return str(path.resolve())


def stored_key(path: Path) -> DatabaseKey | None:
    """The raw key kept for ``path`` in the credential store, if any."""
    from ..store.cipher import DatabaseKey

    store = credential_store()
    if store is None:
        return None
    try:
        secret = store.get_password(SERVICE, account(path))
    except Exception:  # a locked or unavailable store: the passphrase route, or the message
        return None
    return DatabaseKey(secret, raw=True) if secret else None


def keep_key(path: Path, key: DatabaseKey) -> None:
    """Keep ``key`` (raw) for ``path`` in the credential store, and check that it reads back."""
    store = credential_store()
    if store is None or not key.raw:
        raise Refusal("there is no credential store on this computer to keep the key in")
    store.set_password(SERVICE, account(path), key.secret)
    if store.get_password(SERVICE, account(path)) != key.secret:
        raise Refusal("the credential store did not keep the database's key; nothing was changed")


def is_encrypted(path: Path) -> bool:
    """Whether the file at ``path`` is (or may be) an encrypted database: a non-empty regular
    file that does not start as a plain SQLite file does."""
    from ..store.cipher import looks_plain

    try:
        return path.is_file() and path.stat().st_size > 0 and not looks_plain(path)
    except OSError:
        return False


def database_key(
    url: str,
    *,
    create: bool = False,
    plain: bool = False,
    ask: Ask | None = None,
    environ: Mapping[str, str] | None = None,
) -> DatabaseKey | None:
    """The key to open the database at ``url`` with (None: open it plain).

    An existing encrypted file: its key in the credential store, else the passphrase
    (``CASELOAD_PASSPHRASE``, else asked); None when there is none, and the store says so. A
    new file (``create``, unless ``plain``): ``CASELOAD_PASSPHRASE``, else a new key in the
    credential store, else a new passphrase asked twice; refused when none of them can be had.
    """
    from .places import database_file

    path = database_file(url)
    if path is None:
        return None
    return file_key(path, create=create, plain=plain, ask=ask, environ=environ)


def file_key(
    path: Path,
    *,
    create: bool = False,
    plain: bool = False,
    ask: Ask | None = None,
    environ: Mapping[str, str] | None = None,
) -> DatabaseKey | None:
    """:func:`database_key` for the SQLite file ``path``."""
    environ = os.environ if environ is None else environ
    ask = ask if ask is not None else _prompt
    if path.exists() or path.is_symlink():
        if not is_encrypted(path):
            return None  # a plain database (or no database at all: the store says which)
        # CASELOAD_PASSPHRASE first (automation: nothing else is looked at, nothing asked), then
        # the credential store, then the person at the terminal
        return (
            _passphrase(path, environ, None, new=False)
            or stored_key(path)
            or _passphrase(path, {}, ask, new=False)
        )
    if not create or plain:
        return None
    return new_key(path, environ, ask)


def new_key(path: Path, environ: Mapping[str, str], ask: Ask | None) -> DatabaseKey:
    """The key for a database to be made (or encrypted) at ``path``."""
    from ..store.cipher import DatabaseKey

    found = _passphrase(path, environ, None, new=True)
    if found is not None:
        return found
    if credential_store() is not None:
        # a key kept for this path already (its backup restored here, a database made again):
        # kept, never overwritten, as something may still need it
        key = stored_key(path) or DatabaseKey.new_raw()
        keep_key(path, key)
        return key
    found = _passphrase(path, {}, ask, new=True)
    if found is None:
        raise Refusal(
            f"the database {path} is to be encrypted, and there is no credential store on this computer "
            "to keep its key: run caseload in a terminal to choose a passphrase"
        )
    return found


def new_passphrase(path: Path, ask: Ask | None) -> DatabaseKey:
    """A new passphrase for ``path``, asked twice (or refused when nobody can be asked)."""
    found = _passphrase(path, {}, ask, new=True)
    if found is None:
        raise Refusal("a new passphrase is needed: run this command in a terminal to type it")
    return found


def _passphrase(path: Path, environ: Mapping[str, str], ask: Ask | None, *, new: bool) -> DatabaseKey | None:
    from ..store.cipher import DatabaseKey

    given = environ.get(PASSPHRASE_VAR)
    if given:
        return DatabaseKey.passphrase(given)
    if ask is None:
        return None
    if not new:
        try:
            answer = ask(f"Passphrase for {path}: ")
        except EOFError:
            return None
        return DatabaseKey.passphrase(answer) if answer else None
    try:
        first = ask(f"Choose a passphrase for {path} (at least {MIN_PASSPHRASE} characters): ")
        if len(first) < MIN_PASSPHRASE:
            raise Refusal(f"a passphrase needs at least {MIN_PASSPHRASE} characters; nothing was changed")
        if ask("Type it again: ") != first:
            raise Refusal("the two passphrases differ; nothing was changed")
    except EOFError:
        return None
    return DatabaseKey.passphrase(first)
