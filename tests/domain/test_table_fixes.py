"""The shipped tables against their sources (issue 10, section 4): each fix, worked by hand.

Every case runs on the real tables (``open_table``). Working days skip weekends and England's
bank holidays: 2026 Fri 25 Dec and Mon 28 Dec (Boxing Day, a Saturday, moves to the Monday);
2027 Fri 1 Jan, Good Friday 26 Mar and Easter Monday 29 Mar. Day 0 is the anchor. Calendar
months clamp at the month end. Ages in a rule are tested on the date the item falls due.
"""

from __future__ import annotations

import json
from datetime import date as d
from pathlib import Path

import pytest

from caseload_tui.cli import main
from caseload_tui.domain.engine import ChildDue, ChildFacts, DueEngine, DueItem, Event
from caseload_tui.services.catalogue import open_table

H = DueEngine(open_table("herefordshire"))
D = DueEngine(open_table("derbyshire"))


def evaluate(engine: DueEngine, today: d, **facts: object) -> ChildDue:
    facts.setdefault("child_id", "C1")
    return engine.evaluate(ChildFacts(**facts), today)  # type: ignore[arg-type]


def due(engine: DueEngine, today: d, kind: str, **facts: object) -> DueItem:
    item = evaluate(engine, today, **facts).next_due(kind)
    assert item is not None, f"nothing {kind} due"
    return item


def nothing(engine: DueEngine, today: d, kind: str, **facts: object) -> bool:
    result = evaluate(engine, today, **facts)
    return result.next_due(kind) is None and all(i.kind != kind for i in result.not_recorded)


def events(kind: str, *days: d, **extra: object) -> tuple[Event, ...]:
    return tuple(Event(kind, day, **extra) for day in days)  # type: ignore[arg-type]


# -- 1. Initial child protection conference -----------------------------------------------------


def test_h_icpc_within_15_calendar_days_of_the_strategy_discussion() -> None:
    # "Initial Child Protection Conferences are held within 15 days of the Strategy Discussion"
    # (002); the table reads "within N days" as calendar days: Tue 1 Dec 2026 + 15 = Wed 16 Dec
    cin = {"plan_type": "cin", "plan_start": d(2026, 6, 1), "allocated_on": d(2026, 6, 1)}
    talk = {"strategy_discussion": d(2026, 12, 1)}
    item = due(H, d(2026, 12, 1), "initial_conference", milestones=talk, **cin)
    assert (item.due, item.rule.id) == (d(2026, 12, 16), "H-ICPC")
    # met by the conference held on Mon 14 Dec
    held = events("initial_conference", d(2026, 12, 14))
    assert nothing(H, d(2026, 12, 20), "initial_conference", milestones=talk, events=held, **cin)
    # a child already on a CP plan has had theirs
    cp = {"plan_type": "cp", "plan_start": d(2026, 6, 1), "allocated_on": d(2026, 6, 1)}
    assert nothing(H, d(2026, 12, 1), "initial_conference", milestones=talk, **cp)
    # the enquiry concluded (Thu 10 Dec) that no conference is needed: nothing more is due
    ended = {**talk, "no_conference_needed": d(2026, 12, 10)}
    assert nothing(H, d(2026, 12, 20), "initial_conference", milestones=ended, **cin)
    # a new strategy discussion (Mon 11 Jan 2027) starts another: 11 Jan + 15 = Tue 26 Jan
    again = (Event("strategy_discussion", d(2027, 1, 11)),)
    item = due(H, d(2027, 1, 11), "initial_conference", milestones=ended, events=again, **cin)
    assert item.due == d(2027, 1, 26)


def test_d_icpc_within_15_working_days_across_christmas() -> None:
    # "within 15 working days of the strategy discussion where S47 enquiries were initiated"
    # (003). Strategy discussion Fri 11 Dec 2026: Mon 14 (1) .. Fri 18 (5), Mon 21 (6) .. Thu 24
    # (9), [Fri 25, Mon 28 closed], Tue 29 (10), Wed 30 (11), Thu 31 (12), [Fri 1 Jan closed],
    # Mon 4 Jan (13), Tue 5 (14), Wed 6 Jan 2027 (15)
    facts = {"plan_type": "cin", "plan_start": d(2026, 6, 1), "allocated_on": d(2026, 6, 1)}
    talk = (Event("strategy_discussion", d(2026, 12, 11)),)  # a milestone recorded as an event
    item = due(D, d(2026, 12, 11), "initial_conference", events=talk, **facts)
    assert (item.due, item.rule.id) == (d(2027, 1, 6), "D-ICPC")
    # no plan yet: still due (the rule excludes CP plans only)
    assert due(D, d(2026, 12, 11), "initial_conference", events=talk).due == d(2027, 1, 6)


