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

from .helpers import SIZES, close_app, make_app, settle

Steps = Callable[[Pilot[None]], Awaitable[None]]


def pressing(*keys: str) -> Steps:
    async def steps(pilot: Pilot[None]) -> None:
        await settle(pilot)
        await pilot.press(*keys)
        await settle(pilot)

    return steps


async def child(pilot: Pilot[None]) -> None:
    await settle(pilot)
    pilot.app.open_child("C000023")  # type: ignore[attr-defined]  # Phoebe Patel: CIN, several items
    await settle(pilot)


SCREENS: dict[str, tuple[str | None, Steps]] = {
    "my_week": ("W002", pressing()),
    "caseload": ("W002", pressing("c")),
    "child": ("W002", child),
    "record_form": ("W002", pressing("v")),
    "plan_form": ("W002", pressing("p")),
    "lookup": ("W002", pressing("slash", *"patel")),
    "help": ("W002", pressing("question_mark")),
    "pick_worker": (None, pressing()),
}


@pytest.mark.parametrize("size", SIZES)
@pytest.mark.parametrize("screen", SCREENS)
def test_screen(screen: str, size: str, db_path: Path, snap_compare: Any) -> None:
    worker_id, steps = SCREENS[screen]
    app = make_app(db_path, worker_id)
    try:
        assert snap_compare(app, terminal_size=SIZES[size], run_before=steps)
    finally:
        close_app(app)
