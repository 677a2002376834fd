"""Benchmark: the terminal app's cold start and lookup keystrokes.

1. Cold start, `caseload demo` on the demo database, against a bare Textual app (Header,
   DataTable with one row, Footer), as ratios of the medians: the first frame (My week's chrome
   and its "Opening the database…" line; target at most 1.2 x the bare app's first paint) and
   My week with its rows (target at most 2 x). One start-up path: the frame is painted, then
   one thread worker opens the database and works out the week.
   Each start is a fresh Python process (cold imports; bytecode cached, in a folder of its own,
   and the OS file cache warm after a discarded first run of each). Headless at 120x40: the
   screen is composed and its updates rendered to terminal output as usual, which is then
   dropped instead of written to a tty. A paint is the first screen refresh after the table
   has the line or rows in question, observed with `call_after_refresh`. Times are taken from
   just before the parent starts the process, so they include the interpreter starting.
   Alternating with those two, the same demo encrypted (`caseload encrypt`, the key in the
   credential store: the stand-in of `keystore.py` on a machine without one), for the cost of
   encryption on start-up (issue 14; target at most 1.15 x the plain demo).
2. Lookup keystroke to repaint on a 10,000-child database (target: at most 50 ms): from a key
   sent as the terminal driver sends it to the lookup's list updated and the next screen
   refresh done, for a sequence of typed queries, in an app run with `run_test(size=(120, 40))`.

Usage: python bench/ui.py [--runs N] [--children N] [--rounds R] [--only start|lookup] [--keep DIR]
Synthetic data only, in a temporary folder. Prints seconds and ratios; the figures go in
bench/README.md.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

TODAY = date(2026, 11, 23)
SIZE = (120, 40)

# Shared by both child scripts: run headless at SIZE, and render each screen update to terminal
# output (which headless Textual skips) so that the work a real terminal costs is not left out.
_PRELUDE = """
import time
T_TOP = time.perf_counter()
import importlib.abc, importlib.util, os, sys

# Patches are applied as each module is first imported, not by importing it here: the app
# imports its modules in its own order, and the measure must not load any of them early.
PATCHES = {}

class _PatchOnImport(importlib.abc.MetaPathFinder):
    def find_spec(self, name, path, target=None):
        patch = PATCHES.pop(name, None)
        if patch is None:
            return None
        sys.meta_path.remove(self)
        try:
            spec = importlib.util.find_spec(name)
        finally:
            sys.meta_path.insert(0, self)
        load = spec.loader.exec_module
        def exec_module(module):
            load(module)
            patch(module)
        spec.loader.exec_module = exec_module
        return spec

sys.meta_path.insert(0, _PatchOnImport())

def _patch_textual(module):
    App = module.App
    _display = App._display
    def _display_and_render(self, screen, renderable):
        _display(self, screen, renderable)
        if renderable is not None and hasattr(renderable, "render_segments"):
            renderable.render_segments(self.console)
    App._display = _display_and_render
    _run = App.run
    def _run_headless(self, *args, **kwargs):
        kwargs.update(headless=True, size=%r)
        return _run(self, *args, **kwargs)
    App.run = _run_headless

PATCHES["textual.app"] = _patch_textual

PAINTED = {}
def first_frame():
    PAINTED.setdefault("frame", time.monotonic() - float(os.environ["BENCH_T0"]))

def painted(app, rows):
    first_frame()
    PAINTED.update(
        since_top=time.perf_counter() - T_TOP,
        since_launch=time.monotonic() - float(os.environ["BENCH_T0"]),
        rows=rows,
    )
    app.exit()

def report():
    PAINTED["exited"] = time.monotonic() - float(os.environ["BENCH_T0"])
    print("PAINTED", PAINTED["frame"], PAINTED["since_top"], PAINTED["since_launch"], PAINTED["exited"],
          PAINTED["rows"])
""".replace("%r", repr(SIZE))

# `caseload demo --db DB --today 2026-11-23` as a user starts it (argparse, the demo database's
# check, opening the database, the table, the keymap), with My week's `paint` observed.
CASELOAD_SCRIPT = (
    _PRELUDE
    + """
def _patch_week(week):
    _mount, _show = week.MyWeekScreen.on_mount, week.MyWeekScreen.show
    def on_mount(self):  # the first frame: the chrome, and "Opening the database…"
        _mount(self)
        self.call_after_refresh(first_frame)
    def show(self, view):  # the week, once the database is open
        _show(self, view)
        rows = self.query_one("#due-table").row_count
        if rows > 0 and "since_top" not in PAINTED:
            self.call_after_refresh(painted, self.app, rows)
    week.MyWeekScreen.on_mount, week.MyWeekScreen.show = on_mount, show

