"""The store: the one object the rest of the app uses to read and write the database.

Every method opens one short connection, does its work in one transaction and returns read
models (never ORM objects), so screens can call it from worker threads.
"""

from __future__ import annotations

import logging
import os
import threading
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from datetime import date
from pathlib import Path
from typing import Any

from sqlalchemy import Connection, Engine
from sqlalchemy.exc import DBAPIError, OperationalError

from ..domain.records import ChildRecord, EventRecord, WorkerRecord
from . import edits, erasure, importing
from .audit import ACCESS_ACTIONS, Audit, os_user
from .backup import NO_BACKUP, backup_sqlite
from .batches import Writes
from .check import DatabaseProblem, check_file, check_integrity, side_files, sqlite_error, unclean
from .cipher import DatabaseKey, wrong_key
from .connection import WAIT, WRITE, busy, make_engine, refresh_statistics
from .constants import BUSY_TIMEOUT_MS, LATEST_REVISION
from .errors import StoreBusy, StoreError, unreadable
from .location import create_private_file, sqlite_file
from .migrate import current_revision, upgrade
from .read_models import Child, ImportCounts, ImportSummary, PlannedVisit, RecordedEvent
from .reads import Reads
from .settings_keys import AUTHORITY_TABLE as AUTHORITY_TABLE  # re-exported
from .settings_keys import MY_WORKER as MY_WORKER
from .tables import CHILDREN, EVENTS, PLANNED_VISITS, SCHEDULED

# counts only: names and dates of birth never go to a log
log = logging.getLogger(__name__)

FIRST_WAIT_MS = 1_000  # a first, short wait for the write lock before saying that it is busy
STAGED_TRIES = 3  # an import worked out again when someone else wrote meanwhile, then under the lock
STATISTICS_FROM = 10_000  # rows an import writes from which the planner's statistics are refreshed


def open_store(
    url: str,
    *,
    key: DatabaseKey | None = None,
    verify: bool = False,
    create: bool = True,
    migrate: bool = True,
) -> Store:
    """Open (creating if need be) the database at ``url`` and bring its schema up to date.

    ``url`` is a SQLite file's or a PostgreSQL server's SQLAlchemy URL. An existing SQLite file
    must be a caseload database (:func:`.check_file`); one the user may write is checked for
    damage (SQLite's quick check) when ``verify`` (before an import), and, when it was not
    closed cleanly last time (or is open elsewhere now), before anything is written to it: the
    first write, or a migration (reads do not wait for the check, which reads every page). One
    the user may only read is read as it is on disk. A file this call
    created is removed again if setting it up fails (a full disk...), so no empty database is
    left behind. Without ``create`` the database must already hold a caseload (a command that
    only reads never makes an empty one). Without ``migrate`` an older schema is left as it is
    (nothing is written: to find out whose database it is before touching it).

    ``key``: the SQLite file is encrypted with it (a new file is created encrypted); None: a
    plain file. A key that does not open the file (or no key for an encrypted one) is refused
    with a message, before anything is written: never a new, empty database in its place.
    """
    path = sqlite_file(url)
    created = unchecked = False
    if path is not None:
        if check_file(path, must_exist=not create, key=key):
            if os.access(path, os.W_OK):  # a file nobody may write cannot be written into
                if verify:
                    check_integrity(path, key=key)
                else:
                    unchecked = unclean(path)  # seen before this store's own connections
        else:
            create_private_file(path)
            created = True
    try:
        engine, revision, read_only = _connect(url, path, key)
        shown = path or engine.url.render_as_string(hide_password=True)
        if revision is None and not create:
            raise DatabaseProblem(
                f"the database {shown} holds no caseload yet: import your data first (caseload import "
                f"workers FILE.csv --db {shown}), or check --db or CASELOAD_DB"
            )
        if revision != LATEST_REVISION and migrate:
            if read_only:
                raise DatabaseProblem(
                    f"the database {shown} was made by an older version of caseload and must be upgraded, "
                    "but it is read-only: open it once where it can be written"
                )
            if unchecked:
                check_integrity(path, key=key)  # type: ignore[arg-type]
                unchecked = False
            upgrade(engine)
    except BaseException:
        if created and path is not None:
            for leftover in (path, *side_files(path)):
                leftover.unlink(missing_ok=True)
        raise
    store = Store(engine, read_only=read_only, key=key)
    store.unchecked = unchecked
    return store


