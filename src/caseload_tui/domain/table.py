"""Authority timescale tables: the typed model, and reading one from TOML with validation.

A table is data (``seed/timescales/*.toml``, format in that folder's README). Reading a table
checks every key, kind, unit, anchor and phase, and reports **every** problem at once, each
naming the file, the rule id, the line and what was expected.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date
from functools import cached_property
from pathlib import Path
from typing import Any

from .calendar import BankHolidays, Counting, Interval, WorkingCalendar, england_bank_holidays
from .table_problems import TableError as TableError  # re-exported: the table's own errors
from .table_problems import TableProblem as TableProblem
from .vocabulary import (
    DERIVED_KINDS,
    DUE_KINDS,
    EVENT_KINDS,
    FACT_ANCHORS,
    FLAGS,
    MILESTONES,
    PLACEMENT_TYPES,
    PLAN_TYPES,
    RECORDABLE_KINDS,
    WARNING_CHECKS,
)
from .wording import inert


@dataclass(frozen=True, slots=True)
class ReviewConfirmed:
    """The table's owner confirmed, past its review date, that a version is still current
    (``caseload rules acknowledge``): the warning waits until ``until``, then returns."""

    version: str
    by: str
    until: date
    on: date


@dataclass(frozen=True, slots=True)
class Source:
    """Where a rule comes from: seed file, section heading, the sentence quoted, and the
    document's title (from the table's ``[table.documents]``) to cite it by."""

    file: str
    section: str
    quote: str
    document: str = ""  # the title people know the document by; "" when the table gives none

    def citation(self) -> str:
        """The document by its title (else its file name) and the section: what people read."""
        return f"{self.document or self.file}, \u201c{self.section}\u201d"


@dataclass(frozen=True, slots=True)
class AppliesTo:
    """Which children a rule applies to. ``None`` means "any".

    Ages are whole years on the due date the rule gives (so an item never appears or goes at a
    birthday on its own); the other conditions are about the child on the day asked about.
    """

    plan_types: frozenset[str] | None = None
    not_plan_types: frozenset[str] = frozenset()
    placement_types: frozenset[str] | None = None
    flags: frozenset[str] = frozenset()
    not_flags: frozenset[str] = frozenset()
    min_age: int | None = None
    max_age: int | None = None
    pre_birth: bool | None = None  # True: the plan started before the child was born
    during: tuple[str, str] | None = None  # (opened by, closed by): e.g. an assessment under way

    def describe(self) -> str:
        """Which children, in words (the labels, not the table's codes)."""
        parts = []
        if self.plan_types:
            parts.append("plan: " + _words(self.plan_types, PLAN_TYPES))
        if self.not_plan_types:
            parts.append("not on a plan of: " + _words(self.not_plan_types, PLAN_TYPES))
        if self.placement_types:
            parts.append("placement: " + _words(self.placement_types, PLACEMENT_TYPES))
        if self.flags:
            parts.append(_words(self.flags, FLAGS))
        if self.not_flags:
            parts.append("not: " + _words(self.not_flags, FLAGS))
        if self.min_age is not None:
            parts.append(f"aged {self.min_age}+")
        if self.max_age is not None:
            parts.append(f"under {self.max_age}")
        if self.pre_birth is not None:
            parts.append("plan started before birth" if self.pre_birth else "plan started after birth")
        if self.during is not None:
            parts.append(f"while {_label(self.during[0])} and no {_label(self.during[1])} since")
        return "; ".join(parts) or "every child"

    @property
    def has_ages(self) -> bool:
        return self.min_age is not None or self.max_age is not None


@dataclass(frozen=True, slots=True)
class Anchor:
    """What a rule counts from: a core fact, or ``prefix:name`` (milestone, event, ...).

    An ``event:`` anchor may name several kinds, ``event:pathway_plan|pathway_plan_review``:
    the most recent event of any of them.
    """

    prefix: str  # "fact", "milestone", "event", "unrecorded", "scheduled"
    name: str  # for several event kinds, the first

    names: tuple[str, ...] = ()  # every kind an ``event:`` anchor names (filled in when empty)

    def __post_init__(self) -> None:
        if not self.names:
            object.__setattr__(self, "names", (self.name,))

    @property
    def text(self) -> str:
        return self.name if self.prefix == "fact" else f"{self.prefix}:{'|'.join(self.names)}"

    @property
    def is_record(self) -> bool:
        """Whether the anchor is something recorded (an event, milestone or booking), not a fact."""
        return self.prefix != "fact"

    def describe(self) -> str:
        if self.prefix == "fact":
            return FACT_ANCHORS[self.name]
        label = " or ".join(_label(name).lower() for name in self.names)
        return {
            "milestone": label,
            "event": f"the last {label}",
            "unrecorded": f"the {label} not yet written up",
            "scheduled": f"the next scheduled {label}",
        }[self.prefix]


def _words(codes: Iterable[str], labels: Mapping[str, str]) -> str:
    """Codes as their labels, in a stable order ("Child in need, Child protection")."""
    return ", ".join(sorted(labels.get(code, code) for code in codes))


def _label(name: str) -> str:
    """A recordable name in words (an event kind, a milestone or a due kind)."""
    return MILESTONES.get(name) or DUE_KINDS.get(name) or name


@dataclass(frozen=True, slots=True)
class Condition:
    """One way a phase can end (see the table README, "Phases")."""

    kind: str  # "event", "milestone", "after", "lasting", "age"
    name: str | None = None
    interval: Interval | None = None
    occurrence: int = 1
    since: Anchor | None = None

    def describe(self) -> str:
        if self.kind == "event":
            nth = "" if self.occurrence == 1 else f" no. {self.occurrence}"
            return f"{_label(self.name or '').lower()}{nth}"
        if self.kind == "milestone":
            return _label(self.name or "").lower()
        return f"{self.kind} {self.interval}"


@dataclass(frozen=True, slots=True)
class Phase:
    name: str
    every: Interval
    until: tuple[Condition, ...] = ()
    until_all: bool = False  # True: the phase ends when all conditions are met


@dataclass(frozen=True, slots=True)
class Rule:
    id: str
    kind: str
    title: str
    anchor: Anchor
    source: Source
    applies_to: AppliesTo = AppliesTo()
    first: Interval | None = None
    before: Interval | None = None
    phases: tuple[Phase, ...] = ()
    not_before: tuple[Anchor, Interval] | None = None
    satisfied_by: frozenset[str] = frozenset()
    once: bool = False  # with phases: one item per anchor, its interval the phase in force then
    note: str = ""
    line: int | None = None

    def describe_timing(self) -> str:
        """Plain words for the rule's timing, e.g. "within 2 working days, then every 10 ..."."""
        parts = []
        if self.once:
            joined = "; ".join(
                f"{phase.every}" + (f" until {_until(phase)}" if phase.until else "") for phase in self.phases
            )
            return f"once after each {self.anchor.describe().removeprefix('the last ')}: within {joined}"
        if self.before is not None:
            parts.append(f"{self.before} before {self.anchor.describe()}")
        if self.first is not None:
            parts.append(f"within {self.first} of {self.anchor.describe()}")
        for i, phase in enumerate(self.phases):
            prefix = "then " if parts else ""
            counted = "" if self.first is not None or i else f" from {self.anchor.describe()}"
            text = f"{prefix}every {phase.every}{counted}"
            if phase.until:
                text += f" until {_until(phase)}"
            parts.append(text)
        return ", ".join(parts)


def _until(phase: Phase) -> str:
    joiner = " and " if phase.until_all else " or "
    return joiner.join(c.describe() for c in phase.until)


@dataclass(frozen=True, slots=True)
class WarningRule:
    """A practice warning the standards ask for (e.g. CP child not seen alone last time)."""

    id: str
    check: str
    message: str
    source: Source
    applies_to: AppliesTo = AppliesTo()
    anchor: Anchor | None = None
    line: int | None = None


@dataclass(frozen=True, slots=True)
class CountingConvention:
    anchor_day: int = 0
    bank_holidays_closed: bool = True
    closure_days: tuple[date, ...] = ()
    note: str = ""


@dataclass(frozen=True)
class TimescaleTable:
    """An authority's timescale table, validated."""

    authority: str
    title: str
    version: str
    approved: date
    owner: str
    next_review: date
    caseload_target: float
    due_soon_days: int
    counting: CountingConvention
    rules: tuple[Rule, ...]
    warnings: tuple[WarningRule, ...] = ()
    governance: Source | None = None
    path: Path | None = field(default=None, compare=False)
    # where the calendar gets England's bank holidays (given by whoever reads the table)
    bank_holidays: BankHolidays = field(default=england_bank_holidays, compare=False, repr=False)

    def past_review(self, today: date) -> bool:
        """True once the table's next review date has passed (Somerset governance process)."""
        return today > self.next_review

    def review_warning(self, today: date, confirmed: ReviewConfirmed | None = None) -> str | None:
        """The warning for a table past its review date, unless its owner has confirmed it is
        still current (``confirmed``, for this version, until a date not yet passed)."""
        if not self.past_review(today) or self.confirmed(today, confirmed):
            return None
        return (
            f"The {self.authority} timescale table (version {self.version}) was due for review on "
            f"{self.next_review:%d/%m/%Y}; ask its owner ({self.owner}) whether it is still current."
        )

    def confirmed(self, today: date, confirmed: ReviewConfirmed | None) -> bool:
        """Whether ``confirmed`` covers this table's version on ``today``."""
        return confirmed is not None and confirmed.version == self.version and today <= confirmed.until

    @cached_property
    def calendar(self) -> WorkingCalendar:
        return WorkingCalendar(
            self.counting.closure_days,
            bank_holidays_closed=self.counting.bank_holidays_closed,
            bank_holidays=self.bank_holidays,
        )

    @cached_property
    def counter(self) -> Counting:
        return Counting(self.calendar, self.counting.anchor_day)

    def rule(self, rule_id: str) -> Rule:
        for r in self.rules:
            if r.id == rule_id:
                return r
        raise KeyError(rule_id)


# -- reading and validating ----------------------------------------------------------------


_TABLE_KEYS = {
    "authority", "title", "version", "approved", "owner", "next_review", "caseload_target",
    "due_soon_days", "counting", "governance", "documents",
}  # fmt: skip
_REQUIRED_TABLE_KEYS = _TABLE_KEYS - {"governance", "counting", "documents"}
_COUNTING_KEYS = {"anchor_day", "bank_holidays", "closure_days", "note"}
_RULE_KEYS = {
    "id", "kind", "title", "applies_to", "anchor", "first", "every", "phases", "before",
    "not_before", "satisfied_by", "once", "source", "note",
}  # fmt: skip
_PHASE_KEYS = {"name", "every", "until_any", "until_all"}
_WARNING_KEYS = {"id", "check", "applies_to", "anchor", "message", "source"}
_APPLIES_KEYS = {
    "plan_types", "not_plan_types", "placement_types", "flags", "not_flags", "min_age", "max_age",
    "pre_birth", "during",
}  # fmt: skip
_SOURCE_KEYS = {"file", "section", "quote"}
_CONDITION_KEYS = {"event", "milestone", "after", "lasting", "age"}
_ID_PATTERN = re.compile(r"^[A-Za-z0-9][A-Za-z0-9-]*$")


class _Reader:
    """Collects problems while turning parsed TOML into the typed model."""

    def __init__(self, file: str, text: str) -> None:
        self.file = file
        self.problems: list[TableProblem] = []
        self._id_lines: dict[str, int] = {}
        for number, line in enumerate(text.splitlines(), start=1):
            match = re.match(r'\s*id\s*=\s*"([^"]*)"', line)
            if match:
                self._id_lines.setdefault(match.group(1), number)
        self.where = "[table]"
        self.line: int | None = None
        self.documents: dict[str, str] = {}  # source file -> title, from [table.documents]

    def problem(self, message: str) -> None:
        self.problems.append(TableProblem(self.file, self.where, self.line, message))

    def at(self, where: str, ident: object) -> None:
        self.where = where
        self.line = self._id_lines.get(ident) if isinstance(ident, str) else None

    # -- small typed readers: each returns None after recording a problem --

    def keys(self, data: Mapping[str, Any], allowed: set[str], what: str) -> None:
        for key in data:
            if key not in allowed:
                self.problem(f"unknown key {key!r} in {what}; expected one of {_names(allowed)}")

    def string(self, data: Mapping[str, Any], key: str, required: bool = True) -> str | None:
        value = data.get(key)
        if value is None:
            if required:
                self.problem(f"missing {key!r} (text)")
            return None
        if not isinstance(value, str) or not value.strip():
            self.problem(f"{key!r} must be non-empty text, not {value!r}")
            return None
        return value

    def date_value(self, data: Mapping[str, Any], key: str) -> date | None:
        value = data.get(key)
        if isinstance(value, date):
            return value
        if value is None:
            self.problem(f"missing {key!r} (a date such as 2026-03-28)")
        else:
            self.problem(f"{key!r} must be a TOML date such as 2026-03-28, not {value!r}")
        return None

    def interval(self, value: Any, key: str) -> Interval | None:
        if not isinstance(value, str):
            self.problem(f'{key!r} must be an interval such as "3 working_days", not {value!r}')
            return None
        try:
            return Interval.parse(value)
        except ValueError as exc:
            self.problem(f"{key!r}: {exc}")
            return None

    def names(self, value: Any, key: str, vocabulary: Mapping[str, str]) -> frozenset[str] | None:
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            self.problem(f"{key!r} must be a list of names, not {value!r}")
            return None
        unknown = [v for v in value if v not in vocabulary]
        if unknown:
            self.problem(f"{key!r}: unknown {_names(unknown)}; expected any of {_names(vocabulary)}")
            return None
        return frozenset(value)

    def anchor(self, value: Any, key: str = "anchor") -> Anchor | None:
        if not isinstance(value, str):
            self.problem(f'missing or non-text {key!r}; expected e.g. "plan_start"')
            return None
        if value in FACT_ANCHORS:
            return Anchor("fact", value)
        prefix, _, name = value.partition(":")
        vocab: Mapping[str, str] | None = {
            "milestone": MILESTONES,
            "event": EVENT_KINDS,
            "unrecorded": EVENT_KINDS,
            "scheduled": EVENT_KINDS,
        }.get(prefix)
        if vocab is None:
            self.problem(
                f"{key!r}: unknown anchor {value!r}; expected one of {_names(FACT_ANCHORS)} "
                "or milestone:NAME, event:KIND, unrecorded:KIND, scheduled:KIND"
            )
            return None
        names = tuple(name.split("|")) if prefix == "event" else (name,)
        unknown = [n for n in names if n not in vocab]
        if unknown:
            shown = ", ".join(repr(n) for n in unknown)
            self.problem(f"{key!r}: unknown {prefix} {shown}; expected one of {_names(vocab)}")
            return None
        return Anchor(prefix, names[0], names)

    def source(self, value: Any) -> Source | None:
        if not isinstance(value, dict):
            self.problem("missing 'source' = { file, section, quote }: every rule cites its source")
            return None
        self.keys(value, _SOURCE_KEYS, "source")
        parts = [self.string(value, k) for k in ("file", "section", "quote")]
        if None in parts:
            return None
        file, section, quote = (p or "" for p in parts)
        if file and (Path(file).name != file or file in (".", "..") or "\\" in file or ":" in file):
            self.problem(f"source 'file' must name a file in the table's sources folder, not {file!r}")
            return None
        return Source(file, section, quote, self.documents.get(file, ""))

    def applies_to(self, value: Any) -> AppliesTo:
        if value is None:
            return AppliesTo()
        if not isinstance(value, dict):
            self.problem(f"'applies_to' must be a table, not {value!r}")
            return AppliesTo()
        self.keys(value, _APPLIES_KEYS, "applies_to")
        vocabularies = {
            "plan_types": PLAN_TYPES,
            "not_plan_types": PLAN_TYPES,
            "placement_types": PLACEMENT_TYPES,
            "flags": FLAGS,
            "not_flags": FLAGS,
        }
        sets = {k: self.names(value[k], k, v) for k, v in vocabularies.items() if k in value}
        ages: dict[str, int | None] = {}
        for key in ("min_age", "max_age"):
            age = value.get(key)
            if age is not None and (not isinstance(age, int) or isinstance(age, bool) or not 0 <= age <= 100):
                self.problem(f"{key!r} must be a whole number of years up to 100, not {age!r}")
                age = None
            ages[key] = age
        low, high = ages["min_age"], ages["max_age"]
        if low is not None and high is not None and low >= high:
            self.problem("'min_age' must be less than 'max_age'")
        pre_birth = value.get("pre_birth")
        if pre_birth is not None and not isinstance(pre_birth, bool):
            self.problem(f"'pre_birth' must be true or false, not {pre_birth!r}")
            pre_birth = None
        during = value.get("during")
        if during is not None:
            if (
                not isinstance(during, list)
                or len(during) != 2
                or not all(_known(n, RECORDABLE_KINDS) for n in during)
            ):
                self.problem(
                    "'during' must be [opened by, closed by], two names of events or milestones, "
                    f'e.g. ["assessment_started", "assessment_completed"], not {during!r}'
                )
                during = None
            else:
                during = (during[0], during[1])
        return AppliesTo(
            plan_types=sets.get("plan_types"),
            not_plan_types=sets.get("not_plan_types") or frozenset(),
            placement_types=sets.get("placement_types"),
            flags=sets.get("flags") or frozenset(),
            not_flags=sets.get("not_flags") or frozenset(),
            min_age=ages["min_age"],
            max_age=ages["max_age"],
            pre_birth=pre_birth,
            during=during,
        )

    def condition(self, value: Any, key: str) -> Condition | None:
        if not isinstance(value, dict):
            self.problem(f'{key!r}: each condition must be a table such as {{ event = "cla_review" }}')
            return None
        kinds = [k for k in value if k in _CONDITION_KEYS]
        extra = set(value) - _CONDITION_KEYS - {"occurrence", "since"}
        if len(kinds) != 1 or extra:
            self.problem(
                f"{key!r}: a condition has exactly one of {_names(_CONDITION_KEYS)}, got {_names(value)}"
            )
            return None
        kind = kinds[0]
        if ("occurrence" in value or "since" in value) and kind != "event":
            self.problem(f"{key!r}: 'occurrence' and 'since' go only with 'event'")
            return None
        if kind == "event":
            name = value["event"]
            if not _known(name, EVENT_KINDS):
                self.problem(f"{key!r}: unknown event kind {name!r}; expected one of {_names(EVENT_KINDS)}")
                return None
            occurrence = value.get("occurrence", 1)
            if not isinstance(occurrence, int) or isinstance(occurrence, bool) or not 1 <= occurrence <= 1000:
                limits = "a whole number from 1 (at most 1000)"
                self.problem(f"{key!r}: 'occurrence' must be {limits}, not {occurrence!r}")
                return None
            since = self.anchor(value["since"], "since") if "since" in value else None
            if "since" in value and since is None:
                return None
            return Condition("event", name=name, occurrence=occurrence, since=since)
        if kind == "milestone":
            name = value["milestone"]
            if not _known(name, MILESTONES):
                self.problem(f"{key!r}: unknown milestone {name!r}; expected one of {_names(MILESTONES)}")
                return None
            return Condition("milestone", name=name)
        interval = self.interval(value[kind], kind)
        return Condition(kind, interval=interval) if interval else None

    def phases(self, value: Any) -> tuple[Phase, ...] | None:
        if not isinstance(value, list) or not value:
            self.problem("'phases' must be a non-empty array of tables ([[rules.phases]])")
            return None
        phases = []
        for number, data in enumerate(value, start=1):
            if not isinstance(data, dict):
                self.problem(f"phase {number} must be a table")
                return None
            self.keys(data, _PHASE_KEYS, f"phase {number}")
            name = self.string(data, "name") or f"phase {number}"
            every = self.interval(data.get("every"), f"phase {number} every")
            if "until_any" in data and "until_all" in data:
                self.problem(f"phase {number}: give 'until_any' or 'until_all', not both")
            key = "until_all" if "until_all" in data else "until_any"
            raw = data.get(key, [])
            if not isinstance(raw, list) or (key in data and not raw):
                self.problem(f"phase {number}: {key!r} must be a non-empty list of conditions")
                raw = []
            conditions = [self.condition(c, f"phase {number} {key}") for c in raw]
            if every is None or None in conditions:
                return None
            if every.n == 0:
                self.problem(f"phase {number}: 'every' must be at least 1, not {every}")
                return None
            phases.append(Phase(name, every, tuple(c for c in conditions if c), key == "until_all"))
        for number, phase in enumerate(phases[:-1], start=1):
            if not phase.until:
                self.problem(
                    f"impossible phases: phase {number} ({phase.name!r}) never ends, so the "
                    f"phases after it can never start; give it 'until_any' or 'until_all'"
                )
                return None
        return tuple(phases)

    def rule(self, data: Any, index: int, seen: set[str]) -> Rule | None:
        if not isinstance(data, dict):
            self.at(f"rule {index}", None)
            self.problem("each [[rules]] entry must be a table")
            return None
        ident = data.get("id")
        self.at(f"rule {ident}" if isinstance(ident, str) else f"rule {index}", ident)
        self.keys(data, _RULE_KEYS, "the rule")
        before = len(self.problems)
        if not isinstance(ident, str) or not _ID_PATTERN.match(ident):
            self.problem(f"'id' must be letters, digits and dashes, not {ident!r}")
        elif ident in seen:
            self.problem(f"duplicate rule id {ident!r}")
        else:
            seen.add(ident)
        kind = data.get("kind")
        if not _known(kind, DUE_KINDS):
            self.problem(f"unknown kind {kind!r}; expected one of {_names(DUE_KINDS)}")
        title = self.string(data, "title")
        anchor = self.anchor(data.get("anchor"))
        source = self.source(data.get("source"))
        applies = self.applies_to(data.get("applies_to"))
        first = self.interval(data["first"], "first") if "first" in data else None
        before_iv = self.interval(data["before"], "before") if "before" in data else None
        phases: tuple[Phase, ...] | None = ()
        if "every" in data and "phases" in data:
            self.problem("give 'every' or 'phases', not both")
        elif "every" in data:
            every = self.interval(data["every"], "every")
            if every is not None and every.n == 0:
                self.problem(f"'every' must be at least 1, not {every}")
            phases = (Phase(f"every {every}", every),) if every and every.n else None
        elif "phases" in data:
            phases = self.phases(data["phases"])
        if not any(k in data for k in ("first", "every", "phases", "before")):
            self.problem("a rule needs a timing: 'first', 'every', 'phases' or 'before'")
        if anchor is not None:
            if anchor.prefix == "scheduled" and (
                "before" not in data or len({"first", "every", "phases"} & set(data))
            ):
                self.problem("a 'scheduled:' anchor takes 'before' (and no first/every/phases)")
            if anchor.prefix != "scheduled" and "before" in data:
                self.problem("'before' goes only with a 'scheduled:' anchor")
            if anchor.prefix == "unrecorded" and (set(data) & {"every", "phases"} or not first):
                self.problem("an 'unrecorded:' anchor takes 'first' only")
        not_before = None
        if "not_before" in data:
            nb = data["not_before"]
            if not isinstance(nb, dict) or set(nb) != {"anchor", "first"}:
                self.problem('\'not_before\' must be { anchor = "...", first = "<interval>" }')
            else:
                nb_anchor = self.anchor(nb["anchor"], "not_before anchor")
                nb_first = self.interval(nb["first"], "not_before first")
                if nb_anchor and nb_first:
                    not_before = (nb_anchor, nb_first)
            if first is None:
                self.problem("'not_before' goes with 'first'")
        satisfied = frozenset([kind]) if isinstance(kind, str) else frozenset()
        if "satisfied_by" in data:
            satisfied = self.names(data["satisfied_by"], "satisfied_by", EVENT_KINDS) or frozenset()
        elif _known(kind, DERIVED_KINDS) and anchor is not None and anchor.prefix != "unrecorded":
            self.problem(f"kind {kind!r} is not an event kind: give 'satisfied_by'")
        once = data.get("once", False)
        if not isinstance(once, bool):
            self.problem(f"'once' must be true or false, not {once!r}")
        elif once and ("phases" not in data or {"first", "every", "before"} & set(data)):
            self.problem(
                "'once' goes with 'phases' only (the phase in force at the anchor gives the interval)"
            )
        note = data.get("note", "")
        if not isinstance(note, str):
            self.problem(f"'note' must be text, not {note!r}")
        if len(self.problems) > before or None in (title, anchor, source, phases):
            return None
        assert title and anchor and source and phases is not None and isinstance(kind, str)
        return Rule(
            id=str(ident), kind=kind, title=title, anchor=anchor, source=source,
            applies_to=applies, first=first, before=before_iv, phases=phases,
            not_before=not_before, satisfied_by=satisfied, once=once is True, note=str(note),
            line=self.line,
        )  # fmt: skip

    def warning(self, data: Any, index: int, seen: set[str]) -> WarningRule | None:
        if not isinstance(data, dict):
            self.at(f"warning {index}", None)
            self.problem("each [[warnings]] entry must be a table")
            return None
        ident = data.get("id")
        self.at(f"warning {ident}" if isinstance(ident, str) else f"warning {index}", ident)
        self.keys(data, _WARNING_KEYS, "the warning")
        before = len(self.problems)
        if not isinstance(ident, str) or not _ID_PATTERN.match(ident) or ident in seen:
            self.problem(f"'id' must be unique letters, digits and dashes, not {ident!r}")
        else:
            seen.add(ident)
        check = data.get("check")
        if not _known(check, WARNING_CHECKS):
            self.problem(f"unknown check {check!r}; expected one of {_names(WARNING_CHECKS)}")
        anchor = self.anchor(data["anchor"]) if "anchor" in data else None
        if check == "no_unannounced_visit_since_anchor" and "anchor" not in data:
            self.problem("check 'no_unannounced_visit_since_anchor' needs an 'anchor'")
        message = self.string(data, "message")
        source = self.source(data.get("source"))
        applies = self.applies_to(data.get("applies_to"))
        if len(self.problems) > before or message is None or source is None:
            return None
        return WarningRule(str(ident), str(check), message, source, applies, anchor, self.line)

    def counting(self, data: Any) -> CountingConvention:
        self.at("[table.counting]", None)
        if data is None:
            return CountingConvention()
        if not isinstance(data, dict):
            self.problem("[table.counting] must be a table")
            return CountingConvention()
        self.keys(data, _COUNTING_KEYS, "[table.counting]")
        anchor_day = data.get("anchor_day", 0)
        if anchor_day not in (0, 1) or isinstance(anchor_day, bool):
            self.problem(f"'anchor_day' must be 0 or 1, not {anchor_day!r}")
            anchor_day = 0
        bank = data.get("bank_holidays", "closed")
        if bank not in ("closed", "working"):
            self.problem(f'\'bank_holidays\' must be "closed" or "working", not {bank!r}')
        closures = data.get("closure_days", [])
        if not isinstance(closures, list) or not all(
            isinstance(d, date) and not hasattr(d, "hour") for d in closures
        ):
            self.problem("'closure_days' must be a list of TOML dates such as 2026-12-29")
            closures = []
        note = data.get("note", "")
        return CountingConvention(anchor_day, bank != "working", tuple(closures), str(note))

    def document_titles(self, value: Any) -> dict[str, str]:
        """``[table.documents]``: each source file's title, as people know the document."""
        if not isinstance(value, dict) or not all(
            isinstance(k, str) and isinstance(v, str) and v.strip() for k, v in value.items()
        ):
            self.problem('[table.documents] must map each source file to its title: "file.txt" = "Title"')
            return {}
        return {k: v.strip() for k, v in value.items()}

    def table(self, data: dict[str, Any], path: Path | None, bank_holidays: BankHolidays) -> TimescaleTable:
        self.keys(data, {"table", "rules", "warnings"}, "the file (top level)")
        meta = data.get("table")
        if not isinstance(meta, dict):
            self.problem("missing [table] section with the table's metadata")
            meta = {}
        self.keys(meta, _TABLE_KEYS, "[table]")
        for key in sorted(_REQUIRED_TABLE_KEYS - set(meta)):
            self.problem(f"missing {key!r}")
        text = {k: self.string(meta, k, required=False) for k in ("authority", "title", "version", "owner")}
        approved = self.date_value(meta, "approved") if "approved" in meta else None
        next_review = self.date_value(meta, "next_review") if "next_review" in meta else None
        target = meta.get("caseload_target", 18)
        if not isinstance(target, (int, float)) or isinstance(target, bool) or not 0 < target < 1000:
            # "not 0 < target" also refuses nan
            self.problem(f"'caseload_target' must be a positive number below 1000, not {target!r}")
        soon = meta.get("due_soon_days", 7)
        if not isinstance(soon, int) or isinstance(soon, bool) or not 0 <= soon <= 366:
            self.problem(f"'due_soon_days' must be a whole number of days from 0 to 366, not {soon!r}")
        self.documents = self.document_titles(meta.get("documents", {}))
        governance = self.source(meta["governance"]) if "governance" in meta else None
        counting = self.counting(meta.get("counting"))
        rules_data = data.get("rules", [])
        if not isinstance(rules_data, list) or not rules_data:
            self.at("[[rules]]", None)
            self.problem("the table has no [[rules]]")
            rules_data = []
        seen: set[str] = set()
        rules = [self.rule(r, i, seen) for i, r in enumerate(rules_data, start=1)]
        warnings_data = data.get("warnings", [])
        if not isinstance(warnings_data, list):
            self.at("[[warnings]]", None)
            self.problem("'warnings' must be an array of tables ([[warnings]])")
            warnings_data = []
        seen_w: set[str] = set()
        warnings = [self.warning(w, i, seen_w) for i, w in enumerate(warnings_data, start=1)]
        if self.problems:
            raise TableError(self.problems)
        return TimescaleTable(
            authority=text["authority"] or "", title=text["title"] or "",
            version=text["version"] or "", approved=approved or date.min,
            owner=text["owner"] or "", next_review=next_review or date.min,
            caseload_target=float(target), due_soon_days=int(soon), counting=counting,
            rules=tuple(r for r in rules if r), warnings=tuple(w for w in warnings if w),
            governance=governance, path=path, bank_holidays=bank_holidays,
        )  # fmt: skip


def _known(value: object, vocabulary: Mapping[str, str]) -> bool:
    """Whether ``value`` is a name in ``vocabulary`` (False for lists, numbers and the like)."""
    return isinstance(value, str) and value in vocabulary


def _names(values: Iterable[object]) -> str:
    return ", ".join(sorted(str(v) for v in values))


def parse_table(
    text: str,
    file: str = "<table>",
    path: Path | None = None,
    bank_holidays: BankHolidays = england_bank_holidays,
) -> TimescaleTable:
    """Read a table from TOML text; raise :class:`TableError` listing every problem.

    ``file`` names the text in problems, ``path`` is where it came from (None: not a file), and
    ``bank_holidays`` is the calendar's source of England's bank holidays.
    """
    import tomllib  # loaded only when a table is read

    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        line = getattr(exc, "lineno", None)
        raise TableError([TableProblem(file, "TOML syntax", line, str(exc))]) from None
    except RecursionError:  # arrays or tables nested thousands deep
        problem = TableProblem(file, "TOML syntax", None, "nested too deeply to be a table")
        raise TableError([problem]) from None
    return _Reader(file, text).table(_inert(data), path, bank_holidays)


def _inert(value: Any) -> Any:
    """The table's text made safe to show on a terminal (a title or quote written with a TOML
    escape such as ``\\u001b`` must not clear the screen): every string, keys too."""
    if isinstance(value, str):
        return inert(value)
    if isinstance(value, dict):
        return {inert(k): _inert(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_inert(v) for v in value]
    return value


def check_quotes(
    table: TimescaleTable, read_source: Callable[[str], str | None], sources: str
) -> list[TableProblem]:
    """Problems for every rule whose quote or section is not found verbatim in its source.

    ``read_source(name)`` gives a cited document's text (None: not found); ``sources`` names
    where they are looked for, for the message.
    """
    problems = []
    texts: dict[str, str | None] = {}
    untitled: set[str] = set()
    file = str(table.path or table.authority)
    cited: list[tuple[str, int | None, Source]] = [(f"rule {r.id}", r.line, r.source) for r in table.rules]
    cited += [(f"warning {w.id}", w.line, w.source) for w in table.warnings]
    if table.governance:
        cited.append(("[table] governance", None, table.governance))
    for where, line, source in cited:
        if source.file not in texts:
            texts[source.file] = read_source(source.file)
        text = texts[source.file]
        if not source.document and source.file not in untitled:
            untitled.add(source.file)
            problems.append(
                TableProblem(
                    file, where, line,
                    f"give {source.file!r} its title in [table.documents], so that people see "
                    "the document's name, not a file name",
                )
            )  # fmt: skip
        if text is None:
            problems.append(
                TableProblem(file, where, line, f"source file {source.file!r} not found in {sources}")
            )
            continue
        if source.quote not in text:
            problems.append(
                TableProblem(
                    file, where, line, f"quote not found verbatim in {source.file}: {source.quote[:60]!r}"
                )
            )
        if source.section not in text:
            problems.append(
                TableProblem(file, where, line, f"section {source.section!r} not found in {source.file}")
            )
    return problems
