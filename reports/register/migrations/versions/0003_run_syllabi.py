"""Remember what each run made of each syllabus (verdict and counts), so that ``syllabus-audit
report`` can render a past run's reports from the register alone.

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-22
"""

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "run_syllabi",
        sa.Column("id", sa.Integer(), primary_key=True, autoincrement=True),
        sa.Column("run_id", sa.String(64), sa.ForeignKey("runs.id", ondelete="CASCADE",
                                                          name="fk_run_syllabi_run_id_runs"), nullable=False),
        sa.Column("file", sa.Text(), nullable=False),
        sa.Column("file_sha256", sa.String(64), nullable=True),
        sa.Column("course_code", sa.String(64), nullable=True),
        sa.Column("course_title", sa.Text(), nullable=True),
        sa.Column("programme", sa.Text(), nullable=True),
        sa.Column("department", sa.Text(), nullable=True),
        sa.Column("language", sa.String(8), nullable=True),
        sa.Column("verdict", sa.String(32), nullable=True),
        sa.Column("findings", sa.Integer(), nullable=False),
        sa.Column("major", sa.Integer(), nullable=False),
        sa.Column("minor", sa.Integer(), nullable=False),
        sa.Column("observation", sa.Integer(), nullable=False),
        sa.Column("error", sa.Text(), nullable=True),
        sa.PrimaryKeyConstraint("id", name="pk_run_syllabi"),
    )
    op.create_index("ix_run_syllabi_run_id", "run_syllabi", ["run_id"])


def downgrade() -> None:
    op.drop_index("ix_run_syllabi_run_id", table_name="run_syllabi")
    op.drop_table("run_syllabi")
