"""What correcting the record needs: each change's id in the audit log (to undo it), a second
record of a kind on one day (two genuine visits), and the allocation history.

- ``audit_log.change_id``: every row a change writes carries the change's id, so a change is
  undone whole, and a deleted record can be found and put back.
- ``events.repeat``: 0 for the first record of a kind on a day, 1 for a second; an import still
  finds "the" record of a day by (child, kind, day) and repeat 0.
- ``care_history`` gains ``what = 'allocation'`` rows (``type`` holds the worker's id): who was
  allocated from when, so past figures stay with the worker allocated at the time. Each child's
  current allocation is its first entry.

Revision ID: 0005
Revises: 0004
Create Date: 2026-12-02
"""

from __future__ import annotations

from datetime import UTC, datetime

import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("audit_log") as batch:
        batch.add_column(sa.Column("change_id", sa.String(), nullable=True))
        batch.create_index("ix_audit_log_change_id", ["change_id"])
    with op.batch_alter_table("events") as batch:
        batch.add_column(sa.Column("repeat", sa.Integer(), nullable=False, server_default="0"))
        batch.drop_constraint("uq_events_child_kind_on", type_="unique")
        batch.create_unique_constraint("uq_events_child_kind_on_repeat", ["child_id", "kind", "on", "repeat"])
    op.get_bind().execute(
        sa.text(
            'INSERT INTO care_history (child_id, what, "type", "start", recorded_at) '
            "SELECT child_id, 'allocation', worker_id, allocated_on, :now FROM children "
            "WHERE worker_id IS NOT NULL ORDER BY child_id"
        ).bindparams(sa.bindparam("now", datetime.now(UTC), type_=sa.DateTime(timezone=True)))
    )


def downgrade() -> None:
    op.execute("DELETE FROM care_history WHERE what = 'allocation'")
    op.execute("DELETE FROM events WHERE repeat > 0")  # an older version holds one a day
    with op.batch_alter_table("events") as batch:
        batch.drop_constraint("uq_events_child_kind_on_repeat", type_="unique")
        batch.create_unique_constraint("uq_events_child_kind_on", ["child_id", "kind", "on"])
        batch.drop_column("repeat")
    with op.batch_alter_table("audit_log") as batch:
        batch.drop_index("ix_audit_log_change_id")
        batch.drop_column("change_id")
