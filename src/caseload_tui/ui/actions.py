"""Every action in the app: its id (for remapping keys), key, and what it does.

Bindings, the footer, the command palette and the help screen all come from here. Users remap
keys in ``keys.toml`` in their config folder, e.g. ``record_visit = "r"``.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from textual.binding import Binding


@dataclass(frozen=True, slots=True)
class Action:
    id: str
    key: str
    action: str
    description: str
    show: bool = True

    def binding(self) -> Binding:
        return Binding(self.key, self.action, self.description, show=self.show, id=self.id)


# In the footer each screen's own keys come first, then the app's; on a narrow terminal the last
# are cut first. So every screen starts with "esc Back" (but My week, the home screen) and
# "? Keys" (which lists every key), and the app's own come after in this order.
HELP = Action("help", "question_mark", "app.help", "Keys")
APP_ACTIONS = (
    Action("help", "question_mark", "help", "Keys", show=False),  # shown by each screen, first
    Action("undo", "ctrl+z", "undo", "Undo"),
    Action("lookup", "slash", "lookup", "Find child"),
    Action("my_week", "w", "my_week", "My week"),
    Action("caseload", "c", "caseload", "Caseload"),
    Action("dashboard", "t", "dashboard", "Team dashboard", show=False),
    Action("new_child", "n", "new_child", "Add child", show=False),
    Action("quit", "q", "quit", "Quit"),
)
WEEK_ACTIONS = (
    HELP,
    Action("open_child", "enter", "open_child", "Open child"),
    Action("record_visit", "v", "record_visit", "Record visit"),
    Action("plan_visit", "p", "plan_visit", "Plan visit"),
    Action("previous_week", "left_square_bracket", "previous_week", "Prev week", show=False),
    Action("next_week", "right_square_bracket", "next_week", "Next week", show=False),
    *(
        Action(f"plan_day_{i}", str(i), f"plan_day({i})", f"Plan for day {i}", show=False)
        for i in range(1, 6)
    ),
)
CHILD_ACTIONS = (
    Action("back", "escape", "back", "Back"),
    HELP,
    Action("record_visit", "v", "record_visit", "Record visit"),
    Action("record_event", "e", "record_event", "Record event"),
    Action("plan_visit", "p", "plan_visit", "Plan visit"),
    Action("move_visit", "m", "move_visit", "Move planned visit", show=False),
    Action("correct_record", "r", "correct_record", "Correct record"),
    Action("delete_record", "d", "delete_record", "Delete record"),
    Action("edit_child", "E", "edit_child", "Edit child"),
    Action("audit_log", "L", "audit_log", "Child's audit log", show=False),
)
CASELOAD_ACTIONS = (
    Action("back", "escape", "back", "Back"),
    HELP,
    Action("open_child", "enter", "open_child", "Open child"),
    Action("sort", "s", "sort_next", "Sort"),
    Action("sort_reverse", "S", "sort_reverse", "Reverse sort", show=False),
    Action("filter", "f", "focus_filter", "Filter"),
)
DASHBOARD_ACTIONS = (
    Action("back", "escape", "back", "Back"),
    HELP,
    Action("open_worker", "enter", "open_worker", "Worker's caseload"),
    Action("reallocate", "a", "reallocate", "Reallocate"),
    Action("unallocated", "u", "unallocated", "Unallocated"),
    Action("export_team_report", "x", "export_report", "Export report"),
    Action("audit_log", "l", "audit_log", "Audit log"),
    Action("sort", "s", "sort_next", "Sort"),
    Action("sort_reverse", "S", "sort_reverse", "Reverse sort", show=False),
)
AUDIT_ACTIONS = (Action("back", "escape", "back", "Back"), HELP)
# the caseload screen opened from the dashboard: the worker's own, plus reallocation
TEAM_CASELOAD_ACTIONS = (*CASELOAD_ACTIONS, Action("reallocate", "a", "reallocate", "Reallocate"))
ALL_ACTIONS = (*APP_ACTIONS, *WEEK_ACTIONS, *CHILD_ACTIONS, *CASELOAD_ACTIONS, *DASHBOARD_ACTIONS)


# The actions active together: the app's own on every screen, and each screen's beside them.
SCOPES = {
    "every screen": APP_ACTIONS,
    "My week": (*APP_ACTIONS, *WEEK_ACTIONS),
    "the child's screen": (*APP_ACTIONS, *CHILD_ACTIONS),
    "the caseload": (*APP_ACTIONS, *TEAM_CASELOAD_ACTIONS),
    "the team dashboard": (*APP_ACTIONS, *DASHBOARD_ACTIONS),
}
RESERVED = {"ctrl+p": "the command palette", "ctrl+q": "quit", "ctrl+c": "copy", "tab": "the next field"}


def load_keymap(path: Path) -> tuple[dict[str, str], list[str]]:
    """The user's key remapping (binding id -> keys) and any problems with the file.

    A remapping that would put two actions on one key where both are active (or take a key
    Textual keeps, such as ctrl+p) is reported and not applied: that action keeps its key.
    """
    if not path.is_file():
        return {}, []
    import tomllib  # only when there is a file: not on every start

    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError, RecursionError) as exc:
        return {}, [f"{path}: {exc or 'nested too deeply'}"]
    keys = data.get("keys", data)
    if not isinstance(keys, dict):
        return {}, [f'{path}: [keys] must be a table of action = "key" lines']
    known = {a.id for a in ALL_ACTIONS}
    keymap, problems = {}, []
    for action_id, key in keys.items():
        if action_id not in known:
            problems.append(f"{path}: unknown action {action_id!r}; known: {', '.join(sorted(known))}")
        elif not isinstance(key, str) or not key.strip(" ,"):
            problems.append(f'{path}: {action_id} must be a key name such as "r" or "ctrl+r"')
        else:
            keymap[action_id] = ",".join(k.strip() for k in key.split(",") if k.strip())
    return keymap, problems + _drop_conflicts(path, keymap)


def _keys(action: Action, keymap: dict[str, str]) -> list[str]:
    return keymap.get(action.id, action.key).split(",")


def _drop_conflicts(path: Path, keymap: dict[str, str]) -> list[str]:
    """Remove from ``keymap`` each remapping that clashes, and say why (one line each)."""
    problems = []
    while (clash := _first_clash(keymap)) is not None:
        scope, key, action, taken = clash
        problems.append(
            f"{path}: {action.id} = {keymap.pop(action.id)!r} not applied: {key!r} is already "
            f"{taken} on {scope}; {action.description} keeps {action.key!r}"
        )
    return problems


def _first_clash(keymap: dict[str, str]) -> tuple[str, str, Action, str] | None:
    """(where, the key, the remapped action, what the key already does) for the first key a
    remapping gives to two actions active together, or takes from Textual; None if none."""
    for scope, actions in SCOPES.items():
        owners: dict[str, Action] = {}
        for action in actions:
            for key in _keys(action, keymap):
                if action.id in keymap and key in RESERVED:
                    return scope, key, action, RESERVED[key]
                other = owners.setdefault(key, action)
                if other.id == action.id:
                    continue
                if action.id in keymap:
                    return scope, key, action, f"{other.description} ({other.id})"
                if other.id in keymap:
                    return scope, key, other, f"{action.description} ({action.id})"
    return None
