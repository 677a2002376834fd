"""Who did what, and who looked: the audit log for people (changes as field-by-field before
and after, views and exports), its hash chain checked, access recorded, authorised erasure.

Values come from the database, so everything shown is made inert first
(:func:`..domain.wording.inert`; in a table, on one line: :func:`one_line`).
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time
from typing import TYPE_CHECKING, Any

from ..domain.dates import short_date
from ..domain.refusal import Refusal
from ..domain.vocabulary import FLAGS, PLACEMENT_TYPES, PLAN_TYPES, RECORDABLE_KINDS
from ..domain.wording import inert
from .exports import render

if TYPE_CHECKING:
    from ..store.chain import ChainReport
    from ..store.read_models import AuditEntry
    from .workspace import Workspace

ACTION_WORDS = {
    "insert": "added", "update": "changed", "delete": "deleted", "view": "viewed", "print": "printed",
    "export": "exported", "erase": "erased from the log", "chain": "chain started",
}  # fmt: skip
TABLE_WORDS = {
    "children": "child", "events": "event", "planned_visits": "planned visit",
    "scheduled_events": "booked meeting", "care_history": "history", "settings": "setting",
    "workers": "worker", "teams": "team", "audit_log": "audit log",
}  # fmt: skip
# the record's fields as people say them, and the vocabularies their codes come from (the
# CSV's raw columns and the JSON's changes keep the field names and codes, for tools)
FIELD_WORDS = {
    "child_id": "case reference", "kind": "what", "on": "date", "seen_alone": "seen alone",
    "written_up": "written up", "recorded_on": "recorded on", "recorded_by": "recorded by",
    "given_name": "given name", "family_name": "family name", "date_of_birth": "date of birth",
    "worker_id": "worker", "allocated_on": "allocated on", "plan_type": "plan", "plan_start": "plan start",
    "placement_type": "placement", "placement_start": "placement start", "closed_on": "closed on",
    "is_open": "open", "caseload_target": "caseload target", "team_id": "team", "visit_id": "planned visit",
}  # fmt: skip
_CODES = {
    "kind": RECORDABLE_KINDS, "plan_type": PLAN_TYPES, "placement_type": PLACEMENT_TYPES, "flags": FLAGS,
}  # fmt: skip
# what may be erased, as the command names it: the columns it stands for
ERASE_FIELDS = {
    "name": ("given_name", "family_name"),
    "given_name": ("given_name",),
    "family_name": ("family_name",),
    "date_of_birth": ("date_of_birth",),
    "dob": ("date_of_birth",),
}
ALL_CHILDREN = "*"  # the key of an access to the whole log (no one child)


@dataclass(frozen=True, slots=True)
class FieldChange:
    name: str
    before: Any
    after: Any


@dataclass(frozen=True, slots=True)
class AuditLine:
    """One audit row for people: who, when, what, on which record, and the fields it changed
    (or what was looked at)."""

    entry_id: int
    at: datetime  # UTC
    os_user: str
    worker: str | None
    action: str
    table: str
    key: str
    change_id: str | None
    changes: tuple[FieldChange, ...] = ()
    what: str = ""  # a view or an export: what was seen; an erasure: what and why
    erased: bool = False

    @property
    def who(self) -> str:
        return f"{self.worker} ({self.os_user})" if self.worker else self.os_user

    @property
    def done(self) -> str:
        """What was done, in words ("changed", "viewed"...)."""
        return ACTION_WORDS.get(self.action, self.action) + (" (erased)" if self.erased else "")

    @property
    def record(self) -> str:
        key = " ".join(_shown("kind", part) for part in self.key.split())  # "C1 visit 2026-11-11"
        return f"{TABLE_WORDS.get(self.table, self.table)} {key}".strip()

    @property
    def details(self) -> str:
        """The changes as "field: before → after", or what was looked at."""
        if self.changes:
            return "; ".join(
                f"{FIELD_WORDS.get(c.name, c.name)}: {_shown(c.name, c.before)} → {_shown(c.name, c.after)}"
                for c in self.changes
            )
        return self.what


def audit_lines(
    workspace: Workspace, child_id: str | None = None, since: date | None = None, limit: int | None = None
) -> list[AuditLine]:
    """The audit log, newest first: all of it, or what concerns one child, from a day on (a
    child neither held nor in the log is refused: a mistyped case reference is not "nothing")."""
    store = workspace.store
    if child_id is not None and store.child(child_id) is None and not store.audit_log(1, child_id=child_id):
        raise Refusal(f"--child {child_id}: no such child, now or in the audit log")
    start = datetime.combine(since, time()).astimezone(UTC) if since is not None else None
    return [line_of(e) for e in store.audit_log(limit, child_id=child_id, since=start)]


def line_of(entry: AuditEntry) -> AuditLine:
    before, after = _loaded(entry.before), _loaded(entry.after)
    changes: tuple[FieldChange, ...] = ()
    what = ""
    if entry.action == "update":
        names = sorted(set(before) | set(after))
        changes = tuple(
            FieldChange(n, before.get(n), after.get(n)) for n in names if before.get(n) != after.get(n)
        )
    elif entry.action == "insert":
        changes = tuple(FieldChange(n, None, v) for n, v in sorted(after.items()) if v not in (None, "", []))
    elif entry.action == "delete":
        changes = tuple(FieldChange(n, v, None) for n, v in sorted(before.items()) if v not in (None, "", []))
    else:
        what = _what(entry.action, after)
    return AuditLine(
        entry.entry_id, entry.at, entry.os_user, entry.worker, entry.action, entry.table, entry.key,
        entry.change_id, changes, what, entry.erased,
    )  # fmt: skip


def _what(action: str, after: dict[str, Any]) -> str:
    if action == "erase":
        fields, rows = ", ".join(after.get("fields", [])), len(after.get("rows", []))
        return f"{fields} in {rows} rows, authorised by {after.get('by', '?')}: {after.get('reason', '')}"
    if action == "chain":
        return f"{after.get('rows_chained', 0)} earlier rows chained ({after.get('by', '')})"
    return str(after.get("what", ""))


def _loaded(text: str | None) -> dict[str, Any]:
    if not text:
        return {}
    try:
        value = json.loads(text)
    except ValueError:  # not JSON (a row written outside caseload): shown as it is
        return {"(text)": text}
    return value if isinstance(value, dict) else {"(value)": value}


def _shown(name: str, value: Any) -> str:
    """A field's value in words: codes by their labels, yes/no, British dates."""
    if value is None or value == "" or value == []:
        return "(none)"
    if isinstance(value, bool):
        return "yes" if value else "no"
    codes = _CODES.get(name)
    if name == "flags" and isinstance(value, str):  # held as words split by spaces
        value = value.split()
    if isinstance(value, list):
        return ", ".join(str(codes.get(v, v)) if codes else str(v) for v in value) or "(none)"
    if codes is not None and isinstance(value, str) and value in codes:
        return codes[value]
    if isinstance(value, str) and len(value) == 10 and value[4] == "-" and value[7] == "-":
        try:
            return short_date(date.fromisoformat(value))
        except ValueError:
            return value
    return str(value)


