"""Benchmark: what the safeguards of issue 13 cost, and how long an import holds the write lock.

1. The integrity check run when a database is opened for writing after an unclean close (and
   before every import): SQLite's quick check, on databases of growing size.
2. How long `caseload import events` of N events holds the write lock, seen from outside: a
   second process tries to take the lock (BEGIN IMMEDIATE, no wait) every 5 ms while the import
   runs, and the longest stretch it could not is reported.

Usage: python bench/faults.py [--children N] [--events N] [--keep DIR]
Synthetic data only. The figures go in bench/README.md.
"""

from __future__ import annotations

import argparse
import shutil
import sqlite3
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from caseload_tui.services.catalogue import open_table
from caseload_tui.services.synthetic import make_caseload, make_workers

sys.path.insert(0, str(Path(__file__).parent))
from store import CASELOAD, TODAY, write_csvs  # the same synthetic files as store.py


def quick_check_seconds(db: Path, runs: int = 3) -> float:
    """Best of ``runs`` quick checks, each on a new connection (as the store opens it)."""
    best = float("inf")
    for _ in range(runs):
        started = time.perf_counter()
        with sqlite3.connect(db) as conn:
            assert conn.execute("PRAGMA quick_check").fetchall() == [("ok",)]
        best = min(best, time.perf_counter() - started)
    return best


def longest_lock(db: Path, args: list[str]) -> tuple[float, float]:
    """(longest write-lock hold seen, whole run) for `caseload ARGS`, probed every 5 ms."""
    started = time.perf_counter()
    process = subprocess.Popen(CASELOAD + args, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    longest, since = 0.0, None
    while process.poll() is None:
        now = time.perf_counter()
        probe = sqlite3.connect(db, timeout=0, isolation_level=None)
        try:
            probe.execute("BEGIN IMMEDIATE")
            probe.execute("ROLLBACK")
            if since is not None:
                longest, since = max(longest, now - since), None
        except sqlite3.OperationalError:
            since = now if since is None else since
        finally:
            probe.close()
        time.sleep(0.005)
    if since is not None:
        longest = max(longest, time.perf_counter() - since)
    if process.returncode != 0:
        raise SystemExit(f"caseload {' '.join(args)} failed: {process.stderr.read().decode()[-2000:]}")  # type: ignore[union-attr]
    return longest, time.perf_counter() - started


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--children", type=int, default=8_000)
    parser.add_argument("--events", type=int, default=200_000)
    parser.add_argument("--keep", help="keep the files in this folder")
    args = parser.parse_args()
    folder = Path(args.keep) if args.keep else Path(tempfile.mkdtemp(prefix="caseload-bench-"))
    folder.mkdir(parents=True, exist_ok=True)
    try:
        table = open_table("herefordshire")
        children = make_caseload(args.children, TODAY, table, make_workers(400, teams=20), distinct=3000)
        write_csvs(folder, children, args.events, 400)
        del children
        db = folder / "faults.db"
        for suffix in ("", "-wal", "-shm"):
            Path(f"{db}{suffix}").unlink(missing_ok=True)
        common = ["--db", str(db), "--today", "23/11/2026"]
        for kind in ("workers", "children"):
            subprocess.run([*CASELOAD, "import", kind, str(folder / f"{kind}.csv"), *common], check=True,
                           stdout=subprocess.DEVNULL)  # fmt: skip
        events = ["import", "events", str(folder / "events.csv"), *common]
        for label in (f"import of {args.events:,} new events", "the same file again (all unchanged)"):
            held, whole = longest_lock(db, events)
            print(f"{label}: write lock held at most {held:.2f} s (whole run {whole:.1f} s)")
        size = db.stat().st_size / 2**20
        check = quick_check_seconds(db) * 1000
        print(f"quick check of the {size:.0f} MB database: {check:.0f} ms (best of 3)")
    finally:
        if not args.keep:
            shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    main()
