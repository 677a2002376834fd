"""Benchmark: CSV import and `caseload due`, each as a whole `caseload` process.

1. Import 100,000 children and 1,000,000 events (canonical CSV templates) into a new database
   with `caseload import` (target: at least 20,000 rows/s).
2. `caseload due` on a 20,000-child database, as a whole process from start to exit
   (target: at most 2 s), plain and encrypted (issue 14: SQLCipher, with the key from the
   credential store and with a passphrase; target: encrypted at most 1.15 x plain), the three
   alternating, run after run.

Each runs on new SQLite files by default; with ``--postgres`` on new databases of a PostgreSQL
server started for the run on loopback (PostgreSQL's initdb and pg_ctl; durable, as a real
server: fsync on), or with ``--server URL`` on an existing server (new databases are made on it
and dropped at the end).

Usage: python bench/store.py [--children N] [--events N] [--due-children N] [--keep DIR]
                             [--only import|due] [--postgres | --server URL]
Synthetic data only. Prints rows/s and seconds; the figures go in bench/README.md.
"""

from __future__ import annotations

import argparse
import csv
import os
import shutil
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import closing, contextmanager
from datetime import date
from pathlib import Path

from caseload_tui.domain.table import TimescaleTable
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


class Databases:
    """Where the benchmark's databases go: new SQLite files in a folder, or new databases on a
    PostgreSQL server (``server``: its URL)."""

    def __init__(self, folder: Path, server: str | None = None) -> None:
        self.folder, self.server = folder, server
        self.made: list[str] = []

    def fresh(self, name: str) -> str:
        """A new, empty database called ``name`` (one there before is deleted), as ``--db`` takes it.
        A SQLite file is made plain (a plain file with no tables yet: the import fills it as it is),
        so the figures compare with the earlier ones; encrypted copies are made for the comparison."""
        if self.server is None:
            db = self.folder / f"{name}.db"
            for suffix in ("", "-wal", "-shm"):
                Path(f"{db}{suffix}").unlink(missing_ok=True)
            with closing(sqlite3.connect(db)) as conn:
                conn.execute("CREATE TABLE made_plain (x)")
                conn.execute("DROP TABLE made_plain")
            return str(db)
        from sqlalchemy import create_engine, make_url

        url = make_url(self.server)
        admin = create_engine(url, isolation_level="AUTOCOMMIT")
        with admin.connect() as conn:
            conn.exec_driver_sql(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
            conn.exec_driver_sql(f'CREATE DATABASE "{name}"')
        admin.dispose()
        self.made.append(name)
        return url.set(database=name).render_as_string(hide_password=False)

    def settle(self, db: str) -> None:
        """Let a server's background work after a large import finish before anything is timed:
        vacuum the new database now (autovacuum would do it over the next minutes, competing for
        the cores) and drop the others made so far. Nothing to do for SQLite files."""
        if self.server is None:
            return
        from sqlalchemy import create_engine, make_url

        admin = create_engine(self.server, isolation_level="AUTOCOMMIT")
        with admin.connect() as conn:
            for name in self.made:
                if name != make_url(db).database:
                    conn.exec_driver_sql(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        admin.dispose()
        engine = create_engine(db, isolation_level="AUTOCOMMIT")
        with engine.connect() as conn:
            conn.exec_driver_sql("VACUUM ANALYZE")
        engine.dispose()

    def drop(self) -> None:
        """Drop the databases made on the server (files go with the folder)."""
        if self.server is None or not self.made:
            return
        from sqlalchemy import create_engine

        admin = create_engine(self.server, isolation_level="AUTOCOMMIT")
        with admin.connect() as conn:
            for name in self.made:
                conn.exec_driver_sql(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        admin.dispose()


def add_database_options(parser: argparse.ArgumentParser) -> None:
    where = parser.add_mutually_exclusive_group()
    where.add_argument("--postgres", action="store_true", help="on a PostgreSQL server started on loopback")
    where.add_argument("--server", metavar="URL", help="on this PostgreSQL server (new databases are made)")


@contextmanager
def databases(args: argparse.Namespace, folder: Path) -> Iterator[Databases]:
    """The run's :class:`Databases`, as the options say (a server started for ``--postgres``
    is stopped at the end)."""
    if not args.postgres:
        found = Databases(folder, args.server)
        try:
            yield found
        finally:
            found.drop()
        return
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # the tests' server helper
    from tests.databases import start, stop

    server_folder = Path(tempfile.mkdtemp(prefix="caseload-bench-postgres-"))
    try:
        yield Databases(folder, start(server_folder, durable=True))
    finally:
        stop(server_folder)


# Each `caseload` process compiles its modules once and keeps the bytecode, as an installed
# package does (PYTHONDONTWRITEBYTECODE, set in some shells, would make every process compile
# them all again: ~0.2 s a process). The cache is kept out of the source tree.
_ENV = {
    **{k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"},
    "PYTHONPYCACHEPREFIX": str(Path(tempfile.gettempdir()) / "caseload-bench-pycache"),
}


def run(args: list[str], env: dict[str, str] | None = None) -> float:
    started = time.perf_counter()
    result = subprocess.run(
        CASELOAD + args, capture_output=True, text=True, check=False, env={**_ENV, **(env or {})}
    )
    elapsed = time.perf_counter() - started
    if result.returncode != 0:
        raise SystemExit(f"caseload {' '.join(args)} failed:\n{result.stderr[-2000:]}")
    return elapsed


def import_all(folder: Path, db: str) -> dict[str, float]:
    """Seconds for each `caseload import`, into ``db`` (new: a kept one would make a re-import,
    where every row is unchanged)."""
    seconds = {}
    for kind in ("workers", "children", "events"):
        csv_file = str(folder / f"{kind}.csv")
        seconds[kind] = run(["import", kind, csv_file, "--db", db, "--today", "23/11/2026"])
    return seconds


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--children", type=int, default=100_000)
    parser.add_argument("--events", type=int, default=1_000_000)
    parser.add_argument("--due-children", type=int, default=20_000)
    parser.add_argument("--due-runs", type=int, default=7, help="whole `caseload due` processes timed")
    parser.add_argument("--keep", help="keep the files in this folder")
    parser.add_argument("--only", choices=("import", "due"))
    add_database_options(parser)
    args = parser.parse_args()
    folder = Path(args.keep) if args.keep else Path(tempfile.mkdtemp(prefix="caseload-bench-"))
    folder.mkdir(parents=True, exist_ok=True)
    table = open_table("herefordshire")
    with databases(args, folder) as where:
        print(f"databases: {'PostgreSQL, ' + where.server if where.server else 'SQLite files'}")
        _run(args, folder, table, where)
    if not args.keep:
        shutil.rmtree(folder, ignore_errors=True)


def _run(args: argparse.Namespace, folder: Path, table: TimescaleTable, where: Databases) -> None:
    if args.only != "due":
        _import(args, folder, table, where)
    if args.only != "import":
        _due(args, folder, table, where)


def _import(args: argparse.Namespace, folder: Path, table: TimescaleTable, where: Databases) -> None:
    """1. a large import"""
    started = time.perf_counter()
    children = make_caseload(args.children, TODAY, table, make_workers(1000, teams=60), distinct=5000)
    rows_children, rows_events = write_csvs(folder, children, args.events, 1000)
    del children
    took = time.perf_counter() - started
    print(f"wrote {rows_children:,} children and {rows_events:,} events in {took:.1f} s")
    big = where.fresh("caseload_bench_big")
    seconds = import_all(folder, big)
    for kind in ("children", "events"):
        rows = rows_children if kind == "children" else rows_events
        rate_kind = rows / seconds[kind]
        print(f"caseload import {kind}: {rows:,} rows in {seconds[kind]:.1f} s = {rate_kind:,.0f} rows/s")
    total_rows, total_seconds = rows_children + rows_events, seconds["children"] + seconds["events"]
    rate = total_rows / total_seconds
    print(f"import overall: {rate:,.0f} rows/s (target >= 20,000: {'MET' if rate >= 20_000 else 'NOT MET'})")

    # 2. the audit log's hash chain checked from its first row (one row per row imported)
    started = time.perf_counter()
    verified = subprocess.run([*CASELOAD, "audit", "verify", "--db", big], capture_output=True, text=True,
                              check=False, env=_ENV)  # fmt: skip
    took = time.perf_counter() - started
    print(f"caseload audit verify (whole process): {took:.1f} s: {verified.stdout.splitlines()[0][:60]}")


def _due(args: argparse.Namespace, folder: Path, table: TimescaleTable, where: Databases) -> None:
    """3. caseload due on a 20,000-child database, as a whole process (plain and encrypted)"""
    small = folder / "due"
    small.mkdir(exist_ok=True)
    children = make_caseload(args.due_children, TODAY, table, make_workers(1000, teams=60), distinct=5000)
    rows_children, rows_events = write_csvs(small, children, 10**9, 1000)
    del children
    db = where.fresh("caseload_bench_due")
    import_all(small, db)
    where.settle(db)
    due_args = ["due", "--db", db, "--today", "23/11/2026", "--format", "json",
                "-o", str(small / "due.json"), "--force"]  # fmt: skip
    kinds = {"plain": (due_args, {})}
    if where.server is None:
        kinds.update(_encrypted_copies(Path(db), small, due_args))
    for due, env in kinds.values():
        run(due, env)  # once first, not timed: the bytecode cached, the database in the OS's cache
    times: dict[str, list[float]] = {kind: [] for kind in kinds}
    for _ in range(args.due_runs):  # alternating, so that the VM's drift affects each alike
        for kind, (due, env) in kinds.items():
            times[kind].append(run(due, env))
    medians = {kind: statistics.median(found) for kind, found in times.items()}
    for kind, found in times.items():
        print(
            f"caseload due, {kind} (whole process, {rows_children:,} children, {rows_events:,} events): "
            f"median {medians[kind]:.2f} s, best {min(found):.2f} s, worst {max(found):.2f} s over "
            f"{args.due_runs} runs (target <= 2 s: {'MET' if medians[kind] <= 2 else 'NOT MET'} at median)"
        )
    for kind in kinds:
        if kind != "plain":
            ratio = medians[kind] / medians["plain"]
            print(f"  {kind} / plain: {ratio:.3f} (target <= 1.15: {'MET' if ratio <= 1.15 else 'NOT MET'})")


def _encrypted_copies(
    db: Path, folder: Path, due_args: list[str]
) -> dict[str, tuple[list[str], dict[str, str]]]:
    """The `due` database copied and encrypted with `caseload encrypt`: with a key from the
    credential store (the stand-in of ``keystore.py``), and with a passphrase; each with the
    arguments and environment that open it."""
    sys.path.insert(0, str(Path(__file__).resolve().parent))
    from keystore import environment

    found = {}
    for kind, env in (("encrypted, key from the credential store", environment(folder)),
                      ("encrypted, passphrase", {"CASELOAD_PASSPHRASE": "a bench passphrase"})):  # fmt: skip
        copy = folder / f"due-{'keyring' if 'store' in kind else 'passphrase'}.db"
        for suffix in ("", "-wal", "-shm"):
            Path(f"{copy}{suffix}").unlink(missing_ok=True)
        shutil.copyfile(db, copy)
        run(["encrypt", "--db", str(copy)], env)
        found[kind] = ([str(copy) if arg == str(db) else arg for arg in due_args], env)
    return found


if __name__ == "__main__":
    main()
