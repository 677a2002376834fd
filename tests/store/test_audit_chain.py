"""Who did what, and who looked (issue 14): the audit log's hash chain finds a row edited,
deleted or slipped in with plain SQL; views are on the chain but never undone; an authorised
erasure keeps the chain whole; the OS account comes from the OS (on SQLite and PostgreSQL)."""

from __future__ import annotations

import os
import sys
from dataclasses import fields, replace
from datetime import date

import pytest
from sqlalchemy import text

from caseload_tui.domain.records import ChildRecord
from caseload_tui.store import Store, StoreError, open_store
from caseload_tui.store.audit import os_user
from caseload_tui.store.connection import make_engine
from caseload_tui.store.location import create_private_file, sqlite_file
from caseload_tui.store.migrate import upgrade

from .records import caseload

DAY = date(2026, 5, 30)


def _sql(store: Store, statement: str, **values: object) -> None:
    with store.engine.begin() as conn:
        conn.execute(text(statement), values)


def _ids(store: Store) -> list[int]:
    return sorted(e.entry_id for e in store.audit_log(None))


def _with_changes(store: Store) -> Store:
    """The fixture's import, then a few single changes: a chain of a few hundred rows."""
    store.act_as("W002")
    store.record_event("C000002", "visit", DAY, seen_alone=True)
    store.plan_visit("C000003", "W001", date(2026, 6, 2))
    store.reallocate("C000004", "W003", DAY)
    return store


def test_every_write_is_chained_with_who_made_it(loaded: Store) -> None:
    _with_changes(loaded)
    report = loaded.verify_audit()
    assert report.intact and report.rows == len(_ids(loaded)) and report.last_id == max(_ids(loaded))
    assert _ids(loaded) == list(range(1, report.rows + 1))  # ids given by the chain, in order
    newest = loaded.audit_log(3)
    assert {(e.worker, e.os_user) for e in newest} == {("W002", os_user())}


def test_the_os_account_is_not_taken_from_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    real = os_user()
    for name in ("USER", "LOGNAME", "USERNAME", "LNAME"):
        monkeypatch.setenv(name, "someone-else")
    assert os_user() == real != "someone-else"


