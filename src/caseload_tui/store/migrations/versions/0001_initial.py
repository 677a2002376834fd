"""The initial schema: teams, workers, children and their history, events, plans, audit.

Revision ID: 0001
Revises:
Create Date: 2026-05-01
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "teams",
        sa.Column("team_id", sa.Integer(), primary_key=True),
        sa.Column("name", sa.String(), nullable=False, unique=True),
    )
    op.create_table(
        "workers",
        sa.Column("worker_id", sa.String(), primary_key=True),
        sa.Column("name", sa.String(), nullable=False),
        sa.Column("role", sa.String(), nullable=False),
        sa.Column("team_id", sa.Integer(), sa.ForeignKey("teams.team_id"), nullable=False),
        sa.Column("fte", sa.Float(), nullable=False),
        sa.Column("caseload_target", sa.Float(), nullable=True),
    )
    op.create_index("ix_workers_team_id", "workers", ["team_id"])
    op.create_table(
        "children",
        sa.Column("child_id", sa.String(), primary_key=True),
        sa.Column("given_name", sa.String(), nullable=False),
        sa.Column("family_name", sa.String(), nullable=False),
        sa.Column("date_of_birth", sa.Date(), nullable=True),
        sa.Column("worker_id", sa.String(), sa.ForeignKey("workers.worker_id"), nullable=True),
        sa.Column("allocated_on", sa.Date(), nullable=True),
        sa.Column("plan_type", sa.String(), nullable=True),
        sa.Column("plan_start", sa.Date(), nullable=True),
        sa.Column("placement_type", sa.String(), nullable=True),
        sa.Column("placement_start", sa.Date(), nullable=True),
        sa.Column("flags", sa.String(), nullable=False),
        sa.Column("is_open", sa.Boolean(), nullable=False),
    )
    op.create_index("ix_children_worker_id", "children", ["worker_id"])
    op.create_table(
        "child_milestones",
        sa.Column("child_id", sa.String(), sa.ForeignKey("children.child_id"), primary_key=True),
        sa.Column("name", sa.String(), primary_key=True),
        sa.Column("on", sa.Date(), nullable=False),
    )
    for history, kind in (("plan_history", "plan"), ("placement_history", "placement")):
        op.create_table(
            history,
            sa.Column("id", sa.Integer(), primary_key=True),
            sa.Column("child_id", sa.String(), sa.ForeignKey("children.child_id"), nullable=False),
            sa.Column(f"{kind}_type", sa.String(), nullable=True),
            sa.Column(f"{kind}_start", sa.Date(), nullable=True),
            sa.Column("recorded_at", sa.DateTime(timezone=True), nullable=False),
        )
        op.create_index(f"ix_{history}_child_id", history, ["child_id"])
    op.create_table(
        "events",
        sa.Column("event_id", sa.Integer(), primary_key=True),
        sa.Column("child_id", sa.String(), sa.ForeignKey("children.child_id"), nullable=False),
        sa.Column("kind", sa.String(), nullable=False),
        sa.Column("on", sa.Date(), nullable=False),
        sa.Column("seen_alone", sa.Boolean(), nullable=True),
        sa.Column("unannounced", sa.Boolean(), nullable=True),
        sa.Column("written_up", sa.Boolean(), nullable=False),
        sa.Column("recorded_on", sa.Date(), nullable=True),
        sa.Column("recorded_by", sa.String(), nullable=True),
        sa.Column("note", sa.String(), nullable=False),
        sa.UniqueConstraint("child_id", "kind", "on", name="uq_events_child_kind_on"),
    )
    # covers the engine's read of every history (see store/facts.py): no table lookups
    op.create_index(
        "ix_events_history", "events", ["child_id", "on", "kind", "seen_alone", "unannounced", "written_up"]
    )
    op.create_table(
        "scheduled_events",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("child_id", sa.String(), sa.ForeignKey("children.child_id"), nullable=False),
        sa.Column("kind", sa.String(), nullable=False),
        sa.Column("on", sa.Date(), nullable=False),
    )
    op.create_index("ix_scheduled_events_child_id", "scheduled_events", ["child_id"])
    op.create_table(
        "planned_visits",
        sa.Column("visit_id", sa.Integer(), primary_key=True),
        sa.Column("child_id", sa.String(), sa.ForeignKey("children.child_id"), nullable=False),
        sa.Column("worker_id", sa.String(), sa.ForeignKey("workers.worker_id"), nullable=False),
        sa.Column("on", sa.Date(), nullable=False),
        sa.Column("note", sa.String(), nullable=False),
    )
    op.create_index("ix_planned_visits_worker_on", "planned_visits", ["worker_id", "on"])
    op.create_table(
        "settings",
        sa.Column("key", sa.String(), primary_key=True),
        sa.Column("value", sa.String(), nullable=False),
    )
    op.create_table(
        "audit_log",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("os_user", sa.String(), nullable=False),
        sa.Column("table_name", sa.String(), nullable=False),
        sa.Column("row_key", sa.String(), nullable=False),
        sa.Column("action", sa.String(), nullable=False),
        sa.Column("before", sa.String(), nullable=True),
        sa.Column("after", sa.String(), nullable=True),
    )


def downgrade() -> None:
    for table in (
        "audit_log", "settings", "planned_visits", "scheduled_events", "events", "placement_history",
        "plan_history", "child_milestones", "children", "workers", "teams",
    ):  # fmt: skip
        op.drop_table(table)
