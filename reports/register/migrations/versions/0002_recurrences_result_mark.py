"""Count recurrences on the record and keep Appendix 1's "mark on the result" per corrective action.

Before 0002 a recurrence was visible only in the status history (a change to ``reopened``); the
count is backfilled from that history so existing registers keep their figures.

Revision ID: 0002
Revises: 0001
Create Date: 2026-02-02
"""

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("nonconformities") as batch:
        batch.add_column(sa.Column("recurrences", sa.Integer(), nullable=False, server_default="0"))
    with op.batch_alter_table("corrective_actions") as batch:
        batch.add_column(sa.Column("result_mark", sa.Text(), nullable=True))
    op.execute(
        """
        UPDATE nonconformities SET recurrences = (
            SELECT COUNT(*) FROM status_history h
            WHERE h.nonconformity_id = nonconformities.id AND h.to_status = 'reopened'
        )
        """
    )


def downgrade() -> None:
    with op.batch_alter_table("corrective_actions") as batch:
        batch.drop_column("result_mark")
    with op.batch_alter_table("nonconformities") as batch:
        batch.drop_column("recurrences")
