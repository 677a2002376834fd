"""Finding a child: by name in either order, case reference or date of birth; best first.

The index is made once from the children's list (when the app loads the names) and searched on
every keystroke, so each search only compares strings.
"""

from __future__ import annotations

import heapq
import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from ..domain.dates import parse_date
from .models import Child

_DATE = re.compile(r"\d{1,4}[/.\-]\d{1,2}[/.\-]\d{1,4}")


def search_key(child: Child) -> str:
    """What lookup matches against, lower case: the name both ways round ("given family" and
    "family given"), then (after a tab) the case reference and the date of birth as written
    (dd/mm/yyyy). Any part may match as typed; letters typed apart match the names only."""
    born = child.date_of_birth
    dob = f"{born.day:02}/{born.month:02}/{born.year}" if born else ""
    given, family = child.given_name, child.family_name
    return f"{given} {family} {family} {given}\t{child.child_id} {dob}".lower()


def fuzzy_score(query: str, text: str) -> int | None:
    """A score for ``query`` matching ``text`` (higher is better), or None.

    ``query`` is already lower case and stripped. Substring matches rank first (earlier is
    better); otherwise every query letter must appear in order (fuzzy), scored by how close
    together they are.
    """
    if not query:
        return 0
    at = text.find(query)
    if at >= 0:
        return 1000 - at
    names = text.split("\t", 1)[0]  # letters in order: within the names, not across numbers
    text = names
    position, gaps = -1, 0
    for letter in query:
        found = text.find(letter, position + 1)
        if found < 0:
            return None
        gaps += found - position - 1
        position = found
    return 500 - gaps


def date_asked(query: str, today: date | None) -> date | None:
    """The date a query names in full (``22/06/2023``, ``22/6/23``, ``2023-06-22``), else None.
    A two-digit year is this century's unless that is more than 20 years ahead of ``today``."""
    text = query.strip()
    if not _DATE.fullmatch(text):
        return None
    try:
        return parse_date(text.replace(".", "/"), today)
    except ValueError:
        return None


@dataclass(frozen=True)
class ChildIndex:
    """The children, ready to search."""

    children: Sequence[Child]
    keys: tuple[str, ...]
    today: date | None = None  # for two-digit years in a date of birth

    @classmethod
    def of(cls, children: Sequence[Child], today: date | None = None) -> ChildIndex:
        return cls(children, tuple(search_key(child) for child in children), today)

    def find(self, query: str, limit: int = 20) -> list[Child]:
        """Children born on the date ``query`` names, else those whose name, case reference or
        date of birth matches ``query`` (substring first, then letters in order), best first."""
        born = date_asked(query, self.today)
        if born is not None:
            same_day = [c for c in self.children if c.date_of_birth == born]
            return sorted(same_day, key=lambda c: (c.family_name, c.given_name, c.child_id))[:limit]
        wanted = query.lower().strip()
        scored = []
        for key, child in zip(self.keys, self.children, strict=True):
            score = fuzzy_score(wanted, key)
            if score is not None:
                scored.append((-score, child.family_name, child.child_id, child))
        # only the best few are shown: no need to sort them all
        return [s[3] for s in heapq.nsmallest(limit, scored, key=lambda s: s[:3])]
