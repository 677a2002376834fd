"""No dead rules: every rule and practice warning of every shipped table gives its item for
some child brought in the way an authority's data comes in: CSV text, ``caseload import``, the
store, and ``caseload due`` (the engine, for warnings, which the due list does not carry)."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest

from caseload_tui.cli import main
from caseload_tui.domain.engine import DueEngine
from caseload_tui.domain.table import Rule, WarningRule
from caseload_tui.services.catalogue import open_table, shipped_tables
from caseload_tui.store import open_store
from tests.databases import key_of
from tests.rule_scenarios import CHILD_HEADER, EVENT_HEADER, WORKER, Scenario, scenario_for

TODAY = date(2027, 3, 15)


@pytest.mark.parametrize("authority", sorted(shipped_tables()))
def test_every_rule_and_warning_fires_through_the_import_path(
    authority: str, tmp_path: Path, db: str, db_url: str, capsys: pytest.CaptureFixture[str]
) -> None:
    table = open_table(authority)
    chosen: dict[str, tuple[Rule | WarningRule, Scenario]] = {}
    no_child = []
    for number, rule in enumerate((*table.rules, *table.warnings), start=1):
        scenario = scenario_for(rule, table, TODAY)
        if scenario is None:
            no_child.append(rule.id)
        else:
            chosen[f"R{number:03d}"] = (rule, scenario)
    assert not no_child, f"no child can make these rules give their item: {no_child}"

    files = {
        "workers": f"worker_id,name,role,team,fte\n{WORKER},Test Worker,Social worker,Test team,1\n",
        "children": "\n".join([CHILD_HEADER, *(s.child_csv(c) for c, (_, s) in chosen.items())]) + "\n",
        "events": "\n".join([EVENT_HEADER, *(r for c, (_, s) in chosen.items() for r in s.events_csv(c))])
        + "\n",
    }
    today = f"{TODAY:%d/%m/%Y}"
    for kind, text in files.items():
        path = tmp_path / f"{kind}.csv"
        path.write_text(text, encoding="utf-8")
        assert main(["--db", db, "--today", today, "import", kind, str(path)]) == 0, capsys.readouterr().err
    capsys.readouterr()
    assert (
        main(["--db", db, "--authority", authority, "--today", today, "due", "--all", "--format", "json"])
        == 0
    )
    given: dict[str, set[str]] = {}
    for row in json.loads(capsys.readouterr().out):
        given.setdefault(row["child_id"], set()).add(row["rule"])

    store = open_store(db_url, key=key_of(db_url))
    engine = DueEngine(table)
    warned = {
        f.child_id: {w.warning_id for w in engine.evaluate(f, TODAY).warnings} for f in store.child_facts()
    }
    store.close()
    silent = [
        f"{rule.id} ({scenario.what})"
        for child_id, (rule, scenario) in chosen.items()
        if rule.id not in given.get(child_id, set()) | warned.get(child_id, set())
    ]
    assert not silent, f"imported, these children's rules gave nothing: {silent}"
