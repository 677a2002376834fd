"""``caseload rules check`` and ``caseload rules show``: an authority's table as data."""

from __future__ import annotations

import argparse
from collections.abc import Sequence
from pathlib import Path

from ..domain.dates import short_date
from ..domain.table import Source
from ..domain.wording import plural
from .common import (
    CommandError,
    add_authority_option,
    add_database_option,
    add_today_option,
    open_workspace_of,
    today_from,
)


def register(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    rules = sub.add_parser("rules", help="check or show an authority's timescale table")
    rules_sub = rules.add_subparsers(dest="rules_command", required=True)
    check = rules_sub.add_parser("check", help="validate table files; exit 0 when all are valid")
    check.add_argument("files", nargs="+", metavar="FILE")
    add_today_option(check, "the date to check the review date against")
    check.set_defaults(func=check_tables)
    show = rules_sub.add_parser("show", help="list a table's rules with their sources")
    add_authority_option(show)
    add_today_option(show, "the date to check the review date against")
    show.set_defaults(func=show_table)
    ack = rules_sub.add_parser(
        "acknowledge",
        help="record that the table's owner confirmed it is still current, past its review date",
        description=(
            "Past its review date, the table is shown with a warning on every screen and command. "
            "When its owner confirms the version in force is still current, record it here (in the "
            "audit log): the warning gives way to a short mark until --until, then returns."
        ),
    )
    ack.add_argument("--until", required=True, help="the date the confirmation lasts until (at most a year)")
    ack.add_argument(
        "--by", required=True, help="who confirmed it (the table's owner, or whoever they asked)"
    )
    add_database_option(ack)
    add_authority_option(ack)
    add_today_option(ack, "today's date (default: the real date)")
    ack.set_defaults(func=acknowledge_review)


def acknowledge_review(args: argparse.Namespace) -> int:
    from ..domain.dates import parse_date

    today = today_from(args)
    try:
        until = parse_date(args.until, today)
    except ValueError as exc:
        raise CommandError(f"--until: {exc}") from None
    workspace = open_workspace_of(args)
    try:
        print(workspace.confirm_review(args.by, until, today).description)
    finally:
        workspace.close()
    return 0


def check_tables(args: argparse.Namespace) -> int:
    """Validate each FILE; list every problem; exit 1 when any file is invalid."""
    from ..services.catalogue import check_table

    today = today_from(args)
    failed = False
    for name in args.files:
        path = Path(name)
        table, errors, warnings = check_table(path)
        if table is None or errors:
            failed = True
            what = "problem" if table is None else "source problem"
            print(f"{path}: INVALID ({_count(errors, what)})")
            for problem in errors:
                print(f"  {problem}")
            continue
        print(
            f"{path}: valid: {table.authority} table version {table.version}, "
            f"{plural(len(table.rules), 'rule')}, {plural(len(table.warnings), 'practice warning')}"
        )
        for problem in warnings:
            print(f"  warning: {problem}")
        if (warning := table.review_warning(today)) is not None:
            print(f"  warning: {warning}")
    return 1 if failed else 0


def _count(items: Sequence[object], word: str) -> str:
    return plural(len(items), word)


def show_table(args: argparse.Namespace) -> int:
    """A readable list of the table's rules with their sources."""
    from ..domain.vocabulary import DUE_KINDS
    from ..services.catalogue import find_table, load_table

    table = load_table(find_table(args.authority))
    today = today_from(args)
    print(table.title)
    print(f"Authority: {table.authority}   Version: {table.version}   Approved: {short_date(table.approved)}")
    print(
        f"Owner: {table.owner}   Next review: {short_date(table.next_review)}   "
        f"Caseload target: {table.caseload_target:g} per full-time worker"
    )
    counting = table.counting
    closures = f"; {len(counting.closure_days)} extra closure days" if counting.closure_days else ""
    holidays = "closed" if counting.bank_holidays_closed else "working days"
    print(f"Counting: the anchor is day {counting.anchor_day}; bank holidays are {holidays}{closures}")
    if (warning := table.review_warning(today)) is not None:
        print(f"WARNING: {warning}")
    for kind, label in DUE_KINDS.items():
        rules = [r for r in table.rules if r.kind == kind]
        if not rules:
            continue
        print(f"\n{label} ({kind})")
        for rule in rules:
            print(f"  {rule.id}: {rule.title}")
            print(f"      applies to {rule.applies_to.describe()}; {rule.describe_timing()}")
            print(f"      source: {_cited(rule.source)}")
            if rule.note:
                print(f"      note: {rule.note}")
    if table.warnings:
        print("\nPractice warnings")
        for w in table.warnings:
            print(f"  {w.id}: {w.message}")
            print(f"      source: {_cited(w.source)}")
    return 0


def _cited(source: Source) -> str:
    """For the table's maintainers: the title people see, the file it is in, and the quote."""
    return f"{source.citation()} [{source.file}]: \u201c{source.quote}\u201d"
