"""Lookup (/): type part of a name (either way round), a case reference or a date of birth;
Enter opens the child. Each hit shows the date of birth and the worker: siblings share names."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.widgets import Input, OptionList, Static
from textual.widgets.option_list import Option

from ...domain.wording import plural
from ...services.models import Child
from ..base import Modal


def hit_text(child: Child, workers: dict[str, str]) -> Text:
    """A hit on one line: the name, then what tells two children apart (date of birth, worker)
    and the case reference."""
    born = f"born {child.date_of_birth:%d/%m/%Y}" if child.date_of_birth else "not yet born"
    worker = workers.get(child.worker_id, "") if child.worker_id else "unallocated"
    text = Text(f"{child.given_name} {child.family_name}", style="bold")
    text.append(f"  {born} · {worker}")
    text.append(f" · {child.child_id}" + ("" if child.is_open else " · closed"), style="dim")
    return text


class LookupScreen(Modal[str | None]):
    BINDINGS = [
        Binding("escape", "cancel", "Cancel"),
        Binding("down", "move(1)", "Next", show=False),
        Binding("up", "move(-1)", "Previous", show=False),
    ]

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog", id="lookup-dialog"):
            yield Static("Find a child: name, case reference or date of birth", classes="section-title")
            yield Input(placeholder="e.g. smith, amel smi, smith amelia, C000123, 22/06/2023", id="query")
            yield OptionList(id="lookup-results")
            yield Static("", id="lookup-note", classes="muted")

    def on_mount(self) -> None:
        self.query_one("#query", Input).focus()
        self._show("")

    def on_input_changed(self, event: Input.Changed) -> None:
        self._show(event.value)

    def _show(self, query: str) -> None:
        results = self.query_one("#lookup-results", OptionList)
        results.clear_options()
        app = self.caseload
        matches = app.children_index.find(query, limit=30) if query.strip() else []
        workers = {w.worker_id: w.name for w in app.workers_cache}
        results.add_options(Option(hit_text(c, workers), id=c.child_id) for c in matches)
        if matches:
            results.highlighted = 0
        note = self.query_one("#lookup-note", Static)
        if not query.strip():
            note.update("")
        elif not matches:
            note.update(Text(f"No child matches {query.strip()!r}"))
        else:
            count = "the best 30 matches" if len(matches) == 30 else plural(len(matches), "match", "matches")
            note.update(f"{count}: ↑↓ to choose, Enter to open")

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
