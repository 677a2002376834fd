"""Locked when left: after some minutes idle the app hides everything and asks for the
passphrase, or, when the key is in the credential store (no passphrase to ask for), a PIN set
on first use. Only a salted scrypt hash of the PIN is stored (in the database's settings, so it
is encrypted with the rest); the passphrase is compared with the one the database was opened
with, in memory."""

from __future__ import annotations

import hashlib
import hmac
import secrets
from typing import TYPE_CHECKING, Literal

from ..store.settings_keys import IDLE_LOCK_MINUTES, LOCK_PIN
from .explain import Refusal

if TYPE_CHECKING:
    from .workspace import Workspace

DEFAULT_IDLE_MINUTES = 5
MIN_PIN = 4
# scrypt's cost: about 20 ms a try here, so guessing a PIN from a copied hash is slow
_N, _R, _P = 2**14, 8, 1

LockKind = Literal["passphrase", "pin"]


def lock_kind(workspace: Workspace) -> LockKind | None:
    """What unlocks the app: the passphrase the database was opened with, a PIN (its key came
    from the credential store), or None: a plain database, which has no secret (the app still
    hides itself, and any key shows it again)."""
    key = workspace.store.key
    if key is None:
        return None
    return "pin" if key.raw else "passphrase"


def idle_minutes(workspace: Workspace) -> int:
    """Minutes idle before the app locks (the ``idle_lock_minutes`` setting; 0: never)."""
    value = workspace.store.get_setting(IDLE_LOCK_MINUTES)
    try:
        return max(0, int(value)) if value is not None else DEFAULT_IDLE_MINUTES
    except ValueError:
        return DEFAULT_IDLE_MINUTES


def set_idle_minutes(workspace: Workspace, minutes: int) -> None:
    if minutes < 0:
        raise Refusal("the idle lock's minutes must be 0 (never) or more")
    workspace.store.set_setting(IDLE_LOCK_MINUTES, str(minutes))


def pin_is_set(workspace: Workspace) -> bool:
    return workspace.store.get_setting(LOCK_PIN) is not None


def set_pin(workspace: Workspace, pin: str) -> None:
    """Keep a salted scrypt hash of ``pin`` (at least 4 digits)."""
    if not (pin.isdigit() and pin.isascii() and len(pin) >= MIN_PIN):
        raise Refusal(f"a PIN is {MIN_PIN} or more digits")
    salt = secrets.token_bytes(16)
    workspace.store.set_setting(LOCK_PIN, f"scrypt${salt.hex()}${_hash(pin, salt).hex()}")


def unlocks(workspace: Workspace, secret: str) -> bool:
    """Whether ``secret`` unlocks the app (see :func:`lock_kind`)."""
    kind = lock_kind(workspace)
    if kind is None:
        return True
    if kind == "passphrase":
        key = workspace.store.key
        assert key is not None
        return hmac.compare_digest(secret.encode(), key.secret.encode())
    stored = workspace.store.get_setting(LOCK_PIN)
    if stored is None:
        return False
    try:
        _, salt, digest = stored.split("$")
        return hmac.compare_digest(_hash(secret, bytes.fromhex(salt)), bytes.fromhex(digest))
    except ValueError:
        return False


def _hash(pin: str, salt: bytes) -> bytes:
    return hashlib.scrypt(pin.encode(), salt=salt, n=_N, r=_R, p=_P, dklen=32)
