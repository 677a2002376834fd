"""The children allocated to nobody, the most urgent first: the manager allocates from here."""

from __future__ import annotations

from datetime import date

from textual import work

from .dashboard import TeamCaseloadScreen


class UnallocatedScreen(TeamCaseloadScreen):
    """Unallocated children with what is due (worst first); ``a`` allocates the selected one to
    a worker of the team."""

    def __init__(self, team_workers: list[tuple[str, str]]) -> None:
        super().__init__("", "Unallocated children", team_workers)
        self.sort_column = 1  # status: the most urgent first

    def refresh_data(self) -> None:
        self.load_unallocated(self.caseload.today)

    @work(
        thread=True,
        exclusive=True,
        group="load",
        name="loading the unallocated children",
        exit_on_error=False,
    )
    def load_unallocated(self, today: date) -> None:
        self.deliver(self.show, self.workspace.unallocated(today))