PATCHES["caseload_tui.ui.screens.week"] = _patch_week

from caseload_tui.cli import main
status = main(["demo", "--db", os.environ["BENCH_DB"], "--today", "2026-11-23"])
report()
sys.exit(status)
"""
)

BARE_SCRIPT = (
    _PRELUDE
    + """
from textual.app import App
from textual.widgets import DataTable, Footer, Header

class Bare(App):
    def compose(self):
        yield Header()
        yield DataTable(id="due-table", cursor_type="row", zebra_stripes=True)
        yield Footer()

    def on_mount(self):
        table = self.query_one(DataTable)
        table.add_columns("Due", "Status", "Child", "Due item", "Planned")
        table.add_row("Mon 23 Nov", "due TODAY", "Amelia Smith", "Statutory visit", "")
        self.call_after_refresh(painted, self, table.row_count)

Bare().run()
report()
"""
)


def _start_once(script: Path, env: dict[str, str]) -> tuple[float, float, float, float, int]:
    """(since launch to paint, since the script's first line to paint, to exit, since launch to
    the first frame, rows painted)."""
    env = dict(env, BENCH_T0=repr(time.monotonic()))
    done = subprocess.run([sys.executable, str(script)], env=env, capture_output=True, text=True, check=False)
    line = next((x for x in done.stdout.splitlines() if x.startswith("PAINTED")), None)
    if done.returncode or line is None:
        raise SystemExit(f"{script.name} failed ({done.returncode}):\n{done.stdout}\n{done.stderr}")
    _, frame, top, launch, exited, rows = line.split()
    return float(launch), float(top), float(exited), float(frame), int(rows)


def cold_start(folder: Path, runs: int) -> None:
    from caseload_tui.services.demo import build_demo

    db = folder / "demo.db"
    build_demo(db, TODAY, None)
    scripts = {"bare": folder / "bare_app.py", "caseload": folder / "caseload_app.py"}
    scripts["bare"].write_text(BARE_SCRIPT, encoding="utf-8")
    scripts["caseload"].write_text(CASELOAD_SCRIPT, encoding="utf-8")
    scripts["encrypted"] = scripts["passphrase"] = scripts["caseload"]
    env = dict(os.environ, BENCH_DB=str(db), XDG_CONFIG_HOME=str(folder), XDG_DATA_HOME=str(folder))
    env.pop("TEXTUAL", None)  # no devtools
    # compiled bytecode cached as for an installed app (an editable install under
    # PYTHONDONTWRITEBYTECODE would compile the project's modules afresh on every start),
    # kept outside the source tree
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    env["PYTHONPYCACHEPREFIX"] = str(folder / "pycache")
    envs = {"bare": env, "caseload": env, "encrypted": _encrypted_demo(db, env),
            "passphrase": _encrypted_demo(db, env, "a bench passphrase")}  # fmt: skip
    for name, script in scripts.items():  # discarded: fills that cache and warms the OS file cache
        _start_once(script, envs[name])
    results: dict[str, list[tuple[float, float, float, float, int]]] = {name: [] for name in scripts}
    for _ in range(runs):  # alternately, so that drift in the machine affects both alike
        for name, script in scripts.items():
            results[name].append(_start_once(script, envs[name]))
    medians, frames = {}, {}
    for name, rows in results.items():
        launch, top, exited, frame = (statistics.median(r[i] for r in rows) for i in range(4))
        medians[name], frames[name] = launch, frame
        print(
            f"{name:>8}: first frame {frame * 1000:6.0f} ms, rows painted {launch * 1000:6.0f} ms after "
            f"launch (median of {runs}; {min(r[0] for r in rows) * 1000:.0f}-"
            f"{max(r[0] for r in rows) * 1000:.0f} ms), of which {top * 1000:.0f} ms after the "
            f"script's first line; process gone {exited * 1000:.0f} ms; {rows[0][4]} table rows"
        )
    for label, figures, target in (("first frame", frames, 1.2), ("My week with its rows", medians, 2.0)):
        ratio = figures["caseload"] / figures["bare"]
        print(
            f"{label}, ratio caseload/bare: {ratio:.2f} "
            f"(+{(figures['caseload'] - figures['bare']) * 1000:.0f} ms) -> target <= {target}: "
            f"{'MET' if ratio <= target else 'NOT MET'}"
        )
    for label, figures in (("first frame", frames), ("My week with its rows", medians)):
        for name in ("encrypted", "passphrase"):
            ratio = figures[name] / figures["caseload"]
            print(
                f"{label}, ratio {name}/plain: {ratio:.3f} "
                f"(+{(figures[name] - figures['caseload']) * 1000:.0f} ms) -> target <= 1.15: "
                f"{'MET' if ratio <= 1.15 else 'NOT MET'}"
            )


def _encrypted_demo(db: Path, env: dict[str, str], passphrase: str | None = None) -> dict[str, str]:
    """A copy of the demo database, encrypted with its key in the credential store (the
    benchmark's stand-in, ``keystore.py``), or with ``passphrase`` (given as
    ``CASELOAD_PASSPHRASE``); returns the environment that opens it."""
    import shutil

    sys.path.insert(0, str(Path(__file__).resolve().parent))
    from keystore import environment

    copy = db.with_name("demo-passphrase.db" if passphrase else "demo-encrypted.db")
    for suffix in ("", "-wal", "-shm"):
        Path(f"{copy}{suffix}").unlink(missing_ok=True)
    shutil.copyfile(db, copy)
    found = dict(env, BENCH_DB=str(copy), **environment(db.parent))
    if passphrase is not None:
        found["CASELOAD_PASSPHRASE"] = passphrase
    done = subprocess.run([sys.executable, "-m", "caseload_tui.cli", "encrypt", "--db", str(copy)],
                          env=found, capture_output=True, text=True, check=False)  # fmt: skip
    if done.returncode:
        raise SystemExit(f"caseload encrypt failed:\n{done.stderr}")
    return found


# -- 2. lookup ------------------------------------------------------------------------------------

# typed in turn; "backspace" undoes one letter; each query ends cleared
QUERIES = ("smi", "c00123", "amel", "amel smi", "jones")


def build_large(db: Path, count: int) -> None:
    """``count`` synthetic children (about 25 a worker) imported with ``Store.import_records``."""
    from caseload_tui.services.catalogue import open_table
    from caseload_tui.services.synthetic import import_records, make_caseload, make_workers
    from caseload_tui.store.location import resolve_database_url
    from caseload_tui.store.store import AUTHORITY_TABLE, open_store

    table = open_table("herefordshire")
    base = make_workers(max(1, count // 25), teams=max(1, count // 250))
    synthetic = make_caseload(count, TODAY, table, base, distinct=min(count, 2000))
    workers = [w.record() for w in base]
    children, events = import_records(synthetic)
    store = open_store(resolve_database_url(str(db), {}))
    try:
        store.import_records(workers, children, events)
        store.set_setting(AUTHORITY_TABLE, "herefordshire")
    finally:
        store.close()
    print(f"built {count:,} children, {len(events):,} events ({db.stat().st_size / 2**20:.0f} MiB)")


def _keys(query: str) -> list[str]:
    typed = ["space" if ch == " " else ch for ch in query]
    return typed + ["backspace"] * len(query)


async def _lookup_session(db: Path, count: int, rounds: int) -> list[tuple[str, float, float, int]]:
    """(key, ms to the list updated, ms to the next screen refresh done, options shown) per key.

    Keys are sent as the terminal driver sends them, not with ``pilot.press``: the pilot waits
    for the process to look idle (sleeping 20 ms at a time, about 80 ms a key), which would
    swamp the figure. Completion is observed with callbacks, not by polling: the lookup's
    ``_show`` (run on ``Input.Changed``: search and refill the list) records the time and asks
    for a callback after the next screen refresh, which Textual paces at 60 frames a second.
    """
    from textual import events
    from textual.app import App

    from caseload_tui.services.catalogue import open_table
    from caseload_tui.services.workspace import Workspace
    from caseload_tui.store.location import resolve_database_url
    from caseload_tui.store.store import AUTHORITY_TABLE, open_store
    from caseload_tui.ui.app import CaseloadApp
    from caseload_tui.ui.screens.lookup import LookupScreen

    display, show = App._display, LookupScreen._show
    started = shown = 0.0
    painted = asyncio.Event()

    def display_and_render(self: App[object], screen: object, renderable: object) -> None:
        display(self, screen, renderable)  # type: ignore[arg-type]
        if renderable is not None and hasattr(renderable, "render_segments"):
            renderable.render_segments(self.console)  # what a real terminal would be sent

    def observed_show(self: LookupScreen, query: str) -> None:
        nonlocal shown
        show(self, query)
        shown = time.perf_counter()
        self.call_after_refresh(painted.set)

    App._display = display_and_render  # type: ignore[method-assign]
    LookupScreen._show = observed_show  # type: ignore[method-assign]
    store = open_store(resolve_database_url(str(db), {}))
    table = open_table(store.get_setting(AUTHORITY_TABLE))
    app = CaseloadApp(Workspace(store, table), TODAY, "W001")
    timings = []
    try:
        async with app.run_test(size=SIZE) as pilot:
            deadline = time.monotonic() + 60
            while len(app.children_cache) < count and time.monotonic() < deadline:
                await pilot.pause(0.05)
            assert len(app.children_cache) == count, "children not loaded"
            await pilot.pause(0.5)  # My week loaded and painted
            await pilot.press("slash")
            await pilot.pause()
            screen = app.screen
            assert isinstance(screen, LookupScreen)
            results = screen.query_one("#lookup-results")
            query = screen.query_one("#query")
            driver = app._driver
            assert driver is not None
            for _ in range(rounds):
                for text in QUERIES:
                    for key in _keys(text):
                        await asyncio.sleep(0.1)  # typing at 10 keys a second; the app idle
                        painted.clear()
                        char = " " if key == "space" else (None if key == "backspace" else key)
                        event = events.Key(key, char)
                        event.set_sender(app)
                        started = time.perf_counter()
                        driver.send_message(event)
                        await asyncio.wait_for(painted.wait(), 5)
                        done = time.perf_counter()
                        timings.append((key, shown - started, done - started, results.option_count))  # type: ignore[attr-defined]
                    assert query.value == "", query.value  # type: ignore[attr-defined]
    finally:
        App._display = display  # type: ignore[method-assign]
        LookupScreen._show = show  # type: ignore[method-assign]
        store.close()
    return timings


def lookup(folder: Path, count: int, rounds: int) -> None:
    db = folder / f"children-{count}.db"
    if not db.exists():  # kept with --keep
        started = time.perf_counter()
        build_large(db, count)
        print(f"  (in {time.perf_counter() - started:.0f} s)")

    timings = asyncio.run(_lookup_session(db, count, rounds))
    print(
        f"lookup, {count:,} children, typing {rounds} x {', '.join(repr(q) for q in QUERIES)}, each cleared:"
    )
    first = timings[: len(timings) // rounds]
    print("  first time, ms to repaint: " + " ".join(f"{k}:{t * 1000:.0f}" for k, _, t, _ in first))
    totals = sorted(t[2] for t in timings)
    worst = max(timings, key=lambda t: t[2])
    median = statistics.median(totals)
    print(
        f"  {len(timings)} keystrokes, to repaint: median {median * 1000:.1f} ms, "
        f"90th percentile {totals[int(len(totals) * 0.9)] * 1000:.1f} ms, worst {worst[2] * 1000:.1f} ms "
        f"(key {worst[0]!r}); to the list updated (search and refill): median "
        f"{statistics.median(t[1] for t in timings) * 1000:.1f} ms, "
        f"worst {max(t[1] for t in timings) * 1000:.1f} ms"
    )
    print(
        f"  target <= 50 ms a keystroke: {'MET' if median <= 0.050 else 'NOT MET'} (median), "
        f"{'MET' if worst[2] <= 0.050 else 'NOT MET'} (worst)"
    )
    _search_alone(db)


def _search_alone(db: Path) -> None:
    """``ChildIndex.find`` by itself on the same children, per query prefix (best of 5)."""
    from caseload_tui.services.lookup import ChildIndex
    from caseload_tui.store.location import resolve_database_url
    from caseload_tui.store.store import open_store

    store = open_store(resolve_database_url(str(db), {}))
    index = ChildIndex.of(store.children())
    store.close()
    prefixes = sorted({q[:i] for q in QUERIES for i in range(1, len(q) + 1)}, key=lambda p: (len(p), p))
    per = {}
    for prefix in prefixes:
        best = float("inf")
        for _ in range(5):
            started = time.perf_counter()
            index.find(prefix, limit=30)
            best = min(best, time.perf_counter() - started)
        per[prefix] = best
    slowest = max(per, key=per.__getitem__)
    print(
        f"  ChildIndex.find alone on {len(index.children):,} children: "
        f"median {statistics.median(per.values()) * 1000:.1f} ms, "
        f"slowest {per[slowest] * 1000:.1f} ms ({slowest!r}) over {len(per)} prefixes"
    )


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--runs", type=int, default=5, help="cold starts of each app, alternately")
    parser.add_argument("--children", type=int, default=10_000, help="children in the lookup database")
    parser.add_argument("--rounds", type=int, default=3, help="times the lookup sequence is typed")
    parser.add_argument("--only", choices=("start", "lookup"))
    parser.add_argument("--keep", metavar="DIR", help="build the databases here and keep them (reused)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="caseload-bench-ui-") as tmp:
        folder = Path(args.keep or tmp)
        folder.mkdir(parents=True, exist_ok=True)
        if args.only != "lookup":
            cold_start(folder, args.runs)
        if args.only != "start":
            lookup(folder, args.children, args.rounds)


if __name__ == "__main__":
    main()
