"""keys.toml: remappings apply, and a remapping that clashes is reported and not applied."""

from __future__ import annotations

from pathlib import Path

import pytest

from caseload_tui.ui.actions import load_keymap


def keys(tmp_path: Path, text: str) -> tuple[dict[str, str], list[str]]:
    path = tmp_path / "keys.toml"
    path.write_text(text, encoding="utf-8")
    return load_keymap(path)


def test_no_file_no_changes(tmp_path: Path) -> None:
    assert load_keymap(tmp_path / "keys.toml") == ({}, [])


def test_remappings_that_clash_with_nothing_apply(tmp_path: Path) -> None:
    # x is the dashboard's export key, but recording a visit is never offered there
    assert keys(tmp_path, '[keys]\nrecord_visit = "x"\nquit = "z"\n') == (
        {"record_visit": "x", "quit": "z"},
        [],
    )


@pytest.mark.parametrize(
    ("text", "applied", "said"),
    [
        ('record_visit = "c"', {}, "'c' is already Caseload (caseload) on My week; Record visit keeps 'v'"),
        ('record_visit = "g"\nplan_visit = "g"', {"record_visit": "g"},
         "plan_visit = 'g' not applied: 'g' is already Record visit (record_visit)"),
        ('record_visit = "r"', {}, "'r' is already Correct record (correct_record) on the child's screen"),
        ('record_visit = "ctrl+p"', {}, "'ctrl+p' is already the command palette"),
        ('sort = "a"', {}, "'a' is already Reallocate (reallocate) on the caseload"),
        ('record_visit = "r, c"', {}, "'c' is already Caseload"),
        # two remappings swapping keys between them is fine
        ('record_visit = "p"\nplan_visit = "v"', {"record_visit": "p", "plan_visit": "v"}, None),
    ],
    ids=["default-key", "two-remaps", "another-screen", "reserved", "screen-key", "one-of-two-keys", "swap"],
)  # fmt: skip
def test_a_clash_is_reported_and_not_applied(
    tmp_path: Path, text: str, applied: dict[str, str], said: str | None
) -> None:
    keymap, problems = keys(tmp_path, text)
    assert keymap == applied
    if said is None:
        assert problems == []
    else:
        [problem] = problems
        assert said in problem and "keys.toml" in problem


def test_unknown_actions_and_bad_values_are_named(tmp_path: Path) -> None:
    keymap, problems = keys(tmp_path, 'record_vist = "r"\nplan_visit = 3\n')
    assert keymap == {}
    assert "unknown action 'record_vist'" in problems[0]
    assert 'plan_visit must be a key name such as "r"' in problems[1]
