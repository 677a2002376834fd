"""The manager's forms: reallocate a child, export the team report. Keyboard only, validated."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.widgets import Button, Input, Label, Select, Static

from ...domain.dates import long_date, parse_date
from ...services.explain import Refusal
from ...services.files import check_target, is_database_file
from ...services.models import Child
from ...services.team_export import SUFFIXES, TEAM_FORMATS
from ..base import Form
from .forms import DATE_HINT


@dataclass(frozen=True, slots=True)
class Reallocation:
    """What the reallocation form returns."""

    child_id: str
    worker_id: str
    on: date


class ReallocateForm(Form[Any]):
    """Allocate a child to another worker from a date (default today). The child's name and
    worker now are shown as the case reference is typed, before anything is saved."""

    def __init__(
        self,
        workers: Sequence[tuple[str, str]],
        today: date,
        child_id: str = "",
        children: Mapping[str, Child] | None = None,
        worker_names: Mapping[str, str] | None = None,
        save: Callable[[Reallocation, bool], Any] | None = None,
    ) -> None:
        """``workers``: (worker id, name) to choose from; ``children``: the open children by
        case reference (to show who, and catch a typo or a no-op); ``worker_names``: every
        worker's name by id."""
        super().__init__(save)
        self.staff, self.today, self.child_id = workers, today, child_id
        self.open_children = children or {}
        self.worker_names = worker_names or dict(workers)
        self.current = {child_id: c.worker_id for child_id, c in self.open_children.items()}

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog", id="reallocate-dialog"):
            yield Static("Reallocate a child", classes="section-title")
            yield Input(value=self.child_id, placeholder="Case reference, e.g. C000123", id="child")
            yield Static("", id="who", classes="muted")
            yield Select(
                [(Text(name), worker_id) for worker_id, name in self.staff],
                prompt="New worker",
                id="worker",
            )
            yield Input(value="today", placeholder=DATE_HINT, id="on")
            yield Label("", id="error", classes="error")
            with Horizontal(classes="buttons"):
                yield Button("Reallocate (ctrl+s)", variant="primary", id="save")
                yield Button("Cancel (esc)", id="cancel")

    def on_mount(self) -> None:
        self.query_one("#worker" if self.child_id else "#child").focus()
        self._show_who(self.child_id)

    def on_input_changed(self, event: Input.Changed) -> None:
        if event.input.id == "child":
            self._show_who(event.value)

    def _show_who(self, typed: str) -> None:
        """Whose case reference it is and who has the child now: a typo shows before saving."""
        child_id = next((c for c in self.open_children if c.lower() == typed.strip().lower()), None)
        child = self.open_children.get(child_id) if child_id else None
        if child is None:
            text = "No open child with that case reference" if typed.strip() and self.open_children else ""
        else:
            now = self.worker_names.get(child.worker_id, child.worker_id) if child.worker_id else "nobody"
            since = (
                f" since {long_date(child.allocated_on)}" if child.worker_id and child.allocated_on else ""
            )
            text = f"{child.given_name} {child.family_name}: allocated to {now}{since}"
        self.query_one("#who", Static).update(Text(text))

    def action_save(self) -> None:
        child_id = self.query_one("#child", Input).value.strip()
        child_id = next((c for c in self.current if c.lower() == child_id.lower()), child_id)
        worker = self.query_one("#worker", Select).value
        if not child_id:
            self.show_error("Enter the child's case reference")
            return
        if self.current and child_id not in self.current:
            self.show_error(f"No open child with case reference {child_id}")
            return
        if not isinstance(worker, str):
            self.show_error("Choose the new worker")
            return
        if self.current.get(child_id) == worker:
            self.show_error(f"{child_id} is already allocated to {worker}")
            return
        try:
            on = parse_date(self.query_one("#on", Input).value, self.today)
        except ValueError as exc:
            self.show_error(str(exc))
            return
        if on > self.today:
            self.show_error(f"{long_date(on)} is in the future: record the allocation when it happens")
            return
        self.submit(Reallocation(child_id, worker, on))


@dataclass(frozen=True, slots=True)
class ExportChoice:
    fmt: str
    path: Path
    replace: bool = False  # the user confirmed writing over the file already there


class ExportForm(Form[ExportChoice | None]):
    """Where to write the team report, and in which format. A file already there is replaced
    only when the user presses Export a second time for the same file (a confirmation); the
    database itself never (``database``)."""

    def __init__(self, default_path: Path, database: Path | None = None) -> None:
        super().__init__()
        self.default_path = default_path
        self.database = database
        self.confirmed: Path | None = None  # the existing file the user was asked about

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Static("Export the team report", classes="section-title")
            yield Select(
                [("CSV: one row per worker", "csv"), ("Text summary", "text"), ("HTML summary", "html")],
                value="html",
                allow_blank=False,
                id="format",
            )
            yield Input(value=str(self.default_path.with_suffix(".html")), id="path")
            yield Label("", id="error", classes="error")
            with Horizontal(classes="buttons"):
                yield Button("Export (enter)", variant="primary", id="save")
                yield Button("Cancel (esc)", id="cancel")

    def on_mount(self) -> None:
        self.query_one("#path", Input).focus()

    def on_select_changed(self, event: Select.Changed) -> None:
        if event.value in TEAM_FORMATS:
            path = self.query_one("#path", Input)
            path.value = str(Path(path.value).with_suffix(SUFFIXES[str(event.value)]))

    def action_save(self) -> None:
        text = self.query_one("#path", Input).value.strip()
        path = Path(text).expanduser()
        if not text or not path.parent.is_dir():
            self.show_error(f"No folder {path.parent}: choose where to write")
            return
        replace = path.exists() and self.confirmed == path
        try:
            check_target(path, force=replace, database=self.database, how_to_replace="press Export again")
        except Refusal as exc:
            self.confirmed = path if path.is_file() and not is_database_file(path, self.database) else None
            self.show_error(str(exc))
            return
        self.dismiss(ExportChoice(str(self.query_one("#format", Select).value), path, replace))
