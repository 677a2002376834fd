"""``caseload team-report`` and ``caseload --team`` on the demo database."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest

from caseload_tui.cli import build_parser, main
from tests.databases import DATABASES, demo_database

TODAY = date(2026, 11, 23)


@pytest.fixture(
    scope="module", params=[name for name in DATABASES if name != "sqlcipher"]
)  # the demo is plain
def demo(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The demo team, in a SQLite file as ``caseload demo`` builds it, or on PostgreSQL."""
    server = request.getfixturevalue("postgres_server") if request.param == "postgresql" else None
    with demo_database(request.param, tmp_path_factory.mktemp("team"), server, TODAY) as db:
        yield db


def test_team_report_as_csv_text_and_html(
    demo: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    base = ["team-report", "--team", "Safeguarding East", "--db", demo, "--today", "23/11/2026"]
    assert main([*base, "--format", "csv", "-o", str(tmp_path / "t.csv")]) == 0
    rows = (tmp_path / "t.csv").read_text(encoding="utf-8").splitlines()
    assert len(rows) == 9 and rows[0].startswith("worker_id,name")
    assert main(base) == 0
    text = capsys.readouterr().out
    assert text.startswith("Safeguarding East: team report, Mon 23 Nov 2026")
    assert "137 children allocated, 4 unallocated" in text  # the examples included
    assert main([*base, "--format", "html", "-o", str(tmp_path / "t.html")]) == 0
    assert "<h1>Safeguarding East: team report" in (tmp_path / "t.html").read_text(encoding="utf-8")


def test_unknown_team_is_refused(demo: str, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["team-report", "--team", "Nowhere", "--db", demo]) == 2
    assert "no team 'Nowhere'; teams: Safeguarding East" in capsys.readouterr().err


def test_launch_takes_a_team() -> None:
    args = build_parser().parse_args(["--team", "Safeguarding East", "--today", "23/11/2026"])
    assert args.team == "Safeguarding East" and args.command is None
