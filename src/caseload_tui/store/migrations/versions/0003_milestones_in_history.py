"""Milestones become records in the child's history (the events table); one booking per day.

A milestone (s47 started, carer approved...) is recorded like any event: it can be imported
from events.csv, recorded, corrected and deleted like one, and a milestone recorded twice keeps
both dates (the latest counts). Re-importing children.csv no longer touches them.

Revision ID: 0003
Revises: 0002
Create Date: 2026-12-02
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.execute(
        'INSERT INTO events (child_id, kind, "on", written_up, note) '
        "SELECT m.child_id, m.name, m.\"on\", TRUE, '' FROM child_milestones m "
        "WHERE NOT EXISTS (SELECT 1 FROM events e "
        'WHERE e.child_id = m.child_id AND e.kind = m.name AND e."on" = m."on")'
    )
    op.drop_table("child_milestones")
    # a meeting is booked once per day: keep the first of any repeats, then say so in the schema
    op.execute(
        "DELETE FROM scheduled_events WHERE id NOT IN "
        '(SELECT min(id) FROM scheduled_events GROUP BY child_id, kind, "on")'
    )
    with op.batch_alter_table("scheduled_events") as batch:
        batch.create_unique_constraint("uq_scheduled_child_kind_on", ["child_id", "kind", "on"])


def downgrade() -> None:
    with op.batch_alter_table("scheduled_events") as batch:
        batch.drop_constraint("uq_scheduled_child_kind_on", type_="unique")
    op.create_table(
        "child_milestones",
        sa.Column("child_id", sa.String(), sa.ForeignKey("children.child_id"), primary_key=True),
        sa.Column("name", sa.String(), primary_key=True),
        sa.Column("on", sa.Date(), nullable=False),
    )
