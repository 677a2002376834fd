"""Rows written straight to SQLite by insert_rows are stored exactly as SQLAlchemy stores them."""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Any

from sqlalchemy import insert, text

from caseload_tui.store import Store
from caseload_tui.store.batches import insert_rows
from caseload_tui.store.tables import AUDIT, CHILDREN, EVENTS

_AT = datetime(2026, 11, 23, 8, 5, 9, 120, tzinfo=UTC)
_ROWS: dict[str, list[dict[str, Any]]] = {
    "children": [  # is_open and closed_on left out: their defaults apply
        {"child_id": "C1", "given_name": "Amelia", "family_name": "Smith", "date_of_birth": date(2016, 2, 29),
         "worker_id": None, "allocated_on": None, "plan_type": "cp", "plan_start": date(2026, 1, 5),
         "placement_type": None, "placement_start": None, "flags": "disabled"},
    ],
    "events": [
        {"child_id": "C1", "kind": "visit", "on": date(2026, 11, 2), "seen_alone": True, "unannounced": False,
         "written_up": True, "recorded_on": date(2026, 11, 3), "recorded_by": None, "note": "ok"},
        {"child_id": "C1", "kind": "visit", "on": date(2026, 11, 9), "seen_alone": None, "unannounced": None,
         "written_up": False, "recorded_on": None, "recorded_by": "W1", "note": ""},
    ],
    "audit_log": [
        {"at": _AT, "os_user": "someone", "table_name": "events", "row_key": "C1 visit 2026-11-02",
         "action": "insert", "before": None, "after": '{"a": 1}'},
    ],
}  # fmt: skip
_TABLES = {"children": CHILDREN, "events": EVENTS, "audit_log": AUDIT}


def _stored(store: Store, table: str) -> list[tuple[Any, ...]]:
    with store.engine.connect() as conn:
        rows = conn.execute(text(f"SELECT * FROM {table}")).all()
    return [tuple(row)[1:] if table != "children" else tuple(row) for row in rows]  # ids aside


def test_driver_inserts_store_what_sqlalchemy_stores(store: Store, tmp_path: Any) -> None:
    from caseload_tui.store import open_store

    other = open_store(f"sqlite:///{tmp_path / 'other.db'}")
    try:
        for name in ("children", "events", "audit_log"):
            with store.engine.begin() as conn:
                insert_rows(conn, _TABLES[name], [dict(r) for r in _ROWS[name]])
            with other.engine.begin() as conn:
                conn.execute(insert(_TABLES[name]), [dict(r) for r in _ROWS[name]])
            assert _stored(store, name) == _stored(other, name), name
        assert store.child("C1") == other.child("C1")
        assert store.events("C1") == other.events("C1")
        assert store.audit_log(1)[0].at == _AT
    finally:
        other.close()
