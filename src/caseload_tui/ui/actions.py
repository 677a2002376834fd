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


APP_ACTIONS = (
    Action("my_week", "w", "my_week", "My week"),
    Action("caseload", "c", "caseload", "Caseload"),
    Action("dashboard", "t", "dashboard", "Team dashboard", show=False),
    Action("lookup", "slash", "lookup", "Find child"),
    Action("new_child", "n", "new_child", "Add child", show=False),
    Action("help", "question_mark", "help", "Keys"),
    Action("quit", "q", "quit", "Quit"),
)
WEEK_ACTIONS = (
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
    Action("record_visit", "v", "record_visit", "Record visit"),
    Action("record_event", "e", "record_event", "Record event"),
    Action("plan_visit", "p", "plan_visit", "Plan visit"),
    Action("move_visit", "m", "move_visit", "Move planned visit", show=False),
    Action("edit_child", "E", "edit_child", "Edit / change plan"),
    Action("back", "escape", "back", "Back"),
)
CASELOAD_ACTIONS = (
    Action("open_child", "enter", "open_child", "Open child"),
    Action("sort", "s", "sort_next", "Sort"),
    Action("sort_reverse", "S", "sort_reverse", "Reverse sort", show=False),
    Action("filter", "f", "focus_filter", "Filter"),
    Action("back", "escape", "back", "Back", show=False),
)
DASHBOARD_ACTIONS = (
    Action("open_worker", "enter", "open_worker", "Worker's caseload"),
    Action("reallocate", "a", "reallocate", "Reallocate"),
    Action("export_team_report", "x", "export_report", "Export report"),
    Action("sort", "s", "sort_next", "Sort"),
    Action("sort_reverse", "S", "sort_reverse", "Reverse sort", show=False),
    Action("back", "escape", "back", "Back", show=False),
)
# the caseload screen opened from the dashboard: the worker's own, plus reallocation
TEAM_CASELOAD_ACTIONS = (*CASELOAD_ACTIONS, Action("reallocate", "a", "reallocate", "Reallocate"))
ALL_ACTIONS = (*APP_ACTIONS, *WEEK_ACTIONS, *CHILD_ACTIONS, *CASELOAD_ACTIONS, *DASHBOARD_ACTIONS)


def load_keymap(path: Path) -> tuple[dict[str, str], list[str]]:
    """The user's key remapping (binding id -> keys) and any problems with the file."""
    if not path.is_file():
        return {}, []
    import tomllib  # only when there is a file: not on every start

    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError, RecursionError) as exc:
        return {}, [f"{path}: {exc or 'nested too deeply'}"]
    keys = data.get("keys", data)
    known = {a.id for a in ALL_ACTIONS}
    keymap, problems = {}, []
    for action_id, key in keys.items():
        if action_id not in known:
            problems.append(f"{path}: unknown action {action_id!r}; known: {', '.join(sorted(known))}")
        elif not isinstance(key, str) or not key:
            problems.append(f'{path}: {action_id} must be a key name such as "r" or "ctrl+r"')
        else:
            keymap[action_id] = key
    return keymap, problems
