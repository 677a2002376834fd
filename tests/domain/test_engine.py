"""The due-date engine on small tables written for each behaviour; dates computed by hand."""

from __future__ import annotations

from datetime import date as d

import pytest

from caseload_tui.domain.engine import DueEngine, Event, ScheduledEvent, status_for
from tests.helpers import TABLE_HEADER, child, engine_for, table_from, visits

ALLOCATION_AND_CIN = """
[[rules]]
id = "T-ALLOC"
kind = "visit"
title = "Visit within 3 working days of allocation"
anchor = "allocation"
first = "3 working_days"
{SRC}

[[rules]]
id = "T-CIN"
kind = "visit"
title = "CIN: visit at least every 28 days"
applies_to = { plan_types = ["cin"] }
anchor = "plan_start"
every = "28 days"
{SRC}
"""


def test_within_n_working_days_of_allocation_across_christmas() -> None:
    engine = engine_for(ALLOCATION_AND_CIN)
    # allocated Wed 23 Dec 2026: Thu 24 (1), Tue 29 (2), Wed 30 (3); Fri 25 and Mon 28 closed
    item = engine.evaluate(child(allocated_on=d(2026, 12, 23)), d(2026, 12, 23)).next_due("visit")
    assert item is not None
    assert item.due == d(2026, 12, 30)
    assert item.rule.id == "T-ALLOC"
    assert item.counted_from_date == d(2026, 12, 23)


def test_one_off_rule_stops_constraining_once_satisfied() -> None:
    engine = engine_for(ALLOCATION_AND_CIN)
    facts = child(allocated_on=d(2026, 12, 23), events=visits(d(2026, 12, 24)))
    assert engine.evaluate(facts, d(2026, 12, 29)).next_due("visit") is None
    # a visit before the allocation does not satisfy it
    facts = child(allocated_on=d(2026, 12, 23), events=visits(d(2026, 12, 22)))
    item = engine.evaluate(facts, d(2026, 12, 29)).next_due("visit")
    assert item is not None and item.due == d(2026, 12, 30)


def test_earliest_rule_wins_then_the_recurring_one_takes_over() -> None:
    engine = engine_for(ALLOCATION_AND_CIN)
    facts = child(plan_type="cin", plan_start=d(2026, 12, 1), allocated_on=d(2026, 12, 1))
    first = engine.evaluate(facts, d(2026, 12, 1)).next_due("visit")
    assert first is not None
    assert (first.due, first.rule.id) == (d(2026, 12, 4), "T-ALLOC")  # Fri 4 Dec, before 29 Dec
    seen = child(
        plan_type="cin", plan_start=d(2026, 12, 1), allocated_on=d(2026, 12, 1), events=visits(d(2026, 12, 3))
    )
    after = engine.evaluate(seen, d(2026, 12, 3)).next_due("visit")
    assert after is not None
    assert (after.due, after.rule.id) == (d(2026, 12, 31), "T-CIN")
    assert after.counted_from == "the last statutory visit"


def test_recurring_rule_counts_from_the_anchor_when_no_event_at_all() -> None:
    engine = engine_for(ALLOCATION_AND_CIN)
    facts = child(plan_type="cin", plan_start=d(2026, 12, 1))
    item = engine.evaluate(facts, d(2026, 12, 2)).next_due("visit")
    assert item is not None and item.due == d(2026, 12, 29)  # 1 Dec + 28 days


def test_recurring_rule_counts_from_a_visit_before_the_plan_started() -> None:
    """A child's history is the child's, not the plan's: a visit on 20 Nov, during the
    assessment, and a CIN plan from 1 Dec: the next visit is due 28 days after 20 Nov (18 Dec),
    not 28 days after the plan started (29 Dec)."""
    engine = engine_for(ALLOCATION_AND_CIN)
    facts = child(plan_type="cin", plan_start=d(2026, 12, 1), events=visits(d(2026, 11, 20)))
    item = engine.evaluate(facts, d(2026, 12, 2)).next_due("visit")
    assert item is not None and item.due == d(2026, 12, 18)
    assert item.counted_from == "the last statutory visit"
    # a visit so long before that the interval ran out before the plan: due on the plan's start
    old = child(plan_type="cin", plan_start=d(2026, 12, 1), events=visits(d(2026, 9, 1)))
    item = engine.evaluate(old, d(2026, 12, 2)).next_due("visit")
    assert item is not None and item.due == d(2026, 12, 1) and item.status == "overdue"


