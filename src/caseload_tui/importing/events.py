"""``events.csv``: child_id,kind,date,seen_alone,unannounced (optionally recorded_on,recorded_by,
note,written_up).

``kind`` is an event kind (``visit``, ``cla_review``...) or a milestone's name (``s47_started``,
``carer_approved``...): milestones are recorded like events, and a milestone recorded twice keeps
both dates, the latest counting. A meeting (vocabulary.BOOKABLE_KINDS) dated after today is a
booking, e.g. the next CLA review; no other record may be dated in the future.

``seen_alone`` and ``unannounced`` describe visits. On another kind, ``no`` or blank is ignored
(exports often fill every row), but ``yes`` is an error: it usually means a visit was given the
wrong kind (e.g. a mapping sends "Home Visit" to ``core_group``), and a visit lost that way would
move no visit due date. ``written_up`` (yes/no, blank = yes): whether the record is written up
yet; an export's events usually are.
"""

from __future__ import annotations

from ..domain.records import EventRecord
from ..domain.vocabulary import BOOKABLE_KINDS, RECORDABLE_KINDS
from .schema import RowContext, Schema
from .values import CodeReader, parse_flag

KINDS = CodeReader("event kind or milestone", RECORDABLE_KINDS)
_VISIT_ONLY = ("seen_alone", "unannounced")
BOOKING_DAYS = 731  # how far ahead a meeting may be booked (two years)


def convert_event(cells: dict[str, str], line: int, ctx: RowContext) -> EventRecord | None:
    before = len(ctx.problems)
    child_id = ctx.text(cells, line, "child_id", required=True)
    kind = ctx.code(cells, line, "kind", KINDS)
    if kind is None and not cells["kind"]:
        ctx.report(line, "kind", "", "kind is required")
    bookable = kind in BOOKABLE_KINDS
    why = ": the day it happened" + (", or the day it is booked for" if bookable else "")
    on = ctx.day(cells, line, "date", required=True, why=why, future_days=BOOKING_DAYS if bookable else 0)
    booked = on is not None and on > ctx.today
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
    try:
        written_up = parse_flag(cells["written_up"])
    except ValueError as exc:
        ctx.report(line, "written_up", cells["written_up"], str(exc))
        written_up = None
    if booked and (recorded_on is not None or written_up is False or any(flags)):
        ctx.report(line, "date", cells["date"], "a booked meeting (dated after today) has not happened yet")
    if len(ctx.problems) == before and child_id and kind is not None and on is not None:
        ctx.once(line, (child_id, kind, on), "date", cells["date"], f"{child_id}'s {kind} on this date")
    if len(ctx.problems) != before or kind is None or on is None:
        return None
    return EventRecord(
        child_id, kind, on, flags[0], flags[1], recorded_on, recorded_by, note,
        written_up=written_up is not False, booked=booked, line=line,
    )  # fmt: skip


EVENTS: Schema[EventRecord] = Schema(
    kind="events",
    columns=(
        "child_id", "kind", "date", "seen_alone", "unannounced", "recorded_on", "recorded_by", "note",
        "written_up",
    ),
    optional=frozenset({"seen_alone", "unannounced", "recorded_on", "recorded_by", "note", "written_up"}),
    codes={"kind": KINDS},
    flags=frozenset((*_VISIT_ONLY, "written_up")),
    convert=convert_event,
)  # fmt: skip
