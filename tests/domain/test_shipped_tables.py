"""The shipped Herefordshire and Derbyshire tables: valid, sourced, complete, and right.

Dates are computed by hand in the comments. Working days skip weekends and England's bank
holidays (2026: Fri 25 Dec, Mon 28 Dec; 2027: Fri 1 Jan).
"""

from __future__ import annotations

from datetime import date as d

import pytest

from caseload_tui.domain.engine import ChildFacts, DueEngine, DueItem, Event
from caseload_tui.domain.table import TimescaleTable
from caseload_tui.services.catalogue import find_table, open_table, quote_problems, shipped_tables

H = open_table("herefordshire")
D = open_table("derbyshire")


def due(table: TimescaleTable, today: d, kind: str = "visit", **facts: object) -> DueItem:
    facts.setdefault("child_id", "C1")
    item = DueEngine(table).evaluate(ChildFacts(**facts), today).next_due(kind)  # type: ignore[arg-type]
    assert item is not None, f"nothing {kind} due"
    return item


def visits(*days: d) -> tuple[Event, ...]:
    return tuple(Event("visit", day, seen_alone=True) for day in days)


# -- the tables as data ---------------------------------------------------------------------------


def test_both_tables_ship_and_are_found_by_name() -> None:
    assert {"herefordshire", "derbyshire"} <= set(shipped_tables())
    assert find_table("Herefordshire") == shipped_tables()["herefordshire"]


@pytest.mark.parametrize("table", [H, D], ids=["herefordshire", "derbyshire"])
def test_every_quote_and_section_is_verbatim_in_its_source(table: TimescaleTable) -> None:
    assert table.path is not None
    assert quote_problems(table, table.path) == []


@pytest.mark.parametrize("table", [H, D], ids=["herefordshire", "derbyshire"])
def test_governance_metadata(table: TimescaleTable) -> None:
    assert table.owner and table.version and table.approved < table.next_review
    assert table.caseload_target == 18
    assert table.governance is not None
    # both were last approved over a year before today: the product must warn
    assert table.review_warning(d(2026, 11, 22)) is not None
    assert table.review_warning(table.next_review) is None


def kinds_for(table: TimescaleTable, plan: str | None = None) -> set[str]:
    return {
        r.kind
        for r in table.rules
        if plan is None or r.applies_to.plan_types is None or plan in r.applies_to.plan_types
    }


def test_herefordshire_covers_the_inventory() -> None:
    visits_for = {p for r in H.rules if r.kind == "visit" for p in (r.applies_to.plan_types or {"*"})}
    assert {
        "*",
        "cp",
        "cin",
        "cla",
        "private_fostering",
        "care_leaver",
        "early_help",
        "short_breaks",
    } <= visits_for
    placements = {p for r in H.rules if r.kind == "visit" for p in (r.applies_to.placement_types or ())}
    assert {
        "foster",
        "connected_carer",
        "residential",
        "secure",
        "yoi_or_health",
        "unregistered",
        "adoptive",
        "placed_with_parents",
    } <= placements
    anchors = {r.anchor.text for r in H.rules if r.kind == "visit"}
    assert {
        "allocation",
        "milestone:s47_started",
        "milestone:assessment_started",
        "milestone:first_contact",
    } <= anchors
    assert {"core_group", "review_conference", "management_review"} <= kinds_for(H, "cp")
    assert {
        "cla_review",
        "iro_midpoint_review",
        "placement_planning_meeting",
        "pathway_plan",
        "care_plan_shared",
    } <= kinds_for(H, "cla")
    assert {"cin_review"} <= kinds_for(H, "cin")
    assert {"taf_review"} <= kinds_for(H, "early_help")
    assert {"pathway_plan_review", "keeping_in_touch"} <= kinds_for(H, "care_leaver")
    assert {
        "visit_write_up",
        "case_summary_update",
        "chronology_update",
        "assessment_completed",
        "assessment_progress_review",
        "s47_completed",
        "plan_update",
        "supervision",
    } <= kinds_for(H)
    checks = {w.check for w in H.warnings}
    assert checks == {"last_visit_not_seen_alone", "no_unannounced_visit_since_anchor"}


