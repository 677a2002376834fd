"""Due dates on histories as an authority's export holds them: the latest visit and review, not
every event since the child came into care. Worked by hand from the shipped tables; the
working is in each test. (England bank holidays used: Good Friday 29 Mar and Easter Monday
1 Apr 2024.)"""

from __future__ import annotations

import json
from datetime import date as d
from pathlib import Path

import pytest

from caseload_tui.cli import main
from caseload_tui.domain.engine import ChildDue, ChildFacts, DueEngine, Event, ScheduledEvent
from caseload_tui.services.catalogue import open_table

HEREFORDSHIRE = DueEngine(open_table("herefordshire"))
DERBYSHIRE = DueEngine(open_table("derbyshire"))
TODAY = d(2026, 12, 1)


def _item(due: ChildDue, kind: str) -> tuple[d, str, str, str | None]:
    item = due.next_due(kind)
    assert item is not None, f"no {kind} item"
    return item.due, item.status, item.rule.id, item.phase


def test_only_the_latest_review_recorded_puts_a_long_looked_after_child_on_6_monthly_reviews() -> None:
    """Looked after since Mon 4 Mar 2024; the export holds one review, Wed 10 Dec 2025.

    H-CLA-REVIEW: initial within 20 working days of 4 Mar 2024: Mar 5-8 (4), 11-15 (9), 18-22 (14),
    25-28 (18; 29 Mar Good Friday), 1 Apr Easter Monday, 2 Apr (19), 3 Apr (20) = Wed 3 Apr 2024.
    Had each review been held when due: 2nd by 3 Jul 2024, 3rd by 3 Jan 2025, 4th by 3 Jul 2025,
    5th by 3 Jan 2026. 10 Dec 2025 is after the 4th was due, not after the 5th: it is the 4th
    review, the 2nd was held long ago, and reviews are 6-monthly: next by Wed 10 Jun 2026.
    """
    child = ChildFacts(
        "C1", plan_type="cla", plan_start=d(2024, 3, 4), placement_type="foster",
        placement_start=d(2024, 3, 4), date_of_birth=d(2015, 5, 5), allocated_on=d(2026, 11, 2),
        events=(Event("visit", d(2026, 11, 24), True, False), Event("cla_review", d(2025, 12, 10))),
    )  # fmt: skip
    result = HEREFORDSHIRE.evaluate(child, TODAY)
    assert _item(result, "cla_review") == (
        d(2026, 6, 10),
        "overdue",
        "H-CLA-REVIEW",
        "then at most 6-monthly",
    )
    item = result.next_due("cla_review")
    assert item is not None and item.inference is not None
    assert "2nd child looked after review is presumed held by Wed 03 Jul 2024" in item.inference
    assert "presumed" in item.explanation()
    # the same review as the only one, five weeks after becoming looked after: the initial one
    # (late), so the 2nd is due 3 months on, not 6
    recent = ChildFacts(
        "C2", plan_type="cla", plan_start=d(2026, 9, 1), placement_type="foster",
        placement_start=d(2026, 9, 1), date_of_birth=d(2015, 5, 5), allocated_on=d(2026, 9, 1),
        events=(Event("cla_review", d(2026, 10, 9)),),
    )  # fmt: skip
    assert _item(HEREFORDSHIRE.evaluate(recent, TODAY), "cla_review")[:3] == (
        d(2027, 1, 9),
        "upcoming",
        "H-CLA-REVIEW",
    )


def test_a_child_in_care_since_2025_with_no_review_recorded_is_past_weekly_visits() -> None:
    """Residential since Mon 3 Feb 2025, allocated then; no review recorded; last visit 10 Nov 2026.

    The initial review was due 20 working days on: Feb 4-7 (4), 10-14 (9), 17-21 (14), 24-28 (19),
    Mon 3 Mar 2025 (20). Even the 2nd (3 Jun 2025) was due long before today, so the initial one
    is presumed held by 3 Mar 2025: "weekly until the initial review" ended then. Residential:
    at least every 6 weeks: 10 Nov 2026 + 6 weeks = Tue 22 Dec 2026.
    The review itself is still shown overdue: it fell due after the allocation, and none is on
    record (H-CLA-REVIEW, 3 Mar 2025).
    """
    child = ChildFacts(
        "C1", plan_type="cla", plan_start=d(2025, 2, 3), placement_type="residential",
        placement_start=d(2025, 2, 3), date_of_birth=d(2012, 5, 5), allocated_on=d(2025, 2, 3),
        events=(Event("visit", d(2026, 11, 10), True, False),),
    )  # fmt: skip
    result = HEREFORDSHIRE.evaluate(child, TODAY)
    due, status, rule, phase = _item(result, "visit")
    assert (due, status, rule) == (d(2026, 12, 22), "upcoming", "H-VISIT-CLA-RESIDENTIAL")
    assert phase is not None and "6 weeks" in phase
    visit = result.next_due("visit")
    assert visit is not None and visit.inference is not None and "Mon 03 Mar 2025" in visit.inference
    assert _item(result, "cla_review")[:3] == (d(2025, 3, 3), "overdue", "H-CLA-REVIEW")
    # placed 3 weeks ago, no review yet: the initial review is only just overdue, so nothing is
    # presumed and the visits stay weekly (from the last visit, 24 Nov: due 1 Dec)
    placed = ChildFacts(
        "C2", plan_type="cla", plan_start=d(2026, 10, 1), placement_type="residential",
        placement_start=d(2026, 10, 1), date_of_birth=d(2012, 5, 5), allocated_on=d(2026, 10, 1),
        events=(Event("visit", d(2026, 11, 24), True, False),),
    )  # fmt: skip
    assert _item(HEREFORDSHIRE.evaluate(placed, TODAY), "visit")[:3] == (
        d(2026, 12, 1),
        "due_today",
        "H-VISIT-CLA-RESIDENTIAL",
    )


