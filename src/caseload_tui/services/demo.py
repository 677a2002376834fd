"""The demo database: a synthetic, deterministic team for trying the product.

Eight workers (FTE 0.5-1.0) holding 10 to 24 children, some over target, a few unallocated
children, a realistic mix of plans and placements, and histories simulated against the table
so that a few items are overdue today. Names are drawn at random from common British names.
Besides, a few children are written out by hand (``example_children``) so that the demo always
shows what real data brings: a visit overdue on a CIN and on a CP plan, a child in care for
years whose record holds only the latest visit and review, a section 47 enquiry just started.
"""

from __future__ import annotations

import os
import random
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path

from ..domain.engine import ScheduledEvent
from ..domain.records import ChildRecord, EventRecord, WorkerRecord
from ..domain.table import TimescaleTable
from .explain import Refusal
from .synthetic import import_records, make_caseload, make_workers

DEMO_TEAM = "Safeguarding East"
CASELOADS = (24, 21, 19, 17, 16, 14, 12, 10)  # children per worker, in worker order
UNALLOCATED = 4
DEMO_FTE = (1.0, 1.0, 0.8, 1.0, 0.6, 1.0, 0.5, 0.8)


@dataclass(frozen=True, slots=True)
class DemoData:
    workers: list[WorkerRecord]
    children: list[ChildRecord]
    events: list[EventRecord]
    bookings: list[tuple[str, ScheduledEvent]]  # (case reference, booked meeting)


def demo_data(today: date, table: TimescaleTable) -> DemoData:
    """The demo team as records for the store; the same ``today`` gives the same data."""
    base = make_workers(len(CASELOADS))
    workers = [
        WorkerRecord(w.worker_id, w.name, w.role, DEMO_TEAM, fte)
        for w, fte in zip(base, DEMO_FTE, strict=True)
    ]
    assignments: list[str | None] = [
        w.worker_id for w, n in zip(workers, CASELOADS, strict=True) for _ in range(n)
    ]
    assignments += [None] * UNALLOCATED
    random.Random(11).shuffle(assignments)
    synthetic = make_caseload(len(assignments), today, table, base, assignments=assignments)
    children, events = import_records(synthetic)
    bookings = [(child.case_ref, s) for child in synthetic for s in child.facts.scheduled]
    examples, example_events = example_children(today, [w.worker_id for w in workers])
    return DemoData(workers, children + examples, events + example_events, bookings)


def example_children(today: date, workers: list[str]) -> tuple[list[ChildRecord], list[EventRecord]]:
    """A few children written out by hand, dated from ``today`` (see the module's docstring)."""

    def ago(days: int) -> date:
        return today - timedelta(days=days)

    cin, cp, cla, s47 = "C900001", "C900002", "C900003", "C900004"
    children = [
        # a CIN plan whose 28-day visit slipped: last seen 35 days ago
        ChildRecord(cin, "Noah", "Example", ago(9 * 365), workers[5], ago(200), "cin", ago(200), None, None),
        # a CP plan visited every 10 working days until three weeks ago
        ChildRecord(cp, "Isla", "Example", ago(4 * 365), workers[5], ago(120), "cp", ago(120), None, None),
        # in care for six years, allocated last month; the export held the latest visit and review
        ChildRecord(
            cla, "Leo", "Example", ago(12 * 365), workers[1], ago(25), "cla", ago(6 * 365), "foster",
            ago(3 * 365),
        ),
        # a section 47 enquiry started yesterday at a strategy discussion
        ChildRecord(s47, "Ava", "Example", ago(6 * 365), workers[1], ago(1), "cin", ago(90), None, None),
    ]  # fmt: skip
    notes = {  # made-up notes, as a worker writes them: the history marks and shows them
        35: "Seen at home after school; Noah showed me his drawings. Mum asked about respite.",
        92: "Visit moved from Tuesday: Noah was unwell. Seen alone in his room.",
    }
    events = [
        EventRecord(cin, "visit", ago(d), True, False, recorded_on=ago(d), note=notes.get(d, ""))
        for d in (175, 150, 120, 92, 63, 35)
    ]
    events += [
        EventRecord(cp, "visit", ago(d), True, d == 21, recorded_on=ago(d)) for d in range(119, 20, -14)
    ]
    events += [
        EventRecord(cla, "visit", ago(10), True, False, recorded_on=ago(10)),
        EventRecord(cla, "cla_review", ago(150)),
        EventRecord(cla, "management_review", ago(146)),
        EventRecord(s47, "strategy_discussion", ago(1)),
        EventRecord(s47, "s47_started", ago(1)),
        EventRecord(s47, "visit", ago(20), True, False, recorded_on=ago(20)),
    ]
    # the rest of each record kept up, so the examples show what they are there to show
    kept_up = {
        cin: ("cin_review", "supervision", "case_summary_update", "chronology_update"),
        cp: ("core_group", "supervision", "case_summary_update", "chronology_update", "review_conference"),
        cla: ("supervision", "iro_midpoint_review"),
        s47: ("cin_review", "supervision", "case_summary_update", "chronology_update"),
    }
    events += [EventRecord(child, kind, ago(12)) for child, kinds in kept_up.items() for kind in kinds]
    return children, events