def test_events_after_today_are_ignored() -> None:
    engine = engine_for(ALLOCATION_AND_CIN)
    facts = child(plan_type="cin", plan_start=d(2026, 12, 1), events=visits(d(2026, 12, 10)))
    item = engine.evaluate(facts, d(2026, 12, 5)).next_due("visit")
    assert item is not None and item.due == d(2026, 12, 29)


CP = """
[[rules]]
id = "T-CP"
kind = "visit"
title = "CP: within 2 working days of the ICPC, then every 10 working days"
applies_to = { plan_types = ["cp"] }
anchor = "plan_start"
first = "2 working_days"
every = "10 working_days"
{SRC}
"""


def test_cp_first_visit_then_every_ten_working_days() -> None:
    engine = engine_for(CP)
    icpc = d(2026, 12, 24)  # Thu 24 Dec: Tue 29 (1), Wed 30 (2)
    item = engine.evaluate(child(plan_type="cp", plan_start=icpc), icpc).next_due("visit")
    assert item is not None and item.due == d(2026, 12, 30)
    seen = child(plan_type="cp", plan_start=icpc, events=visits(d(2026, 12, 30)))
    # Thu 31 (1), Mon 4 .. Fri 8 Jan (6), Mon 11 .. Thu 14 (10); Fri 1 Jan closed
    item = engine.evaluate(seen, d(2026, 12, 30)).next_due("visit")
    assert item is not None and item.due == d(2027, 1, 14)
    assert item.interval.unit == "working_days" and item.interval.n == 10


CLA_FOSTER = """
[[rules]]
id = "T-CLA"
kind = "visit"
title = "CLA: day of placement, weekly, 4-weekly, 6-weekly, 3-monthly"
applies_to = { plan_types = ["cla"], placement_types = ["foster", "connected_carer"] }
anchor = "placement_start"
first = "0 days"
{SRC}

[[rules.phases]]
name = "weekly until the initial CLA review"
every = "1 week"
until_any = [{ event = "cla_review", since = "plan_start" }]

[[rules.phases]]
name = "4-weekly until the carer is approved or proceedings conclude"
every = "4 weeks"
until_any = [{ milestone = "carer_approved" }, { milestone = "proceedings_concluded" }]

[[rules.phases]]
name = "6-weekly"
every = "6 weeks"
until_all = [{ after = "12 months" }, { milestone = "permanence_agreed" }]

[[rules.phases]]
name = "3-monthly once permanent"
every = "3 months"
"""

PLACED = d(2026, 11, 2)  # Mon 2 Nov 2026


def cla(events: tuple[Event, ...] = (), **milestones: d) -> object:
    return child(
        plan_type="cla",
        plan_start=PLACED,
        placement_type="connected_carer",
        placement_start=PLACED,
        events=events,
        milestones=milestones,
    )


def test_cla_seen_on_the_day_of_placement() -> None:
    item = engine_for(CLA_FOSTER).evaluate(cla(), PLACED).next_due("visit")  # type: ignore[arg-type]
    assert item is not None and item.due == PLACED and item.status == "due_today"


def test_cla_weekly_until_the_initial_review() -> None:
    facts = cla(visits(PLACED))
    item = engine_for(CLA_FOSTER).evaluate(facts, PLACED).next_due("visit")  # type: ignore[arg-type]
    assert item is not None and item.due == d(2026, 11, 9)
    assert item.phase == "weekly until the initial CLA review"


def test_cla_four_weekly_after_the_initial_review() -> None:
    # last visit Mon 16 Nov, review Fri 20 Nov: weekly (23 Nov) is past the phase's end,
    # so the 4-weekly phase applies: 16 Nov + 28 days = Mon 14 Dec
    events = (*visits(PLACED, d(2026, 11, 9), d(2026, 11, 16)), Event("cla_review", d(2026, 11, 20)))
    item = engine_for(CLA_FOSTER).evaluate(cla(events), d(2026, 11, 20)).next_due("visit")  # type: ignore[arg-type]
    assert item is not None and item.due == d(2026, 12, 14)
    assert item.phase is not None and item.phase.startswith("4-weekly")


