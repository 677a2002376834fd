"""Whatever the bytes, reading returns a result: no exception escapes, every problem has a line."""

from __future__ import annotations

import contextlib
import io

from hypothesis import given, settings
from hypothesis import strategies as st

from caseload_tui.importing import MappingError, parse_mapping, read_stream
from caseload_tui.importing.kinds import SCHEMAS

from .helpers import CHILDREN_HEADER, EVENTS_HEADER, TODAY, WORKERS_HEADER

HEADERS = {"workers": WORKERS_HEADER, "children": CHILDREN_HEADER, "events": EVENTS_HEADER}
ENCODINGS = ["utf-8", "utf-8-sig", "cp1252", "latin-1", "utf-16"]

# Cells built from pieces that matter to a CSV reader and to the parsers, plus any text.
cell = st.one_of(
    st.text(max_size=12),
    st.sampled_from(["", " ", '"', '""', ",", "\n", "\r\n", "\x00", "\ufeff", "yes", "Y", "today", "80%",
                     "12/31/2026", "01/05/2026", "29/02/23", "cla", "foster", "visit", "cp", "W1", "C1"]),
)  # fmt: skip
row = st.lists(cell, max_size=12).map(lambda cells: ",".join(cells))


def _check(kind: str, data: bytes) -> None:
    result = read_stream(kind, io.BytesIO(data), "fuzz.csv", today=TODAY)
    assert all(p.line is not None and p.line >= 1 for p in result.errors), result.errors
    for problem in result.errors:
        assert str(problem).startswith(f"fuzz.csv:{problem.line}: ")
    assert result.ok == (not result.errors)
    if result.ok:
        assert len(result.records) == result.rows > 0
    else:
        assert result.records == ()


@settings(max_examples=150, deadline=None)
@given(st.sampled_from(sorted(SCHEMAS)), st.lists(row, max_size=8), st.sampled_from(ENCODINGS),
       st.sampled_from(["\n", "\r\n", "\r"]))  # fmt: skip
def test_random_rows_in_random_encodings(kind: str, rows: list[str], encoding: str, newline: str) -> None:
    text = newline.join([HEADERS[kind], *rows])
    _check(kind, text.encode(encoding, errors="replace"))


@settings(max_examples=100, deadline=None)
@given(st.sampled_from(sorted(SCHEMAS)), st.binary(max_size=300))
def test_random_bytes_after_a_header(kind: str, data: bytes) -> None:
    _check(kind, HEADERS[kind].encode() + b"\n" + data)


@settings(max_examples=50, deadline=None)
@given(st.sampled_from(sorted(SCHEMAS)), st.binary(max_size=200))
def test_random_bytes_alone(kind: str, data: bytes) -> None:
    _check(kind, data)


@settings(max_examples=100, deadline=None)
@given(st.text(max_size=200))
def test_random_mapping_text_raises_only_mapping_error(text: str) -> None:
    try:
        parse_mapping(text, "fuzz.toml")
    except MappingError as exc:
        assert all(str(p).startswith("fuzz.toml") for p in exc.problems)


@settings(max_examples=100, deadline=None)
@given(
    st.dictionaries(
        st.sampled_from(["columns", "values", "defaults", "file"]),
        st.dictionaries(
            st.sampled_from(
                [
                    "child_id",
                    "kind",
                    "plan_type",
                    "fte",
                    "encoding",
                    "delimiter",
                    "header_row",
                    "date_formats",
                ]
            ),
            st.one_of(
                st.text(max_size=8),
                st.integers(),
                st.lists(st.text(max_size=8)),
                st.dictionaries(st.text(max_size=5), st.text(max_size=5)),
            ),
        ),
    )
)
def test_random_mapping_structure_raises_only_mapping_error(data: dict[str, dict[str, object]]) -> None:
    lines = []
    for section, table in data.items():
        lines.append(f"[{section}]")
        lines += [f"{key} = {_toml(value)}" for key, value in table.items()]
    with contextlib.suppress(MappingError):
        parse_mapping("\n".join(lines), "fuzz.toml")


def _toml(value: object) -> str:
    if isinstance(value, str):
        return '"' + value.encode("unicode_escape").decode().replace('"', '\\"') + '"'
    if isinstance(value, list):
        return "[" + ", ".join(_toml(v) for v in value) + "]"
    if isinstance(value, dict):
        return "{" + ", ".join(f"{_toml(k)} = {_toml(v)}" for k, v in value.items()) + "}"
    return str(value)


MAPPING = """
[file]
delimiter = ";"
header_row = 2
date_formats = ["%d-%b-%Y", "%d/%m/%y %H:%M"]
encoding = "{encoding}"
[columns]
child_id = "Person ID"
[values.kind]
"Home Visit" = "visit"
"" = "supervision"
[values.seen_alone]
"Seen Alone" = "yes"
[defaults]
unannounced = "no"
"""


@settings(max_examples=100, deadline=None)
@given(st.lists(row, max_size=8), st.sampled_from(["utf-8", "cp1252", "utf-16", "idna", "ascii"]),
       st.sampled_from(ENCODINGS))  # fmt: skip
def test_random_rows_with_a_mapping(rows: list[str], forced: str, written: str) -> None:
    mapping = parse_mapping(MAPPING.format(encoding=forced), "m.toml")
    header = "Events report\nPerson ID;kind;date;seen_alone"
    data = "\n".join([header, *(r.replace(",", ";") for r in rows)]).encode(written, errors="replace")
    result = read_stream("events", io.BytesIO(data), "fuzz.csv", mapping, today=TODAY)
    assert all(str(p).startswith("fuzz.csv") for p in result.errors)
    assert result.ok == (not result.errors)
