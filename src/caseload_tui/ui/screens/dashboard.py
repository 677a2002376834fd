"""The team manager's dashboard: one row per worker against the target, overdue work, visits in
time, team totals, a caseload chart and the 12-week trend of overdue items.

The figures for now come first; the past figures (visits in time, the trend: many evaluations
per child) follow from the same thread worker, so the screen is useful at once.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

from rich.text import Text
from textual import work
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.widgets import DataTable, Footer, Header, Sparkline, Static

from ...domain.team import TeamReport, WorkerStats
from ...domain.wording import plural
from ...services.files import write_file
from ...services.team_export import in_time, render_team_report
from ...services.team_report import add_history, first_report, load_team_report
from ..actions import DASHBOARD_ACTIONS, TEAM_CASELOAD_ACTIONS
from ..base import DataScreen, SortableTable, TextTable
from .caseload import CaseloadScreen
from .team_chart import caseload_chart, load_bar, trend_caption
from .team_forms import ExportChoice, ExportForm
from .team_realloc import start_reallocation


def _rate(value: float | None) -> float:
    return -1.0 if value is None else value


COLUMNS: list[tuple[str, Callable[[WorkerStats], Any]]] = [
    ("Worker", lambda s: s.load.name),
    ("Role", lambda s: s.load.role),
    ("FTE", lambda s: s.load.fte),
    ("Children", lambda s: s.load.children),
    ("Target", lambda s: s.load.target),
    ("+/-", lambda s: s.load.over_by),
    ("Load", lambda s: s.load.children / s.load.target if s.load.target else 0.0),
    ("Visits", lambda s: s.overdue.visits),
    ("Reviews", lambda s: s.overdue.plan_reviews),
    ("Chron", lambda s: s.overdue.chronology),
    ("Summary", lambda s: s.overdue.case_summary),
    ("⚠", lambda s: s.warned),
    ("In time", lambda s: _rate(s.timeliness.rate)),
    ("CP in time", lambda s: _rate(s.timeliness.cp_rate)),
]


_WIDEST = 200  # a column's most cells: each column as wide as its widest cell


def short_role(role: str) -> str:
    """``Senior social worker`` -> ``SSW``: roles as teams say them, to save width."""
    return role if len(role) <= 12 else "".join(word[0].upper() for word in role.split())


def _short(in_time_text: str) -> str:
    """``"9/10 (90%)"`` -> ``"9/10 90%"``: the table is tight at 120 columns."""
    return in_time_text.replace(" (", " ").rstrip(")")


def _count(n: int) -> Text:
    return Text(str(n), style="bold red" if n else "dim")


def _warned(n: int) -> Text:
    return Text(str(n), style="bold yellow" if n else "dim")


class DashboardScreen(SortableTable, DataScreen):
    BINDINGS = [a.binding() for a in DASHBOARD_ACTIONS]

    def __init__(self, team: str) -> None:
        super().__init__()
        self.team = team
        self.report: TeamReport | None = None
        self.complete = False  # the past figures are in
        self.shown: list[WorkerStats] = []
        self.column_count = len(COLUMNS)
        self.sort_column = 5  # over / under the target, most over first
        self.reverse = True

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static(Text(f"{self.team}: loading…"), id="dashboard-title", classes="section-title")
        yield TextTable(id="team-table", cursor_type="row", zebra_stripes=True)
        with Horizontal(id="team-bottom"):
            yield Static("", id="team-totals")
            with Vertical(id="team-charts"):
                yield Static("", id="team-chart")
                yield Static("", id="trend-caption", classes="muted")
                yield Sparkline([], id="trend")
        yield Footer(compact=True)

    def on_mount(self) -> None:
        self.query_one("#team-table", DataTable).focus()
        self.refresh_data()

    # -- data ---------------------------------------------------------------------------------

    def refresh_data(self) -> None:
        self.load_report(self.team, self.caseload.today)

    @work(thread=True, exclusive=True, group="load", name="loading the dashboard", exit_on_error=False)
    def load_report(self, team: str, today: date) -> None:
        """The figures for now first, then the past ones (many evaluations per child)."""
        workspace = self.workspace
        report, past = first_report(workspace, team, today)
        self.deliver(self.show_first, report)
        self.deliver(self.show_complete, add_history(workspace, report, past))

    def show_first(self, report: TeamReport) -> None:
        self.show(report, False)

    def show_complete(self, report: TeamReport) -> None:
        self.show(report, True)

    def show(self, report: TeamReport, complete: bool) -> None:
        self.report, self.complete = report, complete
        self._fill_table()
        self.query_one("#team-totals", Static).update(self._totals(report))
        self._draw_chart()
        self.query_one("#trend-caption", Static).update(trend_caption(report))
        self.query_one("#trend", Sparkline).data = [float(p.overdue) for p in report.trend]

    def on_resize(self) -> None:
        # a short terminal keeps the table whole: the chart repeats the table's Load column
        self.set_class(self.size.height < 32, "-short")
        self._draw_chart()

    def _draw_chart(self) -> None:
        if self.report is None:
            return
        room = self.size.width - 44  # the totals panel and padding
        name_width = 14 if room >= 48 else 10
        bar_width = max(6, min(24, room - name_width - 10))
        self.query_one("#team-chart", Static).update(caseload_chart(self.report, bar_width, name_width))

    def _fill_table(self) -> None:
        if self.report is None:
            return
        rows = sorted(self.report.workers, key=COLUMNS[self.sort_column][1], reverse=self.reverse)
        self.shown = rows
        waiting = "…" if not self.complete else ""
        cells = []
        for s in rows:
            load, o, t = s.load, s.overdue, s.timeliness
            over = Text(f"{load.over_by:+g}", style="bold red" if load.over_by > 0 else "green")
            cells.append((
                load.name, short_role(load.role), f"{load.fte:g}", str(load.children), f"{load.target:g}",
                over, load_bar(load.children, load.target, 10), _count(o.visits), _count(o.plan_reviews),
                _count(o.chronology), _count(o.case_summary), _warned(s.warned),
                waiting or _short(in_time(t)), waiting or _short(in_time(t, cp=True)),
            ))  # fmt: skip
        # every column as wide as its widest cell, set with the rows (not on a later idle tick):
        # the past figures, arriving second, widen their columns at once
        self.query_one("#team-table", TextTable).fill([(name, _WIDEST) for name, _ in COLUMNS], cells)
        order = "↓" if self.reverse else "↑"
        self.query_one("#dashboard-title", Static).update(
            Text(
                f"{self.report.team}: {plural(len(rows), 'worker')}, "
                f"target {self.report.table_target:g} per FTE; "
                f"overdue items by kind; ⚠ children with a practice warning; visits in time over 13 weeks. "
                f"Sorted by {COLUMNS[self.sort_column][0]} {order}"
            )
        )

    @staticmethod
    def _totals(report: TeamReport) -> Text:
        t, o = report.totals, report.totals.overdue
        per_fte = "–" if t.per_fte is None else f"{t.per_fte:g}"
        lines = [
            ("Team totals", "bold"),
            (f"Children      {t.children}", ""),
            (
                f"Unallocated   {t.unallocated}" + ("  (u: list)" if t.unallocated else ""),
                "bold yellow" if t.unallocated else "",
            ),
            (f"Per FTE       {per_fte} ({t.fte:g} FTE)", ""),
            (f"Overdue       {o.total}", "bold red" if o.total else ""),
            (f"  visits {o.visits}, reviews {o.plan_reviews}", ""),
            (f"  chronology {o.chronology}, summary {o.case_summary}", ""),
            (f"  other {o.other}", ""),
            (f"Practice warnings {t.warned}", "bold yellow" if t.warned else ""),
            (f"Visits in time {in_time(t.timeliness) or '–'}", ""),
            (f"CP in time     {in_time(t.timeliness, cp=True) or '–'}", ""),
        ]
        return Text("\n").join(Text(line, style=style) for line, style in lines)

    # -- actions ------------------------------------------------------------------------------

    def selected(self) -> WorkerStats | None:
        row = self.query_one("#team-table", DataTable).cursor_row
        return self.shown[row] if self.shown and 0 <= row < len(self.shown) else None

    def team_workers(self) -> list[tuple[str, str]]:
        return [(s.load.worker_id, s.load.name) for s in self.report.workers] if self.report else []

    def action_open_worker(self) -> None:
        stats = self.selected()
        if stats is not None:
            self.app.push_screen(
                TeamCaseloadScreen(stats.load.worker_id, f"{stats.load.name}'s caseload", self.team_workers())
            )

    def on_data_table_row_selected(self, event: DataTable.RowSelected) -> None:
        self.action_open_worker()

    def action_reallocate(self) -> None:
        start_reallocation(self, "", self.team_workers(), self.refresh_data)

    def action_unallocated(self) -> None:
        from .unallocated import UnallocatedScreen

        self.app.push_screen(UnallocatedScreen(self.team_workers()))

    def action_audit_log(self) -> None:
        self.caseload.open_audit()

    def action_export_report(self) -> None:
        slug = "".join(c if c.isalnum() else "-" for c in self.team.lower()).strip("-")
        default = Path.home() / f"team-report-{slug}-{self.caseload.today.isoformat()}.html"
        self.app.push_screen(ExportForm(default, self.workspace.database_file), self._export)

    def _export(self, choice: ExportChoice | None) -> None:
        if choice is not None:
            self.export_report(choice, self.report if self.complete else None, self.caseload.today)

    @work(thread=True, group="export", name="writing the team report", exit_on_error=False)
    def export_report(self, choice: ExportChoice, ready: TeamReport | None, today: date) -> None:
        workspace = self.workspace
        report = ready or load_team_report(workspace, self.team, today)
        text = render_team_report(report, choice.fmt).encode("utf-8")
        write_file(choice.path, text, force=choice.replace, database=workspace.database_file,
                   how_to_replace="press Export again")  # fmt: skip
        self.app.call_from_thread(self.notify, f"Written to {choice.path}", title="Team report")

    def action_back(self) -> None:
        if len(self.app.screen_stack) > 1:
            self.app.pop_screen()


class TeamCaseloadScreen(CaseloadScreen):
    """A worker's caseload, as the worker sees it, opened from the dashboard: plus reallocation."""

    BINDINGS = [a.binding() for a in TEAM_CASELOAD_ACTIONS if a.id == "reallocate"]

    def __init__(self, worker_id: str, title: str, team_workers: list[tuple[str, str]]) -> None:
        super().__init__(worker_id, title)
        self.team_workers = team_workers

    def action_reallocate(self) -> None:
        table = self.query_one("#caseload", DataTable)
        child_id = ""
        if self.shown and 0 <= table.cursor_row < len(self.shown):
            child_id = self.shown[table.cursor_row].child_id
        start_reallocation(self, child_id, self.team_workers, self.refresh_data)
