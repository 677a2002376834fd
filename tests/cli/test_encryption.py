"""Encrypted at rest (issue 14): no name in the database file, its -wal or a backup; a plain
database encrypted in place; the key changed; a wrong or missing key said in one line."""

from __future__ import annotations

import sqlite3
from contextlib import closing
from datetime import date
from pathlib import Path

import pytest

from caseload_tui.cli import main
from caseload_tui.services import keys
from caseload_tui.services.keys import PASSPHRASE_VAR, SERVICE, account
from caseload_tui.store.cipher import DatabaseKey, looks_plain
from caseload_tui.store.store import open_store
from tests.cli.test_data import count, imported
from tests.databases import plain_file
from tests.keystore import MemoryKeyring

NAME = "Zebedee"  # the given name of the child in children_csv below
TABLES = ("workers", "children", "events", "audit_log")


def one_line(capsys: pytest.CaptureFixture[str], *words: str) -> str:
    err = capsys.readouterr().err
    lines = [line for line in err.splitlines() if not line.startswith("warning:")]
    assert len(lines) == 1 and lines[0].startswith("caseload: ") and "Traceback" not in err, err
    for word in words:
        assert word in lines[0], (word, lines[0])
    return lines[0]


def names_in(*paths: Path) -> list[str]:
    """The files among ``paths`` whose bytes hold a child's name (in any of SQLite's encodings)."""
    found = []
    for path in paths:
        if path.exists():
            data = path.read_bytes()
            if any(NAME.encode(codec) in data for codec in ("utf-8", "utf-16-le", "utf-16-be")):
                found.append(path.name)
    return found


@pytest.fixture
def children_csv(tmp_path: Path) -> str:
    path = tmp_path / "named.csv"
    path.write_text(
        "child_id,given_name,family_name,date_of_birth,worker_id,allocated_on,plan_type,plan_start,"
        "placement_type,placement_start\n"
        f"C9,{NAME},Quixotic,01/02/2015,W001,01/01/2026,cin,01/01/2026,,\n"
    )
    return str(path)


def test_no_name_in_the_database_its_wal_or_a_backup(
    tmp_path: Path, children_csv: str, capsys: pytest.CaptureFixture[str]
) -> None:
    db = tmp_path / "case.db"
    imported(tmp_path, str(db))
    assert main(["import", "children", children_csv, "--db", str(db)]) == 0
    store = open_store(f"sqlite:///{db}", key=keys.database_key(f"sqlite:///{db}"))
    assert store.key is not None and store.key.raw  # a random key, from the credential store
    held = store.engine.connect()  # the -wal stays while a connection is open
    store.record_event("C9", "visit", date(2026, 2, 2), note=f"saw {NAME} at home")
    wal = db.with_name(db.name + "-wal")
    assert wal.exists() and wal.stat().st_size > 0
    assert names_in(db, wal) == []
    store.backup(tmp_path / "backup.db")
    held.close()
    store.close()
    assert names_in(db, wal, tmp_path / "backup.db") == []
    assert not looks_plain(db) and not looks_plain(tmp_path / "backup.db")
    # the same, made plain, would show it: the search is a real one
    plain = tmp_path / "plain.db"
    plain_file(plain)
    assert main(["import", "workers", str(tmp_path / "workers.csv"), "--db", str(plain)]) == 0
    assert main(["import", "children", children_csv, "--db", str(plain)]) == 0
    assert names_in(plain) == ["plain.db"]


def test_encrypt_keeps_every_row_and_leaves_no_plain_file(
    tmp_path: Path, children_csv: str, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    db = tmp_path / "case.db"
    plain_file(db)
    imported(tmp_path, str(db))
    assert main(["import", "children", children_csv, "--db", str(db)]) == 0
    before = {table: count(str(db), table) for table in TABLES}
    assert looks_plain(db) and names_in(db) == ["case.db"]
    monkeypatch.setenv(PASSPHRASE_VAR, "a long passphrase")
    capsys.readouterr()
    assert main(["encrypt", "--db", str(db)]) == 0
    out = capsys.readouterr().out
    assert "encrypted" in out and "your passphrase" in out
    assert not looks_plain(db) and names_in(db) == []
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(("case.db", ".case.db"))] == ["case.db"]
    assert {table: count(str(db), table) for table in TABLES} == before  # with the passphrase
    assert main(["due", "--db", str(db), "--today", "20/11/2026", "--names"]) == 0
    assert NAME in capsys.readouterr().out
    assert main(["encrypt", "--db", str(db)]) == 2  # once is enough
    one_line(capsys, "already encrypted")


