"""Opening the terminal app on a database."""

from __future__ import annotations

import argparse
from pathlib import Path

from .common import CommandError, open_database, table_in_force, today_from


def launch_app(args: argparse.Namespace, db: Path | None = None) -> int:
    """Open the app (on ``db`` if given, else ``--db`` / ``CASELOAD_DB`` / the default)."""
    from ..store.location import resolve_database_url
    from ..store.store import MY_WORKER, open_store
    from ..ui.actions import load_keymap
    from ..ui.app import CaseloadApp, keys_file
    from ..ui.data import CaseloadData

    store = open_store(resolve_database_url(str(db), {})) if db is not None else open_database(args)
    try:
        table = table_in_force(args, store)
        worker_id = getattr(args, "worker", None) or store.get_setting(MY_WORKER)
        if getattr(args, "worker", None) and store.worker(args.worker) is None:
            raise CommandError(f"no worker with id {args.worker!r}")
        keymap, problems = load_keymap(keys_file())
        app = CaseloadApp(CaseloadData(store, table), today_from(args), worker_id, keymap, problems)
        app.run()
    finally:
        store.close()
    return 0
