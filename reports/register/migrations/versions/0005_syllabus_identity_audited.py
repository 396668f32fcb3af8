"""Syllabi kept apart and copies counted once; verification after a later audit.

- ``run_syllabi.copies``: the files of one syllabus a run saw (its DOCX, PDF, .doc...), so it is one
  row, one card, one count; none for older runs (each file was its own row then).
- ``runs.collisions``: different syllabi that claimed one course identity in the run, and the key
  each was given (``reports.register.identity``); none for older runs.
- ``nonconformities.last_audited_run`` / ``last_audited_at``: the last run that audited the record's
  syllabus, whatever it found, so that ``verify`` can require a run after the record was closed.
  Backfilled from what the register knows (the last run that saw the defect, and the latest change a
  run made to the record); a closed record whose syllabus was audited after closing but not changed
  needs one more run before it can be verified, which errs on the safe side.

No row is changed otherwise, and none is removed: every record, its history and actions are kept.

Revision ID: 0005
Revises: 0004
Create Date: 2026-12-01
"""

import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("runs") as batch:
        batch.add_column(sa.Column("collisions", sa.JSON(), nullable=True))
    with op.batch_alter_table("run_syllabi") as batch:
        batch.add_column(sa.Column("copies", sa.JSON(), nullable=True))
    with op.batch_alter_table("nonconformities") as batch:
        batch.add_column(sa.Column("last_audited_run", sa.String(64), nullable=True))
        batch.add_column(sa.Column("last_audited_at", sa.DateTime(timezone=False), nullable=True))

    bind = op.get_bind()
    nc = sa.table("nonconformities", sa.column("id"), sa.column("last_seen_run"),
                  sa.column("last_audited_run"), sa.column("last_audited_at"))
    runs = sa.table("runs", sa.column("id"), sa.column("started"))
    history = sa.table("status_history", sa.column("nonconformity_id"), sa.column("at"), sa.column("by"))
    started = dict(bind.execute(sa.select(runs.c.id, runs.c.started)).all())
    by_run = {}
    for nc_id, at, by in bind.execute(sa.select(history.c.nonconformity_id, history.c.at, history.c.by)):
        if by and by.startswith("run:"):
            known = by_run.get(nc_id)
            if known is None or at > known[1]:
                by_run[nc_id] = (by[len("run:"):], at)
    for nc_id, last_seen in bind.execute(sa.select(nc.c.id, nc.c.last_seen_run)).all():
        best = (last_seen, started.get(last_seen)) if started.get(last_seen) is not None else None
        other = by_run.get(nc_id)
        if other is not None and (best is None or other[1] > best[1]):
            best = other
        if best is not None:
            bind.execute(nc.update().where(nc.c.id == nc_id).values(last_audited_run=best[0], last_audited_at=best[1]))


def downgrade() -> None:
    with op.batch_alter_table("nonconformities") as batch:
        batch.drop_column("last_audited_at")
        batch.drop_column("last_audited_run")
    with op.batch_alter_table("run_syllabi") as batch:
        batch.drop_column("copies")
    with op.batch_alter_table("runs") as batch:
        batch.drop_column("collisions")
