"""The team manager's figures on a small table and three children; every number worked by hand.

Today is Monday 23 November 2026. The 13-week window for visits is 25 Aug - 23 Nov; the trend's
week ends are the 12 Sundays 6 Sep - 22 Nov.
"""

from __future__ import annotations

from datetime import date as d
from datetime import timedelta
from pathlib import Path

from caseload_tui.domain.engine import ChildFacts, Event
from caseload_tui.domain.records import WorkerRecord
from caseload_tui.domain.team import (
    OverdueCounts,
    TeamEngines,
    VisitTimeliness,
    overdue_by_worker,
    overdue_group,
    overdue_trend,
    team_report,
    visit_timeliness,
    week_ends,
    with_history,
)
from caseload_tui.services.team_export import render_team_report
from tests.helpers import table_from, visits

TODAY = d(2026, 11, 23)

RULES = """
[[rules]]
id = "T-CIN"
kind = "visit"
title = "CIN: visit every 28 days"
applies_to = { plan_types = ["cin"] }
anchor = "plan_start"
every = "28 days"
{SRC}

[[rules]]
id = "T-CP"
kind = "visit"
title = "CP: visit every 14 days"
applies_to = { plan_types = ["cp"] }
anchor = "plan_start"
every = "14 days"
{SRC}

[[rules]]
id = "T-CIN-REVIEW"
kind = "cin_review"
title = "CIN review within 90 days"
applies_to = { plan_types = ["cin"] }
anchor = "plan_start"
first = "90 days"
{SRC}

[[rules]]
id = "T-CHRON"
kind = "chronology_update"
title = "Chronology every 30 days"
anchor = "allocation"
every = "30 days"
{SRC}
"""

ENGINES = TeamEngines(table_from(RULES))
WORKERS = [
    WorkerRecord("W1", "Worker One", "Social worker", "T", 1.0),
    WorkerRecord("W2", "Worker Two", "Social worker", "T", 0.5),
    WorkerRecord("W3", "Worker Three", "Senior social worker", "T", 0.6, caseload_target=12),
]


def cin(child_id: str, worker: str, start: d, *events: Event) -> ChildFacts:
    return ChildFacts(child_id, "cin", start, allocated_on=start, worker_id=worker, events=events)


# A: visits 20 Aug (before the window), 20 Sep (due 17 Sep: late), 25 Oct (due 18 Oct: late),
#    20 Nov (due 22 Nov: in time). Today: CIN review (30 Oct) and chronology (31 Aug) overdue.
A = cin("A", "W1", d(2026, 8, 1), *visits(d(2026, 8, 20), d(2026, 9, 20), d(2026, 10, 25), d(2026, 11, 20)))
# B, on a CP plan from 1 Oct: visits 10 Oct (due 15 Oct: in time), 30 Oct (due 24 Oct: late),
#    10 Nov twice (due 13 Nov: in time, counted once). Today: chronology (31 Oct) overdue.
B = ChildFacts(
    "B", "cp", d(2026, 10, 1), allocated_on=d(2026, 10, 1), worker_id="W1",
    events=visits(d(2026, 10, 10), d(2026, 10, 30), d(2026, 11, 10), d(2026, 11, 10)),
)  # fmt: skip
# C: no visits. Today: visit (29 Sep) and chronology (1 Oct) overdue; CIN review due 30 Nov.
C = cin("C", "W2", d(2026, 9, 1))
FACTS = [A, B, C]


def test_kinds_are_grouped_as_the_dashboard_columns() -> None:
    assert overdue_group("visit") == "visits"
    assert {overdue_group(k) for k in ("cin_review", "cla_review", "review_conference")} == {"plan_reviews"}
    assert overdue_group("pathway_plan_review") == overdue_group("taf_review") == "plan_reviews"
    assert overdue_group("chronology_update") == "chronology"
    assert overdue_group("case_summary_update") == "case_summary"
    assert overdue_group("core_group") == "other"


def test_overdue_today_by_worker() -> None:
    counts = overdue_by_worker(i for r in ENGINES.full.evaluate_all(FACTS, TODAY) for i in r.items)
    assert counts["W1"] == OverdueCounts(plan_reviews=1, chronology=2)
    assert counts["W2"] == OverdueCounts(visits=1, chronology=1)
    assert "W3" not in counts