def test_derbyshire_covers_the_inventory() -> None:
    visits_for = {p for r in D.rules if r.kind == "visit" for p in (r.applies_to.plan_types or {"*"})}
    assert {"*", "cp", "cin", "cla", "private_fostering", "care_leaver"} <= visits_for
    assert {"core_group", "review_conference"} <= kinds_for(D, "cp")
    assert {
        "cla_review",
        "placement_planning_meeting",
        "care_plan",
        "health_assessment",
        "pep_review",
    } <= kinds_for(D, "cla")
    assert {"cin_review", "management_review"} <= kinds_for(D, "cin")
    assert {"pathway_plan", "pathway_plan_review"} <= kinds_for(D, "care_leaver")
    assert {"taf_review"} <= kinds_for(D, "early_help")
    assert {"chronology_update", "assessment_completed", "early_help_assessment_started"} <= kinds_for(D)


def test_figures_that_differ_between_the_authorities() -> None:
    """Derbyshire visits CIN children 6-weekly and holds core groups 6-weekly (H: 28 days, 4 weeks)."""
    start = d(2026, 12, 1)
    cin = {"plan_type": "cin", "plan_start": start}
    assert due(H, start, **cin).due == d(2026, 12, 29)
    assert due(D, start, **cin).due == d(2027, 1, 12)
    icpc = d(2026, 12, 24)
    held = {"plan_type": "cp", "plan_start": icpc, "events": (Event("core_group", d(2027, 1, 5)),)}
    assert due(H, d(2027, 1, 5), "core_group", **held).due == d(2027, 2, 2)  # 4 weeks
    assert due(D, d(2027, 1, 5), "core_group", **held).due == d(2027, 2, 16)  # 6 weeks


# -- Herefordshire, hand-computed --------------------------------------------------------------


def test_h_newly_allocated_cin_child_earliest_rule_wins() -> None:
    start = d(2026, 12, 1)  # Tue
    item = due(H, start, plan_type="cin", plan_start=start, allocated_on=start)
    assert (item.due, item.rule.id) == (d(2026, 12, 4), "H-VISIT-ALLOCATION")  # Fri, not 29 Dec
    item = due(
        H,
        d(2026, 12, 3),
        plan_type="cin",
        plan_start=start,
        allocated_on=start,
        events=visits(d(2026, 12, 3)),
    )
    assert (item.due, item.rule.id) == (d(2026, 12, 31), "H-VISIT-CIN")


def test_h_cp_first_visit_then_every_ten_working_days() -> None:
    icpc = d(2026, 12, 24)  # Thu
    item = due(H, icpc, plan_type="cp", plan_start=icpc, allocated_on=icpc)
    assert (item.due, item.rule.id) == (d(2026, 12, 30), "H-VISIT-CP")  # Tue 29 (1), Wed 30 (2)
    item = due(
        H, d(2026, 12, 30), plan_type="cp", plan_start=icpc, allocated_on=icpc, events=visits(d(2026, 12, 30))
    )
    assert item.due == d(2027, 1, 14)  # 31 Dec, 4-8 Jan, 11-14 Jan
    core = due(H, icpc, "core_group", plan_type="cp", plan_start=icpc)
    assert core.due == d(2027, 1, 12)  # 10 working days: 29-31 Dec (3), 4-8 Jan (8), 11, 12


PLACED = d(2026, 11, 2)  # Mon


def cla_foster(events: tuple[Event, ...], **milestones: d) -> dict[str, object]:
    return {
        "plan_type": "cla",
        "plan_start": PLACED,
        "placement_type": "foster",
        "placement_start": PLACED,
        "allocated_on": PLACED,
        "date_of_birth": d(2015, 5, 5),
        "events": events,
        "milestones": milestones,
    }


