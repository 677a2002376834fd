"""Lookup (/): type part of a name or a case reference; Enter jumps to the child."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.widgets import Input, OptionList, Static
from textual.widgets.option_list import Option

from ...domain.vocabulary import PLAN_TYPES
from ...services.workspace import search
from ..base import Modal


class LookupScreen(Modal[str | None]):
    BINDINGS = [
        Binding("escape", "cancel", "Cancel"),
        Binding("down", "move(1)", "Next", show=False),
        Binding("up", "move(-1)", "Previous", show=False),
    ]

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog", id="lookup-dialog"):
            yield Static("Find a child: name or case reference", classes="section-title")
            yield Input(placeholder="e.g. smith, C000123, amel smi", id="query")
            yield OptionList(id="lookup-results")

    def on_mount(self) -> None:
        self.query_one("#query", Input).focus()
        self._show("")

    def on_input_changed(self, event: Input.Changed) -> None:
        self._show(event.value)

    def _show(self, query: str) -> None:
        results = self.query_one("#lookup-results", OptionList)
        results.clear_options()
        matches = search(self.caseload.children_cache, query, limit=30) if query.strip() else []
        results.add_options(
            Option(
                Text(
                    f"{c.given_name} {c.family_name}  {c.child_id}  {PLAN_TYPES.get(c.plan_type or '', '')}"
                ),
                id=c.child_id,
            )
            for c in matches
        )
        if matches:
            results.highlighted = 0

    def action_move(self, step: int) -> None:
        results = self.query_one("#lookup-results", OptionList)
        if results.option_count:
            current = results.highlighted or 0
            results.highlighted = max(0, min(results.option_count - 1, current + step))

    def on_input_submitted(self, event: Input.Submitted) -> None:
        results = self.query_one("#lookup-results", OptionList)
        if results.highlighted is not None and results.option_count:
            self.dismiss(results.get_option_at_index(results.highlighted).id)

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        self.dismiss(event.option.id)

    def action_cancel(self) -> None:
        self.dismiss(None)
