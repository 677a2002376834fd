"""Opening the terminal app on a database.

A start has two slow parts, each bound to one core: importing Textual, and getting the first
week ready (parsing the table, reading and evaluating). Where it is safe (:mod:`..forked`) a copy
of this process does the second while this one does the first. The copy sends back the first
week twice: as text to paint (a :class:`~..ui.week_rows.FirstFrame`: the app paints it before it
has even imported the engine or the database layer), and pickled, with the parsed table, for the
app to load just after that first paint and act on. Elsewhere the same work runs in the app
after its first paint.
"""

from __future__ import annotations

import argparse
import gc
import pickle
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from ..forked import Forked, ForkedError
from .common import CommandError, database_url, database_url_of, table_in_force, today_from

if TYPE_CHECKING:
    from ..domain.table import TimescaleTable
    from ..store.store import Store
    from ..ui.data import CaseloadData, WeekView
    from ..ui.week_rows import FirstFrame

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
    opened: list[CaseloadData] = []
    try:
        return _launch(args, db, prepare, opened)
    finally:
        gc.enable()
        for data in opened:
            data.close()


def _launch(
    args: argparse.Namespace, db: Path | None, prepare: Callable[[], None] | None, opened: list[CaseloadData]
) -> int:
    from ..store.location import default_database_path

    worker, team = getattr(args, "worker", None), getattr(args, "team", None)
    url = database_url(db) if db is not None else database_url_of(args)
    # only the app's own database is made on first use: a --db that names nothing is a mistake
    create = url == database_url(default_database_path())
    today = today_from(args)
    first = Forked(lambda: sendable(first_look(args, url, prepare, worker, team, today, create)))

    from ..ui.actions import load_keymap
    from ..ui.app import CaseloadApp, keys_file

    answer: list[tuple[FirstFrame | None, bytes]] = []

    def first_answer() -> tuple[FirstFrame | None, bytes]:
        if not answer:
            try:
                answer.append(first.result())
            except ForkedError as exc:  # an unknown worker, a bad table... (said by `explained`)
                raise CommandError(str(exc)) from None
        return answer[0]

    def opener() -> tuple[CaseloadData, str | None, WeekView | None]:
        """Run by the app after its first paint, in a thread."""
        table, remembered, week = pickle.loads(first_answer()[1])
        from ..store.reader import open_reads
        from ..ui.data import CaseloadData

        def open_writer() -> Store:
            from ..store.store import open_store

            return open_store(url)

        data = CaseloadData(open_reads(url), table, open_writer)  # the database layer loads later
        opened.append(data)
        return data, remembered, week

    keymap, problems = load_keymap(keys_file())
    # done while Textual loaded (the usual case): the very first frame shows the week; else the
    # app paints, then waits for it (a first demo build can take seconds). A refusal (an unknown
    # worker...) known by now is said before the app shows at all.
    frame = first_answer()[0] if first.ready() else None
    app = CaseloadApp(None, today, worker, keymap, problems, team, opener=opener, first_frame=frame)
    app.run()
    return app.return_code or 0


def sendable(look: FirstLook) -> tuple[FirstFrame | None, bytes]:
    """A :func:`first_look` as the forked copy sends it: the first week as text to paint, and
    everything pickled (unpickled by the app only after that first paint)."""
    from ..ui.week_rows import first_frame

    table, _, week = look
    frame = first_frame(table, week) if week is not None else None
    return frame, pickle.dumps(look, pickle.HIGHEST_PROTOCOL)


def first_look(
    args: argparse.Namespace,
    url: str,
    prepare: Callable[[], None] | None,
    worker: str | None,
    team: str | None,
    today: date,
    create: bool = False,
) -> FirstLook:
    """Check what the app was asked to open, and work out the first week it will show.

    Raises :class:`CommandError` for an unknown worker or team, or a database that is not
    there (unless ``create``) or cannot be used, said as the command line says it.
    """
    try:
        return _first_look(args, url, prepare, worker, team, today, create)
    except CommandError:
        raise
    except Exception as exc:  # also in the forked copy, which sends back only a message
        from ..explain import explain
        from ..store.location import sqlite_file

        raise CommandError(explain(exc, sqlite_file(url))) from None


def _first_look(
    args: argparse.Namespace,
    url: str,
    prepare: Callable[[], None] | None,
    worker: str | None,
    team: str | None,
    today: date,
    create: bool,
) -> FirstLook:
    from ..store.reader import open_reads
    from ..store.settings_keys import MY_WORKER
    from ..ui.data import CaseloadData  # plain view models: no Textual

    if prepare is not None:
        prepare()
    reads = open_reads(url, create=create)
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
