"""Screenshots of every screen at 120x40 and at the smallest supported terminal, 80x24.

Regenerate after a deliberate change with ``pytest tests/ui --snapshot-update`` and look at the
SVGs (``tests/ui/__snapshots__``) before committing them.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Any

import pytest
from textual.pilot import Pilot
from textual.widgets import Input

from .helpers import SIZES, close_app, make_app, screen_text, settle

Steps = Callable[[Pilot[None]], Awaitable[None]]


def pressing(*keys: str) -> Steps:
    async def steps(pilot: Pilot[None]) -> None:
        await settle(pilot)
        await pilot.press(*keys)
        await settle(pilot)

    return steps


async def child(pilot: Pilot[None]) -> None:
    await settle(pilot)
    pilot.app.open_child("C900001")  # type: ignore[attr-defined]  # Noah Example: CIN, notes
    await settle(pilot)


# what each screen must show at both sizes, beside the picture: the keys to get out and to get
# help, and the columns and buttons a person needs there
SCREENS: dict[str, tuple[str | None, Steps, tuple[str, ...]]] = {
    "my_week": ("W002", pressing(), ("? Keys", "Status", "Planned", "Record visit", "^z Undo", "overdue")),
    "caseload": (
        "W002",
        pressing("c"),
        ("esc Back", "? Keys", "Status", "Next visit", "Due soon: within 7 days"),
    ),
    "child": (
        "W002",
        child,
        ("esc Back", "? Keys", "Alone", "Unannounced", "Noah Example", "✎", "H-VISIT-CIN"),
    ),
    "record_form": ("W002", pressing("v"), ("Save (ctrl+s)", "Cancel (esc)", "Seen alone?", "Unannounced?")),
    "plan_form": ("W002", pressing("p"), ("Plan (enter)", "Cancel (esc)", "Statutory visit")),
    "lookup": ("W002", pressing("slash", *"patel"), ("born", "Enter to open")),
    "help": ("W002", pressing("question_mark"), ("Undo", "Find child", "keys.toml")),
    "pick_worker": (None, pressing(), ("James Okafor", "Social worker")),
}


@pytest.mark.parametrize("size", SIZES)
@pytest.mark.parametrize("screen", SCREENS)
def test_screen(screen: str, size: str, db_path: Path, snap_compare: Any) -> None:
    worker_id, steps, visible = SCREENS[screen]
    app = make_app(db_path, worker_id)
    seen: list[str] = []

    async def then_read(pilot: Pilot[None]) -> None:
        await steps(pilot)
        for field in pilot.app.screen.query(Input):  # a blinking cursor is in one picture, not the next
            field.cursor_blink = False
        await pilot.pause(0.1)  # the footer lists its keys a moment after the screen shows
        seen.append(screen_text(pilot.app))  # type: ignore[arg-type]

    try:
        assert snap_compare(app, terminal_size=SIZES[size], run_before=then_read)
    finally:
        close_app(app)
    missing = [text for text in visible if text not in seen[0]]
    assert not missing, f"not visible at {SIZES[size]}: {missing}\n{seen[0]}"