def test_deadlines_before_the_allocation_and_the_records_are_record_gaps_not_overdue_work() -> None:
    """In care since Mon 6 May 2019, allocated Mon 2 Nov 2026, one visit on record (24 Nov 2026).

    The initial review (due 2019), the PPM (72 hours after the 2019 placement) and the rest fell
    due before the allocation and before the earliest record: nobody here can tell whether they
    were met. They are record gaps (not_recorded), never overdue. The visits are counted from the
    visit on record: 4-weekly (initial review presumed long ago, no carer approval or end of
    proceedings recorded): 24 Nov + 4 weeks = Tue 22 Dec 2026.
    """
    child = ChildFacts(
        "C1", plan_type="cla", plan_start=d(2019, 5, 6), placement_type="foster",
        placement_start=d(2019, 5, 6), date_of_birth=d(2012, 5, 5), allocated_on=d(2026, 11, 2),
        events=(Event("visit", d(2026, 11, 24), True, False),),
    )  # fmt: skip
    result = HEREFORDSHIRE.evaluate(child, TODAY)
    assert not [i for i in result.items if i.status == "overdue"]
    gaps = {i.kind: i for i in result.not_recorded}
    assert {"cla_review", "placement_planning_meeting"} <= gaps.keys()
    assert gaps["cla_review"].status == "not_recorded" and gaps["cla_review"].days_overdue == 0
    assert "Not recorded" in gaps["cla_review"].explanation()
    assert _item(result, "visit")[:3] == (d(2026, 12, 22), "upcoming", "H-VISIT-CLA-FOSTER")


def test_genuine_overdue_work_after_the_allocation_stays_overdue() -> None:
    """CP plan from the ICPC on Thu 1 Oct 2026, allocated that day, no visit: the first visit was
    due 2 working days after the ICPC (Mon 5 Oct 2026) and is overdue, not a record gap."""
    child = ChildFacts(
        "C1",
        plan_type="cp",
        plan_start=d(2026, 10, 1),
        date_of_birth=d(2019, 1, 1),
        allocated_on=d(2026, 10, 1),
    )
    result = HEREFORDSHIRE.evaluate(child, TODAY)
    assert _item(result, "visit")[:3] == (d(2026, 10, 5), "overdue", "H-VISIT-CP")
    assert not result.not_recorded


def test_a_recurring_rule_counts_from_an_event_before_the_plan_started() -> None:
    """Derbyshire chronology (D-CHRONOLOGY): at least every 3 months. Updated Tue 1 Sep 2026 while
    on a CIN plan; a CP plan from Mon 5 Oct 2026. The chronology is the child's: due
    1 Sep + 3 months = Tue 1 Dec 2026, not 3 months after the CP plan began."""
    child = ChildFacts(
        "C1", plan_type="cp", plan_start=d(2026, 10, 5), date_of_birth=d(2019, 1, 1), allocated_on=d(2026, 6, 1),
        events=(Event("chronology_update", d(2026, 9, 1)),),
    )  # fmt: skip
    assert _item(DERBYSHIRE.evaluate(child, TODAY), "chronology_update")[:3] == (
        d(2026, 12, 1),
        "due_today",
        "D-CHRONOLOGY",
    )