def test_cla_six_weekly_after_the_carer_is_approved() -> None:
    events = (*visits(PLACED, d(2027, 1, 25)), Event("cla_review", d(2026, 11, 20)))
    facts = cla(events, carer_approved=d(2027, 2, 1))
    item = engine_for(CLA_FOSTER).evaluate(facts, d(2027, 2, 1)).next_due("visit")  # type: ignore[arg-type]
    assert item is not None and item.due == d(2027, 3, 8)  # 25 Jan + 6 weeks
    assert item.phase == "6-weekly"
    # before approval the same history is 4-weekly
    not_yet = cla(events)
    item = engine_for(CLA_FOSTER).evaluate(not_yet, d(2027, 2, 1)).next_due("visit")  # type: ignore[arg-type]
    assert item is not None and item.due == d(2027, 2, 22)


def test_cla_three_monthly_only_after_twelve_months_and_permanence() -> None:
    review = Event("cla_review", d(2026, 11, 20))
    approved = {"carer_approved": d(2027, 2, 1)}
    permanent = {**approved, "permanence_agreed": d(2027, 10, 1)}
    engine = engine_for(CLA_FOSTER)
    # last visit Wed 20 Oct 2027: 6 weeks (1 Dec) falls after the 12 months (2 Nov 2027) and
    # permanence is agreed, so 3-monthly: 20 Jan 2028
    events = (*visits(PLACED, d(2027, 10, 20)), review)
    item = engine.evaluate(cla(events, **permanent), d(2027, 10, 25)).next_due("visit")  # type: ignore[arg-type]
    assert item is not None and item.due == d(2028, 1, 20)
    assert item.phase == "3-monthly once permanent"
    # without permanence it stays 6-weekly
    item = engine.evaluate(cla(events, **approved), d(2027, 10, 25)).next_due("visit")  # type: ignore[arg-type]
    assert item is not None and item.due == d(2027, 12, 1)
    # a visit well before the 12 months: 6 weeks still falls inside the 6-weekly phase
    events = (*visits(PLACED, d(2027, 9, 1)), review)
    item = engine.evaluate(cla(events, **permanent), d(2027, 9, 1)).next_due("visit")  # type: ignore[arg-type]
    assert item is not None and item.due == d(2027, 10, 13)


def test_a_phase_that_ended_before_it_began_is_skipped() -> None:
    # carer approved before this placement started: straight from weekly to 6-weekly
    events = (*visits(PLACED, d(2026, 11, 16)), Event("cla_review", d(2026, 11, 20)))
    facts = cla(events, carer_approved=d(2026, 6, 1))
    item = engine_for(CLA_FOSTER).evaluate(facts, d(2026, 11, 20)).next_due("visit")  # type: ignore[arg-type]
    assert item is not None and item.due == d(2026, 12, 28) and item.phase == "6-weekly"


def test_a_milestone_after_today_is_not_yet_known() -> None:
    events = (*visits(PLACED, d(2027, 1, 25)), Event("cla_review", d(2026, 11, 20)))
    facts = cla(events, carer_approved=d(2027, 3, 1))
    item = engine_for(CLA_FOSTER).evaluate(facts, d(2027, 2, 1)).next_due("visit")  # type: ignore[arg-type]
    assert item is not None and item.due == d(2027, 2, 22)  # still 4-weekly on 1 Feb


UASC = """
[[rules]]
id = "T-UASC"
kind = "visit"
title = "UASC: every 5 working days for 4 weeks, 4-weekly for 3 months, then 6-weekly"
applies_to = { plan_types = ["cla"], flags = ["uasc"] }
anchor = "placement_start"
{SRC}

[[rules.phases]]
name = "every 5 working days for the first 4 weeks"
every = "5 working_days"
until_any = [{ lasting = "4 weeks" }]

[[rules.phases]]
name = "every 4 weeks for 3 months"
every = "4 weeks"
until_any = [{ lasting = "3 months" }]

[[rules.phases]]
name = "at most 6-weekly"
every = "6 weeks"
"""


