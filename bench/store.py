"""Benchmark: CSV import and `caseload due`, each as a whole `caseload` process.

1. Import 100,000 children and 1,000,000 events (canonical CSV templates) into a new database
   with `caseload import` (target: at least 20,000 rows/s).
2. `caseload due` on a 20,000-child database, as a whole process from start to exit
   (target: at most 2 s).

Usage: python bench/store.py [--children N] [--events N] [--due-children N] [--keep DIR]
Synthetic data only. Prints rows/s and seconds; the figures go in bench/README.md.
"""

from __future__ import annotations

import argparse
import csv
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

from caseload_tui.services.catalogue import open_table
from caseload_tui.services.synthetic import SyntheticChild, make_caseload, make_workers

TODAY = date(2026, 11, 23)
CASELOAD = [sys.executable, "-m", "caseload_tui.cli"]


def write_csvs(
    folder: Path, children: list[SyntheticChild], max_events: int, workers_count: int
) -> tuple[int, int]:
    """The three template files; returns (children rows, event rows)."""
    workers = make_workers(workers_count, teams=60)
    with (folder / "workers.csv").open("w", newline="", encoding="utf-8") as f:
        out = csv.writer(f)
        out.writerow(["worker_id", "name", "role", "team", "fte"])
        out.writerows([w.worker_id, w.name, w.role, w.team, w.fte] for w in workers)
    with (folder / "children.csv").open("w", newline="", encoding="utf-8") as f:
        out = csv.writer(f)
        out.writerow(
            [
                "child_id",
                "given_name",
                "family_name",
                "date_of_birth",
                "worker_id",
                "allocated_on",
                "plan_type",
                "plan_start",
                "placement_type",
                "placement_start",
            ]
        )
        for c in children:
            x = c.facts
            out.writerow(
                [
                    c.case_ref,
                    c.given_name,
                    c.family_name,
                    _d(x.date_of_birth),
                    x.worker_id or "",
                    _d(x.allocated_on) if x.worker_id else "",
                    x.plan_type or "",
                    _d(x.plan_start),
                    x.placement_type or "",
                    _d(x.placement_start),
                ]
            )
    events = 0
    with (folder / "events.csv").open("w", newline="", encoding="utf-8") as f:
        out = csv.writer(f)
        out.writerow(["child_id", "kind", "date", "seen_alone", "unannounced"])
        for c in children:
            for e in c.facts.events:
                if events == max_events:
                    break
                out.writerow(
                    [c.case_ref, e.kind, e.on.strftime("%d/%m/%Y"), _flag(e.seen_alone), _flag(e.unannounced)]
                )
                events += 1
    return len(children), events


def _d(value: date | None) -> str:
    return value.strftime("%d/%m/%Y") if value else ""


def _flag(value: bool | None) -> str:
    return "" if value is None else ("yes" if value else "no")


def run(args: list[str]) -> float:
    started = time.perf_counter()
    result = subprocess.run(CASELOAD + args, capture_output=True, text=True, check=False)
    elapsed = time.perf_counter() - started
    if result.returncode != 0:
        raise SystemExit(f"caseload {' '.join(args)} failed:\n{result.stderr[-2000:]}")
    return elapsed


def import_all(folder: Path, db: Path) -> dict[str, float]:
    """Seconds for each `caseload import`, into a new database (a kept one would make a
    re-import, where every row is unchanged)."""
    for suffix in ("", "-wal", "-shm"):
        Path(f"{db}{suffix}").unlink(missing_ok=True)
    seconds = {}
    for kind in ("workers", "children", "events"):
        seconds[kind] = run(
            ["import", kind, str(folder / f"{kind}.csv"), "--db", str(db), "--today", "23/11/2026"]
        )
    return seconds


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--children", type=int, default=100_000)
    parser.add_argument("--events", type=int, default=1_000_000)
    parser.add_argument("--due-children", type=int, default=20_000)
    parser.add_argument("--due-runs", type=int, default=7, help="whole `caseload due` processes timed")
    parser.add_argument("--keep", help="keep the files in this folder")
    args = parser.parse_args()
    folder = Path(args.keep) if args.keep else Path(tempfile.mkdtemp(prefix="caseload-bench-"))
    folder.mkdir(parents=True, exist_ok=True)
    table = open_table("herefordshire")
    try:
        # 1. a large import
        started = time.perf_counter()
        children = make_caseload(args.children, TODAY, table, make_workers(1000, teams=60), distinct=5000)
        rows_children, rows_events = write_csvs(folder, children, args.events, 1000)
        del children
        took = time.perf_counter() - started
        print(f"wrote {rows_children:,} children and {rows_events:,} events in {took:.1f} s")
        seconds = import_all(folder, folder / "big.db")
        for kind in ("children", "events"):
            rows = rows_children if kind == "children" else rows_events
            rate_kind = rows / seconds[kind]
            print(f"caseload import {kind}: {rows:,} rows in {seconds[kind]:.1f} s = {rate_kind:,.0f} rows/s")
        total_rows, total_seconds = rows_children + rows_events, seconds["children"] + seconds["events"]
        rate = total_rows / total_seconds
        print(
            f"import overall: {rate:,.0f} rows/s (target >= 20,000: {'MET' if rate >= 20_000 else 'NOT MET'})"
        )

        # 2. caseload due on a 20,000-child database, as a whole process
        small = folder / "due"
        small.mkdir(exist_ok=True)
        children = make_caseload(args.due_children, TODAY, table, make_workers(1000, teams=60), distinct=5000)
        rows_children, rows_events = write_csvs(small, children, 10**9, 1000)
        del children
        import_all(small, small / "due.db")
        due_args = ["due", "--db", str(small / "due.db"), "--today", "23/11/2026", "--format", "json",
                    "-o", str(small / "due.json")]  # fmt: skip
        times = sorted(run(due_args) for _ in range(args.due_runs))
        best, median = times[0], statistics.median(times)
        print(
            f"caseload due (whole process, {rows_children:,} children, {rows_events:,} events): "
            f"median {median:.2f} s, best {best:.2f} s, worst {times[-1]:.2f} s over {args.due_runs} runs "
            f"(target <= 2 s: {'MET' if median <= 2 else 'NOT MET'} at the median)"
        )
    finally:
        if not args.keep:
            shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    main()
