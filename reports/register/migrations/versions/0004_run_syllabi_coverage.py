"""Keep each syllabus's read coverage with the run (which parts were read, not read, empty or
absent; where a part not read was seen; which rules did not run), so that a past run's reports
show the same "not verified by the tool" notes. Verdicts stay plain strings (String(32), no
enum constraint), so the new verdict "incomplete" needs no change.

Revision ID: 0004
Revises: 0003
Create Date: 2026-12-01
"""

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("run_syllabi") as batch:
        batch.add_column(sa.Column("coverage", sa.JSON(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("run_syllabi") as batch:
        batch.drop_column("coverage")