def uasc(*days: d) -> object:
    return child(
        plan_type="cla",
        placement_type="foster",
        placement_start=PLACED,
        flags=frozenset({"uasc"}),
        events=visits(*days),
    )


def test_uasc_phases() -> None:
    engine = engine_for(UASC)
    # no visit yet: 5 working days from Mon 2 Nov = Mon 9 Nov
    item = engine.evaluate(uasc(), PLACED).next_due("visit")  # type: ignore[arg-type]
    assert item is not None and item.due == d(2026, 11, 9)
    # visit Fri 27 Nov; the first phase ends Mon 30 Nov, so 4-weekly: Fri 25 Dec 2026.
    # A calendar interval may end on a bank holiday: that day is still the due date.
    item = engine.evaluate(uasc(d(2026, 11, 27)), d(2026, 11, 27)).next_due("visit")  # type: ignore[arg-type]
    assert item is not None and item.due == d(2026, 12, 25)
    assert engine.table.calendar.working_day_on_or_before(item.due) == d(2026, 12, 24)
    # the 4-weekly phase ends 30 Nov + 3 months = Sun 28 Feb 2027; a visit on 20 Feb: 6-weekly
    item = engine.evaluate(uasc(d(2027, 2, 20)), d(2027, 2, 20)).next_due("visit")  # type: ignore[arg-type]
    assert item is not None and item.due == d(2027, 4, 3) and item.phase == "at most 6-weekly"


CARE_LEAVER = """
[[rules]]
id = "T-CL"
kind = "visit"
title = "Care leaver: 6-weekly to 21, 12-weekly to 25"
applies_to = { plan_types = ["care_leaver"] }
anchor = "plan_start"
{SRC}

[[rules.phases]]
name = "18 to 21: at least 6-weekly"
every = "6 weeks"
until_any = [{ age = "21 years" }]

[[rules.phases]]
name = "21 to 25: at least 12-weekly"
every = "12 weeks"
until_any = [{ age = "25 years" }]
"""


def leaver(born: d, *days: d) -> object:
    return child(plan_type="care_leaver", plan_start=d(2024, 1, 1), date_of_birth=born, events=visits(*days))


def test_care_leaver_turning_21() -> None:
    engine = engine_for(CARE_LEAVER)
    born = d(2006, 1, 10)  # 21 on Sun 10 Jan 2027
    item = engine.evaluate(leaver(born, d(2026, 11, 20)), d(2026, 11, 22)).next_due("visit")  # type: ignore[arg-type]
    assert item is not None and item.due == d(2027, 1, 1)  # 6 weeks, still 20
    item = engine.evaluate(leaver(born, d(2026, 12, 1)), d(2026, 12, 1)).next_due("visit")  # type: ignore[arg-type]
    assert item is not None and item.due == d(2027, 2, 23)  # 6 weeks would be after 21: 12 weeks
    assert item.phase == "21 to 25: at least 12-weekly"


def test_care_leaver_turning_25_ends_the_rule() -> None:
    engine = engine_for(CARE_LEAVER)
    born = d(2002, 1, 10)  # 25 on 10 Jan 2027, before the next 12-weekly visit
    result = engine.evaluate(leaver(born, d(2026, 12, 1)), d(2026, 12, 1))  # type: ignore[arg-type]
    assert result.next_due("visit") is None


def test_care_leaver_born_29_february() -> None:
    engine = engine_for(CARE_LEAVER)
    born = d(2008, 2, 29)  # 21 on Thu 1 Mar 2029: a leap-day birthday is 1 March in a common year
    # 17 Jan + 6 weeks = Wed 28 Feb 2029: still 20 that day, so the 6-weekly phase applies
    item = engine.evaluate(leaver(born, d(2029, 1, 17)), d(2029, 1, 17)).next_due("visit")  # type: ignore[arg-type]
    assert item is not None and item.due == d(2029, 2, 28)
    assert item.phase == "18 to 21: at least 6-weekly"
    # a day later the 6 weeks fall on the birthday itself, when 12-weekly is in force
    item = engine.evaluate(leaver(born, d(2029, 1, 18)), d(2029, 1, 18)).next_due("visit")  # type: ignore[arg-type]
    assert item is not None and item.due == d(2029, 4, 12)