def test_visits_within_timescale_over_13_weeks() -> None:
    found = visit_timeliness(ENGINES.visits_only, FACTS, TODAY)
    assert found["W1"] == VisitTimeliness(visits=6, in_time=3, cp_visits=3, cp_in_time=2)
    assert "W2" not in found  # no visits
    assert found["W1"].rate == 0.5 and found["W1"].cp_rate == 2 / 3


def test_the_visit_only_engine_gives_the_same_answer_as_the_full_one() -> None:
    assert visit_timeliness(ENGINES.full, FACTS, TODAY) == visit_timeliness(ENGINES.visits_only, FACTS, TODAY)


def test_a_visit_on_its_due_date_is_in_time_and_a_day_later_is_not() -> None:
    on_time = cin("D", "W1", d(2026, 10, 1), *visits(d(2026, 10, 29)))  # 1 Oct + 28 = 29 Oct
    late = cin("E", "W1", d(2026, 10, 1), *visits(d(2026, 10, 30)))
    assert visit_timeliness(ENGINES.visits_only, [on_time], TODAY)["W1"].in_time == 1
    assert visit_timeliness(ENGINES.visits_only, [late], TODAY)["W1"].in_time == 0


def test_week_ends_are_the_last_sundays() -> None:
    ends = week_ends(TODAY)
    assert len(ends) == 12 and ends[0] == d(2026, 9, 6) and ends[-1] == d(2026, 11, 22)
    assert all(e.weekday() == 6 for e in ends)
    assert week_ends(d(2026, 11, 22), 1) == [d(2026, 11, 22)]  # a Sunday counts itself


def test_trend_of_overdue_items_at_each_week_end() -> None:
    # A's chronology from 6 Sep; C's visit and chronology from 4 Oct; B's visit on 25 Oct only
    # (due 24 Oct, visited 30 Oct); A's review and B's chronology from 1 Nov
    trend = overdue_trend(ENGINES.items_only, FACTS, TODAY)
    assert [p.overdue for p in trend] == [1, 1, 1, 1, 3, 3, 3, 4, 5, 5, 5, 5]


def test_team_report_rows_and_totals() -> None:
    report = team_report("T", WORKERS, FACTS, unallocated=2, engines=ENGINES, today=TODAY)
    rows = {s.load.worker_id: s for s in report.workers}
    assert (rows["W1"].load.children, rows["W1"].load.target, rows["W1"].load.over_by) == (2, 18, -16)
    assert (rows["W2"].load.target, rows["W3"].load.target) == (9, 12)  # pro rata; override
    assert rows["W3"].overdue == OverdueCounts() and rows["W3"].timeliness == VisitTimeliness()
    totals = report.totals
    assert (totals.children, totals.unallocated, totals.fte, totals.per_fte) == (3, 2, 2.1, 1.4)
    assert totals.overdue == OverdueCounts(visits=1, plan_reviews=1, chronology=3)
    assert totals.overdue.total == 5
    assert totals.timeliness == VisitTimeliness(6, 3, 3, 2)
    assert report.trend[-1].overdue == 5


def test_first_view_then_history_gives_the_full_report() -> None:
    full = team_report("T", WORKERS, FACTS, 2, ENGINES, TODAY)
    first = team_report("T", WORKERS, FACTS, 2, ENGINES, TODAY, history=False)
    assert first.trend == [] and first.totals.timeliness == VisitTimeliness()
    timeliness = visit_timeliness(ENGINES.visits_only, FACTS, TODAY)
    assert with_history(first, timeliness, overdue_trend(ENGINES.items_only, FACTS, TODAY)) == full


def test_report_exports() -> None:
    report = team_report("T", WORKERS, FACTS, 2, ENGINES, TODAY)
    csv = render_team_report(report, "csv").splitlines()
    assert csv[0].startswith("worker_id,name,role,team,fte,children,target,over_by,overdue_visits")
    assert csv[1].startswith("W1,Worker One,Social worker,T,1.0,2,18.0,-16.0,0,1,2,0,0,0,6,3,3,2")
    text = render_team_report(report, "text")
    assert "3 children allocated, 2 unallocated" in text and "3/6 (50%)" in text
    html = render_team_report(report, "html")
    assert html.startswith("<!doctype html>") and "<td>Worker One</td>" in html
    assert "A" not in {line.strip() for line in text.splitlines()}  # children are never listed


