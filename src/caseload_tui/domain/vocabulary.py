"""The words a timescale table may use: due-item kinds, plan and placement types, flags, milestones.

Tables are validated against these lists, the database stores these codes, and the interface
shows the labels. A kind of due item is named after the event kind that satisfies it, so
recording a ``visit`` event moves the next ``visit`` due date.
"""

from __future__ import annotations

# Event kinds that a worker records; each is also a kind of due item.
EVENT_KINDS: dict[str, str] = {
    "visit": "Statutory visit",
    "placement_planning_meeting": "Placement planning meeting",
    "core_group": "Core group meeting",
    "review_conference": "Review child protection conference",
    "cin_review": "Child in need plan review",
    "cla_review": "Child looked after review",
    "iro_midpoint_review": "IRO mid-point review",
    "taf_review": "Team around the family review",
    "chronology_update": "Chronology update",
    "case_summary_update": "Case summary update",
    "assessment_completed": "Assessment completed",
    "assessment_progress_review": "Manager's assessment progress review",
    "early_help_assessment_started": "Early help assessment started",
    "s47_completed": "Section 47 enquiry completed",
    "plan_update": "Plan written or updated on the record",
    "care_plan": "Care plan",
    "care_plan_shared": "Care plan shared with the child",
    "health_assessment": "Health assessment",
    "pep_review": "Personal education plan (PEP)",
    "pathway_plan": "Pathway plan",
    "pathway_plan_review": "Pathway plan review",
    "keeping_in_touch": "Keeping-in-touch contact",
    "supervision": "Case supervision",
    "management_review": "Management review",
    "initial_conference": "Initial child protection conference",
    "exploitation_assessment": "Child exploitation assessment signed off",
    "exploitation_meeting": "Child exploitation meeting",
    "life_story_book": "Life story book given to the adopters",
    "later_life_letter": "Later life letter given to the adopters",
    "leaving_care_referral": "Referral to the leaving care team",
    "pfa_data_record": "Preparation for Adulthood data record",
    "pfa_referral": "Preparation for Adulthood referral to adult care",
}

# Due-item kinds that are not satisfied by an event of the same name.
DERIVED_KINDS: dict[str, str] = {
    # due when a visit has happened but is not yet written up (anchor ``unrecorded:visit``)
    "visit_write_up": "Visit written up on the record",
}

DUE_KINDS: dict[str, str] = {**EVENT_KINDS, **DERIVED_KINDS}

# How a due item reads where the event's own name would read as done ("Assessment completed"
# is what gets recorded; what is due is the assessment).
DUE_ITEM_LABELS: dict[str, str] = {
    **DUE_KINDS,
    "assessment_completed": "Assessment due",
    "s47_completed": "Section 47 enquiry due",
    "early_help_assessment_started": "Early help assessment to start",
    "exploitation_assessment": "Child exploitation assessment to sign off",
    "plan_update": "Plan to write or update on the record",
    "life_story_book": "Life story book for the adopters",
    "later_life_letter": "Later life letter for the adopters",
    "visit_write_up": "Visit to write up on the record",
}

PLAN_TYPES: dict[str, str] = {
    "early_help": "Early help",
    "cin": "Child in need",
    "cp": "Child protection",
    "cla": "Child looked after",
    "care_leaver": "Care leaver",
    "private_fostering": "Private fostering",
    "short_breaks": "Short breaks (s2 CSDPA 1970)",
}

PLACEMENT_TYPES: dict[str, str] = {
    "foster": "Foster care",
    "connected_carer": "Connected (family and friends) carer",
    "residential": "Residential home",
    "unregistered": "Unregistered provision",
    "adoptive": "Adoptive placement",
    "placed_with_parents": "Placed with parents",
    "yoi_or_health": "Young offender institution or health setting",
    "secure": "Secure accommodation",
}

