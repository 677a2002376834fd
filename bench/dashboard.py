"""Benchmark: the team manager's dashboard on an authority-sized database.

Builds (once, kept with ``--keep``) a database of 20,000 children and 1,000 workers in 60 teams
(synthetic: 5,000 distinct simulated histories, copied), then times, best of 3, from an open
store to the finished figures:

- the whole authority's dashboard data (every worker): the first view the dashboard shows
  (caseloads, overdue now, totals) and the full report with the past figures (visits in time,
  12-week trend), as ``caseload team-report`` works it out;
- one team's dashboard data (target: at most 300 ms for the full report);
- the app opened headless on one team's dashboard, until its table is filled (target: 1 s).

On a SQLite file by default; ``--postgres`` or ``--server URL`` put the database on PostgreSQL
instead (see bench/store.py; a PostgreSQL database is built afresh each run).

Usage: python bench/dashboard.py [--children N] [--workers N] [--teams N] [--keep DIR]
                                 [--postgres | --server URL]
Synthetic data only. The figures go in bench/README.md.
"""

from __future__ import annotations

import argparse
import asyncio
import shutil
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import TypeVar

from caseload_tui.services.catalogue import open_table
from caseload_tui.services.synthetic import import_records, make_caseload, make_workers
from caseload_tui.services.team_report import first_report, load_team_report
from caseload_tui.services.workspace import open_workspace
from caseload_tui.store.store import open_store

sys.path.insert(0, str(Path(__file__).parent))
from store import add_database_options, databases  # the same database options as store.py

TODAY = date(2026, 11, 23)
T = TypeVar("T")


def build(url: str, children: int, workers: int, teams: int) -> None:
    """A new database of synthetic workers, children and their histories."""
    table = open_table("herefordshire")
    staff = make_workers(workers, teams=teams)
    synthetic = make_caseload(children, TODAY, table, staff, distinct=5000)
    worker_records = [w.record() for w in staff]
    child_records, events = import_records(synthetic)
    store = open_store(url)
    try:
        store.import_records(worker_records, child_records, events)
    finally:
        store.close()
    print(f"built {url}: {len(child_records):,} children, {len(events):,} events, {workers:,} workers")


def best_of(runs: int, job: Callable[[], T]) -> tuple[float, T]:
    times, result = [], None
    for _ in range(runs):
        started = time.perf_counter()
        result = job()
        times.append(time.perf_counter() - started)
    assert result is not None
    return min(times), result


def report(label: str, seconds: float, target: float | None = None) -> None:
    met = target is not None and seconds <= target
    verdict = "" if target is None else f" (target <= {target:g} s: {'MET' if met else 'NOT MET'})"
    print(f"{label}: {seconds * 1000:,.0f} ms{verdict}")


async def open_dashboard(url: str, team: str) -> float:
    """Seconds from building the app (as ``caseload --team``) to the dashboard's table filled."""
    from caseload_tui.ui.app import CaseloadApp
    from caseload_tui.ui.screens.dashboard import DashboardScreen

    started = time.perf_counter()
    app = CaseloadApp(lambda: open_workspace(url, "herefordshire"), TODAY, None, team=team)
    async with app.run_test(size=(120, 40)) as pilot:  # the app closes the workspace when it stops
        while not (isinstance(app.screen, DashboardScreen) and app.screen.report is not None):
            await pilot.pause(0.005)
        return time.perf_counter() - started


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--children", type=int, default=20_000)
    parser.add_argument("--workers", type=int, default=1_000)
    parser.add_argument("--teams", type=int, default=60)
    parser.add_argument("--keep", help="keep (and reuse) the SQLite database in this folder")
    add_database_options(parser)
    args = parser.parse_args()
    folder = Path(args.keep) if args.keep else Path(tempfile.mkdtemp(prefix="caseload-dash-"))
    folder.mkdir(parents=True, exist_ok=True)
    name = f"dashboard-{args.children}-{args.workers}-{args.teams}"
    try:
        with databases(args, folder) as where:
            if where.server is not None:
                url = where.fresh(name.replace("-", "_"))
                build(url, args.children, args.workers, args.teams)
            else:
                db = folder / f"{name}.db"
                url = f"sqlite:///{db}"
                if not db.exists():
                    build(url, args.children, args.workers, args.teams)
            print(f"database: {'PostgreSQL' if where.server else 'SQLite'}")
            measure(url)
    finally:
        if not args.keep:
            shutil.rmtree(folder, ignore_errors=True)


def measure(url: str) -> None:
    workspace = open_workspace(url, "herefordshire")  # as the app and the commands
    try:
        team = workspace.teams()[0].name
        seconds, (first, _) = best_of(3, lambda: first_report(workspace, None, TODAY))
        report(f"whole authority, first view ({first.totals.children:,} children)", seconds, 1.0)
        seconds, full = best_of(3, lambda: load_team_report(workspace, None, TODAY))
        report("whole authority, with visits in time and trend", seconds)
        seconds, one = best_of(3, lambda: load_team_report(workspace, team, TODAY))
        report(f"one team, full report ({one.totals.children} children)", seconds, 0.3)
        seconds = min(asyncio.run(open_dashboard(url, team)) for _ in range(3))
        report("one team, the app opened on its dashboard (headless), table filled", seconds, 1.0)
        print(
            f"  authority: {full.totals.overdue.total:,} overdue items, "
            f"{full.totals.timeliness.visits:,} visits in 13 weeks"
        )
    finally:
        workspace.close()


if __name__ == "__main__":
    main()
