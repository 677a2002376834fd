"""The same CSV files, imported into a SQLite file and into PostgreSQL, give the same answers:
``caseload due --all --format json`` byte for byte, the caseloads, the team report, the facts
the engine is given, and the app's My week."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from caseload_tui.cli import main
from caseload_tui.services.catalogue import open_table
from caseload_tui.services.workspace import Workspace
from caseload_tui.store.store import open_store
from tests.cli.test_data import CHILDREN, EVENTS, EXAMPLES, WORKERS
from tests.databases import Server, key_of
from tests.rule_scenarios import CHILD_HEADER, EVENT_HEADER, WORKER, scenario_for

TODAY = date(2027, 3, 15)


def _files(folder: Path) -> list[tuple[str, Path, list[str]]]:
    """(kind, file, extra options) to import in turn: the test files of tests.cli.test_data, the
    Mosaic-style examples with their mappings, and a child for every Herefordshire rule."""
    table = open_table("herefordshire")
    scenarios = [
        (f"R{number:03d}", s)
        for number, rule in enumerate((*table.rules, *table.warnings), start=1)
        if (s := scenario_for(rule, table, TODAY)) is not None
    ]
    texts = {
        "workers.csv": WORKERS + f"{WORKER},Test Worker,Social worker,Test team,1\n".replace(WORKER, "W900"),
        "children.csv": CHILDREN,
        "events.csv": EVENTS,
        "rule_workers.csv": f"worker_id,name,role,team,fte\n{WORKER}9,Rule Worker,Social worker,Rules,1\n",
        "rule_children.csv": "\n".join(
            [CHILD_HEADER, *(s.child_csv(c).replace(f",{WORKER},", f",{WORKER}9,") for c, s in scenarios)]
        ) + "\n",
        "rule_events.csv": "\n".join([EVENT_HEADER, *(r for c, s in scenarios for r in s.events_csv(c))]) + "\n",
    }  # fmt: skip
    for name, text in texts.items():
        (folder / name).write_text(text, encoding="utf-8")
    mapped = [
        ("children", EXAMPLES / "mosaic_children.csv", ["--map", str(EXAMPLES / "mosaic_children.toml")]),
        ("events", EXAMPLES / "mosaic_events.csv", ["--map", str(EXAMPLES / "mosaic_events.toml")]),
    ]
    return [
        ("workers", folder / "workers.csv", []),
        ("children", folder / "children.csv", []),
        ("events", folder / "events.csv", []),
        *mapped,
        ("workers", folder / "rule_workers.csv", []),
        ("children", folder / "rule_children.csv", []),
        ("events", folder / "rule_events.csv", []),
    ]


def _answers(
    db: str, files: list[tuple[str, Path, list[str]]], capsys: pytest.CaptureFixture[str]
) -> list[str]:
    today = f"{TODAY:%d/%m/%Y}"
    for kind, path, options in files:
        assert main(["import", kind, str(path), *options, "--db", db, "--today", today]) == 0
    capsys.readouterr()
    said = []
    for command in (
        ["due", "--all", "--format", "json", "--names"],
        ["due", "--format", "csv"],
        ["due", "--team", "Rules", "--all", "--format", "json"],
        ["caseload", "--format", "json"],
        ["team-report", "--team", "North", "--format", "csv"],
    ):
        assert main(["--db", db, "--today", today, *command]) == 0
        said.append(capsys.readouterr().out)
    return said


def test_sqlite_and_postgresql_give_the_same_answers(
    tmp_path: Path, postgres_server: Server, capsys: pytest.CaptureFixture[str]
) -> None:
    files = _files(tmp_path)
    sqlite = str(tmp_path / "caseload.db")
    with postgres_server.database() as postgresql:
        on_sqlite, on_postgresql = _answers(sqlite, files, capsys), _answers(postgresql, files, capsys)
        assert '"rule"' in on_sqlite[0] and len(on_sqlite[0]) > 10_000  # a real answer, not "nothing due"
        for command, (a, b) in enumerate(zip(on_sqlite, on_postgresql, strict=True)):
            assert a == b, command
        stores = [
            open_store(url, create=False, key=key_of(url)) for url in (f"sqlite:///{sqlite}", postgresql)
        ]
        try:
            facts = [store.child_facts() for store in stores]
            assert facts[0] == facts[1]
            assert [(f.events, f.scheduled) for f in facts[0]] == [(f.events, f.scheduled) for f in facts[1]]
            assert stores[0].children(include_closed=True) == stores[1].children(include_closed=True)
            table = open_table("herefordshire")
            weeks = [
                Workspace(store, table).week(worker, TODAY) for store in stores for worker in ("W001", "W017")
            ]
            assert weeks[:2] == weeks[2:] and weeks[0].overdue  # the app's My week, the same
        finally:
            for store in stores:
                store.close()