def test_on_windows_the_account_is_the_processs_own(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(sys, "platform", "win32")
    monkeypatch.setattr(os, "getlogin", lambda: "alice")  # GetUserNameW there
    monkeypatch.setenv("USERNAME", "someone-else")
    assert os_user() == "alice"


@pytest.mark.parametrize(
    ("tamper", "found", "problem"),
    [
        ("UPDATE audit_log SET after = '{\"tampered\": 1}' WHERE id = 30", 30, "before and after"),
        ("UPDATE audit_log SET os_user = 'someone' WHERE id = 30", 30, "who or what was changed"),
        ("UPDATE audit_log SET at = at - interval '1 day' WHERE id = 30", 30, "when, who or what"),
        ("DELETE FROM audit_log WHERE id = 30", 31, "was deleted"),
        ("DELETE FROM audit_log WHERE id BETWEEN 30 AND 40", 41, "after row 29) was deleted"),
        (
            "INSERT INTO audit_log (id, at, os_user, table_name, row_key, action, erased) "
            "SELECT max(id) + 1, max(at), 'someone', 'children', 'C000001', 'update', FALSE FROM audit_log",
            "last",
            "no hash",
        ),
        ("UPDATE audit_log SET erased = TRUE WHERE id = 30", 30, "no erasure names it"),
    ],
)
def test_rows_changed_deleted_or_slipped_in_with_plain_sql_are_found(
    loaded: Store, database: str, tamper: str, found: int | str, problem: str
) -> None:
    _with_changes(loaded)
    assert loaded.verify_audit().intact
    last = max(_ids(loaded))
    if database in ("sqlite", "sqlcipher"):  # SQLite keeps a moment as text
        tamper = tamper.replace("at - interval '1 day'", "replace(at, '2026', '2025')")
    _sql(loaded, tamper)
    report = loaded.verify_audit()
    assert report.broken_at == (last + 1 if found == "last" else found)
    assert problem in report.problem


def test_a_row_slipped_in_between_two_is_named(loaded: Store) -> None:
    _with_changes(loaded)
    # make room for it: renumber the later rows (as someone hiding a row among them would)
    _sql(loaded, "UPDATE audit_log SET id = id + 1000 WHERE id > 30")
    _sql(
        loaded,
        "INSERT INTO audit_log (id, at, os_user, table_name, row_key, action, payload_hash, chain_hash, erased) "
        "SELECT 31, at, os_user, table_name, row_key, action, payload_hash, chain_hash, FALSE FROM audit_log "
        "WHERE id = 30",
    )
    report = loaded.verify_audit()
    assert report.broken_at == 31


def test_views_are_chained_but_never_undone_nor_a_change(loaded: Store) -> None:
    changed_at = loaded.last_change_at()
    loaded.record_event("C000002", "visit", DAY, note="wrong child")
    change = loaded.last_change()
    loaded.record_access("view", ["C000002"], "child screen")
    loaded.record_access("export", ["C000002", "C000003"], "due list with names (csv)")
    assert loaded.last_change() == change  # ctrl+z still undoes the visit
    assert [e.action for e in loaded.audit_log(3)] == ["export", "export", "view"]
    assert loaded.last_change_at() is not None and changed_at is not None
    assert change is not None and loaded.undo(change) == 1
    assert loaded.verify_audit().intact
    view = loaded.audit_log(None, child_id="C000003")[0]
    assert view.action == "export" and view.change_id is not None
    with pytest.raises(StoreError, match="nothing to undo"):
        loaded.undo(view.change_id)


def test_a_childs_entries_are_found_by_its_case_reference(loaded: Store) -> None:
    _with_changes(loaded)
    entries = loaded.audit_log(None, child_id="C000003")
    assert entries and all("C000003" in (e.key + (e.before or "") + (e.after or "")) for e in entries)
    assert {e.table for e in entries} >= {"children", "events", "planned_visits"}
    assert not loaded.audit_log(None, child_id="C00000")  # a prefix is not the child


def test_an_erasure_replaces_a_corrected_name_and_keeps_the_chain(loaded: Store, database: str) -> None:
    child = loaded.child("C000005")
    assert child is not None
    record = ChildRecord(*(getattr(child, f.name) for f in fields(ChildRecord) if f.name != "line"))
    loaded.save_child(replace(record, given_name="Wrongname"))
    wrong = loaded.last_change()
    loaded.save_child(record)  # corrected
    assert (
        loaded.erase_in_audit("C000005", ["given_name"], by="Team manager", reason="misspelt at entry") == 2
    )
    with loaded.engine.connect() as conn:
        held = conn.execute(text("SELECT count(*) FROM audit_log WHERE after LIKE '%Wrongname%' "
                                 "OR before LIKE '%Wrongname%'")).scalar()  # fmt: skip
    assert held == 0
    assert loaded.verify_audit().intact
    erasure = loaded.audit_log(1)[0]
    assert erasure.action == "erase" and "misspelt" in (erasure.after or "")
    assert wrong is not None
    with pytest.raises(StoreError, match="erased"):
        loaded.undo(wrong)
    assert loaded.erase_in_audit("C000005", ["given_name"], by="x", reason="again") == 0
    # an erased row's copies are still checked, against what the erasure recorded
    erased_id = next(e.entry_id for e in loaded.audit_log(None, child_id="C000005") if e.erased)
    _sql(
        loaded, "UPDATE audit_log SET after = replace(after, 'Family', 'Famly') WHERE id = :id", id=erased_id
    )
    report = loaded.verify_audit()
    assert report.broken_at == erased_id and "after its erasure" in report.problem


def test_an_import_worked_out_before_the_lock_is_chained(store: Store) -> None:
    workers, children, events = caseload(30)
    store.upsert_workers(workers)
    store.upsert_children(children)
    store.record_event("C000001", "visit", DAY)
    store.add_events(events)
    store.add_events(events)  # again: nothing changes, nothing written
    assert store.verify_audit().intact


def test_an_upgraded_database_is_chained_from_its_first_row(db_url: str) -> None:
    path = sqlite_file(db_url)
    if path is not None:
        create_private_file(path)
    engine = make_engine(db_url)
    upgrade(engine, "0005")
    engine.dispose()
    old = Store(make_engine(db_url))
    with old.engine.begin() as conn:  # rows as version 0005 wrote them
        for n in range(3):
            conn.execute(
                text(
                    "INSERT INTO audit_log (at, os_user, table_name, row_key, action, before, after, change_id) "
                    "VALUES (:at, 'alice', 'settings', 'k', 'insert', NULL, :after, 'c')"
                ),
                {"at": f"2026-11-0{n + 1} 10:00:00.000000", "after": f'{{"key": "k", "value": "{n}"}}'},
            )
    old.close()
    store = open_store(db_url)
    report = store.verify_audit()
    assert report.intact and report.rows == 4
    assert store.audit_log(1)[0].action == "chain"
    store.set_setting("k", "new")
    assert store.verify_audit().intact and store.verify_audit().rows == 5
    store.close()
