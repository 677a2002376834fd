"""Who did what, and who looked: the worker signed in beside the OS account, and a hash chain
over the audit log (see ``store/chain.py``).

- ``audit_log.app_user``: the worker signed in to caseload (or named with ``--worker``) when the
  row was written; NULL for rows written before.
- ``audit_log.payload_hash``, ``chain_hash``: every row existing now is chained here, in id
  order, and a last row (action ``chain``) records that they were: their hashes prove only that
  nothing changed after this upgrade.
- ``audit_log.erased``: a row whose copies an authorised erasure has rewritten.

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-02
"""

from __future__ import annotations

import json
import uuid
from datetime import UTC, datetime

import sqlalchemy as sa
from alembic import op

from caseload_tui.store.audit import os_user
from caseload_tui.store.chain import GENESIS, seal
from caseload_tui.store.tables import AUDIT

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None

BATCH = 5_000  # rows hashed and updated at once


def upgrade() -> None:
    with op.batch_alter_table("audit_log") as batch:
        batch.add_column(sa.Column("app_user", sa.String(), nullable=True))
        batch.add_column(sa.Column("payload_hash", sa.String(), nullable=True))
        batch.add_column(sa.Column("chain_hash", sa.String(), nullable=True))
        batch.add_column(sa.Column("erased", sa.Boolean(), nullable=False, server_default=sa.false()))
    conn = op.get_bind()
    a = AUDIT.c
    columns = (
        a.id,
        a.at,
        a.os_user,
        a.app_user,
        a.table_name,
        a.row_key,
        a.action,
        a.before,
        a.after,
        a.change_id,
    )
    update = (
        sa.update(AUDIT)
        .where(a.id == sa.bindparam("b_id"))
        .values(payload_hash=sa.bindparam("b_payload"), chain_hash=sa.bindparam("b_chain"))
    )
    last_id, previous, chained = 0, GENESIS, 0
    while True:  # in batches by id: an audit log may hold millions of rows
        query = sa.select(*columns).where(a.id > last_id).order_by(a.id).limit(BATCH)
        rows = [dict(row) for row in conn.execute(query).mappings()]
        if not rows:
            break
        for row in rows:  # each row keeps its own id: chained from the one before it
            last_id, previous = seal([row], row["id"] - 1, previous)
        conn.execute(
            update,
            [{"b_id": r["id"], "b_payload": r["payload_hash"], "b_chain": r["chain_hash"]} for r in rows],
        )
        chained += len(rows)
    if chained:  # the chain's start, after the rows it took in
        genesis = {
            "at": datetime.now(UTC), "os_user": os_user(), "app_user": None, "table_name": "audit_log",
            "row_key": "", "action": "chain", "before": None,
            "after": json.dumps({"rows_chained": chained, "by": "upgrade 0006"}),
            "change_id": uuid.uuid4().hex,
        }  # fmt: skip
        seal([genesis], last_id, previous)
        conn.execute(sa.insert(AUDIT), [genesis])
        if conn.dialect.name == "postgresql":
            conn.execute(sa.text("SELECT setval(pg_get_serial_sequence('audit_log', 'id'), :last)"),
                         {"last": genesis["id"]})  # fmt: skip


def downgrade() -> None:
    op.execute("DELETE FROM audit_log WHERE action NOT IN ('insert', 'update', 'delete')")
    with op.batch_alter_table("audit_log") as batch:
        batch.drop_column("erased")
        batch.drop_column("chain_hash")
        batch.drop_column("payload_hash")
        batch.drop_column("app_user")
