"""Locked when left: the app notes each key, click and scroll, and after the idle minutes (a
setting, default 5) covers everything with the lock screen until the passphrase or PIN is typed.

The clock is an attribute (``clock``) and the check a method (``check_left_idle``), so tests move
time on instead of waiting for it.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import TYPE_CHECKING, ClassVar

from textual import events
from textual.app import App

from ..services.explain import Refusal
from ..services.lock import LockKind, set_pin, unlocks

if TYPE_CHECKING:
    from ..services.workspace import Workspace

CHECK_EVERY = 10.0  # seconds between looks at the clock
# what still works while locked: quitting (the lock screen's own keys are its own)
_WHILE_LOCKED = {"quit"}
_ACTIVITY = (events.Key, events.MouseDown, events.MouseScrollDown, events.MouseScrollUp, events.Paste)


class IdleLockApp(App[None]):
    """An app that locks itself when left (see the module docstring)."""

    clock: ClassVar[Callable[[], float]] = time.monotonic  # replaced in tests
    workspace: Workspace | None

    def __init__(self) -> None:
        super().__init__()
        self.last_active = type(self).clock()
        self.idle_after: float | None = None  # seconds; None: never (not set up yet, or 0 minutes)
        self.lock_kind: LockKind | None = None
        self.locked = False

    async def on_event(self, event: events.Event) -> None:
        if isinstance(event, _ACTIVITY):
            self.last_active = type(self).clock()
        await super().on_event(event)

    def start_idle_lock(self, minutes: int, kind: LockKind | None, pin_set: bool) -> None:
        """Once the workspace is open: lock after ``minutes`` idle (0: never); with a key from the
        credential store and no PIN yet, ask for one now (first use)."""
        self.lock_kind = kind
        self.idle_after = minutes * 60.0 if minutes > 0 else None
        self.last_active = type(self).clock()
        self.set_interval(CHECK_EVERY, self.check_left_idle, name="idle lock")
        if kind == "pin" and not pin_set:
            self._choose_pin()

    def check_left_idle(self) -> None:
        """Lock if nothing has been pressed or clicked for the idle time."""
        if self.locked or self.idle_after is None:
            return
        if type(self).clock() - self.last_active >= self.idle_after:
            self.lock()

    def lock(self) -> None:
        """Cover everything: the lock screen, and no notification left showing a name."""
        from .screens.lock import LockScreen

        if self.locked or self.workspace is None:
            return
        self.locked = True
        self.clear_notifications()
        workspace = self.workspace

        def check(secret: str) -> bool:
            return unlocks(workspace, secret)

        self.push_screen(LockScreen(self.lock_kind or "none", check), callback=self._unlocked)

    def _unlocked(self, _: None) -> None:
        self.locked = False
        self.last_active = type(self).clock()

    def _choose_pin(self) -> None:
        from .screens.lock import LockScreen

        workspace = self.workspace
        assert workspace is not None

        def keep(pin: str) -> bool:
            try:
                set_pin(workspace, pin)
            except Refusal:
                return False
            return True

        self.push_screen(LockScreen("choose", keep))

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """While locked, the app's keys (the palette, lookup, undo...) do nothing but quit."""
        if self.locked and action not in _WHILE_LOCKED:
            return False
        return super().check_action(action, parameters)
