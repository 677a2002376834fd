"""Lookup matching: substring first, then fuzzy; best first; limited."""

from __future__ import annotations

from datetime import date

from hypothesis import given
from hypothesis import strategies as st

from caseload_tui.services.workspace import fuzzy_score, search, search_key
from caseload_tui.store.read_models import Child


def kid(ref: str, given_name: str, family: str) -> Child:
    return Child(ref, given_name, family, date(2015, 1, 1), "W1", None, "cin", None, None, None)


CHILDREN = [
    kid("C000001", "Amelia", "Smith"),
    kid("C000002", "Oliver", "Smithson"),
    kid("C000123", "Ivy", "Jones"),
    kid("C000124", "Amir", "Patel"),
]


def test_substring_then_fuzzy_then_case_reference() -> None:
    assert [c.child_id for c in search(CHILDREN, "smith")] == ["C000001", "C000002"]
    assert [c.child_id for c in search(CHILDREN, "C00012")] == ["C000123", "C000124"]
    assert search(CHILDREN, "amel smi")[0].child_id == "C000001"  # fuzzy: letters in order
    assert search(CHILDREN, "zzz") == []
    assert len(search(CHILDREN * 30, "a", limit=5)) == 5


@given(st.text(alphabet="abcijmostC0123 ", max_size=6))
def test_best_first_and_the_same_as_a_full_sort(query: str) -> None:
    q = query.lower().strip()
    scored = sorted(
        (
            (-s, c.family_name, c.child_id, c)
            for c in CHILDREN
            if (s := fuzzy_score(q, search_key(c))) is not None
        ),
        key=lambda t: t[:3],
    )
    assert search(CHILDREN, query, limit=3) == [t[3] for t in scored[:3]]
