"""Every kind of table error gives a message naming the file, the rule, the line and what was
expected; never a traceback; all problems are listed at once."""

from __future__ import annotations

import contextlib
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from caseload_tui.cli import main
from caseload_tui.domain.calendar import england_bank_holidays
from caseload_tui.domain.table import TableError, _Reader, check_quotes, parse_table
from caseload_tui.services.catalogue import shipped_tables
from tests.helpers import SRC, TABLE_HEADER

GOOD_RULE = """
[[rules]]
id = "T-GOOD"
kind = "visit"
title = "A visit every 28 days"
anchor = "plan_start"
every = "28 days"
{SRC}
"""


def problems(rules: str, header: str = TABLE_HEADER) -> list[str]:
    with pytest.raises(TableError) as caught:
        parse_table(header + rules.replace("{SRC}", SRC), "bad.toml")
    return [str(p) for p in caught.value.problems]


def rule(**lines: str) -> str:
    """A valid rule with some lines replaced (value None-like "" removes the key)."""
    base = {
        "id": '"T-X"',
        "kind": '"visit"',
        "title": '"A rule"',
        "anchor": '"plan_start"',
        "every": '"28 days"',
    }
    base.update(lines)
    body = "\n".join(f"{k} = {v}" for k, v in base.items() if v)
    return f"\n[[rules]]\n{body}\n{{SRC}}\n"


def test_a_valid_table_reads() -> None:
    table = parse_table(TABLE_HEADER + GOOD_RULE.replace("{SRC}", SRC), "good.toml")
    assert [r.id for r in table.rules] == ["T-GOOD"]


def test_toml_syntax_error_names_the_line() -> None:
    found = problems(GOOD_RULE + "\nthis is not toml\n")
    assert len(found) == 1 and found[0].startswith("bad.toml:") and "TOML syntax" in found[0]


def test_unknown_key_names_file_rule_and_line() -> None:
    found = problems(GOOD_RULE + rule(frequency='"weekly"'))
    assert len(found) == 1
    line = (TABLE_HEADER + GOOD_RULE).count("\n") + 3  # the [[rules]] line, then the id line
    assert found[0].startswith(f"bad.toml:{line}: rule T-X: unknown key 'frequency'")
    assert "expected one of" in found[0]


def test_unknown_unit() -> None:
    [found] = problems(rule(every='"3 fortnights"'))
    assert "rule T-X" in found and "fortnights" in found and "working_days" in found


def test_unknown_kind() -> None:
    [found] = problems(rule(kind='"home_visit"'))
    assert "unknown kind 'home_visit'" in found and "visit" in found


def test_unknown_plan_type_placement_and_flag() -> None:
    found = problems(
        rule(applies_to='{ plan_types = ["child_in_need"], placement_types = ["hotel"], flags = ["vip"] }')
    )
    assert len(found) == 3
    assert any("child_in_need" in f and "cin" in f for f in found)
    assert any("hotel" in f and "foster" in f for f in found)
    assert any("vip" in f and "uasc" in f for f in found)


def test_missing_source() -> None:
    text = (
        TABLE_HEADER
        + '\n[[rules]]\nid = "T-X"\nkind = "visit"\ntitle = "t"\nanchor = "plan_start"\nevery = "1 week"\n'
    )
    with pytest.raises(TableError) as caught:
        parse_table(text, "bad.toml")
    assert "every rule cites its source" in str(caught.value)


def test_incomplete_source() -> None:
    text = TABLE_HEADER + (
        '\n[[rules]]\nid = "T-X"\nkind = "visit"\ntitle = "t"\nanchor = "plan_start"\n'
        'every = "1 week"\nsource = { file = "a.txt", section = "S" }\n'
    )
    with pytest.raises(TableError, match="missing 'quote'"):
        parse_table(text, "bad.toml")


def test_impossible_phases() -> None:
    phases = """
[[rules]]
id = "T-PH"
kind = "visit"
title = "Phases"
anchor = "placement_start"
{SRC}

[[rules.phases]]
name = "weekly"
every = "1 week"

[[rules.phases]]
name = "monthly"
every = "1 month"
"""
    [found] = problems(phases)
    assert "impossible phases" in found and "'weekly'" in found and "never ends" in found


def test_phase_with_both_ends_and_a_zero_interval() -> None:
    phases = """
[[rules]]
id = "T-PH"
kind = "visit"
title = "Phases"
anchor = "placement_start"
{SRC}

[[rules.phases]]
name = "weekly"
every = "0 weeks"
until_any = [{ milestone = "carer_approved" }]
until_all = [{ after = "12 months" }]

[[rules.phases]]
name = "monthly"
every = "1 month"
"""
    found = problems(phases)
    assert any("not both" in f for f in found)


