"""Mapping files: the shipped examples, every setting, and invalid mappings."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

import caseload_tui.importing as importing
from caseload_tui.importing import (
    MappingError,
    load_mapping,
    parse_mapping,
    read_children,
    read_events,
    read_workers,
)

from .helpers import EVENTS_HEADER, TODAY, write

EXAMPLES = Path(importing.__file__).parent / "examples"


def test_example_children_export_imports_without_editing() -> None:
    mapping = load_mapping(EXAMPLES / "mosaic_children.toml")
    result = read_children(EXAMPLES / "mosaic_children.csv", mapping, today=date(2026, 5, 1))
    assert result.ok, [str(p) for p in result.errors]
    plans = [(c.child_id, c.plan_type, c.placement_type, c.worker_id) for c in result.records]
    assert plans == [
        ("P100201", "cp", None, "W017"),
        ("P100202", "cla", "foster", "W017"),
        ("P100203", "cin", None, None),
        ("P100204", "care_leaver", None, "W022"),
        ("P100205", "cla", "connected_carer", "W031"),
    ]
    assert result.records[1].plan_start == date(2025, 11, 10)  # "10/11/2025 00:00"


def test_example_events_export_imports_without_editing() -> None:
    mapping = load_mapping(EXAMPLES / "mosaic_events.toml")
    result = read_events(EXAMPLES / "mosaic_events.csv", mapping, today=date(2026, 5, 1))
    assert result.ok, [str(p) for p in result.errors]
    assert [(e.kind, e.seen_alone, e.unannounced) for e in result.records] == [
        ("visit", True, False), ("core_group", None, None), ("visit", False, True),
        ("cla_review", None, None), ("supervision", None, None),
    ]  # fmt: skip


def test_problem_with_a_mapped_value_shows_the_export_value(tmp_path: Path) -> None:
    mapping = parse_mapping('[values.kind]\n"Core Group Meeting" = "core_group"\n', "m.toml")
    path = write(tmp_path, "e.csv", EVENTS_HEADER, "C1,core group meeting,01/05/2026,Yes,")
    (problem,) = read_events(path, mapping, today=TODAY).errors
    assert problem.column == "seen_alone" and problem.value == "Yes"
    path = write(tmp_path, "e.csv", EVENTS_HEADER, "C1,visit,01/05/2026,Seen,")
    mapping = parse_mapping('[values.seen_alone]\n"Seen" = "yes"\n', "m.toml")
    assert read_events(path, mapping, today=TODAY).ok


def test_file_settings_and_defaults(tmp_path: Path) -> None:
    mapping = parse_mapping(
        'kind = "workers"\n[file]\ndelimiter = ";"\nheader_row = 2\nencoding = "cp1252"\n'
        '[columns]\nworker_id = "Staff No"\n[defaults]\nfte = "1"\nrole = "Social worker"\n',
        "m.toml",
    )
    path = write(tmp_path, "w.csv", "Staff report;;", "Staff No;Name;Team;Role", "S1;Zoë Example;North;",
                 "S2;Jo Sample;South;PA", encoding="cp1252")  # fmt: skip
    result = read_workers(path, mapping, today=TODAY)
    assert result.ok and result.encoding == "cp1252"
    assert [(w.worker_id, w.name, w.role, w.fte) for w in result.records] == [
        ("S1", "Zoë Example", "Social worker", 1.0), ("S2", "Jo Sample", "PA", 1.0),
    ]  # fmt: skip


def test_missing_mapped_column_names_the_export_header(tmp_path: Path) -> None:
    mapping = parse_mapping('[columns]\nchild_id = "Person ID"\n', "m.toml")
    path = write(tmp_path, "e.csv", EVENTS_HEADER, "C1,visit,01/05/2026,,")
    (problem,) = read_events(path, mapping, today=TODAY).errors
    assert problem.reason.startswith("missing required columns: 'Person ID' (for child_id); columns found:")


def test_mapping_for_another_kind_is_refused(tmp_path: Path) -> None:
    path = write(tmp_path, "e.csv", EVENTS_HEADER, "C1,visit,01/05/2026,,")
    (problem,) = read_events(path, parse_mapping('kind = "children"', "m.toml"), today=TODAY).errors
    assert str(problem) == "m.toml: this mapping is for children files, not events"
    (problem,) = read_events(path, parse_mapping("[defaults]\nfte = '1'", "m.toml"), today=TODAY).errors
    assert str(problem) == "m.toml: column 'fte' is not a column of events files"


@pytest.mark.parametrize(
    ("text", "words"),
    [
        ("[columns]\nchild_idd = 'Person ID'", "unknown column 'child_idd'"),
        ('kind = "children"\n[columns]\nkind = "Type"', "unknown column 'kind' for children"),
        ('[values.plan_type]\n"Child Protection Plan" = "cpp"', "not an accepted plan type"),
        ('[values.placement_type]\n"Foster Care" = "fostering"', "not an accepted placement type"),
        ('[values.seen_alone]\n"Seen" = "sometimes"', "use yes or no"),
        ('[values.kind]\n"Visit" = "visit"\n"VISIT" = "core_group"', "twice"),
        ("[file]\ndate_formats = ['%m/%d/%Y']", "US order"),
        ("[file]\ndate_formats = ['%d/%m']", "needs a day"),
        ("[file]\nencoding = 'klingon'", "not a text encoding"),
        ("[file]\ndelimiter = ';;'", "one character"),
        ("[file]\nheader_row = 0", "whole number"),
        ("[file]\nskip = 1", "unknown setting 'skip'"),
        ("[colums]\nchild_id = 'X'", "unknown setting 'colums'"),
        ("kind = 'pets'", "kind must be one of"),
        ("[columns\n", "not valid TOML"),
    ],
)
def test_invalid_mappings(text: str, words: str) -> None:
    with pytest.raises(MappingError) as caught:
        parse_mapping(text, "bad.toml")
    assert any(words in str(p) for p in caught.value.problems), caught.value.problems
    assert all(str(p).startswith("bad.toml") for p in caught.value.problems)


def test_every_problem_in_a_mapping_is_listed(tmp_path: Path) -> None:
    path = tmp_path / "m.toml"
    path.write_text(
        '[columns]\nnope = "X"\n[values.plan_type]\n"A" = "b"\n[defaults]\nplacement_type = "tent"\n'
    )
    with pytest.raises(MappingError) as caught:
        load_mapping(path)
    assert len(caught.value.problems) == 3
    with pytest.raises(MappingError, match="cannot read the mapping"):
        load_mapping(tmp_path / "missing.toml")
