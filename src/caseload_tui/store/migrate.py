"""Bring a database to the newest schema with the Alembic scripts shipped in this package."""

from __future__ import annotations

from pathlib import Path

from alembic import command
from alembic.config import Config
from sqlalchemy import Engine

from .connection import WRITE

MIGRATIONS = Path(__file__).parent / "migrations"
HEAD = "head"


def alembic_config(engine: Engine) -> Config:
    """An Alembic config with no ini file: the scripts live next to this module."""
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    config.attributes["engine"] = engine
    return config


def upgrade(engine: Engine, revision: str = HEAD) -> None:
    """Apply every migration up to ``revision``, in one transaction holding the write lock.

    Two copies of the app starting at once cannot both migrate: the second waits, then finds
    nothing to do.
    """
    config = alembic_config(engine)
    with engine.connect().execution_options(**{WRITE: True}) as connection:
        config.attributes["connection"] = connection
        command.upgrade(config, revision)
        connection.commit()
