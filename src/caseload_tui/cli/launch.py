"""Opening the terminal app on a database: one path on every OS.

The app paints its first frame at once; opening the database (and, for the demo, building it),
checking the worker or team asked for and working out the first week happen after that, in one
thread worker (``CaseloadApp.open_workspace``). A failure there ends the app with the same
one-line message the commands give, and exit status 2.
"""

from __future__ import annotations

import argparse
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from .common import database_url_of, today_from

if TYPE_CHECKING:
    from ..services.workspace import Workspace


def launch_app(
    args: argparse.Namespace, db: Path | None = None, prepare: Callable[[], None] | None = None
) -> int:
    """Open the app (on ``db`` if given, else ``--db`` / ``CASELOAD_DB`` / the default).

    ``prepare`` runs before the database is opened (e.g. building the demo database).
    """
    from ..services.keys import database_key
    from ..services.places import default_database_url
    from ..ui.actions import load_keymap
    from ..ui.app import CaseloadApp, keys_file

    url = database_url_of(args, db)
    # only the app's own database is made on first use: a --db that names nothing is a mistake
    create = url == default_database_url()
    authority = getattr(args, "authority", None)
    # the passphrase is asked for here, on the terminal, before the app takes the screen
    key = database_key(url, create=create)

    def opener() -> Workspace:
        """Run by the app after its first frame, in its thread worker."""
        from ..services.workspace import open_workspace

        if prepare is not None:
            prepare()
        return open_workspace(url, authority, create=create, key=key)

    keymap, problems = load_keymap(keys_file())
    worker, team = getattr(args, "worker", None), getattr(args, "team", None)
    app = CaseloadApp(opener, today_from(args), worker, keymap, problems, team)
    app.run()
    return app.return_code or 0
