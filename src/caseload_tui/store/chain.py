"""The audit log's hash chain: each row's hash covers its fields and the previous row's hash,
so a row edited, deleted or slipped in with plain SQL no longer fits (:func:`verify`).

Two hashes a row, so that an authorised erasure (a corrected name replaced in the log's copies)
leaves the chain whole: ``payload_hash`` is over the row's before and after copies only, and
``chain_hash`` over the previous row's ``chain_hash``, the row's id and every other field, and
``payload_hash``. An erased row keeps both; its copies are checked instead against the hash a
later erasure row (action ``erase``, itself on the chain) recorded for them.

The encoding is fixed (changing it would break every stored chain): see :func:`payload_hash`
and :func:`chain_hash`. Rows are chained in the order of their id, which the store assigns
itself (the previous id + 1) under the write lock.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from hashlib import sha256
from json.encoder import encode_basestring
from typing import Any

GENESIS = "0" * 64  # the "previous hash" of the first row
ERASED = "[erased]"  # what an erasure puts in place of a value in the log's copies

# JSON text never holds a raw newline or NUL, so the parts below cannot run into each other
_JSON = json.JSONEncoder(ensure_ascii=False, separators=(",", ":")).encode
_string = encode_basestring  # one string as JSON text (control characters escaped)


def moment(at: datetime) -> str:
    """A moment as the chain encodes it: UTC, to the microsecond (as both databases keep it)."""
    return at.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S.%f")


def head_part(
    at: datetime, os_user: str, worker: str | None, change_id: str | None, table: str, action: str
) -> str:
    """What a row shares with the other rows of its change on one table (its when, who, which
    change, table and action), encoded once for all of them."""
    return _JSON([moment(at), os_user, worker, change_id, table, action])


def payload_hash(before: str | None, after: str | None) -> str:
    """The hash of a row's before and after copies (None and JSON text: never empty)."""
    return sha256(f"{before or ''}\x00{after or ''}".encode()).hexdigest()


def chain_hash(previous: str, row_id: int, head: str, key: str, payload: str) -> str:
    """The hash chaining a row onto the previous row's ``chain_hash``: over that hash, the
    row's id, its :func:`head_part`, its key (as a JSON string) and its ``payload_hash``."""
    return sha256(f"{previous}\n{row_id}\n{head}\n{_string(key)}\n{payload}".encode()).hexdigest()


def seal(rows: list[dict[str, Any]], previous_id: int, previous: str) -> tuple[int, str]:
    """Give ``rows`` (audit rows as inserted) their ids and hashes, chained on from the row
    ``previous_id`` whose ``chain_hash`` is ``previous``; returns the last (id, hash). About
    2 microseconds a row: an import's million rows cost a couple of seconds."""
    shared: tuple[Any, ...] = ()
    head = ""
    for row in rows:
        previous_id += 1
        these = (
            row["at"],
            row["os_user"],
            row["app_user"],
            row["change_id"],
            row["table_name"],
            row["action"],
        )
        if these != shared:  # the rows of one change on one table come together
            shared, head = these, head_part(*these)
        payload = payload_hash(row["before"], row["after"])
        previous = chain_hash(previous, previous_id, head, row["row_key"], payload)
        row["id"], row["payload_hash"], row["chain_hash"] = previous_id, payload, previous
    return previous_id, previous


@dataclass(frozen=True, slots=True)
class ChainReport:
    """What :func:`verify` found: how many rows it checked, the last row (id and hash: note them
    to check later that nobody rewrote the whole chain), and the first row that does not fit."""

    rows: int
    last_id: int | None
    last_hash: str | None
    broken_at: int | None = None  # the id of the first row that does not fit (None: all do)
    problem: str = ""  # what is wrong there, in words (no value from the row)

    @property
    def intact(self) -> bool:
        return self.broken_at is None


