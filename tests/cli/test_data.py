"""The headless commands end to end: import, due, caseload, export, backup, demo."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from icalendar import Calendar

from caseload_tui.cli import main
from tests.databases import count_rows, key_of, load_demo

EXAMPLES = Path(__file__).resolve().parents[2] / "src" / "caseload_tui" / "importing" / "examples"

WORKERS = """worker_id,name,role,team,fte
W001,Sarah Collins,Social worker,East,1.0
W002,Tom Pritchard,Social worker,East,0.5
W017,Kwame Mensah,Social worker,North,0.8
W022,Laura Bennett,Social worker,North,1.0
W031,Ian Fletcher,Senior social worker,North,1.0
"""
CHILDREN = """child_id,given_name,family_name,date_of_birth,worker_id,allocated_on,plan_type,plan_start,placement_type,placement_start
C1,Amelia,Smith,05/05/2015,W001,02/11/2026,cp,02/11/2026,,
C2,Oliver,Jones,12/01/2012,W001,01/06/2026,cla,01/06/2026,foster,01/06/2026
C3,Isla,Taylor,2019-03-03,W002,2026-10-01,cin,2026-10-01,,
C4,George,Brown,03/03/10,,,cin,01/10/2026,,
"""
EVENTS = """child_id,kind,date,seen_alone,unannounced
C1,visit,04/11/2026,yes,no
C1,visit,16/11/2026,no,yes
C3,visit,05/10/2026,,
C2,cla_review,25/06/2026,,
"""


def write(tmp_path: Path, name: str, text: str) -> str:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return str(path)


def imported(tmp_path: Path, db: str) -> None:
    for kind, text in (("workers", WORKERS), ("children", CHILDREN), ("events", EVENTS)):
        assert (
            main(["import", kind, write(tmp_path, f"{kind}.csv", text), "--db", db, "--today", "20/11/2026"])
            == 0
        )


def count(db: str, table: str) -> int:
    return count_rows(db, table)


def test_import_then_due_as_json(tmp_path: Path, db: str, capsys: pytest.CaptureFixture[str]) -> None:
    imported(tmp_path, db)
    out = capsys.readouterr().out
    assert "4 children rows imported: 4 new" in out
    assert main(["due", "--db", db, "--today", "20/11/2026", "--format", "json", "--all"]) == 0
    rows = json.loads(capsys.readouterr().out)
    assert {"child_id", "worker_id", "kind", "due", "status", "rule", "explanation"} <= rows[0].keys()
    c1 = next(r for r in rows if r["child_id"] == "C1" and r["kind"] == "visit")
    # last CP visit Mon 16 Nov 2026 + 10 working days = Mon 30 Nov
    assert (c1["due"], c1["rule"], c1["status"]) == ("2026-11-30", "H-VISIT-CP", "upcoming")
    assert "child_name" not in c1
    assert all(r["worker_id"] is None for r in rows if r["child_id"] == "C4")


def test_due_filters_and_readable_table(tmp_path: Path, db: str, capsys: pytest.CaptureFixture[str]) -> None:
    imported(tmp_path, db)
    capsys.readouterr()
    assert main(["due", "--db", db, "--today", "20/11/2026", "--worker", "W002", "--within", "14"]) == 0
    out = capsys.readouterr().out
    assert "Isla Taylor (C3)" in out and "Amelia" not in out and "Tom Pritchard" in out
    assert main(["due", "--db", db, "--worker", "W999"]) == 2
    assert "no worker with id 'W999'" in capsys.readouterr().err


def test_caseload_against_the_target(tmp_path: Path, db: str, capsys: pytest.CaptureFixture[str]) -> None:
    imported(tmp_path, db)
    capsys.readouterr()
    assert main(["caseload", "--db", db, "--format", "json"]) == 0
    rows = {r["worker_id"]: r for r in json.loads(capsys.readouterr().out)}
    assert (rows["W001"]["children"], rows["W001"]["target"], rows["W001"]["over_by"]) == (2, 18, -16)
    assert (rows["W002"]["children"], rows["W002"]["target"]) == (1, 9)
    assert main(["caseload", "--db", db, "--team", "North"]) == 0
    assert "Kwame Mensah" in capsys.readouterr().out


def test_a_bad_file_lists_every_problem_and_writes_nothing(
    tmp_path: Path, db: str, capsys: pytest.CaptureFixture[str]
) -> None:
    imported(tmp_path, db)
    before = count(db, "children")
    bad = CHILDREN.replace("05/05/2015", "31/02/2015").replace("cp,02/11/2026", "child_protection,02/11/2026")
    bad += "C9,Ivy,Hall,12/31/2016,W001,01/11/2026,cin,01/11/2026,,\n"
    assert main(["import", "children", write(tmp_path, "bad.csv", bad), "--db", db]) == 1
    err = capsys.readouterr().err
    assert "bad.csv:2:" in err and "31/02/2015" in err
    assert "child_protection" in err
    assert "bad.csv:6:" in err and "12/31/2016" in err
    assert "nothing was written" in err
    assert count(db, "children") == before


def test_dry_run_and_reimport_update_instead_of_duplicating(
    tmp_path: Path, db: str, capsys: pytest.CaptureFixture[str]
) -> None:
    imported(tmp_path, db)
    capsys.readouterr()
    moved = CHILDREN.replace("C3,Isla,Taylor,2019-03-03,W002", "C3,Isla,Taylor,2019-03-03,W001")
    path = write(tmp_path, "children2.csv", moved)
    assert main(["import", "children", path, "--db", db, "--dry-run"]) == 0
    assert "nothing written (--dry-run)" in capsys.readouterr().out
    assert main(["import", "children", path, "--db", db]) == 0
    assert "0 new, 1 updated, 3 unchanged" in capsys.readouterr().out
    assert count(db, "children") == 4


def test_events_for_unknown_children_write_nothing(
    tmp_path: Path, db: str, capsys: pytest.CaptureFixture[str]
) -> None:
    imported(tmp_path, db)
    before = count(db, "events")
    path = write(
        tmp_path,
        "more.csv",
        "child_id,kind,date,seen_alone,unannounced\nC1,visit,18/11/2026,yes,no\nZZ9,visit,18/11/2026,,\n",
    )
    assert main(["import", "events", path, "--db", db, "--today", "20/11/2026"]) == 1
    assert "ZZ9" in capsys.readouterr().err
    assert count(db, "events") == before


def test_an_export_with_a_mapping_imports_without_hand_editing(
    tmp_path: Path, db: str, capsys: pytest.CaptureFixture[str]
) -> None:
    imported(tmp_path, db)
    children, events = EXAMPLES / "mosaic_children.csv", EXAMPLES / "mosaic_events.csv"
    assert (
        main(
            ["import", "children", str(children), "--map", str(EXAMPLES / "mosaic_children.toml"), "--db", db]
        )
        == 0
    )
    assert (
        main(["import", "events", str(events), "--map", str(EXAMPLES / "mosaic_events.toml"), "--db", db])
        == 0
    )
    capsys.readouterr()
    assert main(["due", "--db", db, "--worker", "W017", "--today", "01/05/2026", "--format", "json"]) == 0
    rows = json.loads(capsys.readouterr().out)
    assert {r["child_id"] for r in rows} >= {"P100201", "P100202"}


def test_export_ics_backup_and_environment_variable(
    tmp_path: Path,
    db: str,
    database: str,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    imported(tmp_path, db)
    monkeypatch.setenv("CASELOAD_DB", db)  # no --db: the environment names the database
    ics = tmp_path / "visits.ics"
    assert main(["export", "ics", "--worker", "W001", "--today", "20/11/2026", str(ics)]) == 0
    summaries = {str(e["summary"]) for e in Calendar.from_ical(ics.read_bytes()).walk("VEVENT")}
    assert "Visit due by: C1" in summaries
    copy = tmp_path / "copy.db"
    if database == "postgresql":  # a server has its own backups: said plainly
        assert main(["backup", str(copy)]) == 2 and main(["restore", str(copy)]) == 2
        err = capsys.readouterr().err
        assert "(pg_dump)" in err and "(pg_restore)" in err and not copy.exists()
        return
    assert main(["backup", str(copy)]) == 0
    assert count(str(copy), "children") == 4
    assert main(["backup", str(copy)]) == 2  # never overwrites
    assert "already exists" in capsys.readouterr().err


def test_demo_builds_once_per_day_and_lists_what_is_due(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    demo_db = tmp_path / "demo.db"
    assert main(["demo", "--db", str(demo_db), "--today", "23/11/2026", "--print"]) == 0
    captured = capsys.readouterr()
    assert "building the demo database" in captured.err
    assert "Demo team (synthetic data)" in captured.out and "overdue" in captured.out
    assert count(str(demo_db), "children") == 141 and count(str(demo_db), "workers") == 8
    assert main(["demo", "--db", str(demo_db), "--today", "23/11/2026", "--print"]) == 0
    assert "building" not in capsys.readouterr().err


def test_splitting_the_evaluation_over_two_processes_changes_nothing(db_url: str) -> None:
    from datetime import date

    from caseload_tui.services.catalogue import open_table
    from caseload_tui.services.due import due_and_gaps, keep_all
    from caseload_tui.store.store import open_store

    table, today = open_table("herefordshire"), date(2026, 11, 23)
    load_demo(db_url, today)
    store = open_store(db_url, key=key_of(db_url))
    whole = due_and_gaps(store, table, today, None, None, keep_all, split_from=10**9)
    split = due_and_gaps(store, table, today, None, None, keep_all, split_from=1)  # a second process
    store.close()
    assert sorted(whole[0]) == sorted(split[0]) and len(whole[0]) > 500
    assert sorted(whole[1]) == sorted(split[1])