def test_h_cla_day_of_placement_then_weekly() -> None:
    item = due(H, PLACED, **cla_foster(()))
    assert (item.due, item.rule.id) == (PLACED, "H-VISIT-CLA-DAY-OF-PLACEMENT")
    item = due(H, PLACED, **cla_foster(visits(PLACED)))
    assert (item.due, item.rule.id) == (d(2026, 11, 9), "H-VISIT-CLA-FOSTER")
    assert item.phase == "weekly until the initial CLA review"


def test_h_cla_four_then_six_weekly_then_three_monthly() -> None:
    review = Event("cla_review", d(2026, 11, 20))
    history = (*visits(PLACED, d(2026, 11, 9), d(2026, 11, 16)), review)
    item = due(H, d(2026, 11, 20), **cla_foster(history))
    assert item.due == d(2026, 12, 14) and item.phase is not None and "4-weekly" in item.phase
    approved = (*visits(PLACED, d(2027, 1, 25)), review)
    item = due(H, d(2027, 2, 1), **cla_foster(approved, proceedings_concluded=d(2027, 2, 1)))
    assert (item.due, item.phase) == (d(2027, 3, 8), "at most 6-weekly")
    # placement a year old on 2 Nov 2027 and agreed permanent on 1 Oct 2027: last visit 20 Oct
    permanent = (*visits(PLACED, d(2027, 10, 20)), review)
    # 3-monthly also needs "an updated assessment which concludes that this frequency is
    # appropriate" (table fix, issue 10 section 4): permanence alone now stays 6-weekly
    facts = cla_foster(permanent, proceedings_concluded=d(2027, 2, 1), permanence_agreed=d(2027, 10, 1))
    assert due(H, d(2027, 10, 25), **facts).due == d(2027, 12, 1)  # 20 Oct + 6 weeks
    agreed = cla_foster(
        permanent,
        proceedings_concluded=d(2027, 2, 1),
        permanence_agreed=d(2027, 10, 1),
        reduced_visits_agreed=d(2027, 10, 1),
    )
    item = due(H, d(2027, 10, 25), **agreed)
    assert item.due == d(2028, 1, 20) and item.interval.unit == "months"
    not_permanent = cla_foster(permanent, proceedings_concluded=d(2027, 2, 1))
    assert due(H, d(2027, 10, 25), **not_permanent).due == d(2027, 12, 1)


def test_h_uasc_phases() -> None:
    facts = {
        "plan_type": "cla",
        "plan_start": PLACED,
        "placement_type": "foster",
        "placement_start": PLACED,
        "allocated_on": PLACED,
        "flags": frozenset({"uasc"}),
    }
    item = due(H, PLACED, events=visits(PLACED), **facts)
    assert (item.due, item.rule.id) == (d(2026, 11, 9), "H-VISIT-CLA-UASC")  # 5 working days
    item = due(H, d(2026, 11, 27), events=visits(PLACED, d(2026, 11, 27)), **facts)
    assert item.due == d(2026, 12, 25)  # 4-weekly from Fri 27 Nov; Christmas Day stays the limit
    item = due(H, d(2027, 2, 20), events=visits(PLACED, d(2027, 2, 20)), **facts)
    assert item.due == d(2027, 4, 3)  # after 30 Nov + 3 months = 28 Feb: 6-weekly


def test_h_care_leaver_turning_21() -> None:
    facts = {
        "plan_type": "care_leaver",
        "plan_start": d(2024, 1, 1),
        "allocated_on": d(2024, 1, 1),
        "date_of_birth": d(2006, 1, 10),
    }  # 21 on Sun 10 Jan 2027
    assert due(H, d(2026, 11, 22), events=visits(d(2026, 11, 20)), **facts).due == d(2027, 1, 1)
    item = due(H, d(2026, 12, 1), events=visits(d(2026, 12, 1)), **facts)
    assert item.due == d(2027, 2, 23)  # 6 weeks would fall after the birthday: 12 weeks


