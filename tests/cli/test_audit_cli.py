"""``caseload audit``, ``audit verify`` and ``audit erase`` (issue 14), on SQLite and PostgreSQL:
changes as field diffs and views, tampering found with a non-zero exit, lists with names
recorded as printed or exported, an erasure that keeps the chain, bad input refused (exit 2),
and database text made inert before it reaches a terminal."""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import text

from caseload_tui.cli import main
from caseload_tui.services.audit import one_line
from caseload_tui.store import open_store
from tests.databases import demo_database

TODAY = date(2026, 11, 23)
CHILD = "C900001"


@pytest.fixture
def demo(database: str, tmp_path: Path, request: pytest.FixtureRequest) -> Iterator[str]:
    """A fresh demo team for each test (they write to it), in a SQLite file or on PostgreSQL."""
    server = request.getfixturevalue("postgres_server") if database == "postgresql" else None
    with demo_database(database, tmp_path, server, TODAY) as db:
        yield db


def _sql(db: str, statement: str) -> None:
    store = open_store(db if "://" in db else f"sqlite:///{db}")
    with store.engine.begin() as conn:
        conn.execute(text(statement))
    store.close()


def test_the_log_lists_changes_as_field_diffs_and_views(
    demo: str, capsys: pytest.CaptureFixture[str]
) -> None:
    base = ["--db", demo, "--today", "23/11/2026"]
    assert main(["due", *base, "--worker", "W002"]) == 0  # a table names children: printed
    capsys.readouterr()
    assert main(["audit", *base, "--format", "json"]) == 0
    printed = json.loads(capsys.readouterr().out)[0]
    assert printed["action"] == "print" and printed["worker"] == "W002" and printed["os_user"]
    child = printed["key"]
    assert main(["audit", "--child", child, *base, "--format", "json"]) == 0
    rows = json.loads(capsys.readouterr().out)
    assert rows[0]["action"] == "print" and rows[0]["details"] == "due list with names (table)"
    added = next(r for r in rows if r["action"] == "insert" and r["table"] == "children")
    assert any(c["field"] == "given_name" and c["before"] is None and c["after"] for c in added["changes"])
    assert main(["audit", *base, "--since", "today", "--child", child]) == 0
    table = capsys.readouterr().out
    assert table.splitlines()[0].split() == ["When", "Who", "What", "Record", "Details"]
    assert f"printed  child {child}" in table and "W002 (" in table
    assert main(["audit", "verify", *base]) == 0
    assert "audit log intact" in capsys.readouterr().out


def test_verify_names_the_row_edited_deleted_or_slipped_in(
    demo: str, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["audit", "verify", "--db", demo]) == 0
    noted = capsys.readouterr().out.split("--last ")[1].split("`")[0]
    _sql(demo, "UPDATE audit_log SET row_key = 'C999999' WHERE id = 12")
    assert main(["audit", "verify", "--db", demo]) == 1
    assert "row 12 does not fit" in capsys.readouterr().err
    _sql(demo, "DELETE FROM audit_log WHERE id = 12")
    assert main(["audit", "verify", "--db", demo]) == 1
    assert "row 13 does not fit" in capsys.readouterr().err
    assert main(["audit", "verify", "--db", demo, "--last", noted]) == 1


def test_an_erasure_is_authorised_audited_and_keeps_the_chain(
    demo: str, capsys: pytest.CaptureFixture[str]
) -> None:
    _sql(demo, "UPDATE children SET given_name = 'Noa' WHERE child_id = 'C900001'")  # not audited: a fixture
    base = ["audit", "erase", "--child", CHILD, "--db", demo]
    assert main([*base, "--field", "name", "--by", "DPO", "--reason", "misspelt, corrected"]) == 0
    assert "from 1 audit rows" in capsys.readouterr().out
    assert main(["audit", "verify", "--db", demo]) == 0
    assert main(["audit", "--db", demo, "--child", CHILD]) == 0
    out = capsys.readouterr().out
    assert "erased from the log" in out and "given name: (none) → [erased]" in out
    assert "→ Noah;" not in out and "family name: (none) → Example" in out  # the record's own kept
    assert main([*base, "--field", "surname", "--by", "DPO", "--reason", "x"]) == 2
    assert "--field 'surname': use one of name" in capsys.readouterr().err


def test_bad_input_is_refused_with_a_message(demo: str, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["audit", "--db", demo, "--since", "31/02/2026"]) == 2
    assert "--since" in capsys.readouterr().err
    assert main(["audit", "--db", demo, "--child", "NOBODY"]) == 2
    assert "no such child" in capsys.readouterr().err
    assert main(["audit", "verify", "--db", demo, "--last", "12"]) == 2


def test_text_from_the_database_is_made_inert(demo: str, capsys: pytest.CaptureFixture[str]) -> None:
    assert one_line("Noah\x1b]0;owned\x07\x1b[2J\u202e\nnext") == "Noah␛]0;owned␇␛[2J\\u202e next"
    assert one_line("Zoë Ó'Brien") == "Zoë Ó'Brien"
    _sql(demo, "UPDATE audit_log SET os_user = 'x\x1b[2J' WHERE id = 3")  # breaks the chain too
    for fmt in ("table", "csv", "json"):
        assert main(["audit", "--db", demo, "--format", fmt]) == 0
        out = capsys.readouterr().out
        shown = json.dumps("x␛[2J", ensure_ascii=False)[1:-1]
        assert "\x1b" not in out and shown in out
