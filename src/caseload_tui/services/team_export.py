"""The team report for a management meeting: CSV (one row per worker), plain text or HTML.

Workers are named (they are staff, and the meeting is about their caseloads); children are
only counted, never named.
"""

from __future__ import annotations

import html
from typing import TYPE_CHECKING, Any

from ..domain.dates import long_date
from ..domain.wording import plural
from .exports import caseload_row, render

if TYPE_CHECKING:
    from ..domain.team import TeamReport, VisitTimeliness, WorkerStats

TEAM_FORMATS = ("csv", "text", "html")
SUFFIXES = {"csv": ".csv", "text": ".txt", "html": ".html"}


def percent(value: float | None) -> str:
    return "" if value is None else f"{value:.0%}"


def in_time(t: VisitTimeliness, cp: bool = False) -> str:
    """``"9/10 (90%)"``: visits within timescale over visits, or blank when there were none."""
    done, total = (t.cp_in_time, t.cp_visits) if cp else (t.in_time, t.visits)
    return f"{done}/{total} ({percent(done / total)})" if total else ""


def worker_row(s: WorkerStats) -> dict[str, Any]:
    """One worker as plain data: the CSV row (and, trimmed, the text table's)."""
    load, overdue, t = s.load, s.overdue, s.timeliness
    return {
        **caseload_row(load),
        "overdue_visits": overdue.visits,
        "overdue_plan_reviews": overdue.plan_reviews,
        "overdue_chronology": overdue.chronology,
        "overdue_case_summary": overdue.case_summary,
        "overdue_other": overdue.other,
        "children_with_practice_warnings": s.warned,
        "visits_13_weeks": t.visits,
        "visits_in_time": t.in_time,
        "cp_visits_13_weeks": t.cp_visits,
        "cp_visits_in_time": t.cp_in_time,
    }


def _readable_rows(report: TeamReport) -> list[dict[str, Any]]:
    return [
        {
            "worker": s.load.name,
            "fte": s.load.fte,
            "children": s.load.children,
            "target": s.load.target,
            "over/under": f"{s.load.over_by:+g}",
            "overdue visits": s.overdue.visits,
            "reviews": s.overdue.plan_reviews,
            "chronology": s.overdue.chronology,
            "summary": s.overdue.case_summary,
            "practice warnings": s.warned,
            "visits in time": in_time(s.timeliness),
            "CP visits in time": in_time(s.timeliness, cp=True),
        }
        for s in report.workers
    ]


def summary_lines(report: TeamReport) -> list[str]:
    """The totals in sentences, for the text and HTML reports."""
    t = report.totals
    per_fte = "n/a" if t.per_fte is None else f"{t.per_fte:g}"
    o = t.overdue
    lines = [
        f"{plural(t.children, 'child', 'children')} allocated, {t.unallocated} unallocated; "
        f"{per_fte} per FTE ({t.fte:g} FTE) against a target of {report.table_target:g}.",
        f"Overdue: {plural(o.visits, 'visit')}, {plural(o.plan_reviews, 'plan review')}, "
        f"{plural(o.chronology, 'chronology update')}, {plural(o.case_summary, 'case summary update')}, "
        f"{o.other} other ({o.total} in all).",
        f"Children with a practice warning (not seen alone, no unannounced visit): {t.warned}.",
        f"Visits within timescale, last 13 weeks: {in_time(t.timeliness) or 'none recorded'}; "
        f"child protection visits: {in_time(t.timeliness, cp=True) or 'none recorded'}.",
    ]
    if report.trend:
        points = ", ".join(f"{p.week_end:%d/%m} {p.overdue}" for p in report.trend)
        lines.append(f"Overdue items at each week's end: {points}.")
    return lines


def render_team_report(report: TeamReport, fmt: str) -> str:
    """The report as ``csv``, ``text`` or ``html``."""
    if fmt == "csv":
        return render([worker_row(s) for s in report.workers], "csv", list(_CSV_COLUMNS))
    title = f"{report.team}: team report, {long_date(report.today)}"
    rows = _readable_rows(report)
    if fmt == "text":
        table = render(rows, "table") if rows else "no workers\n"
        return f"{title}\n\n" + "\n".join(summary_lines(report)) + f"\n\n{table}"
    if fmt != "html":
        raise ValueError(f"unknown format {fmt!r}: use one of {', '.join(TEAM_FORMATS)}")
    return _html(title, summary_lines(report), rows)


_CSV_COLUMNS = (
    "worker_id", "name", "role", "team", "fte", "children", "target", "over_by", "overdue_visits",
    "overdue_plan_reviews", "overdue_chronology", "overdue_case_summary", "overdue_other",
    "children_with_practice_warnings", "visits_13_weeks", "visits_in_time", "cp_visits_13_weeks",
    "cp_visits_in_time",
)  # fmt: skip


def _html(title: str, lines: list[str], rows: list[dict[str, Any]]) -> str:
    e = html.escape
    head = "".join(f"<th>{e(c)}</th>" for c in (rows[0] if rows else {}))
    body = "".join(
        "<tr>" + "".join(f"<td>{e(str(v))}</td>" for v in row.values()) + "</tr>\n" for row in rows
    )
    paragraphs = "".join(f"<p>{e(line)}</p>\n" for line in lines)
    return (
        '<!doctype html>\n<html lang="en-GB"><head><meta charset="utf-8">'
        f"<title>{e(title)}</title>\n<style>body{{font-family:sans-serif}}"
        "table{border-collapse:collapse}td,th{border:1px solid #999;padding:2px 6px}"
        "td{text-align:right}td:first-child{text-align:left}</style></head>\n"
        f"<body><h1>{e(title)}</h1>\n{paragraphs}<table><tr>{head}</tr>\n{body}</table></body></html>\n"
    )
