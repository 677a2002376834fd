"""``caseload audit``: who did what and who looked (the audit log), ``audit verify`` (its hash
chain) and ``audit erase`` (an authorised erasure of a corrected name or date of birth)."""

from __future__ import annotations

import argparse
import sys

from .common import (
    CommandError,
    add_database_option,
    add_today_option,
    add_worker_option,
    open_workspace_of,
    today_from,
)
from .reports import add_output_options, emit, output_target

FORMATS = ("table", "csv", "json")


def register(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    audit = sub.add_parser(
        "audit",
        help="the audit log: every change (before and after) and every view; verify; erase",
        description=(
            "Without a subcommand: the audit log, newest first: each change with its fields before and "
            "after, each child's screen opened, each list with names printed or exported; who (the worker "
            "signed in, and the OS account) and when."
        ),
    )
    audit.add_argument("--child", metavar="ID", help="only what concerns this child (case reference)")
    audit.add_argument("--since", metavar="DATE", help="only from this day on (e.g. 01/12/2026)")
    audit.add_argument("--format", choices=FORMATS, default="table")
    add_output_options(audit)
    _common(audit)
    audit.set_defaults(func=audit_command)
    audit_sub = audit.add_subparsers(dest="audit_command", metavar="verify|erase")
    verify = audit_sub.add_parser(
        "verify", help="check the audit log's hash chain: exit 1 naming the first row that does not fit"
    )
    verify.add_argument(
        "--last",
        metavar="ID:HASH",
        help="a row and hash an earlier verify printed: check it is still there",
    )
    _common(verify)
    verify.set_defaults(func=verify_command)
    erase = audit_sub.add_parser(
        "erase",
        help="replace a corrected name or date of birth in the audit log's copies (itself audited)",
        description=(
            "After a child's name or date of birth was corrected, replace the wrong value wherever the audit "
            "log keeps a copy of it (the record's own value now is kept). The rows keep their place in the "
            "chain; the erasure is recorded with who authorised it and why."
        ),
    )
    erase.add_argument("--child", metavar="ID", required=True, help="the child's case reference")
    erase.add_argument("--field", required=True, help="name, given_name, family_name or date_of_birth (dob)")
    erase.add_argument("--by", required=True, help="who authorised it (e.g. the data protection officer)")
    erase.add_argument("--reason", required=True, help="why (e.g. misspelt at entry, corrected 01/12/2026)")
    _common(erase)
    erase.set_defaults(func=erase_command)


def _common(parser: argparse.ArgumentParser) -> None:
    add_worker_option(parser, "the worker doing this (recorded in the audit log)")
    add_today_option(parser, "the date to treat as today")
    add_database_option(parser)


def audit_command(args: argparse.Namespace) -> int:
    from ..domain.dates import parse_date
    from ..services.audit import ALL_CHILDREN, audit_lines, audit_text, record_named

    since = None
    if args.since:
        try:
            since = parse_date(args.since, today_from(args))
        except ValueError as exc:
            raise CommandError(f"--since: {exc}") from None
    output = output_target(args, args.output)
    workspace = open_workspace_of(args)
    try:
        lines = audit_lines(workspace, args.child, since)
        text = audit_text(lines, args.format)
        if lines:  # the log holds names: reading it is recorded too
            shown = "print" if output is None else "export"
            record_named(workspace, shown, [args.child or ALL_CHILDREN], f"audit log ({args.format})")
        emit(text, args, output)
    finally:
        workspace.close()
    return 0


def verify_command(args: argparse.Namespace) -> int:
    from ..services.audit import verify_audit, verify_text

    anchor = None
    if args.last:
        entry_id, _, hashed = args.last.partition(":")
        if not (entry_id.isascii() and entry_id.isdigit()) or len(hashed) != 64:
            raise CommandError(f"--last {args.last!r}: give ID:HASH as `caseload audit verify` printed it")
        anchor = (int(entry_id), hashed)
    workspace = open_workspace_of(args)
    try:
        verified = verify_audit(workspace, anchor)
    finally:
        workspace.close()
    print(verify_text(verified), file=sys.stdout if verified.intact else sys.stderr)
    return 0 if verified.intact else 1


def erase_command(args: argparse.Namespace) -> int:
    from ..services.audit import erase

    workspace = open_workspace_of(args)
    try:
        print(erase(workspace, args.child, args.field, args.by, args.reason))
    finally:
        workspace.close()
    return 0
