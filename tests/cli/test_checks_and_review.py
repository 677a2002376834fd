"""``--dry-run`` checks what the import checks, the database's workers and children included,
naming file and line; ``rules acknowledge`` records the owner's word that a table past its
review date is still current (issue 11), on SQLite and PostgreSQL."""

from __future__ import annotations

from pathlib import Path

import pytest

from caseload_tui.cli import main
from tests.cli.test_data import CHILDREN, EVENTS, WORKERS, write
from tests.databases import count_rows

TODAY = "20/11/2026"


def _workers(tmp_path: Path, db: str) -> None:
    assert (
        main(["import", "workers", write(tmp_path, "workers.csv", WORKERS), "--db", db, "--today", TODAY])
        == 0
    )


def test_dry_run_names_each_row_with_an_unknown_worker_or_child(
    tmp_path: Path, db: str, capsys: pytest.CaptureFixture[str]
) -> None:
    _workers(tmp_path, db)
    children = write(
        tmp_path,
        "children.csv",
        CHILDREN.replace("C3,Isla,Taylor,2019-03-03,W002", "C3,Isla,Taylor,2019-03-03,W099"),
    )
    capsys.readouterr()
    assert main(["import", "children", children, "--db", db, "--today", TODAY, "--dry-run"]) == 1
    err = capsys.readouterr().err
    assert f"{children}:4: no worker 'W099' in the database (import workers.csv first)" in err
    assert "nothing written (--dry-run)" in err
    assert count_rows(db, "children") == 0
    events = write(tmp_path, "events.csv", EVENTS)  # no children imported yet: every row
    assert main(["import", "events", events, "--db", db, "--today", TODAY, "--dry-run"]) == 1
    err = capsys.readouterr().err
    assert f"{events}:2: no child 'C1' in the database (import children.csv first)" in err
    assert f"{events}:5: no child 'C2'" in err


def test_the_real_import_names_the_rows_too(
    tmp_path: Path, db: str, capsys: pytest.CaptureFixture[str]
) -> None:
    _workers(tmp_path, db)
    events = write(tmp_path, "events.csv", EVENTS)
    capsys.readouterr()
    assert main(["import", "events", events, "--db", db, "--today", TODAY]) == 1
    err = capsys.readouterr().err
    assert f"{events}:3: no child 'C1' in the database" in err
    assert "3 unknown children: C1, C2, C3; nothing was written" in err


def test_a_confirmed_review_quietens_the_warning_until_its_date(
    tmp_path: Path, db: str, capsys: pytest.CaptureFixture[str]
) -> None:
    _workers(tmp_path, db)
    assert main(["due", "--db", db, "--today", TODAY]) == 0
    assert "was due for review on 28/03/2026" in capsys.readouterr().err
    ack = ["rules", "acknowledge", "--db", db, "--today", TODAY, "--by", "Principal Social Worker"]
    assert main([*ack, "--until", "20/11/2028"]) == 2  # more than a year
    assert "a year at most" in capsys.readouterr().err
    assert main([*ack, "--until", "31/03/2027"]) == 0
    assert "Principal Social Worker confirmed the Herefordshire table" in capsys.readouterr().out
    assert main(["due", "--db", db, "--today", TODAY]) == 0
    assert "due for review" not in capsys.readouterr().err
    assert main(["due", "--db", db, "--today", "01/04/2027"]) == 0  # and back after that date
    assert "was due for review on 28/03/2026" in capsys.readouterr().err
