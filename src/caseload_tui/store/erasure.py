"""An authorised erasure: a corrected name or date of birth taken out of the audit log's copies.

The audit log keeps every earlier value of a child's record. When one was wrong (a misspelt
name, a wrong date of birth) and has been corrected, the wrong value can be replaced in the
log's before and after copies. The rows keep their hashes; each is marked erased, and the
erasure itself is a row on the chain naming them, with the hash of their new copies, who
authorised it and why (see :mod:`.chain`). Values equal to the child's record now are kept.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import Any

from sqlalchemy import Connection, bindparam, select, update

from .audit import CHANGE_ACTIONS, Audit, as_json
from .chain import ERASED, payload_hash
from .errors import StoreError
from .tables import AUDIT, CHILDREN

ERASABLE = ("given_name", "family_name", "date_of_birth")


def erase(conn: Connection, audit: Audit, child_id: str, fields: Sequence[str], by: str, reason: str) -> int:
    """Erase ``fields`` of child ``child_id`` from the log's copies where they differ from the
    record now (all of them when the child is no longer held); audit it. Returns the rows changed."""
    unknown = set(fields) - set(ERASABLE)
    if unknown or not fields:
        raise StoreError(f"only {', '.join(ERASABLE)} can be erased from the audit log")
    if not by.strip() or not reason.strip():
        raise StoreError("an erasure needs who authorised it and why")
    current = conn.execute(select(CHILDREN).where(CHILDREN.c.child_id == child_id)).mappings().first()
    now = {f: as_json({f: current[f]}) for f in fields} if current is not None else {}
    a = AUDIT.c
    rows = conn.execute(
        select(a.id, a.before, a.after).where(
            a.table_name == CHILDREN.name, a.row_key == child_id, a.action.in_(CHANGE_ACTIONS)
        )
    ).all()
    changed: list[dict[str, Any]] = []
    for row_id, before, after in rows:
        new_before, new_after = _erased(before, fields, now), _erased(after, fields, now)
        if (new_before, new_after) != (before, after):
            changed.append({"b_id": row_id, "before": new_before, "after": new_after})
    if not changed:
        return 0
    conn.execute(
        update(AUDIT)
        .where(a.id == bindparam("b_id"))
        .values(before=bindparam("before"), after=bindparam("after"), erased=True),
        changed,
    )
    named = [[r["b_id"], payload_hash(r["before"], r["after"])] for r in changed]
    audit.record(
        AUDIT.name,
        child_id,
        "erase",
        None,
        {"fields": list(fields), "rows": named, "by": by, "reason": reason},
    )
    return len(changed)


def _erased(text: str | None, fields: Sequence[str], now: dict[str, str | None]) -> str | None:
    """A copy with each field's value replaced, unless it is the record's value now."""
    if text is None:
        return None
    values = json.loads(text)
    erased = [
        f for f in fields if f in values and values[f] != ERASED and as_json({f: values[f]}) != now.get(f)
    ]
    if not erased:
        return text  # as it was, byte for byte
    values.update(dict.fromkeys(erased, ERASED))
    return as_json(values)
