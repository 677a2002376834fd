"""Opening the terminal app on a database."""

from __future__ import annotations

import argparse
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from .common import CommandError, database_url, open_database, table_in_force, today_from

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

    opened: list[Store] = []
    worker, team = getattr(args, "worker", None), getattr(args, "team", None)

    def opener() -> tuple[CaseloadData, str | None]:
        """Run by the app after its first paint, in a thread."""
        from ..store.store import MY_WORKER, open_store

        if prepare is not None:
            prepare()
        store = open_store(database_url(db)) if db is not None else open_database(args)
        opened.append(store)
        table = table_in_force(args, store)
        if worker and store.worker(worker) is None:
            raise CommandError(f"no worker with id {worker!r}")
        if team is not None and team not in {t.name for t in store.teams()}:
            raise CommandError(f"no team {team!r}; teams: {', '.join(t.name for t in store.teams())}")
        return CaseloadData(store, table), store.get_setting(MY_WORKER)

    keymap, problems = load_keymap(keys_file())
    app = CaseloadApp(None, today_from(args), worker, keymap, problems, team, opener=opener)
    try:
        app.run()
    finally:
        for store in opened:
            store.close()
    return app.return_code or 0
