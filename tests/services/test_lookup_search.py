"""Lookup matching: substring first, then fuzzy; best first; limited."""

from __future__ import annotations

from datetime import date

from hypothesis import given
from hypothesis import strategies as st

from caseload_tui.services.lookup import ChildIndex, fuzzy_score, search_key
from caseload_tui.store.read_models import Child


def kid(ref: str, given_name: str, family: str, born: date = date(2015, 1, 1)) -> Child:
    return Child(ref, given_name, family, born, "W1", None, "cin", None, None, None)


def search(children: list[Child], query: str, limit: int = 20) -> list[Child]:
    return ChildIndex.of(children, date(2026, 11, 23)).find(query, limit)


CHILDREN = [
    kid("C000001", "Amelia", "Smith"),
    kid("C000002", "Oliver", "Smithson"),
    kid("C000123", "Ivy", "Jones"),
    kid("C000124", "Amir", "Patel", date(2023, 6, 22)),
    kid("C000125", "Zara", "Patel", date(2023, 6, 22)),  # twins: the same date of birth
]


def test_substring_then_fuzzy_then_case_reference() -> None:
    assert [c.child_id for c in search(CHILDREN, "smith")] == ["C000001", "C000002"]
    assert [c.child_id for c in search(CHILDREN, "C00012")] == ["C000123", "C000124", "C000125"]
    assert search(CHILDREN, "amel smi")[0].child_id == "C000001"  # fuzzy: letters in order
    assert search(CHILDREN, "zzz") == []
    assert len(search(CHILDREN * 30, "a", limit=5)) == 5


def test_family_name_first_and_date_of_birth() -> None:
    assert search(CHILDREN, "smith amelia")[0].child_id == "C000001"
    assert search(CHILDREN, "patel zar")[0].child_id == "C000125"
    for written in ("22/06/2023", "22/6/23", "2023-06-22", "22.06.2023"):
        assert [c.child_id for c in search(CHILDREN, written)] == ["C000124", "C000125"], written
    assert search(CHILDREN, "31/02/2023") == []  # not a date: nothing, never an error
    assert [c.child_id for c in search(CHILDREN, "22/06")][:2] == ["C000124", "C000125"]  # part of one


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