PRIVATE_FOSTERING = """
[[rules]]
id = "T-PF"
kind = "visit"
title = "Private fostering"
applies_to = { plan_types = ["private_fostering"] }
anchor = "plan_start"
first = "5 working_days"
{SRC}

[[rules.phases]]
name = "at most 6-weekly in the first 12 months"
every = "6 weeks"
until_any = [{ after = "12 months" }]

[[rules.phases]]
name = "at most 12-weekly after"
every = "12 weeks"
"""


def test_private_fostering_after_twelve_months() -> None:
    engine = engine_for(PRIVATE_FOSTERING)
    notified = d(2026, 11, 2)
    facts = child(plan_type="private_fostering", plan_start=notified)
    item = engine.evaluate(facts, notified).next_due("visit")
    assert item is not None and item.due == d(2026, 11, 9)
    facts = child(plan_type="private_fostering", plan_start=notified, events=visits(d(2027, 9, 1)))
    item = engine.evaluate(facts, d(2027, 9, 1)).next_due("visit")
    assert item is not None and item.due == d(2027, 10, 13)
    facts = child(plan_type="private_fostering", plan_start=notified, events=visits(d(2027, 10, 1)))
    item = engine.evaluate(facts, d(2027, 10, 1)).next_due("visit")
    assert item is not None and item.due == d(2027, 12, 24)


CLA_REVIEWS = """
[[rules]]
id = "T-CLAR"
kind = "cla_review"
title = "CLA reviews: 20 working days, then 3 months, then 6-monthly"
applies_to = { plan_types = ["cla"] }
anchor = "plan_start"
first = "20 working_days"
{SRC}

[[rules.phases]]
name = "second review within 3 months of the first"
every = "3 months"
until_any = [{ event = "cla_review", occurrence = 2 }]

[[rules.phases]]
name = "then at most 6-monthly"
every = "6 months"
"""


def test_cla_review_sequence() -> None:
    engine = engine_for(CLA_REVIEWS)
    start = d(2026, 12, 7)
    facts = child(plan_type="cla", plan_start=start)
    item = engine.evaluate(facts, start).next_due("cla_review")
    assert item is not None and item.due == d(2027, 1, 7)  # 20 working days over Christmas
    reviews = [Event("cla_review", d(2027, 1, 6))]
    item = engine.evaluate(
        child(plan_type="cla", plan_start=start, events=tuple(reviews)), d(2027, 1, 6)
    ).next_due("cla_review")
    assert item is not None and item.due == d(2027, 4, 6)
    reviews.append(Event("cla_review", d(2027, 4, 1)))
    item = engine.evaluate(
        child(plan_type="cla", plan_start=start, events=tuple(reviews)), d(2027, 4, 1)
    ).next_due("cla_review")
    assert item is not None and item.due == d(2027, 10, 1)
    reviews.append(Event("cla_review", d(2027, 8, 31)))
    item = engine.evaluate(
        child(plan_type="cla", plan_start=start, events=tuple(reviews)), d(2027, 9, 1)
    ).next_due("cla_review")
    assert item is not None and item.due == d(2028, 2, 29)  # 31 Aug + 6 months, leap year


BEFORE_AND_UNRECORDED = """
[[rules]]
id = "T-CAREPLAN"
kind = "care_plan"
title = "Care plan to the IRO 3 working days before each review"
applies_to = { plan_types = ["cla"] }
anchor = "scheduled:cla_review"
before = "3 working_days"
{SRC}

[[rules]]
id = "T-WRITEUP"
kind = "visit_write_up"
title = "Visits written up within 1 working day"
anchor = "unrecorded:visit"
first = "1 working_day"
{SRC}
"""