# the columns :func:`verify` reads, in this order
VERIFY_COLUMNS = (
    "id", "at", "os_user", "app_user", "table_name", "row_key", "action", "before", "after",
    "change_id", "payload_hash", "chain_hash", "erased",
)  # fmt: skip


def verify(rows: Iterable[tuple[Any, ...]]) -> ChainReport:
    """Check audit rows (:data:`VERIFY_COLUMNS`, in id order): the first that does not fit is
    named, with what seems to have happened (changed, deleted before it, or slipped in)."""
    it = _peekable(rows)
    previous, previous_id, count = GENESIS, None, 0
    shared: tuple[Any, ...] = ()
    head = ""
    erased: dict[int, str] = {}  # rows marked erased: their copies' hash now
    named: dict[int, str] = {}  # rows an erasure names: their copies' hash after it
    for row in it:
        count += 1
        row_id, at, os_user, worker, table, key, action, before, after, change, payload, stored, gone = row
        if stored is None or payload is None:
            return _broken(
                count, previous_id, previous, row_id, "it has no hash: it was written outside caseload"
            )
        if gone:
            erased[row_id] = payload_hash(before, after)
        elif payload_hash(before, after) != payload:
            return _broken(count, previous_id, previous, row_id, "its before and after were changed")
        if action == "erase" and not gone:
            named.update(_erased_rows(after))  # a later erasure of the same row wins
        if (at, os_user, worker, change, table, action) != shared:
            shared = (at, os_user, worker, change, table, action)
            head = head_part(*shared)
        if chain_hash(previous, row_id, head, key, payload) != stored:
            return _broken(count, previous_id, previous, row_id, _why(row, previous_id, previous, it.peek()))
        previous, previous_id = stored, row_id
    for row_id in sorted(erased):
        if row_id not in named:
            return _broken(
                count, previous_id, previous, row_id, "it is marked erased, but no erasure names it"
            )
        if named[row_id] != erased[row_id]:
            return _broken(
                count, previous_id, previous, row_id, "its before and after were changed after its erasure"
            )
    return ChainReport(count, previous_id, previous)


def _why(
    row: tuple[Any, ...], previous_id: int | None, previous: str, following: tuple[Any, ...] | None
) -> str:
    """Why a row's ``chain_hash`` does not follow from the one before it."""
    if following is not None and following[11] is not None and following[10] is not None:
        row_id, at, os_user, worker, table, key, action, _, _, change, payload, stored, _ = following
        if (
            chain_hash(previous, row_id, head_part(at, os_user, worker, change, table, action), key, payload)
            == stored
        ):
            return "it was slipped in: the row after it follows the row before it"
    if previous_id is not None and row[0] != previous_id + 1:
        return f"a row before it (after row {previous_id}) was deleted, or its when, who or what changed"
    return "its when, who or what was changed (or the row before it was deleted)"


def _broken(count: int, previous_id: int | None, previous: str, row_id: int, problem: str) -> ChainReport:
    return ChainReport(count, previous_id, previous, row_id, problem)


def _erased_rows(after: str | None) -> dict[int, str]:
    """The rows an erasure names, each with the hash of its copies after the erasure."""
    try:
        rows = json.loads(after or "{}").get("rows", [])
        return {int(row_id): str(hashed) for row_id, hashed in rows}
    except (ValueError, TypeError, AttributeError):
        return {}


class _peekable(Iterator[tuple[Any, ...]]):
    """An iterator that can look one row ahead (to tell a row slipped in from one changed)."""

    def __init__(self, rows: Iterable[tuple[Any, ...]]) -> None:
        self._it = iter(rows)
        self._next: list[tuple[Any, ...]] = []

    def __next__(self) -> tuple[Any, ...]:
        return self._next.pop() if self._next else next(self._it)

    def peek(self) -> tuple[Any, ...] | None:
        if not self._next:
            try:
                self._next.append(next(self._it))
            except StopIteration:
                return None
        return self._next[0]
