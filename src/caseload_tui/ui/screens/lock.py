"""Locked when left: a screen over everything (no name, no date), until the passphrase or the
PIN is typed; and choosing that PIN on first use (see ``services.lock``)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Literal

from textual.app import ComposeResult
from textual.containers import Vertical
from textual.screen import Screen
from textual.widgets import Input, Static

Mode = Literal["passphrase", "pin", "none", "choose"]

_ASK = {
    "passphrase": "Type the database's passphrase and press Enter.",
    "pin": "Type your PIN and press Enter.",
    "none": "Press Enter to show the app again.",
    "choose": "Choose a PIN (4 or more digits) to unlock the app when it locks itself after a few idle "
    "minutes. Press Enter.",
}


class LockScreen(Screen[None]):
    """Covers the whole terminal: the screens under it, their names and dates, are not drawn.

    ``check(secret)`` says whether ``secret`` unlocks (or, choosing a PIN, keeps it and says
    whether it was accepted); the screen closes itself when it does."""

    DEFAULT_CSS = """
    LockScreen { align: center middle; background: $background; }
    LockScreen #lock-box { width: 64; max-width: 100%; height: auto; border: thick $primary; padding: 1 2; }
    LockScreen #lock-said { color: $warning; height: auto; }
    """

    def __init__(self, mode: Mode, check: Callable[[str], bool]) -> None:
        super().__init__()
        self.mode = mode
        self.check = check
        self.first: str | None = None  # choosing a PIN: the first of the two typed

    def compose(self) -> ComposeResult:
        title = "Choose a PIN" if self.mode == "choose" else "caseload is locked"
        with Vertical(id="lock-box"):
            yield Static(title, classes="section-title")
            yield Static(_ASK[self.mode], id="lock-ask")
            yield Input(password=True, id="lock-input")
            yield Static("", id="lock-said")

    def on_mount(self) -> None:
        self.query_one(Input).focus()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        typed = event.value
        event.input.value = ""
        said = self.query_one("#lock-said", Static)
        if self.mode == "choose" and self.first is None:
            self.first = typed
            self.query_one("#lock-ask", Static).update("Type the PIN again and press Enter.")
            said.update("")
            return
        if self.mode == "choose" and typed != self.first:
            self.first = None
            self.query_one("#lock-ask", Static).update(_ASK["choose"])
            said.update("The two PINs differ: choose one again.")
            return
        if self.check(typed):
            self.dismiss(None)
            return
        if self.mode == "choose":
            self.first = None
            self.query_one("#lock-ask", Static).update(_ASK["choose"])
            said.update("A PIN is 4 or more digits: choose one again.")
        else:
            said.update(f"That is not the {'PIN' if self.mode == 'pin' else 'passphrase'}: try again.")
