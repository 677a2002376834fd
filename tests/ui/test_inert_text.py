"""A name that another tool wrote with terminal escape codes (the import refuses them) shows
as visible symbols on every screen: it neither clears the screen nor retitles the window."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from .helpers import SIZES, close_app, make_app, screen_text, settle

ATTACK = "\x1b]0;pwned\x07\x1b[2JPatel"


async def test_escape_codes_in_a_name_are_shown_not_obeyed(db_path: Path) -> None:
    with sqlite3.connect(db_path) as conn:
        child_id = conn.execute("SELECT child_id FROM children WHERE worker_id = 'W002' LIMIT 1").fetchone()[
            0
        ]
        conn.execute("UPDATE children SET family_name = ? WHERE child_id = ?", (ATTACK, child_id))
        conn.execute("UPDATE workers SET name = ? WHERE worker_id = 'W002'", (ATTACK,))
    conn.close()
    app = make_app(db_path, "W002")
    try:
        async with app.run_test(size=SIZES["wide"]) as pilot:
            await settle(pilot)
            app.open_child(child_id)
            await settle(pilot)
            shown = screen_text(app)
            assert "␛]0;pwned␇␛[2JPatel" in shown
            await pilot.press("escape", "c")
            await settle(pilot)
            shown += screen_text(app)
    finally:
        close_app(app)
    assert not any(c in shown for c in "\x1b\x07\x9b")
