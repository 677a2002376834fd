"""Opening the terminal app on a database."""

from __future__ import annotations

import argparse
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from .common import CommandError, database_url, database_url_of, table_in_force, today_from

if TYPE_CHECKING:
    from ..store.store import Store


def launch_app(
    args: argparse.Namespace, db: Path | None = None, prepare: Callable[[], None] | None = None
) -> int:
    """Open the app (on ``db`` if given, else ``--db`` / ``CASELOAD_DB`` / the default).

    The database is opened after the app's first paint (``prepare`` runs first, e.g. building the
    demo database), so the app shows itself at once.
    """
    from ..ui.actions import load_keymap
    from ..ui.app import CaseloadApp, keys_file
    from ..ui.data import CaseloadData

    opened: list[CaseloadData] = []
    worker, team = getattr(args, "worker", None), getattr(args, "team", None)
    url = database_url(db) if db is not None else database_url_of(args)

    def opener() -> tuple[CaseloadData, str | None]:
        """Run by the app after its first paint, in a thread."""
        from ..store.reader import open_reads
        from ..store.settings_keys import MY_WORKER

        if prepare is not None:
            prepare()
        reads = open_reads(url)  # the database layer loads later, for the first write

        def open_writer() -> Store:
            from ..store.store import open_store

            return open_store(url)

        data = CaseloadData(reads, table_in_force(args, reads), open_writer)
        opened.append(data)
        if worker and reads.worker(worker) is None:
            raise CommandError(f"no worker with id {worker!r}")
        if team is not None and team not in {t.name for t in reads.teams()}:
            raise CommandError(f"no team {team!r}; teams: {', '.join(t.name for t in reads.teams())}")
        return data, reads.get_setting(MY_WORKER)

    keymap, problems = load_keymap(keys_file())
    app = CaseloadApp(None, today_from(args), worker, keymap, problems, team, opener=opener)
    try:
        app.run()
    finally:
        for data in opened:
            data.close()
    return app.return_code or 0