def test_due_before_a_scheduled_review() -> None:
    engine = engine_for(BEFORE_AND_UNRECORDED)
    booked = (ScheduledEvent("cla_review", d(2027, 1, 15)),)
    facts = child(
        plan_type="cla",
        plan_start=d(2026, 6, 1),
        scheduled=booked,
        events=(Event("cla_review", d(2026, 7, 1)),),
    )
    item = engine.evaluate(facts, d(2027, 1, 4)).next_due("care_plan")
    assert item is not None and item.due == d(2027, 1, 12)  # Thu 14, Wed 13, Tue 12
    done = child(
        plan_type="cla",
        plan_start=d(2026, 6, 1),
        scheduled=booked,
        events=(Event("cla_review", d(2026, 7, 1)), Event("care_plan", d(2027, 1, 4))),
    )
    assert engine.evaluate(done, d(2027, 1, 4)).next_due("care_plan") is None


def test_visit_not_yet_written_up() -> None:
    engine = engine_for(BEFORE_AND_UNRECORDED)
    facts = child(events=(Event("visit", d(2026, 12, 24), written_up=False),))
    item = engine.evaluate(facts, d(2026, 12, 24)).next_due("visit_write_up")
    assert item is not None and item.due == d(2026, 12, 29)
    done = child(events=(Event("visit", d(2026, 12, 24)),))
    assert engine.evaluate(done, d(2026, 12, 24)).next_due("visit_write_up") is None


PATHWAY = """
[[rules]]
id = "T-PATHWAY"
kind = "pathway_plan"
title = "Pathway plan by 16 years 3 months, or 3 months after becoming eligible if later"
applies_to = { plan_types = ["cla", "care_leaver"] }
anchor = "date_of_birth"
first = "195 months"
not_before = { anchor = "milestone:became_eligible", first = "3 months" }
satisfied_by = ["pathway_plan", "pathway_plan_review"]
{SRC}
"""


def test_not_before_takes_the_later_date() -> None:
    engine = engine_for(PATHWAY)
    born = d(2010, 6, 15)  # 16y3m on 15 Sep 2026
    early = child(plan_type="cla", date_of_birth=born, milestones={"became_eligible": d(2026, 1, 10)})
    item = engine.evaluate(early, d(2026, 2, 1)).next_due("pathway_plan")
    assert item is not None and item.due == d(2026, 9, 15)
    late = child(plan_type="cla", date_of_birth=born, milestones={"became_eligible": d(2026, 8, 1)})
    item = engine.evaluate(late, d(2026, 8, 1)).next_due("pathway_plan")
    assert item is not None and item.due == d(2026, 11, 1)
    done = child(plan_type="cla", date_of_birth=born, events=(Event("pathway_plan_review", d(2026, 9, 1)),))
    assert engine.evaluate(done, d(2026, 9, 2)).next_due("pathway_plan") is None


def test_status_and_days_overdue() -> None:
    today = d(2026, 12, 10)
    assert status_for(d(2026, 12, 9), today, 7) == "overdue"
    assert status_for(today, today, 7) == "due_today"
    assert status_for(d(2026, 12, 17), today, 7) == "due_soon"
    assert status_for(d(2026, 12, 18), today, 7) == "upcoming"
    engine = engine_for(ALLOCATION_AND_CIN)
    item = engine.evaluate(child(allocated_on=d(2026, 12, 1)), today).next_due("visit")
    assert item is not None and item.due == d(2026, 12, 4)
    assert (item.status, item.days_overdue) == ("overdue", 6)


def test_explanation_names_rule_anchor_interval_and_quote() -> None:
    engine = engine_for(CLA_FOSTER)
    item = engine.evaluate(cla(visits(PLACED)), PLACED).next_due("visit")  # type: ignore[arg-type]
    assert item is not None
    text = item.explanation()
    for part in (
        "T-CLA",
        "Mon 09 Nov 2026",
        "1 week after the last statutory visit",
        "Mon 02 Nov 2026",
        "weekly until the initial CLA review",
        "A sentence.",
    ):
        assert part in text


def test_missing_core_fact_is_reported_as_a_gap() -> None:
    engine = engine_for(CLA_FOSTER)
    result = engine.evaluate(child(plan_type="cla", placement_type="foster"), PLACED)
    assert result.items == ()
    assert [g.message() for g in result.gaps] == ["Cannot compute T-CLA: no start of the placement recorded"]


