"""The ``caseload`` command: headless subcommands (and, later, the terminal app)."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from datetime import date
from pathlib import Path

from .domain.catalogue import find_table, sources_dir
from .domain.dates import long_date, parse_date, short_date
from .domain.engine import DueEngine
from .domain.synthetic import make_caseload, make_workers
from .domain.table import TableError, TimescaleTable, check_quotes, load_table
from .domain.vocabulary import DUE_KINDS

STATUS_WORDS = {"overdue": "OVERDUE", "due_today": "due today", "due_soon": "due soon", "upcoming": ""}


def _today(value: str | None) -> date:
    return parse_date(value, date.today()) if value else date.today()


def cmd_rules_check(args: argparse.Namespace) -> int:
    """Validate each FILE; list every problem; exit 1 when any file is invalid."""
    today = _today(args.today)
    failed = False
    for name in args.files:
        path = Path(name)
        try:
            table = load_table(path)
        except TableError as exc:
            failed = True
            print(f"{path}: INVALID ({len(exc.problems)} problem{'s' * (len(exc.problems) != 1)})")
            for problem in exc.problems:
                print(f"  {problem}")
            continue
        folder = sources_dir(path)
        problems = check_quotes(table, folder)
        missing_files = [p for p in problems if "not found in" in p.message and "source file" in p.message]
        errors = [p for p in problems if p not in missing_files]
        if errors:
            failed = True
            print(f"{path}: INVALID ({len(errors)} source problem{'s' * (len(errors) != 1)})")
            for problem in errors:
                print(f"  {problem}")
            continue
        print(
            f"{path}: valid: {table.authority} v{table.version}, {len(table.rules)} rules, "
            f"{len(table.warnings)} practice warnings"
        )
        for problem in missing_files:
            print(f"  warning: {problem}")
        if (warning := table.review_warning(today)) is not None:
            print(f"  warning: {warning}")
    return 1 if failed else 0


def cmd_rules_show(args: argparse.Namespace) -> int:
    """A readable list of the table's rules with their sources."""
    table = load_table(find_table(args.authority))
    today = _today(args.today)
    print(f"{table.title}")
    print(f"Authority: {table.authority}   Version: {table.version}   Approved: {short_date(table.approved)}")
    print(
        f"Owner: {table.owner}   Next review: {short_date(table.next_review)}   "
        f"Caseload target: {table.caseload_target:g} per full-time worker"
    )
    counting = table.counting
    print(
        f"Counting: the anchor is day {counting.anchor_day}; bank holidays are "
        f"{'closed' if counting.bank_holidays_closed else 'working days'}"
        + (f"; {len(counting.closure_days)} extra closure days" if counting.closure_days else "")
    )
    if (warning := table.review_warning(today)) is not None:
        print(f"WARNING: {warning}")
    for kind in DUE_KINDS:
        rules = [r for r in table.rules if r.kind == kind]
        if not rules:
            continue
        print(f"\n{DUE_KINDS[kind]} ({kind})")
        for rule in rules:
            print(f"  {rule.id}: {rule.title}")
            print(f"      applies to {rule.applies_to.describe()}; {rule.describe_timing()}")
            print(f"      source: {rule.source.citation()}: \u201c{rule.source.quote}\u201d")
            if rule.note:
                print(f"      note: {rule.note}")
    if table.warnings:
        print("\nPractice warnings")
        for w in table.warnings:
            print(f"  {w.id}: {w.message}")
            print(f"      source: {w.source.citation()}: \u201c{w.source.quote}\u201d")
    return 0


def print_due_list(table: TimescaleTable, today: date, children: int, within: int) -> None:
    """The demo's due list: every overdue item and everything due within ``within`` days."""
    workers = make_workers(8)
    caseload = make_caseload(children, today, table, workers)
    engine = DueEngine(table)
    names = {w.worker_id: w.name for w in workers}
    print(
        f"Demo caseload ({children} synthetic children), {table.authority} table v{table.version}, "
        f"today {long_date(today)}"
    )
    if (warning := table.review_warning(today)) is not None:
        print(f"WARNING: {warning}")
    rows = []
    for child in caseload:
        result = engine.evaluate(child.facts, today)
        for item in result.items:
            if (item.due - today).days <= within:
                rows.append((item, child))
    rows.sort(key=lambda r: (r[0].due, r[1].case_ref))
    print(f"\n{'status':<10} {'due':<16} {'child':<24} {'worker':<16} kind (rule)")
    for item, child in rows:
        status = STATUS_WORDS[item.status] or "later"
        if item.status == "overdue":
            status = f"{item.days_overdue}d over"
        who = f"{child.given_name} {child.family_name} {child.case_ref}"
        print(
            f"{status:<10} {long_date(item.due):<16} {who:<24} "
            f"{names.get(item.worker_id or '', '-'):<16} "
            f"{item.label} ({item.rule.id})"
        )


def cmd_demo(args: argparse.Namespace) -> int:
    table = load_table(find_table(args.authority))
    print_due_list(table, _today(args.today), args.children, args.within)
    return 0


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="caseload", description=__doc__)
    sub = parser.add_subparsers(dest="command", required=True)

    rules = sub.add_parser("rules", help="check or show an authority's timescale table")
    rules_sub = rules.add_subparsers(dest="rules_command", required=True)
    check = rules_sub.add_parser("check", help="validate table files; exit 0 when all are valid")
    check.add_argument("files", nargs="+", metavar="FILE")
    check.add_argument("--today", help="the date to check the review date against")
    check.set_defaults(func=cmd_rules_check)
    show = rules_sub.add_parser("show", help="list a table's rules with their sources")
    show.add_argument("--authority", help="shipped authority name or a table file (default herefordshire)")
    show.add_argument("--today")
    show.set_defaults(func=cmd_rules_show)

    demo = sub.add_parser("demo", help="show the due list of a synthetic demo caseload")
    demo.add_argument("--authority")
    demo.add_argument("--today", help="the date to treat as today (dd/mm/yyyy or yyyy-mm-dd)")
    demo.add_argument("--children", type=int, default=120)
    demo.add_argument("--within", type=int, default=7, help="days ahead to list (overdue always shown)")
    demo.set_defaults(func=cmd_demo)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        return int(args.func(args))
    except TableError as exc:
        print(f"caseload: invalid timescale table:\n{exc}", file=sys.stderr)
        return 2
    except ValueError as exc:
        print(f"caseload: {exc}", file=sys.stderr)
        return 2
    except BrokenPipeError:  # e.g. `caseload rules show | head`
        sys.stderr.close()
        return 0


if __name__ == "__main__":
    sys.exit(main())