def test_bad_conditions() -> None:
    base = '\n[[rules]]\nid = "T-C"\nkind = "visit"\ntitle = "t"\nanchor = "plan_start"\n{SRC}\n'
    for condition, expected in [
        ('{ event = "party" }', "unknown event kind 'party'"),
        ('{ milestone = "birthday" }', "unknown milestone 'birthday'"),
        ('{ after = "soon" }', "not an interval"),
        ('{ age = "21 years", occurrence = 2 }', "go only with 'event'"),
        ('{ event = "cla_review", occurrence = 0 }', "whole number from 1"),
        ('{ after = "1 week", milestone = "carer_approved" }', "exactly one of"),
    ]:
        text = base + f'\n[[rules.phases]]\nname = "a"\nevery = "1 week"\nuntil_any = [{condition}]\n'
        text += '\n[[rules.phases]]\nname = "b"\nevery = "2 weeks"\n'
        found = problems(text)
        assert any(expected in f for f in found), (condition, found)


def test_every_and_phases_both_and_no_timing() -> None:
    assert any(
        "not both" in f for f in problems(rule() + '\n[[rules.phases]]\nname = "p"\nevery = "1 week"\n')
    )
    assert any("needs a timing" in f for f in problems(rule(every="")))


def test_duplicate_ids() -> None:
    assert any("duplicate rule id 'T-GOOD'" in f for f in problems(GOOD_RULE + GOOD_RULE))


def test_bad_anchors() -> None:
    assert any("unknown anchor 'referral'" in f for f in problems(rule(anchor='"referral"')))
    assert any("unknown milestone 'x'" in f for f in problems(rule(anchor='"milestone:x"')))
    assert any("takes 'before'" in f for f in problems(rule(anchor='"scheduled:cla_review"')))
    assert any("takes 'first' only" in f for f in problems(rule(anchor='"unrecorded:visit"')))
    assert any("goes only with a 'scheduled:'" in f for f in problems(rule(every="", before='"3 days"')))


def test_not_before_needs_first() -> None:
    found = problems(rule(not_before='{ anchor = "milestone:became_eligible", first = "3 months" }'))
    assert any("'not_before' goes with 'first'" in f for f in found)


def test_metadata_problems() -> None:
    header = '[table]\nauthority = "X"\napproved = "28/03/2025"\ncaseload_target = -1\n'
    found = problems(GOOD_RULE, header)
    assert any("'approved' must be a TOML date" in f for f in found)
    assert any("missing 'owner'" in f for f in found)
    assert any("missing 'next_review'" in f for f in found)
    assert any("'caseload_target' must be a positive number" in f for f in found)


def test_counting_problems() -> None:
    header = (
        TABLE_HEADER
        + '\n[table.counting]\nanchor_day = 2\nbank_holidays = "sometimes"\nclosure_days = ["29/12/2026"]\n'
    )
    found = problems(GOOD_RULE, header)
    assert any("'anchor_day' must be 0 or 1" in f for f in found)
    assert any('"closed" or "working"' in f for f in found)
    assert any("'closure_days' must be a list of TOML dates" in f for f in found)


def test_warning_problems() -> None:
    warning = '\n[[warnings]]\nid = "W"\ncheck = "vibes"\nmessage = "m"\n{SRC}\n'
    assert any("unknown check 'vibes'" in f for f in problems(GOOD_RULE + warning))
    warning = '\n[[warnings]]\nid = "W"\ncheck = "no_unannounced_visit_since_anchor"\nmessage = "m"\n{SRC}\n'
    assert any("needs an 'anchor'" in f for f in problems(GOOD_RULE + warning))


def test_every_problem_is_listed_at_once() -> None:
    found = problems(
        rule(kind='"x"') + rule(id='"T-Y"', every='"2 fortnights"') + rule(id='"T-Z"', anchor='"y"')
    )
    assert len(found) == 3
    assert [f.split(": ")[1] for f in found] == ["rule T-X", "rule T-Y", "rule T-Z"]


def test_quotes_must_be_verbatim(tmp_path: Path) -> None:
    (tmp_path / "test.txt").write_text("Tests\nChildren must be visited at least every 28 days.\n")
    table = parse_table(TABLE_HEADER + GOOD_RULE.replace("{SRC}", SRC), "t.toml")
    [found] = check_quotes(table, lambda name: (tmp_path / name).read_text(), str(tmp_path))
    assert "quote not found verbatim" in str(found) and "A sentence." in str(found)


def test_sources_are_cited_by_title(tmp_path: Path) -> None:
    """Explanations name the document by its title; a table that gives none is told, once."""
    (tmp_path / "test.txt").write_text("Tests\nA sentence.\n")
    table = parse_table(TABLE_HEADER + GOOD_RULE.replace("{SRC}", SRC), "t.toml")
    assert table.rules[0].source.citation() == "Test practice standards, \u201cTests\u201d"
    assert check_quotes(table, lambda name: (tmp_path / name).read_text(), str(tmp_path)) == []
    untitled = TABLE_HEADER.replace('documents = { "test.txt" = "Test practice standards" }\n', "")
    rules = GOOD_RULE.replace("{SRC}", SRC) + GOOD_RULE.replace("{SRC}", SRC).replace('id = "', 'id = "B')
    table = parse_table(untitled + rules, "t.toml")
    assert table.rules[0].source.citation() == "test.txt, \u201cTests\u201d"
    [found] = check_quotes(table, lambda name: (tmp_path / name).read_text(), str(tmp_path))
    assert "give 'test.txt' its title in [table.documents]" in str(found)
    with pytest.raises(TableError, match=r"\[table.documents\] must map each source file"):
        parse_table(untitled.replace("[table]", '[table]\ndocuments = ["test.txt"]') + rules, "t.toml")