# -- the demo database ----------------------------------------------------------------------------

DEMO_BUILT_FOR = "demo_built_for"  # the setting that marks a database the demo made itself


def demo_database_path() -> Path:
    """The demo's own database, in the user data folder (never the user's own database)."""
    from platformdirs import user_data_path

    from ..store.location import APP_NAME

    return user_data_path(APP_NAME, appauthor=False) / "demo.db"


def demo_built_for(db: Path) -> str | None:
    """What the demo database at ``db`` was built for (day, table), or None when there is no
    file. Raises :class:`Refusal` for any other file: the demo writes only to a database it
    made itself (it marks it with the ``demo_built_for`` setting)."""
    from ..store.location import resolve_database_url
    from ..store.store import open_store
    from .keys import file_key, is_encrypted

    if not db.exists():
        return None
    refused = Refusal(
        f"{db} is not a demo database (caseload demo writes only to a database it made itself): "
        "nothing was changed. Leave out --db for the demo's own database, or name a new file"
    )
    try:
        # not migrated: nothing is written to a database before it is known to be the demo's
        key = file_key(db)  # a demo encrypted with caseload encrypt opens with its key
        store = open_store(resolve_database_url(str(db), {}), key=key, create=False, migrate=False)
    except Exception:
        if key is not None:  # a demo encrypted with caseload encrypt, and a wrong passphrase
            raise  # said as such (the store's message), not as "not a demo database"
        if is_encrypted(db):
            raise Refusal(
                f"{refused}; if it is a demo you encrypted, run caseload in a terminal to type its passphrase"
            ) from None
        raise refused from None
    try:
        built_for = store.get_setting(DEMO_BUILT_FOR)
    finally:
        store.close()
    if built_for is None:
        raise refused
    return built_for


def build_demo(db: Path, today: date, authority: str | None) -> None:
    """(Re)build the demo database at ``db`` for ``today``: synthetic data only.

    Built under a temporary name beside ``db`` and renamed into place when complete, so a build
    that fails or is stopped leaves no half-built demo; ``db`` itself must be a demo database
    already, or not exist.
    """
    from ..store.check import side_files
    from ..store.location import resolve_database_url
    from ..store.settings_keys import AUTHORITY_TABLE
    from ..store.store import open_store
    from .catalogue import open_table

    demo_built_for(db)  # refuses anything but an earlier demo
    table = open_table(authority)
    data = demo_data(today, table)
    db.parent.mkdir(parents=True, exist_ok=True)
    building = db.with_name(f".{db.name}.building-{os.getpid()}")
    try:
        for leftover in (building, *side_files(building)):
            leftover.unlink(missing_ok=True)
        store = open_store(resolve_database_url(str(building), {}), key=None)  # the demo stays plain
        try:
            store.import_records(data.workers, data.children, data.events)
            for case_ref, booking in data.bookings:
                store.book_meeting(case_ref, booking.kind, booking.on)
            store.set_setting(AUTHORITY_TABLE, authority or table.authority.lower())
            store.set_setting(DEMO_BUILT_FOR, f"{today.isoformat()} {table.authority} {table.version}")
        finally:
            store.close()
        for stale in side_files(db):  # the old demo's, which would not match the new file
            stale.unlink(missing_ok=True)
        os.replace(building, db)
    finally:
        for leftover in (building, *side_files(building)):
            leftover.unlink(missing_ok=True)


def demo_note(db: Path, today: date, authority: str | None) -> str | None:
    """What to say when the demo database was built for another day or table (it is kept:
    it holds whatever was done in the demo; only --rebuild builds it again)."""
    from .catalogue import open_table

    table = open_table(authority)
    built_for = demo_built_for(db)
    if built_for is None or built_for == f"{today.isoformat()} {table.authority} {table.version}":
        return None
    return (
        f"note: the demo database ({db}) was built for {built_for}, and keeps what you did in it; "
        "`caseload demo --rebuild` builds it afresh for today's date and table"
    )


def ensure_demo(
    db: Path,
    today: date,
    authority: str | None,
    rebuild: bool = False,
    say: Callable[[str], None] | None = None,
) -> None:
    """Build the demo database if there is none yet, or afresh when ``rebuild``.

    A demo database built for another day or table is kept (see :func:`demo_note`); anything
    at ``db`` that is not a demo database is refused. ``say`` is told what happens (nothing is
    said without it: inside the app, whose screen is drawn on the terminal).
    """
    if demo_built_for(db) is None or rebuild:
        if say is not None:
            say(f"building the demo database ({db}) ...")
        build_demo(db, today, authority)
    elif say is not None and (note := demo_note(db, today, authority)) is not None:
        say(note)