def test_encrypt_with_a_credential_store_keeps_a_random_key_there(
    tmp_path: Path, credential_store: MemoryKeyring, capsys: pytest.CaptureFixture[str]
) -> None:
    db = tmp_path / "case.db"
    plain_file(db)
    imported(tmp_path, str(db))
    assert main(["encrypt", "--db", str(db)]) == 0
    assert "credential store" in capsys.readouterr().out
    secret = credential_store.get_password(SERVICE, account(db))
    assert secret is not None and len(bytes.fromhex(secret)) == 32
    assert count(str(db), "children") == 4


def test_encrypt_refuses_while_the_database_is_open(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    db = tmp_path / "case.db"
    plain_file(db)
    imported(tmp_path, str(db))
    before = db.read_bytes()
    monkeypatch.setenv(PASSPHRASE_VAR, "a long passphrase")
    with closing(sqlite3.connect(db)) as reader:
        reader.execute("BEGIN")
        reader.execute("SELECT count(*) FROM children").fetchone()  # holds a read lock
        capsys.readouterr()
        assert main(["encrypt", "--db", str(db)]) == 2
        one_line(capsys, "is open")
        reader.execute("ROLLBACK")
    assert looks_plain(db) and db.read_bytes() == before


def test_rekey_changes_the_passphrase(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    db = tmp_path / "case.db"
    monkeypatch.setenv(PASSPHRASE_VAR, "the old passphrase")
    imported(tmp_path, str(db))  # a new database, with the passphrase (there is a store, but it is not used)
    answers = iter(["the new passphrase", "the new passphrase"])
    monkeypatch.setattr("caseload_tui.cli.security.ask_passphrase", lambda question: next(answers))
    capsys.readouterr()
    assert main(["rekey", "--db", str(db)]) == 0
    assert "your passphrase" in capsys.readouterr().out
    assert main(["due", "--db", str(db)]) == 2  # the old one no longer opens it
    one_line(capsys, "wrong passphrase")
    monkeypatch.setenv(PASSPHRASE_VAR, "the new passphrase")
    assert count(str(db), "children") == 4


def test_rekey_of_a_key_in_the_credential_store_rotates_it(
    tmp_path: Path, credential_store: MemoryKeyring, capsys: pytest.CaptureFixture[str]
) -> None:
    db = tmp_path / "case.db"
    imported(tmp_path, str(db))
    old = credential_store.get_password(SERVICE, account(db))
    assert main(["rekey", "--db", str(db)]) == 0
    new = credential_store.get_password(SERVICE, account(db))
    assert old and new and new != old
    assert count(str(db), "children") == 4
    with pytest.raises(Exception, match="does not open it"):
        open_store(f"sqlite:///{db}", key=DatabaseKey(old, raw=True), create=False)


def test_a_wrong_passphrase_is_one_line_and_exit_2(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    db = tmp_path / "case.db"
    monkeypatch.setenv(PASSPHRASE_VAR, "the right passphrase")
    imported(tmp_path, str(db))
    before = db.read_bytes()
    monkeypatch.setenv(PASSPHRASE_VAR, "a wrong passphrase")
    capsys.readouterr()
    for args in (["due", "--db", str(db)], ["import", "workers", str(tmp_path / "workers.csv"), "--db", str(db)],
                 ["backup", str(tmp_path / "b.db"), "--db", str(db)]):  # fmt: skip
        assert main(args) == 2, args
        one_line(capsys, str(db), "wrong passphrase")
    assert db.read_bytes() == before and not (tmp_path / "b.db").exists()


def test_a_missing_key_is_one_line_and_exit_2_and_never_a_new_database(
    tmp_path: Path, credential_store: MemoryKeyring, capsys: pytest.CaptureFixture[str]
) -> None:
    db = tmp_path / "case.db"
    imported(tmp_path, str(db))
    credential_store.passwords.clear()  # the key is gone (another computer, another user)
    before = db.read_bytes()
    capsys.readouterr()
    for args in (
        ["due", "--db", str(db)],
        ["import", "workers", str(tmp_path / "workers.csv"), "--db", str(db)],
    ):
        assert main(args) == 2, args
        one_line(capsys, str(db), "no key was given")
    assert db.read_bytes() == before
    assert sorted(p.name for p in tmp_path.iterdir() if p.name.startswith("case.db")) == ["case.db"]


def test_a_new_database_without_any_way_to_keep_a_key_is_refused(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    import keyring
    from keyring.backends import fail

    keyring.set_keyring(fail.Keyring())  # no credential store, no passphrase, no terminal
    assert main(["import", "workers", str(_workers(tmp_path)), "--db", str(tmp_path / "new.db")]) == 2
    one_line(capsys, "no credential store", "passphrase")
    assert not (tmp_path / "new.db").exists()


def test_the_demo_stays_plain(tmp_path: Path) -> None:
    demo = tmp_path / "demo.db"
    assert main(["demo", "--db", str(demo), "--today", "23/11/2026", "--print"]) == 0
    assert looks_plain(demo)


def _workers(tmp_path: Path) -> Path:
    path = tmp_path / "workers.csv"
    path.write_text("worker_id,name,role,team,fte\nW1,Ann,SW,East,1\n")
    return path


def test_a_passphrase_is_derived_once_per_process_as_sqlcipher_derives_it(tmp_path: Path) -> None:
    """Each connection after the first is keyed with the key SQLCipher itself derives from the
    passphrase (PBKDF2-HMAC-SHA512, 256,000 iterations, the file's salt): so it must be that key."""
    from caseload_tui.store import cipher

    db = tmp_path / "p.db"
    key = DatabaseKey.passphrase("it's a passphrase")
    with closing(cipher.connect(db, key)) as conn:  # a new file: SQLCipher derives, and salts
        conn.execute("CREATE TABLE t (x)")
        conn.execute("INSERT INTO t VALUES ('kept')")
        conn.commit()
    assert cipher._derived(key, db) is None  # the first time: SQLCipher derives it, and a thread too
    derived = cipher._derived(key, db)
    assert derived is not None and len(derived) == 96 and derived.endswith(db.read_bytes()[:16].hex())
    with closing(cipher.connect(db, DatabaseKey(derived, raw=True))) as conn:
        assert conn.execute("SELECT x FROM t").fetchall() == [("kept",)]
    with closing(cipher.connect(db, key)) as conn:
        assert conn.execute("SELECT x FROM t").fetchall() == [("kept",)]
    assert not cipher._Derivation.off


def test_idle_lock_minutes_are_shown_and_set(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    demo = tmp_path / "demo.db"
    assert main(["demo", "--db", str(demo), "--today", "23/11/2026", "--print"]) == 0
    capsys.readouterr()
    assert main(["idle-lock", "--db", str(demo)]) == 0
    assert "locks after 5 idle minutes" in capsys.readouterr().out
    assert main(["idle-lock", "1", "--db", str(demo)]) == 0
    assert main(["idle-lock", "--db", str(demo)]) == 0
    assert "locks after 1 idle minute " in capsys.readouterr().out.splitlines()[-1] + " "
    assert main(["idle-lock", "0", "--db", str(demo)]) == 0
    assert "never locks" in capsys.readouterr().out
    with pytest.raises(SystemExit):
        main(["idle-lock", "forever", "--db", str(demo)])


def test_an_encrypted_demo_without_its_passphrase_says_so(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    demo = tmp_path / "demo.db"
    assert main(["demo", "--db", str(demo), "--today", "23/11/2026", "--print"]) == 0
    monkeypatch.setenv(PASSPHRASE_VAR, "the demo's passphrase")
    assert main(["encrypt", "--db", str(demo)]) == 0
    monkeypatch.setenv(PASSPHRASE_VAR, "not the passphrase")
    capsys.readouterr()
    assert main(["demo", "--db", str(demo), "--today", "23/11/2026", "--print"]) == 2
    one_line(capsys, "passphrase does not open it")
    monkeypatch.delenv(PASSPHRASE_VAR)
    assert main(["demo", "--db", str(demo), "--today", "23/11/2026", "--print"]) == 2
    one_line(capsys, "is not a demo database", "if it is a demo you encrypted")
    monkeypatch.setenv(PASSPHRASE_VAR, "the demo's passphrase")
    assert main(["demo", "--db", str(demo), "--today", "23/11/2026", "--print"]) == 0