def test_h_private_fostering_after_twelve_months() -> None:
    notified = d(2026, 11, 2)
    facts = {"plan_type": "private_fostering", "plan_start": notified, "allocated_on": notified}
    item = due(H, notified, **facts)
    assert (item.due, item.rule.id) == (d(2026, 11, 5), "H-VISIT-ALLOCATION")  # before 9 Nov
    assert due(H, d(2027, 9, 1), events=visits(d(2027, 9, 1)), **facts).due == d(2027, 10, 13)
    assert due(H, d(2027, 10, 1), events=visits(d(2027, 10, 1)), **facts).due == d(2027, 12, 24)


def test_h_cla_reviews() -> None:
    start = d(2026, 12, 7)
    facts = {"plan_type": "cla", "plan_start": start}
    assert due(H, start, "cla_review", **facts).due == d(2027, 1, 7)
    first = (Event("cla_review", d(2027, 1, 6)),)
    assert due(H, d(2027, 1, 6), "cla_review", events=first, **facts).due == d(2027, 4, 6)
    second = (*first, Event("cla_review", d(2027, 8, 31)))
    assert due(H, d(2027, 9, 1), "cla_review", events=second, **facts).due == d(2028, 2, 29)


def test_h_cp_visit_write_up_within_one_working_day() -> None:
    icpc = d(2026, 12, 1)
    item = due(
        H,
        d(2026, 12, 24),
        "visit_write_up",
        plan_type="cp",
        plan_start=icpc,
        events=(Event("visit", d(2026, 12, 24), written_up=False),),
    )
    assert (item.due, item.rule.id) == (d(2026, 12, 29), "H-RECORD-VISIT-CP")


def test_h_practice_warnings_for_cp() -> None:
    start = d(2026, 11, 2)
    events = (
        Event("visit", d(2026, 11, 4), seen_alone=True, unannounced=False),
        Event("visit", d(2026, 11, 16), seen_alone=False, unannounced=False),
    )
    result = DueEngine(H).evaluate(
        ChildFacts("C1", plan_type="cp", plan_start=start, events=events), d(2026, 11, 20)
    )
    assert {w.warning_id for w in result.warnings} == {"H-WARN-CP-SEEN-ALONE", "H-WARN-CP-UNANNOUNCED"}


# -- Derbyshire, hand-computed -------------------------------------------------------------------


def test_d_cla_within_a_week_then_six_or_four_weekly() -> None:
    facts = {"plan_type": "cla", "plan_start": PLACED, "placement_type": "foster", "placement_start": PLACED}
    assert due(D, PLACED, **facts).due == d(2026, 11, 9)
    assert due(D, d(2026, 11, 6), events=visits(d(2026, 11, 6)), **facts).due == d(2026, 12, 18)
    ifa = due(
        D, d(2026, 11, 6), events=visits(d(2026, 11, 6)), flags=frozenset({"independent_provider"}), **facts
    )
    assert (ifa.due, ifa.rule.id) == (d(2026, 12, 4), "D-VISIT-CLA-INDEPENDENT")


def test_d_care_leaver_six_times_a_year() -> None:
    facts = {"plan_type": "care_leaver", "plan_start": d(2025, 1, 1), "date_of_birth": d(2006, 5, 5)}
    item = due(D, d(2026, 11, 20), events=visits(d(2026, 11, 20)), **facts)
    # table fix (issue 10 section 4): one phased rule, and "at least 6 times a year" is at most
    # 2 calendar months between visits (6 x 2 months = 12), no longer 8 weeks (15 Jan)
    assert (item.due, item.rule.id) == (d(2027, 1, 20), "D-VISIT-CARE-LEAVER")  # 2 months


def test_d_core_group_and_review_conference() -> None:
    icpc = d(2026, 12, 24)
    assert due(D, icpc, "core_group", plan_type="cp", plan_start=icpc).due == d(2027, 1, 12)
    assert due(D, icpc, "review_conference", plan_type="cp", plan_start=icpc).due == d(2027, 3, 24)
