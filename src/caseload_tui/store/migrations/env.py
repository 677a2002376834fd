"""Alembic environment: run on the connection :func:`caseload_tui.store.migrate.upgrade` passes in.

There is no alembic.ini: the store builds the Config in code, so the migrations ship inside the
package and run at start on the user's own database.
"""

from __future__ import annotations

from alembic import context
from sqlalchemy import Connection

connection = context.config.attributes.get("connection")
if not isinstance(connection, Connection):
    raise RuntimeError("run the migrations through caseload_tui.store.migrate, which passes a connection")

# render_as_batch: SQLite cannot ALTER most things, so future migrations copy-and-move tables
context.configure(connection=connection, render_as_batch=True)
with context.begin_transaction():
    context.run_migrations()
