"""First run: pick yourself from the workers (remembered in the database's settings)."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from ...services.models import Worker
from ..base import Modal


class PickWorkerScreen(Modal[str | None]):
    def __init__(self, workers: list[Worker]) -> None:
        super().__init__()
        self.staff = workers

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog", id="lookup-dialog"):
            yield Static("Who are you? (remembered for next time)", classes="section-title")
            yield OptionList(
                *(Option(Text(f"{w.name}  {w.role}, {w.team}"), id=w.worker_id) for w in self.staff),
                id="lookup-results",
            )

    def on_mount(self) -> None:
        self.query_one(OptionList).focus()

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        self.dismiss(event.option.id)
