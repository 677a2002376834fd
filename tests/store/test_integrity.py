"""A damaged database is said to be damaged, with the way to restore, and never written to
(issue 13). The check runs before the first write to a database opened after an unclean close,
and before every import; a cleanly closed database opens without it (it costs a read of every
page), and reads never wait for it."""

from __future__ import annotations

from pathlib import Path

import pytest

import caseload_tui.store.store as store_module
from caseload_tui.store import Store, open_store
from caseload_tui.store.check import DatabaseProblem

pytestmark = pytest.mark.sqlite_only(reason="SQLite's quick check of a damaged file, and its -wal file")


def _damage(path: Path) -> bytes:
    size = path.stat().st_size
    with path.open("r+b") as file:
        file.seek(size // 2 // 4096 * 4096)
        file.write(b"\x5a" * 4096 * 2)
    return path.read_bytes()


def test_a_damaged_database_left_by_an_unclean_close_is_refused(
    loaded: Store, tmp_path: Path, db_url: str
) -> None:
    db = tmp_path / "caseload.db"
    loaded.close()
    damaged = _damage(db)
    Path(f"{db}-wal").touch()  # as a crash leaves it: the last close was not recorded
    store = open_store(db_url)  # reads do not wait for the check; the first write does
    with pytest.raises(DatabaseProblem, match="is damaged") as refused:
        store.set_setting("anything", "at all")
    store.close()
    assert f"caseload restore BACKUP --db {db}" in str(refused.value)
    assert db.read_bytes() == damaged


def test_an_import_always_checks_first(loaded: Store, tmp_path: Path, db_url: str) -> None:
    db = tmp_path / "caseload.db"
    loaded.close()
    damaged = _damage(db)
    open_store(db_url).close()  # closed cleanly last time: opened without the check
    with pytest.raises(DatabaseProblem, match="is damaged"):
        open_store(db_url, verify=True)
    assert db.read_bytes() == damaged


def test_the_check_runs_only_after_an_unclean_close(
    loaded: Store, tmp_path: Path, db_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    checked: list[Path] = []
    monkeypatch.setattr(store_module, "check_integrity", lambda path, **_: checked.append(path))
    loaded.close()
    clean = open_store(db_url)
    clean.set_setting("written", "without a check")
    clean.close()
    assert checked == []
    Path(f"{tmp_path / 'caseload.db'}-wal").touch()
    unclean = open_store(db_url)
    unclean.children()  # reads do not wait for it
    assert checked == []
    unclean.set_setting("written", "after the check")  # the first write does
    unclean.set_setting("written", "once is enough")
    unclean.close()
    assert checked == [tmp_path / "caseload.db"]