# Yes/no facts about a child that select rules.
FLAGS: dict[str, str] = {
    "disabled": "Child with disabilities",
    "uasc": "Unaccompanied asylum-seeking child",
    "short_breaks_primary": "Short breaks are the primary reason for the CIN plan",
    "overnight_short_breaks": "Receives overnight short breaks",
    "stable": "Stable circumstances agreed by the manager (e.g. stable CWD plan)",
    "split_placement": "Lives in more than one setting (e.g. residential school and foster home)",
    "independent_provider": "Placed through an independent fostering agency or private residential home",
    "interim_care_order": "Subject to an interim care order",
    "in_proceedings": "Care proceedings under way",
    "infant_in_constant_care": "Infant in the constant care of parents or carers",
    "exploitation_high_risk": "Child exploitation assessed as high risk",
    "exploitation_medium_risk": "Child exploitation assessed as medium risk",
    "exploitation_low_risk": "Child exploitation assessed as low risk",
    "qualifying_care_leaver": "Qualifying care leaver (under 13 weeks in care, or home before 18)",
    "adult_services_likely": "Likely to need support from adult services (Preparation for Adulthood)",
    "complex_needs": "Complex needs (Preparation for Adulthood from 14)",
}

# Dated facts about a child: rules count from them, phases end at them.
MILESTONES: dict[str, str] = {
    "referral_decision": "Referral decision made",
    "first_contact": "First contact (early help)",
    "assessment_started": "Child and family assessment opened",
    "early_help_assessment_started": "Early help assessment started",
    "short_breaks_assessment_started": "Short breaks assessment started",
    "s47_started": "Section 47 enquiry started",
    "carer_approved": "Carer approved (connected carer or Reg 24 carer)",
    "proceedings_concluded": "Care proceedings concluded (final hearing)",
    "care_order_made": "Full care order made",
    "permanence_agreed": "Placement formally agreed as permanent",
    "school_move": "Changed school",
    "accommodation_change": "Changed accommodation (care leaver)",
    "plan_changed_at_review": "Plan changed at a review",
    "became_eligible": "Became eligible for leaving care services",
    "strategy_discussion": "Strategy discussion held (the one that started the s47 enquiry)",
    "adoption_order": "Adoption order made",
    "reduced_visits_agreed": "Updated assessment agreed less frequent visits",
    "no_conference_needed": "Initial conference not needed (s47 enquiry outcome)",
}

# A plan's start is itself a milestone for some plans: a care leaver's plan starts when the
# young person became eligible (children.csv), so that milestone defaults to the plan's start.
PLAN_START_MILESTONES: dict[str, str] = {"care_leaver": "became_eligible"}

# Everything a worker records, by name: events, and milestones (dated facts about the child).
# Both are stored as the child's history; a name in both lists is one record serving both.
RECORDABLE_KINDS: dict[str, str] = {**EVENT_KINDS, **MILESTONES}

# Meetings that are booked ahead: a record of one of these dated after today is a booking
# (the next CLA review, an ICPC), which ``scheduled:`` anchors count back from.
BOOKABLE_KINDS: dict[str, str] = {
    kind: EVENT_KINDS[kind]
    for kind in (
        "placement_planning_meeting", "core_group", "review_conference", "cin_review", "cla_review",
        "iro_midpoint_review", "taf_review", "initial_conference", "exploitation_meeting",
        "pep_review", "health_assessment", "pathway_plan_review",
    )
}  # fmt: skip

# The dates a rule can count from, besides ``milestone:``, ``event:``, ``unrecorded:`` and
# ``scheduled:`` followed by a name from the lists above.
FACT_ANCHORS: dict[str, str] = {
    "allocation": "allocation to the worker",
    "plan_start": "start of the plan",
    "placement_start": "start of the placement",
    "date_of_birth": "date of birth",
}

UNITS: tuple[str, ...] = ("working_days", "days", "weeks", "months", "years")

STATUSES: tuple[str, ...] = ("overdue", "due_today", "due_soon", "upcoming", "not_recorded")
# not_recorded: a deadline that fell before the child's allocation and before the earliest record
# held for the child: nobody here can tell whether it was met (a record gap, never overdue work)

WARNING_CHECKS: dict[str, str] = {
    "last_visit_not_seen_alone": "The child was not seen alone at the last visit",
    "no_unannounced_visit_since_anchor": "No unannounced visit recorded since the anchor date",
}