# -- never a traceback --------------------------------------------------------------------------

_SHIPPED = shipped_tables()["herefordshire"].read_text(encoding="utf-8")


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.data())
def test_mutated_tables_raise_only_table_errors(data: st.DataObject) -> None:
    lines = _SHIPPED.splitlines()
    for _ in range(data.draw(st.integers(1, 4))):
        i = data.draw(st.integers(0, len(lines) - 1))
        choice = data.draw(st.sampled_from(["drop", "garble", "swap", "dup"]))
        if choice == "drop":
            del lines[i]
        elif choice == "garble":
            lines[i] = data.draw(st.text(max_size=40))
        elif choice == "swap":
            j = data.draw(st.integers(0, len(lines) - 1))
            lines[i], lines[j] = lines[j], lines[i]
        else:
            lines.insert(i, lines[i])
    try:
        parse_table("\n".join(lines), "mutated.toml")
    except TableError as exc:
        assert exc.problems and all(str(p).startswith("mutated.toml") for p in exc.problems)


@settings(max_examples=200, deadline=None)
@given(
    st.recursive(
        st.none() | st.booleans() | st.integers() | st.text(max_size=8) | st.dates(),
        lambda inner: (
            st.lists(inner, max_size=3)
            | st.dictionaries(
                st.sampled_from(
                    [
                        "id",
                        "kind",
                        "anchor",
                        "every",
                        "first",
                        "phases",
                        "until_any",
                        "event",
                        "source",
                        "applies_to",
                        "plan_types",
                        "before",
                        "not_before",
                        "name",
                        "rules",
                        "table",
                    ]
                ),
                inner,
                max_size=4,
            )
        ),
        max_leaves=12,
    )
)
def test_any_structure_raises_only_table_errors(value: object) -> None:
    """Whatever TOML can hold, reading it ends in a table or a TableError, nothing else."""
    data = {"table": {}, "rules": value if isinstance(value, list) else [value]}
    with contextlib.suppress(TableError):
        _Reader("fuzz.toml", "").table(data, None, england_bank_holidays)


# -- the command ----------------------------------------------------------------------------


def test_rules_check_command(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    good = shipped_tables()["derbyshire"]
    assert main(["rules", "check", str(good), "--today", "2023-01-01"]) == 0
    out = capsys.readouterr().out
    assert "valid: Derbyshire" in out and "warning:" not in out
    assert main(["rules", "check", str(good), "--today", "22/11/2026"]) == 0
    assert "was due for review on 01/09/2023" in capsys.readouterr().out
    bad = tmp_path / "bad.toml"
    bad_rules = rule(kind='"x"') + rule(id='"T-Y"', every='"1 fortnight"')
    bad.write_text(TABLE_HEADER + bad_rules.replace("{SRC}", SRC))
    assert main(["rules", "check", str(bad)]) == 1
    out = capsys.readouterr().out
    assert "INVALID (2 problems)" in out and "rule T-X" in out and "rule T-Y" in out
    assert main(["rules", "check", str(tmp_path / "missing.toml")]) == 1
    assert "cannot read" in capsys.readouterr().out


def test_rules_check_as_a_process_never_prints_a_traceback(tmp_path: Path) -> None:
    bad = tmp_path / "bad.toml"
    bad.write_bytes(b"\xff\xfe not utf-8 [[[")
    result = subprocess.run(
        [sys.executable, "-m", "caseload_tui.cli", "rules", "check", str(bad)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 1
    assert "Traceback" not in result.stdout + result.stderr
    assert "bad.toml" in result.stdout


def test_rules_show_lists_rules_with_sources(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["rules", "show", "--authority", "herefordshire", "--today", "2026-11-22"]) == 0
    out = capsys.readouterr().out
    assert "Owner: Principal Social Worker" in out and "WARNING" in out
    assert "H-VISIT-CP: CP plan" in out and "002_f7ab2783aeb29b2d.txt" in out
    assert main(["rules", "show", "--authority", "nowhere"]) == 2


def test_a_table_file_is_parsed_again_only_when_its_text_changes(tmp_path: Path) -> None:
    from caseload_tui.services.catalogue import load_table

    path = tmp_path / "table.toml"
    text = shipped_tables()["herefordshire"].read_text(encoding="utf-8")
    path.write_text(text, encoding="utf-8")
    first = load_table(path)
    assert load_table(path) is first
    path.write_text(text.replace(f'version = "{first.version}"', 'version = "9.9"', 1), encoding="utf-8")
    changed = load_table(path)
    assert changed.version == "9.9" and first.version != "9.9"
    path.write_text("[table\n", encoding="utf-8")
    with pytest.raises(TableError):
        load_table(path)  # a broken edit is reported, not hidden behind the last good table