def _connect(url: str, path: Path | None, key: DatabaseKey | None) -> tuple[Engine, str | None, bool]:
    """The engine for ``url``, the database's schema revision (None: no tables yet), and
    whether it was opened read-only: a SQLite file SQLite cannot open for writing, but the user
    may read (a read-only file or share), is read as it is on disk (see :func:`.make_engine`)."""
    engine = make_engine(url, key=key)
    try:
        return engine, current_revision(engine), False
    except DBAPIError as exc:
        engine.dispose()
        if path is not None and sqlite_error(exc) == "NOTADB":  # SQLCipher: the key does not open it
            raise wrong_key(path, key) from None
        if path is None or sqlite_error(exc) not in ("READONLY", "CANTOPEN") or not os.access(path, os.R_OK):
            raise
    engine = make_engine(url, key=key, read_only_file=path)
    try:
        return engine, current_revision(engine), True
    except DBAPIError as exc:
        engine.dispose()
        if sqlite_error(exc) == "NOTADB":
            raise wrong_key(path, key) from None
        raise


def _reopened(url: str, read_only: bool, key: DatabaseKey | None) -> Store:
    engine = make_engine(url, key=key, read_only_file=sqlite_file(url) if read_only else None)
    return Store(engine, read_only=read_only, key=key)