# -- 2. Derbyshire review conference after a pre-birth conference --------------------------------


def test_d_review_conference_within_a_month_of_the_birth_or_3_months_of_the_icpc() -> None:
    # "if the initial conference was a pre-birth conference within 1 month of the child's
    # birth, or within 3 months of the initial one (whichever is sooner)"
    icpc = d(2026, 11, 2)  # Mon: the CP plan starts before the birth
    # born Mon 14 Dec 2026: 14 Dec + 1 month = Thu 14 Jan 2027, before 2 Nov + 3 months = 2 Feb
    born_soon = {"plan_type": "cp", "plan_start": icpc, "date_of_birth": d(2026, 12, 14)}
    item = due(D, d(2026, 12, 14), "review_conference", **born_soon)
    assert (item.due, item.rule.id) == (d(2027, 1, 14), "D-RCPC-PRE-BIRTH")
    # born Wed 20 Jan 2027: 20 Feb 2027 is later than 2 Feb, so the 3 months win
    born_later = {**born_soon, "date_of_birth": d(2027, 1, 20)}
    item = due(D, d(2027, 1, 20), "review_conference", **born_later)
    assert (item.due, item.rule.id) == (d(2027, 2, 2), "D-RCPC")
    # still unborn on 1 Dec 2026 (expected 14 Dec): the date from the expected birth shows already
    assert due(D, d(2026, 12, 1), "review_conference", **born_soon).due == d(2027, 1, 14)
    # a conference after the birth (plan start on or after the date of birth): 3 months only
    after = {"plan_type": "cp", "plan_start": d(2026, 12, 14), "date_of_birth": d(2026, 11, 2)}
    item = due(D, d(2026, 12, 14), "review_conference", **after)
    assert (item.due, item.rule.id) == (d(2027, 3, 14), "D-RCPC")
    # the review held on Tue 12 Jan 2027 meets it; the next is 6-monthly: 12 Jul 2027
    held = events("review_conference", d(2027, 1, 12))
    assert due(D, d(2027, 1, 12), "review_conference", events=held, **born_soon).due == d(2027, 7, 12)


