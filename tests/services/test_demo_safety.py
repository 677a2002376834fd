"""`caseload demo` writes only to a database it made itself, and rebuilds only when asked
(issue 13: `caseload demo --db PATH` used to replace a real database with the demo)."""

from __future__ import annotations

import sqlite3
from contextlib import closing
from datetime import date
from pathlib import Path

import pytest

from caseload_tui.cli import main
from caseload_tui.services.demo import build_demo
from tests.cli.test_data import count, imported


def test_demo_refuses_a_real_database(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    real = tmp_path / "case.db"
    imported(tmp_path, str(real))
    before = real.read_bytes()
    capsys.readouterr()
    for args in (["demo", "--db", str(real), "--print"], ["demo", "--db", str(real), "--print", "--rebuild"]):
        assert main(args) == 2
        err = capsys.readouterr().err
        assert "is not a demo database" in err and "nothing was changed" in err and err.count("\n") == 1
    assert real.read_bytes() == before and count(str(real), "children") == 4
    with pytest.raises(Exception, match="not a demo database"):
        build_demo(real, date(2026, 11, 23), None)
    assert real.read_bytes() == before


@pytest.mark.parametrize(
    "contents", [b"", b"notes\n", b"SQLite format 3\x00" + b"\x00" * 200], ids=["empty", "text", "header"]
)
def test_demo_refuses_any_other_file(
    tmp_path: Path, contents: bytes, capsys: pytest.CaptureFixture[str]
) -> None:
    other = tmp_path / "other.db"
    other.write_bytes(contents)
    assert main(["demo", "--db", str(other), "--print", "--rebuild"]) == 2
    assert "is not a demo database" in capsys.readouterr().err
    assert other.read_bytes() == contents


def test_demo_keeps_what_was_done_in_it_until_rebuild(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    demo = tmp_path / "demo.db"
    assert main(["demo", "--db", str(demo), "--today", "23/11/2026", "--print"]) == 0
    with closing(sqlite3.connect(demo)) as conn, conn:  # something done in the demo
        conn.execute(
            "UPDATE children SET given_name = 'Kept' WHERE child_id = (SELECT min(child_id) FROM children)"
        )
    capsys.readouterr()
    assert main(["demo", "--db", str(demo), "--today", "30/11/2026", "--print"]) == 0
    err = capsys.readouterr().err
    assert "building" not in err and "was built for 2026-11-23" in err and "--rebuild" in err
    with closing(sqlite3.connect(demo)) as conn:
        assert conn.execute("SELECT count(*) FROM children WHERE given_name = 'Kept'").fetchone()[0] == 1
    assert main(["demo", "--db", str(demo), "--today", "30/11/2026", "--print", "--rebuild"]) == 0
    assert "building the demo database" in capsys.readouterr().err
    with closing(sqlite3.connect(demo)) as conn:
        assert conn.execute("SELECT count(*) FROM children WHERE given_name = 'Kept'").fetchone()[0] == 0
        assert (
            conn.execute("SELECT value FROM settings WHERE key = 'demo_built_for'")
            .fetchone()[0]
            .startswith("2026-11-30")
        )
    assert sorted(p.name for p in tmp_path.iterdir()) == ["demo.db"]  # nothing left from the build
