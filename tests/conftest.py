"""For every test: the user's own folders are out of reach."""

from __future__ import annotations

from collections.abc import Iterator

import pytest


@pytest.fixture(autouse=True, scope="session")
def _user_folders(tmp_path_factory: pytest.TempPathFactory) -> Iterator[None]:
    """Config, data and cache folders (keys.toml, the demo database, the bank-holiday cache) in a
    temporary folder, for this process and any it starts."""
    base = tmp_path_factory.mktemp("user-folders")
    with pytest.MonkeyPatch.context() as patch:
        for name in ("XDG_CACHE_HOME", "XDG_CONFIG_HOME", "XDG_DATA_HOME"):
            patch.setenv(name, str(base / name.lower()))
        yield
