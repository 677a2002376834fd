"""Bring a database to the newest schema with the Alembic scripts shipped in this package."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from sqlalchemy import Engine, text
from sqlalchemy.exc import DatabaseError

from .connection import WRITE
from .constants import LATEST_REVISION

if TYPE_CHECKING:
    from alembic.config import Config

MIGRATIONS = Path(__file__).parent / "migrations"
HEAD = "head"


def current_revision(engine: Engine) -> str | None:
    """The database's schema revision, or None for a new or unmigrated database."""
    try:
        with engine.connect() as connection:
            return connection.execute(text("select version_num from alembic_version")).scalar()
    except DatabaseError:
        return None


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
    if revision == HEAD and current_revision(engine) == LATEST_REVISION:
        return
    from alembic import command

    config = alembic_config(engine)
    with engine.connect().execution_options(**{WRITE: True}) as connection:
        config.attributes["connection"] = connection
        command.upgrade(config, revision)
        connection.commit()
