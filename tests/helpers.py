"""Shared fixtures: small tables written for the tests, and builders for children."""

from __future__ import annotations

from datetime import date

from caseload_tui.domain.engine import ChildFacts, DueEngine, Event
from caseload_tui.domain.table import TimescaleTable, parse_table

SRC = 'source = { file = "test.txt", section = "Tests", quote = "A sentence." }'

TABLE_HEADER = """
[table]
authority = "Testshire"
title = "Test table"
version = "1"
approved = 2026-01-01
owner = "Principal Social Worker"
next_review = 2027-01-01
caseload_target = 18
due_soon_days = 7
documents = { "test.txt" = "Test practice standards" }
"""


def table_from(rules: str, header: str = TABLE_HEADER) -> TimescaleTable:
    """A table made of the test header and ``rules`` (TOML); ``{SRC}`` is a stock source."""
    return parse_table(header + rules.replace("{SRC}", SRC), "test.toml")


def engine_for(rules: str, header: str = TABLE_HEADER) -> DueEngine:
    return DueEngine(table_from(rules, header))


def child(**kwargs: object) -> ChildFacts:
    kwargs.setdefault("child_id", "C1")
    return ChildFacts(**kwargs)  # type: ignore[arg-type]


def visits(*days: date, **flags: object) -> tuple[Event, ...]:
    return tuple(Event("visit", d, **flags) for d in days)  # type: ignore[arg-type]
