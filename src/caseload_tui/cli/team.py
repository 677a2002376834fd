"""``caseload team-report``: the team manager's report, headless (CSV, text or HTML)."""

from __future__ import annotations

import argparse

from .common import (
    CommandError,
    add_authority_option,
    add_database_option,
    add_team_option,
    add_today_option,
    open_for_reading,
    required,
    table_in_force,
    today_from,
)
from .reports import add_output_options, emit, output_target


def register(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    from ..team_export import TEAM_FORMATS

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
    from ..domain.team import TeamEngines
    from ..team_export import render_team_report
    from ..team_report import load_team_report

    team = required(args, "team")
    output = output_target(args, args.output)
    store = open_for_reading(args)
    try:
        teams = [t.name for t in store.teams()]
        if team not in teams:
            raise CommandError(f"no team {team!r}; teams: {', '.join(teams) or 'none yet'}")
        engines = TeamEngines(table_in_force(args, store))
        report = load_team_report(store, engines, team, today_from(args))
        emit(render_team_report(report, args.format), args, output)
    finally:
        store.close()
    return 0
