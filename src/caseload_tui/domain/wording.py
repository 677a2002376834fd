"""Words for people: counts with the right plural."""

from __future__ import annotations


def plural(count: int, one: str, many: str | None = None) -> str:
    """``1 child``, ``2 children``, ``0 visits``: the count and the noun that goes with it."""
    return f"{count:,} {one if count == 1 else (many or one + 's')}"