def test_applies_to_filters() -> None:
    rules = """
[[rules]]
id = "T-AGE"
kind = "health_assessment"
title = "Under-5s"
applies_to = { plan_types = ["cla"], max_age = 5, not_flags = ["uasc"] }
anchor = "plan_start"
every = "6 months"
{SRC}
"""
    engine = engine_for(rules)
    base = {"plan_type": "cla", "plan_start": d(2026, 1, 1)}
    assert engine.evaluate(child(date_of_birth=d(2023, 1, 1), **base), d(2026, 2, 1)).items
    assert not engine.evaluate(child(date_of_birth=d(2021, 1, 1), **base), d(2026, 2, 1)).items
    assert not engine.evaluate(child(**base), d(2026, 2, 1)).items  # age unknown
    flagged = child(date_of_birth=d(2023, 1, 1), flags=frozenset({"uasc"}), **base)
    assert not engine.evaluate(flagged, d(2026, 2, 1)).items
    assert not engine.evaluate(
        child(date_of_birth=d(2023, 1, 1), plan_type="cin", plan_start=d(2026, 1, 1)), d(2026, 2, 1)
    ).items


def test_anchor_day_one_convention() -> None:
    header = TABLE_HEADER + "\n[table.counting]\nanchor_day = 1\n"
    engine = DueEngine(table_from(ALLOCATION_AND_CIN, header))
    item = engine.evaluate(child(allocated_on=d(2026, 12, 18)), d(2026, 12, 18)).next_due("visit")
    assert item is not None and item.due == d(2026, 12, 22)


def test_closure_days_from_the_table() -> None:
    header = TABLE_HEADER + "\n[table.counting]\nclosure_days = [2026-12-29, 2026-12-30, 2026-12-31]\n"
    engine = DueEngine(table_from(ALLOCATION_AND_CIN, header))
    item = engine.evaluate(child(allocated_on=d(2026, 12, 23)), d(2026, 12, 23)).next_due("visit")
    assert item is not None and item.due == d(2027, 1, 5)  # Thu 24 Dec, Mon 4 Jan, Tue 5 Jan


WARNINGS = """
[[rules]]
id = "T-CP"
kind = "visit"
title = "CP visits"
applies_to = { plan_types = ["cp"] }
anchor = "plan_start"
every = "10 working_days"
{SRC}

[[warnings]]
id = "T-ALONE"
check = "last_visit_not_seen_alone"
applies_to = { plan_types = ["cp"] }
message = "Not seen alone at the last visit."
{SRC}

[[warnings]]
id = "T-UNANNOUNCED"
check = "no_unannounced_visit_since_anchor"
applies_to = { plan_types = ["cp"] }
anchor = "plan_start"
message = "No unannounced visit since the plan started."
{SRC}
"""


def test_practice_warnings() -> None:
    engine = engine_for(WARNINGS)
    start = d(2026, 11, 2)
    quiet = child(
        plan_type="cp",
        plan_start=start,
        events=visits(d(2026, 11, 4), seen_alone=True, unannounced=False)
        + visits(d(2026, 11, 16), seen_alone=False, unannounced=False),
    )
    ids = [w.warning_id for w in engine.evaluate(quiet, d(2026, 11, 20)).warnings]
    assert ids == ["T-ALONE", "T-UNANNOUNCED"]
    good = child(
        plan_type="cp",
        plan_start=start,
        events=visits(d(2026, 11, 4), seen_alone=True, unannounced=True)
        + visits(d(2026, 11, 16), seen_alone=True, unannounced=False),
    )
    assert engine.evaluate(good, d(2026, 11, 20)).warnings == ()
    before_plan = child(
        plan_type="cp", plan_start=start, events=visits(d(2026, 10, 1), seen_alone=True, unannounced=True)
    )
    assert engine.evaluate(before_plan, d(2026, 11, 20)).warnings == ()


@pytest.mark.parametrize("today", [d(2026, 11, 22), d(2027, 6, 30)])
def test_items_are_sorted_and_one_per_kind(today: d) -> None:
    engine = engine_for(ALLOCATION_AND_CIN + CP)
    facts = child(plan_type="cin", plan_start=d(2026, 10, 1), allocated_on=d(2026, 10, 1))
    result = engine.evaluate(facts, today)
    kinds = [i.kind for i in result.items]
    assert len(kinds) == len(set(kinds))
    assert [i.due for i in result.items] == sorted(i.due for i in result.items)