class Store(Reads):
    """Reads (see :class:`.Reads`) and audited writes, each in one short transaction."""

    def __init__(self, engine: Engine, *, read_only: bool = False, key: DatabaseKey | None = None) -> None:
        self.engine = engine
        self.key = key  # the SQLite file's encryption key (None: plain), for its backups
        self.read_only = read_only  # a SQLite file the user may only read, read as it is on disk
        self.user = os_user()  # the OS account, asked of the OS (never an environment variable)
        self.acting_worker: str | None = None  # the worker signed in to caseload (see act_as)
        self.database_file = sqlite_file(str(engine.url))
        # A SQLite file found not closed cleanly when opened: checked before the first write.
        self.unchecked = False
        # Called while a write waits for another process's write lock (an import, the app
        # saving), with the number of waits so far (each up to the busy timeout): say so, and
        # return False to stop waiting (StoreBusy). None: give up after a short and a full wait.
        self.on_busy: Callable[[int], bool] | None = None
        self._changes = threading.local()  # the change each thread made last (see last_change)

    @property
    def url(self) -> str:
        """The database's URL, password included (for another process to open it too)."""
        return self.engine.url.render_as_string(hide_password=False)

    def close(self) -> None:
        self.engine.dispose()

    def __reduce__(self) -> tuple[Any, ...]:
        """Sent to another process (a process pool's), the store is opened there afresh on the
        same database: connections never cross from one process to another. It was checked and
        migrated when it was first opened."""
        return (_reopened, (self.url, self.read_only, self.key))

    @contextmanager
    def _reading(self) -> Iterator[Connection]:
        """One read transaction: one consistent snapshot for all its queries."""
        with self.engine.connect() as conn, conn.begin():
            try:
                yield conn
            except ValueError:  # raised by a column type reading a stored value it cannot read
                raise unreadable(self.database_file) from None

    @contextmanager
    def _writing(self) -> Iterator[tuple[Connection, Audit]]:
        """One write transaction, holding the write lock from its start; audit rows go with it."""
        with self._locked() as conn:
            audit = Audit(conn, self.user, self.acting_worker)
            yield conn, audit
            wrote = bool(audit.rows)
            audit.flush()
        self._changes.last = audit.change_id if wrote else None

    def act_as(self, worker_id: str | None) -> None:
        """Record ``worker_id`` (the worker signed in, or named with ``--worker``; None: nobody)
        in the audit log beside the OS account, from the next write on."""
        self.acting_worker = worker_id

    def record_access(self, action: str, child_ids: Iterable[str], what: str) -> None:
        """Record that named data about these children was seen: ``action`` is ``view`` (a
        child's screen opened), ``print`` (shown by a command) or ``export`` (written to a
        file); ``what`` says which (no names). On the audit log's chain, but not a change:
        never undone. A database only read (a read-only file) cannot record it."""
        if action not in ACCESS_ACTIONS:
            raise ValueError(f"not an access: {action}")
        ids = sorted(set(child_ids))
        if not ids or self.read_only:
            return
        with self._locked() as conn:
            audit = Audit(conn, self.user, self.acting_worker)
            for child_id in ids:
                audit.record("children", child_id, action, None, {"what": what})
            audit.flush()

    def erase_in_audit(self, child_id: str, fields: Sequence[str], by: str, reason: str) -> int:
        """Replace the values of ``fields`` (names, date of birth) of child ``child_id`` in the
        audit log's before and after copies, where they differ from the child's record now (a
        corrected value), keeping the chain verifiable; the erasure is itself audited (who,
        why, which rows). Returns the number of rows changed (0: nothing to erase)."""
        with self._locked() as conn:
            audit = Audit(conn, self.user, self.acting_worker)
            count = erasure.erase(conn, audit, child_id, fields, by, reason)
            audit.flush()
        return count

    def last_change(self) -> str | None:
        """The id of the change this thread's last write made (None: it changed nothing), for
        :meth:`undo`. Every audit row of that write carries it."""
        return getattr(self._changes, "last", None)

    def undo(self, change_id: str) -> int:
        """Put back what change ``change_id`` did, as a new change (audited like any other);
        refused, with nothing written, when a record it touched has changed since. Returns the
        number of rows put back."""
        with self._writing() as (conn, audit):
            return edits.revert(conn, audit, change_id)

    @contextmanager
    def _locked(self) -> Iterator[Connection]:
        """A connection in a write transaction, holding the write lock from its start (see
        :mod:`.connection`). While another process holds the lock, wait for it as long as
        :attr:`on_busy` agrees, telling it after a short first wait and then after each busy
        timeout."""
        if self.unchecked and self.database_file is not None:
            check_integrity(self.database_file, key=self.key)  # a damaged database is never written into
            self.unchecked = False
        waits = 0
        while True:
            wait = FIRST_WAIT_MS if waits == 0 else BUSY_TIMEOUT_MS
            conn = self.engine.connect().execution_options(**{WRITE: True, WAIT: wait})
            try:
                transaction = conn.begin()
                break
            except OperationalError as exc:
                conn.close()
                if not busy(exc):
                    raise
                waits += 1
                if self.on_busy is None:  # no one to tell: one short and one full wait, as ever
                    if waits > 1:
                        raise StoreBusy(self.database_file) from None
                elif not self.on_busy(waits):
                    raise StoreBusy(self.database_file) from None
            except BaseException:
                conn.close()
                raise
        with conn, transaction:
            yield conn

    # -- import: each call is one transaction, all or nothing -----------------------------------

    def upsert_workers(self, records: Iterable[WorkerRecord]) -> ImportCounts:
        with self._writing() as (conn, audit):
            return importing.upsert_workers(conn, audit, records)

    def upsert_children(self, records: Iterable[ChildRecord]) -> ImportCounts:
        """Import children: worked out without the write lock, then written in one short
        transaction (see :meth:`_import`)."""
        found = list(records)
        return self._import(lambda conn, audit, out: importing.upsert_children(conn, audit, found, out))

    def add_events(self, records: Iterable[EventRecord]) -> ImportCounts:
        """Import events: worked out without the write lock, then written in one short
        transaction (see :meth:`_import`)."""
        found = list(records)
        return self._import(lambda conn, audit, out: importing.add_events(conn, audit, found, out))

    def _import(self, work_out: Callable[[Connection, Audit, Writes], ImportCounts]) -> ImportCounts:
        counts = self._staged(work_out)
        if counts.inserted + counts.updated >= STATISTICS_FROM:
            refresh_statistics(self.engine)
        return counts

    def _staged(self, work_out: Callable[[Connection, Audit, Writes], ImportCounts]) -> ImportCounts:
        """A large import that holds the write lock only while its rows are written.

        ``work_out`` reads what the database holds and leaves every statement in a
        :class:`.Writes`, in a read transaction that blocks nobody. Then, under the write lock,
        the statements run if nobody wrote in between (:func:`.importing.change_mark`), else it
        is all worked out again; after a few tries, under the lock (slower for everyone, but
        always done). Either way one transaction writes everything or nothing.
        """
        for _ in range(STAGED_TRIES):
            with self.engine.connect() as conn, conn.begin():
                mark = importing.change_mark(conn)
                audit, out = Audit(conn, self.user, self.acting_worker), Writes()
                counts = work_out(conn, audit, out)
                audit.flush(into=out)
            with self._locked() as conn:
                if importing.change_mark(conn) == mark:
                    out.run(conn)
                    return counts
        with self._writing() as (conn, audit):
            out = Writes()
            counts = work_out(conn, audit, out)
            out.run(conn)
            return counts

    def import_records(
        self,
        workers: Iterable[WorkerRecord],
        children: Iterable[ChildRecord],
        events: Iterable[EventRecord],
    ) -> ImportSummary:
        """A whole CSV import in one transaction: a failure or a crash leaves the database as it was."""
        with self._writing() as (conn, audit):
            summary = ImportSummary(
                importing.upsert_workers(conn, audit, workers),
                importing.upsert_children(conn, audit, children),
                importing.add_events(conn, audit, events),
            )
        log.info("import: %s", summary)
        if sum(c.inserted + c.updated for c in (summary.children, summary.events)) >= STATISTICS_FROM:
            refresh_statistics(self.engine)
        return summary

    # -- events ---------------------------------------------------------------------------------

    def record_event(
        self,
        child_id: str,
        kind: str,
        on: date,
        *,
        seen_alone: bool | None = None,
        unannounced: bool | None = None,
        written_up: bool = True,
        recorded_on: date | None = None,
        recorded_by: str | None = None,
        note: str = "",
        again: bool = False,
    ) -> RecordedEvent:
        """Record that something happened; ``written_up=False`` if it is not yet on the record;
        ``again``: a second one of its kind that day. A visit completes the visits planned for
        the child on its day or before."""
        values: dict[str, Any] = {
            "child_id": child_id, "kind": kind, "on": on, "seen_alone": seen_alone,
            "unannounced": unannounced, "written_up": written_up, "recorded_on": recorded_on,
            "recorded_by": recorded_by, "note": note,
        }  # fmt: skip
        with self._writing() as (conn, audit):
            event_id = edits.record_event(conn, audit, values, again)
            if kind == "visit":
                edits.complete_planned_visits(conn, audit, child_id, on)
        return self.event(event_id)

    def correct_event(self, event_id: int, changes: dict[str, Any]) -> RecordedEvent:
        """Change an event's ``on``, ``seen_alone``, ``unannounced`` or ``note``."""
        unknown = set(changes) - {"on", "seen_alone", "unannounced", "note"}
        if unknown:
            raise ValueError(f"an event's {', '.join(sorted(unknown))} cannot be corrected")
        with self._writing() as (conn, audit):
            edits.correct_event(conn, audit, event_id, changes)
        return self.event(event_id)

    def write_up_event(self, event_id: int, on: date, by: str | None = None) -> RecordedEvent:
        """Mark an event as written up on the record on ``on``."""
        changes = {"written_up": True, "recorded_on": on, "recorded_by": by}
        with self._writing() as (conn, audit):
            label = edits.event_label(conn, event_id)
            edits.update_row(conn, audit, EVENTS, event_id, changes, "event", label)
        return self.event(event_id)

    def delete_event(self, event_id: int) -> None:
        with self._writing() as (conn, audit):
            label = edits.event_label(conn, event_id)
            edits.delete_row(conn, audit, EVENTS, event_id, "event", label)

    def book_meeting(self, child_id: str, kind: str, on: date) -> int:
        """Book a future meeting (e.g. a CLA review), for "N days before" rules."""
        with self._writing() as (conn, audit):
            return edits.book(conn, audit, child_id, kind, on)

    def cancel_meeting(self, booking_id: int) -> None:
        with self._writing() as (conn, audit):
            edits.delete_row(conn, audit, SCHEDULED, booking_id, "booked meeting")

    # -- planned visits: intentions, never due dates --------------------------------------------

    def plan_visit(self, child_id: str, worker_id: str, on: date, note: str = "") -> PlannedVisit:
        with self._writing() as (conn, audit):
            visit_id = edits.plan_visit(conn, audit, child_id, worker_id, on, note)
        return self._planned(visit_id)

    def move_planned_visit(self, visit_id: int, on: date) -> PlannedVisit:
        with self._writing() as (conn, audit):
            edits.move_planned_visit(conn, audit, visit_id, on)
        return self._planned(visit_id)

    def cancel_planned_visit(self, visit_id: int) -> None:
        with self._writing() as (conn, audit):
            edits.delete_row(conn, audit, PLANNED_VISITS, visit_id, "planned visit")

    def save_child(self, record: ChildRecord) -> Child:
        """Add a child or change one, as the app does (audited row by row, so it can be undone)."""
        with self._writing() as (conn, audit):
            edits.save_child(conn, audit, record)
        return self._child(record.child_id)

    # -- cases ----------------------------------------------------------------------------------

    def reallocate(self, child_id: str, worker_id: str | None, on: date) -> Child:
        """Allocate the child to ``worker_id`` (None: unallocated) from ``on``."""
        with self._writing() as (conn, audit):
            edits.reallocate(conn, audit, child_id, worker_id, on)
        return self._child(child_id)

    def close_case(self, child_id: str, on: date) -> Child:
        with self._writing() as (conn, audit):
            edits.update_row(conn, audit, CHILDREN, child_id, {"is_open": False, "closed_on": on}, "child")
        return self._child(child_id)

    def reopen_case(self, child_id: str) -> Child:
        with self._writing() as (conn, audit):
            edits.update_row(conn, audit, CHILDREN, child_id, {"is_open": True, "closed_on": None}, "child")
        return self._child(child_id)

    # -- settings, audit, backup ----------------------------------------------------------------

    def set_setting(self, key: str, value: str) -> None:
        with self._writing() as (conn, audit):
            edits.set_setting(conn, audit, key, value)

    def backup(self, path: Path | str) -> None:
        """A consistent copy of the database at ``path``, safe while the app is running."""
        if self.database_file is None:
            raise StoreError(NO_BACKUP)
        backup_sqlite(self.database_file, Path(path), self.key)
