"""Locked when left (issue 14): after the idle minutes the screen shows no name and no date,
and only the right passphrase (or PIN) shows the app again. Time is moved on, never waited for."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from textual.pilot import Pilot

from caseload_tui.services.lock import DEFAULT_IDLE_MINUTES, pin_is_set, set_pin
from caseload_tui.services.workspace import Workspace
from caseload_tui.store.cipher import DatabaseKey
from caseload_tui.store.encrypting import encrypt_sqlite
from caseload_tui.store.store import open_store
from caseload_tui.ui.app import CaseloadApp
from caseload_tui.ui.idle import IdleLockApp
from caseload_tui.ui.screens.lock import LockScreen

from .helpers import SIZES, TODAY, db_url, herefordshire, screen_text, settle

PASSPHRASE = "a passphrase for the lock"
DATE = re.compile(
    r"\b\d{1,2}/\d{1,2}/\d{2,4}\b|\b\d{1,2} (Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)\b"
)


class Clock:
    """A clock the test moves on."""

    def __init__(self) -> None:
        self.now = 1_000.0

    def __call__(self) -> float:
        return self.now


@pytest.fixture
def clock(monkeypatch: pytest.MonkeyPatch) -> Clock:
    found = Clock()
    monkeypatch.setattr(IdleLockApp, "clock", found)
    return found


def _app(db_path: Path, key: DatabaseKey) -> CaseloadApp:
    encrypt_sqlite(db_path, key)
    return CaseloadApp(Workspace(open_store(db_url(db_path), key=key), herefordshire()), TODAY, "W002")


@pytest.fixture
def locked_by_passphrase(db_path: Path) -> Iterator[CaseloadApp]:
    app = _app(db_path, DatabaseKey.passphrase(PASSPHRASE))
    yield app
    app.opener().close()


def _names(app: CaseloadApp) -> list[str]:
    assert app.workspace is not None
    return [f"{c.given_name} {c.family_name}" for c in app.workspace.children()]


async def _type(pilot: Pilot[None], text: str) -> None:
    for char in text:
        await pilot.press("space" if char == " " else char)
    await pilot.press("enter")
    await pilot.pause()


async def test_after_the_idle_time_no_name_or_date_shows_and_only_the_passphrase_unlocks(
    locked_by_passphrase: CaseloadApp, clock: Clock
) -> None:
    app = locked_by_passphrase
    async with app.run_test(size=SIZES["wide"]) as pilot:
        await settle(pilot)
        before = screen_text(app)
        names = _names(app)
        assert any(name in before for name in names) and DATE.search(before)  # the week shows them
        clock.now += DEFAULT_IDLE_MINUTES * 60 - 1
        app.check_left_idle()
        await pilot.pause()
        assert not app.locked  # not yet
        app.notify(f"Saved: a visit to {names[0]}")  # a message naming a child, still showing
        await pilot.press("down")  # a key: the idle time starts again
        clock.now += DEFAULT_IDLE_MINUTES * 60 - 1
        app.check_left_idle()
        assert not app.locked
        clock.now += 1
        app.check_left_idle()
        await pilot.pause()
        assert app.locked and isinstance(app.screen, LockScreen)
        app.notify(f"Saved: a visit to {names[1]}")  # nothing is shown over the lock
        await pilot.pause()
        shown = screen_text(app)
        assert "locked" in shown and "passphrase" in shown and "Saved" not in shown
        assert not [name for name in names if name in shown] and not DATE.search(shown)
        for part in {part for name in names for part in name.split()}:  # not even a given name
            assert part not in shown, part
        await pilot.press("ctrl+p")  # the palette (which searches children) stays shut
        await pilot.press("slash")  # and the lookup
        await pilot.pause()
        assert isinstance(app.screen, LockScreen)
        await _type(pilot, "not the passphrase")
        assert app.locked and isinstance(app.screen, LockScreen)
        assert "not the passphrase" in screen_text(app)
        await _type(pilot, PASSPHRASE)
        assert not app.locked and not isinstance(app.screen, LockScreen)
        assert any(name in screen_text(app) for name in names)


async def test_with_a_key_from_the_credential_store_a_pin_is_chosen_on_first_use_and_unlocks(
    db_path: Path, clock: Clock
) -> None:
    key = DatabaseKey.new_raw()
    app = _app(db_path, key)
    try:
        async with app.run_test(size=SIZES["wide"]) as pilot:
            await settle(pilot)
            assert isinstance(app.screen, LockScreen) and app.screen.mode == "choose"
            await _type(pilot, "12")  # too short: asked again
            await _type(pilot, "12")
            assert isinstance(app.screen, LockScreen) and "4 or more digits" in screen_text(app)
            await _type(pilot, "4826")
            await _type(pilot, "4826")
            assert not isinstance(app.screen, LockScreen)
            assert app.workspace is not None and pin_is_set(app.workspace)
            stored = app.workspace.store.get_setting("lock_pin")
            assert stored is not None and "4826" not in stored and stored.startswith("scrypt$")
            clock.now += DEFAULT_IDLE_MINUTES * 60
            app.check_left_idle()
            await pilot.pause()
            assert isinstance(app.screen, LockScreen) and "PIN" in screen_text(app)
            await _type(pilot, "4827")
            assert app.locked
            await _type(pilot, "4826")
            assert not app.locked and not isinstance(app.screen, LockScreen)
    finally:
        app.opener().close()


async def test_the_idle_minutes_are_a_setting(db_path: Path, clock: Clock) -> None:
    key = DatabaseKey.new_raw()
    encrypt_sqlite(db_path, key)
    store = open_store(db_url(db_path), key=key)
    workspace = Workspace(store, herefordshire())
    set_pin(workspace, "1234")
    store.set_setting("idle_lock_minutes", "1")
    app = CaseloadApp(workspace, TODAY, "W002")
    try:
        async with app.run_test(size=SIZES["wide"]) as pilot:
            await settle(pilot)
            clock.now += 60
            app.check_left_idle()
            await pilot.pause()
            assert app.locked
    finally:
        store.close()
