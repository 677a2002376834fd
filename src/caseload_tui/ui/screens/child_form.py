"""Add or edit a child: facts, plan (e.g. CIN to CP with the ICPC date), placement, allocation.

Checked exactly as a row of children.csv is (``importing.validate_child``), so the form and
imports never disagree. Milestones are kept as they were.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Horizontal, VerticalScroll
from textual.widgets import Button, Input, Label, Select, Static

from ...domain.dates import parse_date, short_date
from ...domain.records import ChildRecord
from ...domain.vocabulary import PLACEMENT_TYPES, PLAN_TYPES
from ...services.imports import validate_child
from ...services.models import Child, Worker
from ..base import Form

DATE_FIELDS = ("date_of_birth", "allocated_on", "plan_start", "placement_start")
LABELS = {
    "child_id": "Case reference",
    "given_name": "Given name",
    "family_name": "Family name",
    "date_of_birth": "Date of birth (dd/mm/yyyy)",
    "allocated_on": "Allocated on",
    "plan_start": "Plan start (CP: the ICPC; CLA: became looked after)",
    "placement_start": "Placement start",
    "flags": "Flags, separated by ; (e.g. disabled; uasc)",
}


def _text(value: date | str | None) -> str:
    if value is None:
        return ""
    return short_date(value) if isinstance(value, date) else value


class ChildForm(Form[Any]):
    """A new child (``child`` None) or changes to one, validated as a children.csv row is, then
    given to ``save``."""

    def __init__(
        self, today: date, workers: list[Worker], child: Child | None = None, worker_id: str | None = None,
        save: Callable[[ChildRecord, bool], Any] | None = None,
    ) -> None:  # fmt: skip
        super().__init__(save)
        self.today, self.staff, self.child = today, workers, child
        self.default_worker = child.worker_id if child else worker_id

    def compose(self) -> ComposeResult:
        child = self.child
        with VerticalScroll(classes="dialog", id="child-form"):
            title = f"Edit {child.given_name} {child.family_name}" if child else "Add a child"
            yield Static(Text(title), classes="section-title")
            values = {
                "child_id": child.child_id if child else "",
                "given_name": child.given_name if child else "",
                "family_name": child.family_name if child else "",
                "date_of_birth": _text(child.date_of_birth) if child else "",
                "plan_start": _text(child.plan_start) if child else "",
                "placement_start": _text(child.placement_start) if child else "",
                "allocated_on": _text(child.allocated_on) if child else "today",
                "flags": "; ".join(sorted(child.flags)) if child else "",
            }
            for name in ("child_id", "given_name", "family_name", "date_of_birth"):
                yield Label(LABELS[name])
                yield Input(values[name], id=name, disabled=name == "child_id" and child is not None)
            yield Label("Plan")
            plan = child.plan_type if child and child.plan_type else Select.NULL
            yield Select([(label, code) for code, label in PLAN_TYPES.items()], id="plan_type", value=plan)
            yield Label(LABELS["plan_start"])
            yield Input(values["plan_start"], id="plan_start")
            yield Label("Placement (children looked after)")
            placement = child.placement_type if child and child.placement_type else Select.NULL
            placements = [(label, code) for code, label in PLACEMENT_TYPES.items()]
            yield Select(placements, id="placement_type", value=placement)
            yield Label(LABELS["placement_start"])
            yield Input(values["placement_start"], id="placement_start")
            yield Label("Worker")
            staff = [(Text(f"{w.name}, {w.team}"), w.worker_id) for w in self.staff]
            yield Select(
                staff, id="worker_id", value=self.default_worker or Select.NULL, prompt="Unallocated"
            )
            yield Label(LABELS["allocated_on"])
            yield Input(values["allocated_on"], id="allocated_on")
            yield Label(LABELS["flags"])
            yield Input(values["flags"], id="flags")
            yield Label("", id="error", classes="error")
            with Horizontal(classes="buttons"):
                yield Button("Save (ctrl+s)", variant="primary", id="save")
                yield Button("Cancel (esc)", id="cancel")

    def on_mount(self) -> None:
        self.query_one("#given_name" if self.child else "#child_id", Input).focus()

    def _cells(self) -> tuple[dict[str, str], list[str]]:
        cells: dict[str, str] = {}
        problems = []
        for name in ("child_id", "given_name", "family_name", "flags", *DATE_FIELDS):
            cells[name] = self.query_one(f"#{name}", Input).value.strip()
        for name in DATE_FIELDS:  # the form also takes "today" and "yesterday"
            if cells[name]:
                try:
                    cells[name] = short_date(parse_date(cells[name], self.today))
                except ValueError as exc:
                    problems.append(f"{LABELS[name]}: {exc}")
        for name in ("plan_type", "placement_type", "worker_id"):
            value = self.query_one(f"#{name}", Select).value
            cells[name] = "" if value is Select.NULL else str(value)
        if not cells["worker_id"]:
            cells["allocated_on"] = ""
        cells["flags"] = cells["flags"].replace(",", ";")
        return cells, problems

    def action_save(self) -> None:
        cells, problems = self._cells()
        record, found = validate_child(cells, self.today) if not problems else (None, [])
        problems += [f"{LABELS.get(p.column or '', p.column or 'row')}: {p.reason}" for p in found]
        if record is None:
            self.show_error("\n".join(problems))
            return
        self.submit(record)  # milestones are records in the child's history: this form keeps them
