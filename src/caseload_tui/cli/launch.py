"""Opening the terminal app on a database.

A start has two slow parts, each bound to one core: importing Textual, and getting the first
week ready (parsing the table, loading the bank holidays, reading and evaluating). Where it is
safe (:mod:`..forked`) a copy of this process does the second while this one does the first,
then sends back the parsed table and the worker's first week; the app shows that week as soon
as it is up, and opens its own connection for everything after. Elsewhere the same work runs
after the app's first paint.
"""

from __future__ import annotations

import argparse
import gc
from collections.abc import Callable
from datetime import date
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING

from ..forked import Forked, ForkedError
from .common import CommandError, database_url, database_url_of, table_in_force, today_from

if TYPE_CHECKING:
    from ..domain.table import TimescaleTable
    from ..store.store import Store
    from ..ui.data import CaseloadData, WeekView

# the table in force, the remembered worker, and the first week (None: a dashboard, or a worker
# still to pick)
FirstLook = tuple["TimescaleTable", str | None, "WeekView | None"]


def launch_app(
    args: argparse.Namespace, db: Path | None = None, prepare: Callable[[], None] | None = None
) -> int:
    """Open the app (on ``db`` if given, else ``--db`` / ``CASELOAD_DB`` / the default).

    ``prepare`` runs before the database is opened (e.g. building the demo database).
    """
    # A start allocates a great deal and frees little: a full collection in the middle of
    # importing Textual costs tens of milliseconds and finds nothing. The app turns the
    # collector back on after its first frame (CaseloadApp.on_mount).
    gc.disable()
    worker, team = getattr(args, "worker", None), getattr(args, "team", None)
    url = database_url(db) if db is not None else database_url_of(args)
    today = today_from(args)
    first: Forked[FirstLook] = Forked(partial(first_look, args, url, prepare, worker, team, today))

    from ..store.reader import open_reads
    from ..ui.actions import load_keymap
    from ..ui.app import CaseloadApp, keys_file
    from ..ui.data import CaseloadData

    opened: list[CaseloadData] = []

    def opener() -> tuple[CaseloadData, str | None, WeekView | None]:
        """Run by the app after its first paint, in a thread."""
        try:
            table, remembered, week = first.result()
        except ForkedError as exc:  # an unknown worker, a bad table...: the app says so and stops
            raise CommandError(str(exc)) from None
        reads = open_reads(url)  # the database layer loads later, for the first write

        def open_writer() -> Store:
            from ..store.store import open_store

            return open_store(url)

        data = CaseloadData(reads, table, open_writer)
        opened.append(data)
        return data, remembered, week

    keymap, problems = load_keymap(keys_file())
    if first.ready():  # done while Textual loaded: the very first frame can show the week
        data, remembered, week = opener()
        app = CaseloadApp(data, today, worker or remembered, keymap, problems, team, first_week=week)
    else:  # the database opens after the first paint (a first demo build can take seconds)
        app = CaseloadApp(None, today, worker, keymap, problems, team, opener=opener)
    try:
        app.run()
    finally:
        gc.enable()
        for data in opened:
            data.close()
    return app.return_code or 0


def first_look(
    args: argparse.Namespace,
    url: str,
    prepare: Callable[[], None] | None,
    worker: str | None,
    team: str | None,
    today: date,
) -> FirstLook:
    """Check what the app was asked to open, and work out the first week it will show.

    Raises :class:`CommandError` for an unknown worker or team.
    """
    from ..store.reader import open_reads
    from ..store.settings_keys import MY_WORKER
    from ..ui.data import CaseloadData  # plain view models: no Textual

    if prepare is not None:
        prepare()
    reads = open_reads(url)
    try:
        table = table_in_force(args, reads)
        if worker and reads.worker(worker) is None:
            raise CommandError(f"no worker with id {worker!r}")
        if team is not None and team not in (teams := [t.name for t in reads.teams()]):
            raise CommandError(f"no team {team!r}; teams: {', '.join(teams) or 'none yet'}")
        remembered = reads.get_setting(MY_WORKER)
        me = worker or remembered
        if team is not None or me is None or reads.worker(me) is None:
            return table, remembered, None
        return table, remembered, CaseloadData(reads, table).week(me, today)
    finally:
        reads.close()
