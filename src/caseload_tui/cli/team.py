"""``caseload team-report``: the team manager's report, headless (CSV, text or HTML)."""

from __future__ import annotations

import argparse

from .common import (
    add_authority_option,
    add_database_option,
    add_team_option,
    add_today_option,
    open_workspace_of,
    required,
    today_from,
)
from .reports import add_output_options, emit, output_target


def register(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    from ..services.team_export import TEAM_FORMATS

    report = sub.add_parser(
        "team-report", help="a team's caseloads, overdue work, visits in time and trend, for a meeting"
    )
    add_team_option(report, "the team's name, required (see `caseload caseload`)")
    add_today_option(report, "the date to treat as today")
    report.add_argument("--format", choices=TEAM_FORMATS, default="text")
    add_output_options(report)
    add_authority_option(report)
    add_database_option(report)
    report.set_defaults(func=team_report_command)


def team_report_command(args: argparse.Namespace) -> int:
    from ..services.team_export import render_team_report
    from ..services.team_report import load_team_report

    name = required(args, "team")
    output = output_target(args, args.output)
    workspace = open_workspace_of(args)
    try:
        report = load_team_report(workspace, workspace.team_named(name), today_from(args))
        emit(render_team_report(report, args.format), args, output)
    finally:
        workspace.close()
    return 0