def test_a_cp_plan_starting_before_the_birth_imports_and_is_due(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Through the import path: children.csv takes a plan start before the date of birth, and
    events.csv takes a milestone as a kind."""
    files = {
        "workers": "worker_id,name,role,team,fte\nW001,Sarah Collins,Social worker,East,1.0\n",
        "children": (
            "child_id,given_name,family_name,date_of_birth,worker_id,allocated_on,plan_type,"
            "plan_start,placement_type,placement_start\n"
            "C1,Baby,Smith,14/12/2026,W001,02/11/2026,cp,02/11/2026,,\n"
            "C2,Ava,Jones,05/05/2015,W001,01/06/2026,cin,01/06/2026,,\n"
        ),
        "events": "child_id,kind,date,seen_alone,unannounced\nC2,strategy_discussion,11/12/2026,,\n",
    }
    db = str(tmp_path / "case.db")
    for kind, text in files.items():
        path = tmp_path / f"{kind}.csv"
        path.write_text(text, encoding="utf-8")
        assert main(["--db", db, "--today", "14/12/2026", "import", kind, str(path)]) == 0
    capsys.readouterr()
    args = ["--db", db, "--authority", "derbyshire", "--today", "14/12/2026", "due", "--all"]
    assert main([*args, "--format", "json"]) == 0
    rows = json.loads(capsys.readouterr().out)
    found = {(r["child_id"], r["kind"]): (r["due"], r["rule"]) for r in rows}
    assert found[("C1", "review_conference")] == ("2027-01-14", "D-RCPC-PRE-BIRTH")
    assert found[("C2", "initial_conference")] == ("2027-01-06", "D-ICPC")


# -- 3. Derbyshire timescales that were missing -------------------------------------------------

EXPLOITATION = {"plan_type": "cin", "plan_start": d(2026, 6, 1), "allocated_on": d(2026, 6, 1)}


def test_d_high_risk_exploitation_meeting_and_4_weekly_assessment() -> None:
    # "Initial high risk Child Exploitation Meeting to be convened within 1 working day of Child
    # Exploitation assessment sign off" (the combined meeting; 3 working days only when it
    # cannot be combined: the table shows 1). Signed off Thu 24 Dec 2026: [Fri 25, Sat, Sun,
    # Mon 28 closed], Tue 29 Dec (1)
    high = {**EXPLOITATION, "flags": frozenset({"exploitation_high_risk"})}
    signed = events("exploitation_assessment", d(2026, 12, 24))
    item = due(D, d(2026, 12, 24), "exploitation_meeting", events=signed, **high)
    assert (item.due, item.rule.id) == (d(2026, 12, 29), "D-CE-MEETING-HIGH")
    # "updated 4 weekly (high risk)": 24 Dec + 4 weeks = Thu 21 Jan 2027
    item = due(D, d(2026, 12, 24), "exploitation_assessment", events=signed, **high)
    assert (item.due, item.rule.id) == (d(2027, 1, 21), "D-CE-ASSESSMENT-HIGH")
    # the meeting held Tue 29 Dec meets it; the update signed off Thu 21 Jan asks for the next
    # meeting by Fri 22 Jan and the next update by Thu 18 Feb
    later = (*signed, *events("exploitation_meeting", d(2026, 12, 29)))
    assert nothing(D, d(2027, 1, 4), "exploitation_meeting", events=later, **high)
    updated = (*later, *events("exploitation_assessment", d(2027, 1, 21)))
    assert due(D, d(2027, 1, 21), "exploitation_meeting", events=updated, **high).due == d(2027, 1, 22)
    assert due(D, d(2027, 1, 21), "exploitation_assessment", events=updated, **high).due == d(2027, 2, 18)


def test_d_medium_and_low_risk_exploitation() -> None:
    signed = events("exploitation_assessment", d(2026, 12, 11))  # Fri
    medium = {**EXPLOITATION, "flags": frozenset({"exploitation_medium_risk"})}
    # "within 15 working days of Child Exploitation assessment sign off": from Fri 11 Dec 2026,
    # as D-ICPC above, Wed 6 Jan 2027; updated "6 weekly (medium and low risk)": Fri 22 Jan 2027
    item = due(D, d(2026, 12, 11), "exploitation_meeting", events=signed, **medium)
    assert (item.due, item.rule.id) == (d(2027, 1, 6), "D-CE-MEETING-MEDIUM")
    assert due(D, d(2026, 12, 11), "exploitation_assessment", events=signed, **medium).due == d(2027, 1, 22)
    low = {**EXPLOITATION, "flags": frozenset({"exploitation_low_risk"})}
    assert nothing(D, d(2026, 12, 11), "exploitation_meeting", events=signed, **low)  # no meeting
    item = due(D, d(2026, 12, 11), "exploitation_assessment", events=signed, **low)
    assert (item.due, item.rule.id) == (d(2027, 1, 22), "D-CE-ASSESSMENT-LOW")
    # no risk flag: no exploitation items at all
    assert nothing(D, d(2026, 12, 11), "exploitation_assessment", events=signed, **EXPLOITATION)


def test_d_life_story_book_and_later_life_letter_across_easter() -> None:
    # "within 10 days working days of the adoption order being made (at the latest)".
    # Order Mon 15 Mar 2027: Tue 16 (1) .. Fri 19 (4), Mon 22 (5) .. Thu 25 (8), [Good Friday 26,
    # Sat, Sun, Easter Monday 29 closed], Tue 30 (9), Wed 31 Mar 2027 (10)
    facts = {"plan_type": "cla", "plan_start": d(2025, 1, 6), "allocated_on": d(2025, 1, 6)}
    order = {"adoption_order": d(2027, 3, 15)}
    book = due(D, d(2027, 3, 15), "life_story_book", milestones=order, **facts)
    letter = due(D, d(2027, 3, 15), "later_life_letter", milestones=order, **facts)
    assert (book.due, book.rule.id) == (d(2027, 3, 31), "D-LIFE-STORY-BOOK")
    assert (letter.due, letter.rule.id) == (d(2027, 3, 31), "D-LATER-LIFE-LETTER")
    given = events("later_life_letter", d(2027, 3, 30))
    assert nothing(D, d(2027, 4, 1), "later_life_letter", milestones=order, events=given, **facts)
    assert nothing(D, d(2027, 3, 15), "life_story_book", **facts)  # no order: nothing


def test_d_leaving_care_referral_a_month_before_16() -> None:
    # "Referral to this team at least one month before any eligible young person's 16th
    # Birthday": 191 months = 16 years less 1 month after the date of birth
    cla = {"plan_type": "cla", "plan_start": d(2024, 1, 8), "allocated_on": d(2024, 1, 8)}
    # born 15 Mar 2011: 16 on Mon 15 Mar 2027; due Mon 15 Feb 2027
    item = due(D, d(2026, 12, 1), "leaving_care_referral", date_of_birth=d(2011, 3, 15), **cla)
    assert (item.due, item.rule.id) == (d(2027, 2, 15), "D-LEAVING-CARE-REFERRAL")
    # born 31 Mar 2011: 16 on 31 Mar 2027; a month before is 28 Feb 2027 (no 31 Feb: clamped)
    assert due(D, d(2026, 12, 1), "leaving_care_referral", date_of_birth=d(2011, 3, 31), **cla).due == d(
        2027, 2, 28
    )
    referred = events("leaving_care_referral", d(2027, 1, 20))
    assert nothing(
        D, d(2027, 2, 1), "leaving_care_referral", date_of_birth=d(2011, 3, 15), events=referred, **cla
    )
    # a child in need is not referred
    cin = {**cla, "plan_type": "cin"}
    assert nothing(D, d(2026, 12, 1), "leaving_care_referral", date_of_birth=d(2011, 3, 15), **cin)


def test_d_preparation_for_adulthood() -> None:
    # "a Preparation for Adulthood Data Record should be completed by the time they are 16 years
    # old at the latest (14 if they have complex needs) and updated every 6 months"; "By the time
    # a young person is 16.5 years a Preparation for Adulthood Referral to Adult Care"
    likely = {
        "plan_type": "cin",
        "plan_start": d(2024, 1, 8),
        "allocated_on": d(2024, 1, 8),
        "date_of_birth": d(2011, 6, 10),  # 16 on Thu 10 Jun 2027
        "flags": frozenset({"adult_services_likely"}),
    }
    item = due(D, d(2026, 12, 1), "pfa_data_record", **likely)
    assert (item.due, item.rule.id) == (d(2027, 6, 10), "D-PFA-DATA-RECORD")
    # 16.5 years = 198 months: 10 Dec 2027
    item = due(D, d(2026, 12, 1), "pfa_referral", **likely)
    assert (item.due, item.rule.id) == (d(2027, 12, 10), "D-PFA-REFERRAL")
    # a record made Thu 1 Jul 2027: the next update is 6 months on, Sat 1 Jan 2028
    record = events("pfa_data_record", d(2027, 7, 1))
    assert due(D, d(2027, 7, 1), "pfa_data_record", events=record, **likely).due == d(2028, 1, 1)
    # complex needs, born 10 Jun 2013: by the 14th birthday, Thu 10 Jun 2027
    complex_needs = {
        **likely,
        "date_of_birth": d(2013, 6, 10),
        "flags": frozenset({"adult_services_likely", "complex_needs"}),
    }
    item = due(D, d(2026, 12, 1), "pfa_data_record", **complex_needs)
    assert (item.due, item.rule.id) == (d(2027, 6, 10), "D-PFA-DATA-RECORD-COMPLEX")
    # without the flag: nothing
    plain = {**likely, "flags": frozenset()}
    assert nothing(D, d(2026, 12, 1), "pfa_data_record", **plain)
    assert nothing(D, d(2026, 12, 1), "pfa_referral", **plain)


def test_d_qualifying_care_leaver_contacted_yearly_until_25_then_nothing() -> None:
    # "Qualifying care leavers ... will be contacted at least once a year"; "maintain contact
    # with them, at least yearly, until they are 25". Born 20 Mar 2002: 25 on Sat 20 Mar 2027
    leaver = {
        "plan_type": "care_leaver",
        "plan_start": d(2020, 3, 20),
        "allocated_on": d(2020, 3, 20),
        "date_of_birth": d(2002, 3, 20),
        "flags": frozenset({"qualifying_care_leaver"}),
    }
    # last contact Sun 1 Mar 2026: due Mon 1 Mar 2027, before the 25th birthday: overdue on 10 Mar
    spoke = events("keeping_in_touch", d(2026, 3, 1))
    item = due(D, d(2027, 3, 10), "keeping_in_touch", events=spoke, **leaver)
    assert (item.due, item.rule.id, item.status) == (d(2027, 3, 1), "D-CL-CONTACT", "overdue")
    # on the 25th birthday the duty has ended: nothing, even though it was overdue the day before
    assert nothing(D, d(2027, 3, 20), "keeping_in_touch", events=spoke, **leaver)
    # last contact Mon 1 Jun 2026: the year ends 1 Jun 2027, after 25: nothing falls due
    late = events("keeping_in_touch", d(2026, 6, 1))
    assert nothing(D, d(2026, 12, 1), "keeping_in_touch", events=late, **leaver)
    # a qualifying care leaver has no visiting rule, only the yearly contact: after the initial
    # visit (D-VISIT-CL-INITIAL, met by a visit since allocation) no visit falls due
    seen = events("visit", d(2026, 6, 1))
    assert nothing(D, d(2026, 12, 1), "visit", events=seen, **leaver)


# -- 4. Derbyshire care-leaver visits: one phased rule, 18 and 21 --------------------------------

LEAVER_18 = {
    "plan_type": "care_leaver",
    "plan_start": d(2025, 1, 20),
    "allocated_on": d(2025, 1, 20),
    "date_of_birth": d(2009, 1, 20),  # 18 on Wed 20 Jan 2027
}


def test_d_care_leaver_visits_at_18_do_not_jump() -> None:
    # under 18 at most 6-weekly: visit Tue 1 Dec 2026 + 6 weeks = Tue 12 Jan 2027 (aged 17)
    item = due(D, d(2026, 12, 1), "visit", events=events("visit", d(2026, 12, 1)), **LEAVER_18)
    assert (item.due, item.rule.id, item.phase) == (
        d(2027, 1, 12),
        "D-VISIT-CARE-LEAVER",
        "at most 6-weekly until 18",
    )
    # visit Thu 10 Dec 2026: 6 weeks would be Thu 21 Jan 2027, after the 18th birthday, so the
    # phase in force then applies: 10 Dec + 2 months = Wed 10 Feb 2027 ("6 times a year")
    seen = events("visit", d(2026, 12, 10))
    before = due(D, d(2027, 1, 19), "visit", events=seen, **LEAVER_18)
    after = due(D, d(2027, 1, 21), "visit", events=seen, **LEAVER_18)
    assert before.due == after.due == d(2027, 2, 10)  # the same either side of the birthday
    # 2 months, not 8 weeks (Thu 4 Feb): 6 visits 2 months apart fill exactly 12 months
    assert after.interval.unit == "months" and after.interval.n == 2


def test_d_care_leaver_visits_end_at_21_and_yearly_contact_follows() -> None:
    # born 20 Mar 2006: 21 on Sat 20 Mar 2027 ("duty to support eligible care leavers up to the
    # age of 21, and maintain contact with them, at least yearly, until they are 25")
    leaver = {**LEAVER_18, "date_of_birth": d(2006, 3, 20), "plan_start": d(2022, 3, 20)}
    # visit Sun 10 Jan 2027 + 2 months = Wed 10 Mar 2027, before 21: due
    seen = events("visit", d(2027, 1, 10))
    assert due(D, d(2027, 1, 10), "visit", events=seen, **leaver).due == d(2027, 3, 10)
    # on the 21st birthday the visits end, even the one overdue since 10 Mar
    assert nothing(D, d(2027, 3, 20), "visit", events=seen, **leaver)
    # ... and the yearly contact (a visit counts as contact): 10 Jan 2027 + 12 months = 10 Jan 2028
    item = due(D, d(2027, 3, 20), "keeping_in_touch", events=seen, **leaver)
    assert (item.due, item.rule.id) == (d(2028, 1, 10), "D-CL-CONTACT")
    # visit Mon 1 Feb 2027: 2 months later (1 Apr) is after 21, so no visit falls due
    assert nothing(D, d(2027, 2, 1), "visit", events=events("visit", d(2027, 2, 1)), **leaver)


# -- 5. Herefordshire adoptive placement "within the first week" ------------------------------------


def test_h_adoptive_placement_visit_within_one_week() -> None:
    # "Within the first week of moving to live there": day 0 the move (Mon 2 Nov 2026), so
    # Mon 9 Nov 2026 (not Sun 8 Nov, the old 6 days)
    placed = d(2026, 11, 2)
    facts = {
        "plan_type": "cla",
        "plan_start": placed,
        "placement_type": "adoptive",
        "placement_start": placed,
    }
    item = due(H, placed, "visit", **facts)
    assert (item.due, item.rule.id) == (d(2026, 11, 9), "H-VISIT-CLA-ADOPTIVE")


# -- 6. "Monthly" is a calendar month ------------------------------------------------------------


def test_monthly_supervision_and_contact_are_calendar_months() -> None:
    # "supervision should take place at a minimum of monthly": Tue 15 Dec 2026 + 1 month =
    # Fri 15 Jan 2027 (4 weeks would have been Tue 12 Jan)
    last = events("supervision", d(2026, 12, 15))
    for plan, rule in (
        ("cla", "H-SUPERVISION-CLA"),
        ("cin", "H-SUPERVISION-CIN-CP"),
        ("cp", "H-SUPERVISION-CIN-CP"),
        ("early_help", "H-SUPERVISION-EARLY-HELP"),
    ):
        item = due(H, d(2026, 12, 15), "supervision", plan_type=plan, plan_start=d(2026, 6, 1), events=last)
        assert (item.due, item.rule.id) == (d(2027, 1, 15), rule)
    # Derbyshire "monthly supervision of PF case": the same month
    item = due(
        D,
        d(2026, 12, 15),
        "supervision",
        plan_type="private_fostering",
        plan_start=d(2026, 6, 1),
        events=last,
    )
    assert (item.due, item.rule.id) == (d(2027, 1, 15), "D-PF-SUPERVISION")
    # Herefordshire keeping in touch "at least monthly": Sat 31 Oct 2026 + 1 month = Mon 30 Nov
    # (no 31 Nov: clamped)
    leaver = {"plan_type": "care_leaver", "plan_start": d(2025, 1, 1), "date_of_birth": d(2007, 1, 1)}
    kit = events("keeping_in_touch", d(2026, 10, 31))
    assert due(H, d(2026, 11, 1), "keeping_in_touch", events=kit, **leaver).due == d(2026, 11, 30)


def test_uasc_monthly_glossed_as_every_4_weeks_stays_4_weeks() -> None:
    # "then monthly (every 4 weeks) for a period of 3 months": the source's own gloss
    placed = d(2026, 11, 2)
    facts = {
        "plan_type": "cla",
        "plan_start": placed,
        "placement_type": "foster",
        "placement_start": placed,
        "flags": frozenset({"uasc"}),
    }
    item = due(H, d(2026, 12, 15), "visit", events=events("visit", d(2026, 12, 15)), **facts)
    assert item.due == d(2027, 1, 12) and item.interval.unit == "weeks"  # 15 Dec + 4 weeks


# -- 7. Herefordshire 3-monthly visits need the updated assessment --------------------------------


def test_h_foster_three_monthly_needs_the_updated_assessment() -> None:
    # "After the child has been in placement for 12 months and the placement has formally been
    # agreed as a permanent placement visits at intervals of not more than three months
    # (subject to an updated assessment which concludes that this frequency is appropriate)"
    placed = d(2025, 11, 3)  # in placement 12 months on Tue 3 Nov 2026
    facts = {
        "plan_type": "cla",
        "plan_start": placed,
        "placement_type": "foster",
        "placement_start": placed,
        "events": (*events("cla_review", d(2025, 11, 28)), *events("visit", d(2026, 11, 20))),
    }
    permanent = {"proceedings_concluded": d(2026, 2, 1), "permanence_agreed": d(2026, 9, 1)}
    # permanence alone: still 6-weekly, 20 Nov 2026 + 6 weeks = Fri 1 Jan 2027
    item = due(H, d(2026, 11, 25), "visit", milestones=permanent, **facts)
    assert (item.due, item.phase) == (d(2027, 1, 1), "at most 6-weekly")
    # the updated assessment agreed it (Tue 10 Nov 2026): 20 Nov + 3 months = Sat 20 Feb 2027
    agreed = {**permanent, "reduced_visits_agreed": d(2026, 11, 10)}
    assert due(H, d(2026, 11, 25), "visit", milestones=agreed, **facts).due == d(2027, 2, 20)


# -- 8. Derbyshire single-assessment visit: not early help ---------------------------------------


def test_d_single_assessment_visit_not_for_early_help() -> None:
    # "Initial home visit (Single Assessment) should take place within 5 working days of the
    # referral decision": decision Mon 14 Dec 2026: Tue 15 (1) .. Fri 18 (4), Mon 21 Dec (5)
    decision = {"referral_decision": d(2026, 12, 14)}
    item = due(D, d(2026, 12, 14), "visit", milestones=decision)  # no plan yet
    assert (item.due, item.rule.id) == (d(2026, 12, 21), "D-VISIT-ASSESSMENT")
    cin = due(D, d(2026, 12, 14), "visit", milestones=decision, plan_type="cin", plan_start=d(2026, 12, 14))
    assert (cin.due, cin.rule.id) == (d(2026, 12, 21), "D-VISIT-ASSESSMENT")
    # early help: an Early Help Assessment, neither the single-assessment visit nor the CIN one
    early = {"plan_type": "early_help", "plan_start": d(2026, 12, 14), "milestones": decision}
    assert nothing(D, d(2026, 12, 14), "visit", **early)


# -- 9. Herefordshire assessment visits recorded by the next working day ------------------------


def test_h_assessment_visit_written_up_by_the_next_working_day() -> None:
    # "Visits should be recorded by the next working day at the latest." (assessment row)
    opened = {"assessment_started": d(2026, 12, 7)}
    friday = (Event("visit", d(2026, 12, 11), written_up=False),)
    # visit Fri 11 Dec 2026: Mon 14 Dec (1); the 2-working-day rule would give Tue 15 Dec
    item = due(H, d(2026, 12, 11), "visit_write_up", milestones=opened, events=friday)
    assert (item.due, item.rule.id) == (d(2026, 12, 14), "H-RECORD-VISIT-ASSESSMENT")
    # visit Thu 24 Dec: [Fri 25, Sat, Sun, Mon 28 closed], Tue 29 Dec
    eve = (Event("visit", d(2026, 12, 24), written_up=False),)
    assert due(H, d(2026, 12, 24), "visit_write_up", milestones=opened, events=eve).due == d(2026, 12, 29)
    # the assessment completed on Thu 10 Dec: the usual 2 working days, Tue 15 Dec
    closed = (*friday, Event("assessment_completed", d(2026, 12, 10)))
    item = due(H, d(2026, 12, 11), "visit_write_up", milestones=opened, events=closed)
    assert (item.due, item.rule.id) == (d(2026, 12, 15), "H-RECORD-VISIT")


# -- 10. IRO mid-point once per cycle; pathway plans ----------------------------------------------


def test_h_iro_midpoint_once_per_review_cycle() -> None:
    start = d(2026, 12, 7)  # looked after from Mon 7 Dec 2026
    cla = {"plan_type": "cla", "plan_start": start}
    initial = events("cla_review", d(2027, 1, 6))
    # "no more than 6 weeks after the first" review: Wed 6 Jan 2027 + 6 weeks = Wed 17 Feb
    item = due(H, d(2027, 1, 6), "iro_midpoint_review", events=initial, **cla)
    assert (item.due, item.rule.id) == (d(2027, 2, 17), "H-CLA-IRO-MIDPOINT")
    # held Wed 10 Feb: nothing more until the next review restarts the cycle
    held = (*initial, *events("iro_midpoint_review", d(2027, 2, 10)))
    assert nothing(H, d(2027, 4, 1), "iro_midpoint_review", events=held, **cla)
    # the 2nd review, Tue 6 Apr 2027: "no later than 3 months after each subsequent looked after
    # review": Tue 6 Jul 2027
    second = (*held, *events("cla_review", d(2027, 4, 6)))
    item = due(H, d(2027, 4, 6), "iro_midpoint_review", events=second, **cla)
    assert (item.due, item.phase) == (d(2027, 7, 6), "mid-point review within 3 months of each later review")
    # looked after since 2024 with only the latest review recorded (Tue 1 Dec 2026): it is a
    # later review (presumed from dates), so 3 months: Mon 1 Mar 2027
    long = {"plan_type": "cla", "plan_start": d(2024, 1, 8), "events": events("cla_review", d(2026, 12, 1))}
    item = due(H, d(2026, 12, 2), "iro_midpoint_review", **long)
    assert item.due == d(2027, 3, 1) and item.inference is not None


def test_h_pathway_plan_review_counts_from_the_latest_plan_or_review() -> None:
    leaver = {"plan_type": "care_leaver", "plan_start": d(2025, 1, 1), "date_of_birth": d(2007, 1, 1)}
    # only a review recorded (Thu 1 Oct 2026): 6 months on, Thu 1 Apr 2027
    review = events("pathway_plan_review", d(2026, 10, 1))
    item = due(H, d(2026, 12, 1), "pathway_plan_review", events=review, **leaver)
    assert (item.due, item.rule.id) == (d(2027, 4, 1), "H-PATHWAY-PLAN-REVIEW")
    # a plan written later (Tue 1 Dec 2026) restarts it: Tue 1 Jun 2027
    both = (*review, *events("pathway_plan", d(2026, 12, 1)))
    assert due(H, d(2026, 12, 1), "pathway_plan_review", events=both, **leaver).due == d(2027, 6, 1)


def test_h_pathway_plan_for_a_child_in_care_of_any_age() -> None:
    # "completed by the time the young person is 16 years and 3 months": born 15 Mar 2012,
    # aged 14 today: due 15 Jun 2028 (no minimum age: ages are tested on the due date)
    cla = {"plan_type": "cla", "plan_start": d(2024, 1, 8), "date_of_birth": d(2012, 3, 15)}
    item = due(H, d(2026, 12, 1), "pathway_plan", **cla)
    assert (item.due, item.rule.id) == (d(2028, 6, 15), "H-PATHWAY-PLAN")


def test_d_pathway_plan_counts_from_eligibility_or_the_care_leaver_plan_start() -> None:
    # "within 3 months of becoming eligible": no became_eligible recorded, so the care leaver's
    # plan start (Tue 1 Dec 2026) stands in: Mon 1 Mar 2027
    leaver = {"plan_type": "care_leaver", "plan_start": d(2026, 12, 1), "date_of_birth": d(2009, 6, 1)}
    item = due(D, d(2026, 12, 1), "pathway_plan", **leaver)
    assert (item.due, item.rule.id) == (d(2027, 3, 1), "D-PATHWAY-PLAN")
    # the plan written Fri 15 Jan 2027: "reviewed at least every 6 months": Thu 15 Jul 2027
    plan = events("pathway_plan", d(2027, 1, 15))
    assert due(D, d(2027, 1, 15), "pathway_plan_review", events=plan, **leaver).due == d(2027, 7, 15)
    # a recorded milestone wins over the plan start: eligible Mon 2 Nov 2026: Tue 2 Feb 2027
    eligible = {**leaver, "milestones": {"became_eligible": d(2026, 11, 2)}}
    assert due(D, d(2026, 12, 1), "pathway_plan", **eligible).due == d(2027, 2, 2)


# -- 11. Age boundaries: 5, 16, 21, 25 (18 above) -------------------------------------------------


def test_d_health_assessment_at_5() -> None:
    # "at least annually (for children 5yrs +), at least 6 monthly (for children under 5yrs)".
    # Born 10 Feb 2022: 5 on Wed 10 Feb 2027
    cla = {"plan_type": "cla", "plan_start": d(2024, 1, 8), "date_of_birth": d(2022, 2, 10)}
    # last Sat 1 Aug 2026 + 6 months = Mon 1 Feb 2027, before the birthday: 6-monthly
    early = events("health_assessment", d(2026, 8, 1))
    assert due(D, d(2026, 12, 1), "health_assessment", events=early, **cla).due == d(2027, 2, 1)
    # last Tue 1 Sep 2026 + 6 months = Mon 1 Mar 2027, after it: the yearly phase, Wed 1 Sep 2027,
    # and the same on either side of the birthday
    late = events("health_assessment", d(2026, 9, 1))
    before = due(D, d(2027, 2, 9), "health_assessment", events=late, **cla)
    after = due(D, d(2027, 2, 11), "health_assessment", events=late, **cla)
    assert before.due == after.due == d(2027, 9, 1)


def test_h_pathway_plan_at_16() -> None:
    # born 15 Mar 2011: 16 on Mon 15 Mar 2027; 16 years 3 months = Tue 15 Jun 2027, the same on
    # the day before and the day after the 16th birthday
    cla = {"plan_type": "cla", "plan_start": d(2024, 1, 8), "date_of_birth": d(2011, 3, 15)}
    before = due(H, d(2027, 3, 14), "pathway_plan", **cla)
    after = due(H, d(2027, 3, 16), "pathway_plan", **cla)
    assert before.due == after.due == d(2027, 6, 15)


def test_h_keeping_in_touch_ends_at_21() -> None:
    # "at least monthly" for 18-21. Born 10 Jan 2006: 21 on Sun 10 Jan 2027
    leaver = {"plan_type": "care_leaver", "plan_start": d(2024, 1, 1), "date_of_birth": d(2006, 1, 10)}
    # last Tue 1 Dec 2026 + 1 month = Fri 1 Jan 2027, before 21: due
    early = events("keeping_in_touch", d(2026, 12, 1))
    assert due(H, d(2026, 12, 1), "keeping_in_touch", events=early, **leaver).due == d(2027, 1, 1)
    # last Tue 15 Dec 2026 + 1 month = Fri 15 Jan 2027, after 21: nothing falls due
    assert nothing(
        H, d(2026, 12, 15), "keeping_in_touch", events=events("keeping_in_touch", d(2026, 12, 15)), **leaver
    )
    # from the 21st birthday: nothing, even the contact overdue since 1 Jan
    assert nothing(H, d(2027, 1, 11), "keeping_in_touch", events=early, **leaver)


def test_h_care_leaver_supervision_ends_at_25() -> None:
    # "For Care Leavers aged 18 – 25, supervision should take place at a minimum of 8 weekly".
    # Born 10 Mar 2002: 25 on Wed 10 Mar 2027
    leaver = {"plan_type": "care_leaver", "plan_start": d(2020, 3, 10), "date_of_birth": d(2002, 3, 10)}
    # last Fri 1 Jan 2027 + 8 weeks = Fri 26 Feb 2027, before 25: due
    early = events("supervision", d(2027, 1, 1))
    assert due(H, d(2027, 1, 1), "supervision", events=early, **leaver).due == d(2027, 2, 26)
    # last Wed 20 Jan 2027 + 8 weeks = Wed 17 Mar, after 25: nothing falls due
    assert nothing(H, d(2027, 1, 20), "supervision", events=events("supervision", d(2027, 1, 20)), **leaver)
    # on 11 Mar 2027, with the supervision overdue since 26 Feb: the duty has ended, nothing
    assert nothing(H, d(2027, 3, 11), "supervision", events=early, **leaver)