def test_a_care_leavers_eligibility_defaults_to_the_plan_start() -> None:
    """Derbyshire pathway plan: within 3 months of becoming eligible. A care leaver's plan starts
    when they became eligible (children.csv): 2 Jun 2025, no milestone recorded, no plan yet:
    due Tue 2 Sep 2025 (overdue: after the allocation on 2 Jun 2025). Recorded eligibility wins."""
    child = ChildFacts(
        "C1",
        plan_type="care_leaver",
        plan_start=d(2025, 6, 2),
        date_of_birth=d(2007, 1, 15),
        allocated_on=d(2025, 6, 2),
    )
    assert _item(DERBYSHIRE.evaluate(child, TODAY), "pathway_plan")[:3] == (
        d(2025, 9, 2),
        "overdue",
        "D-PATHWAY-PLAN",
    )
    recorded = ChildFacts(
        "C2", plan_type="care_leaver", plan_start=d(2025, 6, 2), date_of_birth=d(2007, 1, 15),
        allocated_on=d(2025, 6, 2), events=(Event("became_eligible", d(2025, 1, 10)),),
    )  # fmt: skip
    assert _item(DERBYSHIRE.evaluate(recorded, TODAY), "pathway_plan")[0] == d(2025, 4, 10)


def test_a_phase_ending_at_21_stops_the_rule() -> None:
    """Herefordshire keeping-in-touch contact is monthly until 21 (H-KIT-CARE-LEAVER). Born
    20 Nov 2005: 21 on Fri 20 Nov 2026. Last contact 1 Oct 2026: the contact missed before the
    birthday shows while the young person is 20, and nothing is due once they are 21."""
    child = ChildFacts(
        "C1", plan_type="care_leaver", plan_start=d(2024, 1, 8), date_of_birth=d(2005, 11, 20),
        allocated_on=d(2024, 1, 8), events=(Event("keeping_in_touch", d(2026, 10, 1)),),
    )  # fmt: skip
    before = HEREFORDSHIRE.evaluate(child, d(2026, 11, 10)).next_due("keeping_in_touch")
    assert before is not None and before.status == "overdue"
    assert HEREFORDSHIRE.evaluate(child, TODAY).next_due("keeping_in_touch") is None


def test_a_booked_review_gives_the_days_before_it() -> None:
    """Derbyshire: the updated care plan with the IRO at least 3 working days before the review
    (D-CARE-PLAN-IRO). Next review booked for Fri 15 Jan 2027: Thu 14 (1), Wed 13 (2), Tue 12 Jan
    (3): due Tue 12 Jan 2027."""
    child = ChildFacts(
        "C1", plan_type="cla", plan_start=d(2026, 6, 1), placement_type="foster", placement_start=d(2026, 6, 1),
        date_of_birth=d(2015, 1, 1), allocated_on=d(2026, 6, 1),
        events=(Event("cla_review", d(2026, 6, 26)), Event("care_plan", d(2026, 6, 10))),
        scheduled=(ScheduledEvent("cla_review", d(2027, 1, 15)),),
    )  # fmt: skip
    assert _item(DERBYSHIRE.evaluate(child, TODAY), "care_plan")[:3] == (
        d(2027, 1, 12),
        "upcoming",
        "D-CARE-PLAN-IRO",
    )


def test_caseload_due_lists_record_gaps_apart_with_their_status(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Through the import: the child in care since 2019 allocated last month (above)."""
    files = {
        "workers": "worker_id,name,role,team,fte\nW1,Test Worker,Social worker,East,1\n",
        "children": (
            "child_id,given_name,family_name,date_of_birth,worker_id,allocated_on,plan_type,plan_start,"
            "placement_type,placement_start\nC1,Test,Child,05/05/2012,W1,02/11/2026,cla,06/05/2019,foster,06/05/2019\n"
        ),
        "events": "child_id,kind,date,seen_alone,unannounced\nC1,visit,24/11/2026,yes,no\n",
    }
    db = str(tmp_path / "case.db")
    for kind, text in files.items():
        (tmp_path / f"{kind}.csv").write_text(text, encoding="utf-8")
        assert main(["--db", db, "--today", "01/12/2026", "import", kind, str(tmp_path / f"{kind}.csv")]) == 0
    capsys.readouterr()
    assert main(["--db", db, "--today", "01/12/2026", "due", "--all", "--format", "json"]) == 0
    rows = json.loads(capsys.readouterr().out)
    statuses = [r["status"] for r in rows]
    assert "overdue" not in statuses and "not_recorded" in statuses
    first_gap = statuses.index("not_recorded")
    assert all(s == "not_recorded" for s in statuses[first_gap:])  # listed after the due items
    review = next(r for r in rows if r["kind"] == "cla_review")
    assert (review["status"], review["days_overdue"]) == ("not_recorded", 0)
    assert main(["--db", db, "--today", "01/12/2026", "due", "--all"]) == 0
    assert "not recorded: check and record" in capsys.readouterr().out