def one_line(text: str) -> str:
    """Text from the database for one cell of a table: inert, and its line breaks and tabs as
    spaces (a note written over several lines stays on its row)."""
    return " ".join(inert(text).split())


def audit_row(line: AuditLine) -> dict[str, Any]:
    """One line as plain data (a JSON object; CSV columns in this order), made inert."""
    row = {
        "id": line.entry_id,
        "at": line.at.astimezone(UTC).isoformat(),
        "os_user": line.os_user,
        "worker": line.worker,
        "action": line.action,
        "table": line.table,
        "key": line.key,
        "change_id": line.change_id,
        "erased": line.erased,
        "details": line.details,
    }
    return {k: inert(v) if isinstance(v, str) else v for k, v in row.items()}


def audit_text(lines: Sequence[AuditLine], fmt: str) -> str:
    """The lines as a table for people, CSV or JSON (changes as field: before → after)."""
    if fmt != "table":
        if fmt == "json":
            return render([{**audit_row(line), "changes": _changes_json(line)} for line in lines], "json")
        return render([audit_row(line) for line in lines], fmt, AUDIT_COLUMNS)
    if not lines:
        return "nothing in the audit log for that\n"
    rows = [
        {
            "When": f"{line.at.astimezone():%d/%m/%Y %H:%M}", "Who": one_line(line.who),
            "What": one_line(line.done),
            "Record": one_line(line.record), "Details": one_line(line.details),
        }
        for line in lines
    ]  # fmt: skip
    return render(rows, "table")


