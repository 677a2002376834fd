"""``events.csv``: child_id,kind,date,seen_alone,unannounced (optionally recorded_on,recorded_by,note).

``seen_alone`` and ``unannounced`` describe visits. On another kind, ``no`` or blank is ignored
(exports often fill every row), but ``yes`` is an error: it usually means a visit was given the
wrong kind (e.g. a mapping sends "Home Visit" to ``core_group``), and a visit lost that way would
move no visit due date.
"""

from __future__ import annotations

from ..domain.records import EventRecord
from ..domain.vocabulary import EVENT_KINDS
from .schema import RowContext, Schema
from .values import CodeReader, parse_flag

KINDS = CodeReader("event kind", EVENT_KINDS)
_VISIT_ONLY = ("seen_alone", "unannounced")


def convert_event(cells: dict[str, str], line: int, ctx: RowContext) -> EventRecord | None:
    before = len(ctx.problems)
    child_id = ctx.text(cells, line, "child_id", required=True)
    kind = ctx.code(cells, line, "kind", KINDS)
    if kind is None and not cells["kind"]:
        ctx.report(line, "kind", "", "kind is required")
    on = ctx.day(cells, line, "date", required=True, why=": the day it happened")
    flags: list[bool | None] = []
    for column in _VISIT_ONLY:
        try:
            flag = parse_flag(cells[column])
        except ValueError as exc:
            ctx.report(line, column, cells[column], str(exc))
            flag = None
        if flag and kind is not None and kind != "visit":
            ctx.report(line, column, cells[column], f"only a visit records {column}; this row is a {kind}")
        flags.append(flag if kind == "visit" else None)
    recorded_on = ctx.day(cells, line, "recorded_on")
    if recorded_on is not None and on is not None and recorded_on < on:
        ctx.report(line, "recorded_on", cells["recorded_on"], "recorded_on is before the event's date")
    recorded_by = ctx.text(cells, line, "recorded_by") or None
    note = cells["note"]  # free text, kept as written (line breaks included)
    if len(ctx.problems) == before and child_id and kind is not None and on is not None:
        ctx.once(line, (child_id, kind, on), "date", cells["date"], f"{child_id}'s {kind} on this date")
    if len(ctx.problems) != before or kind is None or on is None:
        return None
    return EventRecord(child_id, kind, on, flags[0], flags[1], recorded_on, recorded_by, note)


EVENTS: Schema[EventRecord] = Schema(
    kind="events",
    columns=(
        "child_id", "kind", "date", "seen_alone", "unannounced", "recorded_on", "recorded_by", "note",
    ),
    optional=frozenset({"seen_alone", "unannounced", "recorded_on", "recorded_by", "note"}),
    codes={"kind": KINDS},
    flags=frozenset(_VISIT_ONLY),
    convert=convert_event,
)  # fmt: skip
