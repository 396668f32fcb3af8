"""Initial register schema: runs, nonconformities, corrective actions, status history, id counters.

Revision ID: 0001
Revises:
Create Date: 2026-01-10
"""

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "runs",
        sa.Column("id", sa.String(64), nullable=False),
        sa.Column("started", sa.DateTime(), nullable=False),
        sa.Column("finished", sa.DateTime(), nullable=True),
        sa.Column("status", sa.String(16), nullable=False),
        sa.Column("tool_version", sa.String(64), nullable=True),
        sa.Column("policy_version", sa.String(64), nullable=True),
        sa.Column("syllabi_audited", sa.Integer(), nullable=False),
        sa.Column("findings", sa.Integer(), nullable=False),
        sa.Column("new", sa.Integer(), nullable=False),
        sa.Column("still_open", sa.Integer(), nullable=False),
        sa.Column("resolved", sa.Integer(), nullable=False),
        sa.Column("recurred", sa.Integer(), nullable=False),
        sa.Column("unaudited", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_runs")),
    )
    op.create_table(
        "id_counters",
        sa.Column("year", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("last", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("year", name=op.f("pk_id_counters")),
    )
    op.create_table(
        "nonconformities",
        sa.Column("id", sa.String(32), nullable=False),
        sa.Column("fingerprint", sa.String(64), nullable=False),
        sa.Column("course_key", sa.String(512), nullable=False),
        sa.Column("course_code", sa.String(64), nullable=True),
        sa.Column("course_title", sa.Text(), nullable=True),
        sa.Column("programme", sa.Text(), nullable=True),
        sa.Column("department", sa.Text(), nullable=True),
        sa.Column("file", sa.Text(), nullable=False),
        sa.Column("file_sha256", sa.String(64), nullable=True),
        sa.Column("rule", sa.String(32), nullable=False),
        sa.Column("rule_name", sa.String(128), nullable=False),
        sa.Column("severity", sa.String(16), nullable=False),
        sa.Column("kind", sa.String(16), nullable=False),
        sa.Column("requirement", sa.Text(), nullable=False),
        sa.Column("description_kk", sa.Text(), nullable=False),
        sa.Column("description_ru", sa.Text(), nullable=False),
        sa.Column("description_en", sa.Text(), nullable=False),
        sa.Column("expected", sa.Text(), nullable=True),
        sa.Column("actual", sa.Text(), nullable=True),
        sa.Column("evidence", sa.JSON(), nullable=False),
        sa.Column("root_cause_fingerprint", sa.String(64), nullable=True),
        sa.Column("detected_on", sa.Date(), nullable=False),
        sa.Column("first_run", sa.String(64), nullable=False),
        sa.Column("last_seen_run", sa.String(64), nullable=False),
        sa.Column("unaudited_since_run", sa.String(64), nullable=True),
        sa.Column("review_deadline", sa.Date(), nullable=False),
        sa.Column("cause_analysis_deadline", sa.Date(), nullable=False),
        sa.Column("correction", sa.Text(), nullable=True),
        sa.Column("root_cause", sa.Text(), nullable=True),
        sa.Column("status", sa.String(16), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_nonconformities")),
        sa.UniqueConstraint("fingerprint", name=op.f("uq_nonconformities_fingerprint")),
    )
    op.create_index("ix_nonconformities_status", "nonconformities", ["status"])
    op.create_index("ix_nonconformities_course_key", "nonconformities", ["course_key"])
    op.create_index("ix_nonconformities_department", "nonconformities", ["department"])
    op.create_table(
        "corrective_actions",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("nonconformity_id", sa.String(32), nullable=False),
        sa.Column("action", sa.Text(), nullable=False),
        sa.Column("responsible", sa.Text(), nullable=False),
        sa.Column("co_executors", sa.JSON(), nullable=False),
        sa.Column("due", sa.Date(), nullable=True),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("created_by", sa.String(128), nullable=False),
        sa.ForeignKeyConstraint(
            ["nonconformity_id"],
            ["nonconformities.id"],
            name=op.f("fk_corrective_actions_nonconformity_id_nonconformities"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_corrective_actions")),
    )
    op.create_index(
        op.f("ix_corrective_actions_nonconformity_id"), "corrective_actions", ["nonconformity_id"]
    )
    op.create_table(
        "status_history",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("nonconformity_id", sa.String(32), nullable=False),
        sa.Column("at", sa.DateTime(), nullable=False),
        sa.Column("by", sa.String(128), nullable=False),
        sa.Column("from_status", sa.String(16), nullable=True),
        sa.Column("to_status", sa.String(16), nullable=False),
        sa.Column("comment", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(
            ["nonconformity_id"],
            ["nonconformities.id"],
            name=op.f("fk_status_history_nonconformity_id_nonconformities"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_status_history")),
    )
    op.create_index(op.f("ix_status_history_nonconformity_id"), "status_history", ["nonconformity_id"])


def downgrade() -> None:
    op.drop_table("status_history")
    op.drop_table("corrective_actions")
    op.drop_table("nonconformities")
    op.drop_table("id_counters")
    op.drop_table("runs")