AUDIT_COLUMNS = ("id", "at", "os_user", "worker", "action", "table", "key", "change_id", "erased", "details")


def _changes_json(line: AuditLine) -> list[dict[str, Any]]:
    return [
        {"field": c.name, "before": _inert_value(c.before), "after": _inert_value(c.after)}
        for c in line.changes
    ]


def _inert_value(value: Any) -> Any:
    return inert(value) if isinstance(value, str) else value


# -- the chain ----------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Verified:
    """The chain checked: the report, and whether a noted row still has its noted hash."""

    report: ChainReport
    anchor_problem: str | None = None
    extra: list[str] = field(default_factory=list)

    @property
    def intact(self) -> bool:
        return self.report.intact and self.anchor_problem is None


def verify_audit(workspace: Workspace, anchor: tuple[int, str] | None = None) -> Verified:
    """Check the whole chain; ``anchor`` (a row's id and hash noted earlier) must still be on it."""
    report = workspace.store.verify_audit()
    problem = None
    if anchor is not None and report.intact:
        held = workspace.store.audit_chain_hash(anchor[0])
        if held is None:
            problem = f"row {anchor[0]}, noted earlier, is no longer in the audit log"
        elif held != anchor[1].lower():
            problem = f"row {anchor[0]} no longer has the hash noted earlier: the chain was rewritten"
    return Verified(report, problem)


def verify_text(verified: Verified) -> str:
    """What :func:`verify_audit` found, in words: the first row that does not fit, or that all do."""
    report = verified.report
    if not report.intact:
        return (
            f"audit log ALTERED: row {report.broken_at} does not fit: {report.problem}. "
            f"{report.rows} rows checked up to it; a backup from before the change shows what it was"
        )
    if verified.anchor_problem is not None:
        return f"audit log ALTERED: {verified.anchor_problem}"
    if report.last_id is None:
        return "audit log empty: nothing to check"
    return (
        f"audit log intact: {report.rows:,} rows chained. "
        f"Last row {report.last_id}, hash {report.last_hash}\n"
        f"(note these; `caseload audit verify --last {report.last_id}:{report.last_hash}` checks later "
        "that the chain still leads through it)"
    )


def chain_warning(report: ChainReport) -> str | None:
    """The app's warning when the chain is broken (None when it is whole)."""
    if report.intact:
        return None
    return (
        f"The audit log has been altered outside caseload: row {report.broken_at} does not fit "
        f"({report.problem}). Tell your manager; `caseload audit verify` says the same."
    )


# -- who looked ---------------------------------------------------------------------------------


def record_view(workspace: Workspace, child_id: str) -> None:
    """A child's screen was opened (the access log: who, when, which child)."""
    workspace.store.record_access("view", [child_id], "child screen")


def record_named(workspace: Workspace, action: str, child_ids: Iterable[str], what: str) -> None:
    """Named data about these children was printed (``print``) or written to a file (``export``)."""
    workspace.store.record_access(action, child_ids, what)


# -- erasure ------------------------------------------------------------------------------------


def erase(workspace: Workspace, child_id: str, what: str, by: str, reason: str) -> str:
    """Erase a corrected name or date of birth (``what``: a key of :data:`ERASE_FIELDS`) from the
    audit log's copies; returns what was done, in words (no value from the record)."""
    fields = ERASE_FIELDS.get(what)
    if fields is None:
        raise Refusal(f"--field {what!r}: use one of {', '.join(ERASE_FIELDS)}")
    if not by.strip():
        raise Refusal("--by: say who authorised the erasure")
    if not reason.strip():
        raise Refusal("--reason: say why (e.g. the name was misspelt at entry and has been corrected)")
    count = workspace.store.erase_in_audit(child_id, fields, by.strip(), reason.strip())
    if count == 0:
        return f"nothing to erase: the audit log holds no {what} of {child_id} other than the record's own"
    return (
        f"erased {what} of {child_id} from {count} audit rows (the record's own value kept); "
        "the erasure is in the audit log, and the chain still verifies"
    )
