"""Keys (?): every action with its key, as remapped in the user's keys.toml."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.widgets import Static

from ..actions import (
    APP_ACTIONS,
    CASELOAD_ACTIONS,
    CHILD_ACTIONS,
    DASHBOARD_ACTIONS,
    HELP,
    WEEK_ACTIONS,
    Action,
)
from ..base import Modal

SECTIONS = (
    ("Everywhere", APP_ACTIONS),
    ("My week", WEEK_ACTIONS),
    ("Child", CHILD_ACTIONS),
    ("Caseload", CASELOAD_ACTIONS),
    ("Team dashboard", DASHBOARD_ACTIONS),
)


class HelpScreen(Modal[None]):
    BINDINGS = [Binding("escape,question_mark,q", "close", "Close")]

    def __init__(self, keymap: dict[str, str]) -> None:
        super().__init__()
        self.keymap = keymap

    def compose(self) -> ComposeResult:
        with VerticalScroll(classes="dialog", id="help-dialog"):
            yield Static("Keys (remap them in keys.toml: see README)", classes="section-title")
            for title, actions in SECTIONS:
                yield Static(Text(f"\n{title}", style="bold"))
                yield Static(Text("\n").join(self._line(a) for a in actions if a is not HELP))
            yield Static(Text("\nctrl+p     command palette: children, workers and every action"))

    def _line(self, action: Action) -> Text:
        # plain Text, not markup: keys such as "[" would read as markup tags
        key = self.keymap.get(action.id, action.key)
        shown = {"slash": "/", "question_mark": "?", "left_square_bracket": "[", "right_square_bracket": "]"}
        return Text.assemble(f"  {shown.get(key, key):<10} {action.description}  ", (f"({action.id})", "dim"))

    def action_close(self) -> None:
        self.dismiss(None)
