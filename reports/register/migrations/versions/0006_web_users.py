"""The register in a browser: its users, failed logins (for rate limiting) and the web settings.

- ``users``: who may log in, their role (qa, head, viewer), a head's department, their language
  and an argon2 password hash;
- ``login_failures``: wrong passwords per user name and address, to refuse logins after too many;
- ``web_settings``: the key that signs session cookies.

New tables only: no existing row is changed or removed.

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-01
"""

import sqlalchemy as sa
from alembic import op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "users",
        sa.Column("id", sa.Integer(), primary_key=True, autoincrement=True),
        sa.Column("username", sa.String(64), nullable=False),
        sa.Column("full_name", sa.Text(), nullable=True),
        sa.Column("password_hash", sa.Text(), nullable=False),
        sa.Column("role", sa.String(16), nullable=False),
        sa.Column("department", sa.Text(), nullable=True),
        sa.Column("language", sa.String(8), nullable=False, server_default="kk"),
        sa.Column("session_epoch", sa.Integer(), nullable=False, server_default="0"),
        sa.Column("created_at", sa.DateTime(timezone=False), nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_users"),
        sa.UniqueConstraint("username", name="uq_users_username"),
    )
    op.create_table(
        "login_failures",
        sa.Column("id", sa.Integer(), primary_key=True, autoincrement=True),
        sa.Column("username", sa.String(64), nullable=False),
        sa.Column("ip", sa.String(64), nullable=False),
        sa.Column("at", sa.DateTime(timezone=False), nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_login_failures"),
    )
    op.create_index("ix_login_failures_username_ip", "login_failures", ["username", "ip"])
    op.create_table(
        "web_settings",
        sa.Column("key", sa.String(64), nullable=False),
        sa.Column("value", sa.Text(), nullable=False),
        sa.PrimaryKeyConstraint("key", name="pk_web_settings"),
    )


def downgrade() -> None:
    op.drop_table("web_settings")
    op.drop_index("ix_login_failures_username_ip", table_name="login_failures")
    op.drop_table("login_failures")
    op.drop_table("users")
