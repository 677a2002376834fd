"""A child's plan history and placement history become one table, ``care_history``.

The two tables had the same shape (a type, when it started, when the import recorded it); each
row moves across with ``what`` saying which history it belongs to. Every row is kept, in order.

Revision ID: 0004
Revises: 0003
Create Date: 2026-12-02
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None

WHAT = ("plan", "placement")


def upgrade() -> None:
    op.create_table(
        "care_history",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("child_id", sa.String(), sa.ForeignKey("children.child_id"), nullable=False),
        sa.Column("what", sa.String(), nullable=False),
        sa.Column("type", sa.String(), nullable=True),
        sa.Column("start", sa.Date(), nullable=True),
        sa.Column("recorded_at", sa.DateTime(timezone=True), nullable=False),
    )
    op.create_index("ix_care_history_child_id", "care_history", ["child_id"])
    for what in WHAT:
        op.execute(
            'INSERT INTO care_history (child_id, what, "type", "start", recorded_at) '
            f"SELECT child_id, '{what}', {what}_type, {what}_start, recorded_at FROM {what}_history "
            "ORDER BY id"
        )
        op.drop_table(f"{what}_history")


def downgrade() -> None:
    for what in WHAT:
        op.create_table(
            f"{what}_history",
            sa.Column("id", sa.Integer(), primary_key=True),
            sa.Column("child_id", sa.String(), sa.ForeignKey("children.child_id"), nullable=False),
            sa.Column(f"{what}_type", sa.String(), nullable=True),
            sa.Column(f"{what}_start", sa.Date(), nullable=True),
            sa.Column("recorded_at", sa.DateTime(timezone=True), nullable=False),
        )
        op.create_index(f"ix_{what}_history_child_id", f"{what}_history", ["child_id"])
        op.execute(
            f"INSERT INTO {what}_history (child_id, {what}_type, {what}_start, recorded_at) "
            f'SELECT child_id, "type", "start", recorded_at FROM care_history WHERE what = \'{what}\' '
            "ORDER BY id"
        )
    op.drop_table("care_history")
