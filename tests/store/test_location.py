"""Where the database is, and how its file and connections are set up."""

from __future__ import annotations

import stat
from pathlib import Path

import pytest
from sqlalchemy import text

from caseload_tui.store import Store, default_database_path, open_store, resolve_database_url
from caseload_tui.store.location import ENV_VAR


def test_cli_value_wins_over_environment(tmp_path: Path) -> None:
    url = resolve_database_url(str(tmp_path / "cli.db"), {ENV_VAR: str(tmp_path / "env.db")})
    assert url == f"sqlite:///{tmp_path / 'cli.db'}"


def test_environment_used_without_cli_value(tmp_path: Path) -> None:
    assert (
        resolve_database_url(None, {ENV_VAR: str(tmp_path / "env.db")}) == f"sqlite:///{tmp_path / 'env.db'}"
    )


def test_urls_pass_through_unchanged() -> None:
    url = "postgresql+psycopg://caseload@db.example/caseload"
    assert resolve_database_url(None, {ENV_VAR: url}) == url
    assert resolve_database_url("sqlite:///:memory:", {}) == "sqlite:///:memory:"


def test_relative_and_home_paths_are_made_absolute() -> None:
    url = resolve_database_url("~/cases.db", {})
    assert url.startswith("sqlite:////") and url.endswith("/cases.db") and "~" not in url
    assert resolve_database_url("rel.db", {}).startswith("sqlite:////")


def test_default_is_in_the_user_data_directory() -> None:
    assert resolve_database_url(None, {}) == f"sqlite:///{default_database_path()}"
    assert resolve_database_url("", {ENV_VAR: "  "}) == f"sqlite:///{default_database_path()}"
    assert "caseload-tui" in str(default_database_path())


def test_database_file_is_private(tmp_path: Path) -> None:
    path = tmp_path / "new" / "dir" / "caseload.db"
    opened = open_store(resolve_database_url(str(path), {}))
    opened.close()
    assert stat.S_IMODE(path.stat().st_mode) == 0o600


@pytest.mark.sqlite_only(reason="SQLite's own settings")
def test_every_connection_gets_the_pragmas(store: Store) -> None:
    with store.engine.connect() as conn:
        assert conn.execute(text("PRAGMA journal_mode")).scalar() == "wal"
        assert conn.execute(text("PRAGMA foreign_keys")).scalar() == 1
        assert conn.execute(text("PRAGMA busy_timeout")).scalar() == 10_000