def test_the_dashboards_first_view_then_history_is_the_full_report(tmp_path: Path) -> None:
    """The dashboard shows the figures for now first, then adds the past ones: the same report
    as ``caseload team-report`` works out in one go."""
    from caseload_tui.services.demo import build_demo
    from caseload_tui.services.team_report import add_history, first_report, load_team_report
    from caseload_tui.services.workspace import open_workspace

    db = tmp_path / "demo.db"
    build_demo(db, TODAY, None)
    workspace = open_workspace(f"sqlite:///{db}")
    try:
        team = "Safeguarding East"
        first, past = first_report(workspace, team, TODAY)
        full = load_team_report(workspace, team, TODAY)
        assert [(w.load, w.overdue) for w in first.workers] == [(w.load, w.overdue) for w in full.workers]
        assert first.totals.overdue == full.totals.overdue and first.totals.overdue.total > 0
        assert add_history(workspace, first, past) == full
    finally:
        workspace.close()


def test_children_with_practice_warnings_are_counted_per_worker() -> None:
    """A CP child not seen alone at the last visit carries a warning: counted for its worker,
    and in the totals; a child seen alone is not."""
    warning = """
[[warnings]]
id = "T-WARN"
check = "last_visit_not_seen_alone"
applies_to = { plan_types = ["cp"] }
anchor = "plan_start"
message = "Not seen alone at the last visit."
{SRC}
"""
    engines = TeamEngines(table_from(RULES + warning))
    start = d(2026, 10, 1)
    not_alone = ChildFacts(
        "A", "cp", start, allocated_on=start, worker_id="W1", events=(Event("visit", d(2026, 11, 16), False),)
    )
    alone = ChildFacts(
        "B", "cp", start, allocated_on=start, worker_id="W2", events=(Event("visit", d(2026, 11, 16), True),)
    )
    report = team_report("T", WORKERS, [not_alone, alone], 0, engines, TODAY, history=False)
    assert {s.load.worker_id: s.warned for s in report.workers} == {"W1": 1, "W2": 0, "W3": 0}
    assert report.totals.warned == 1
    assert "practice warning (not seen alone, no unannounced visit): 1." in render_team_report(report, "text")


def test_reallocating_today_leaves_last_quarters_figures_where_they_were(tmp_path: Path) -> None:
    """Visits in time and the trend stay with the worker allocated when they fell due: moving a
    child to another worker today changes caseloads, never the past figures of either worker."""
    from caseload_tui.services.demo import build_demo
    from caseload_tui.services.team_report import load_team_report
    from caseload_tui.services.workspace import open_workspace

    db = tmp_path / "demo.db"
    build_demo(db, TODAY, None)
    workspace = open_workspace(f"sqlite:///{db}")
    try:
        [team] = [t.name for t in workspace.teams()]  # the demo's one team
        before = load_team_report(workspace, team, TODAY)
        movers = [s for s in before.workers if s.timeliness.visits]
        mover, target = movers[0].load.worker_id, movers[1].load.worker_id
        child = next(
            c for c in workspace.children(worker_id=mover)
            if any(e.kind == "visit" and e.on > TODAY - timedelta(weeks=13) for e in workspace.store.events(c.child_id))
        )  # fmt: skip
        workspace.reallocate(child.child_id, target, TODAY, TODAY)
        after = load_team_report(workspace, team, TODAY)
        assert [(s.load.worker_id, s.timeliness) for s in after.workers] == [
            (s.load.worker_id, s.timeliness) for s in before.workers
        ]
        assert after.trend == before.trend and after.totals.timeliness == before.totals.timeliness
        loads = {s.load.worker_id: s.load.children for s in after.workers}
        was = {s.load.worker_id: s.load.children for s in before.workers}
        assert (loads[mover], loads[target]) == (was[mover] - 1, was[target] + 1)
    finally:
        workspace.close()
