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
}

# Due-item kinds that are not satisfied by an event of the same name.
DERIVED_KINDS: dict[str, str] = {
    # due when a visit has happened but is not yet written up (anchor ``unrecorded:visit``)
    "visit_write_up": "Visit written up on the record",
}

DUE_KINDS: dict[str, str] = {**EVENT_KINDS, **DERIVED_KINDS}

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
}

# The dates a rule can count from, besides ``milestone:``, ``event:``, ``unrecorded:`` and
# ``scheduled:`` followed by a name from the lists above.
FACT_ANCHORS: dict[str, str] = {
    "allocation": "allocation to the worker",
    "plan_start": "start of the plan",
    "placement_start": "start of the placement",
    "date_of_birth": "date of birth",
}

UNITS: tuple[str, ...] = ("working_days", "days", "weeks", "months", "years")

STATUSES: tuple[str, ...] = ("overdue", "due_today", "due_soon", "upcoming")

WARNING_CHECKS: dict[str, str] = {
    "last_visit_not_seen_alone": "The child was not seen alone at the last visit",
    "no_unannounced_visit_since_anchor": "No unannounced visit recorded since the anchor date",
}
