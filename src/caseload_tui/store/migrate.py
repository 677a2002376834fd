"""Bring a database to the newest schema with the Alembic scripts shipped in this package."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from sqlalchemy import Engine, inspect, text

from .check import check_revision, not_caseload
from .connection import WRITE
from .constants import LATEST_REVISION

if TYPE_CHECKING:
    from alembic.config import Config

MIGRATIONS = Path(__file__).parent / "migrations"
HEAD = "head"


def current_revision(engine: Engine) -> str | None:
    """The database's schema revision, or None for a new database (one with no tables).

    Raises :class:`.DatabaseProblem` for a database holding other tables, or a newer schema.
    """
    where = engine.url.database if engine.dialect.name == "sqlite" else None
    shown = where or engine.url.render_as_string(hide_password=True)
    with engine.connect() as connection:
        found = inspect(connection)
        if not found.has_table("alembic_version"):
            if found.get_table_names():
                raise not_caseload(shown, "it has tables, but not caseload's")
            return None
        revision = connection.execute(text("select version_num from alembic_version")).scalar()
    if revision is None:
        raise not_caseload(shown, "its schema version is missing")
    check_revision(shown, str(revision))
    return str(revision)


def alembic_config(engine: Engine) -> Config:
    """An Alembic config with no ini file: the scripts live next to this module."""
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    config.attributes["engine"] = engine
    return config


def upgrade(engine: Engine, revision: str = HEAD) -> None:
    """Apply every migration up to ``revision``, in one transaction holding the write lock.

    Two copies of the app starting at once cannot both migrate: the second waits, then finds
    nothing to do.
    """
    if current_revision(engine) == LATEST_REVISION and revision == HEAD:
        return
    from alembic import command

    config = alembic_config(engine)
    with engine.connect().execution_options(**{WRITE: True}) as connection:
        config.attributes["connection"] = connection
        command.upgrade(config, revision)
        connection.commit()
