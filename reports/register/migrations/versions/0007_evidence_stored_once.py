"""A record's expected and actual values stored once.

Until now each record held them twice: in its ``expected`` / ``actual`` columns (which the
spreadsheet and the pages read) and again inside its ``evidence`` JSON (the finding's evidence as
the audit dumped it). The columns stay; the copies inside the JSON go, and the register puts them
back into the evidence it hands out (``convert.evidence_as_read``), so what people and the reports
see does not change.

A copy is removed only where it equals its column (the tool always wrote the same value to both);
a JSON value that differs from its column is kept as it is, so nothing recorded is lost. No other
column or row is touched. The downgrade writes the copies back from the columns.

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-01
"""

import json
from collections.abc import Sequence
from typing import Any

import sqlalchemy as sa
from alembic import op

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None

SPLIT = ("expected", "actual")


def _records(bind: sa.Connection) -> tuple[Any, Sequence[Any]]:
    nc = sa.table("nonconformities", sa.column("id"), sa.column("expected"), sa.column("actual"),
                  sa.column("evidence", sa.JSON()))
    return nc, bind.execute(sa.select(nc.c.id, nc.c.expected, nc.c.actual, nc.c.evidence)).all()


def _loaded(evidence: Any) -> dict[str, Any] | None:
    if isinstance(evidence, str):  # a driver that hands JSON back as text
        evidence = json.loads(evidence)
    return evidence if isinstance(evidence, dict) else None


def upgrade() -> None:
    bind = op.get_bind()
    nc, rows = _records(bind)
    for nc_id, expected, actual, evidence in rows:
        ev = _loaded(evidence)
        if ev is None:
            continue
        columns = {"expected": expected, "actual": actual}
        kept = {k: v for k, v in ev.items() if not (k in SPLIT and v == columns[k])}
        if kept != ev:
            bind.execute(nc.update().where(nc.c.id == nc_id).values(evidence=kept))


def downgrade() -> None:
    bind = op.get_bind()
    nc, rows = _records(bind)
    for nc_id, expected, actual, evidence in rows:
        ev = _loaded(evidence)
        if ev is None or "location" not in ev or any(k in ev for k in SPLIT):
            continue
        full: dict[str, Any] = {}
        for k, v in ev.items():  # where the finding's evidence has them: after its location
            full[k] = v
            if k == "location":
                full.update(expected=expected, actual=actual)
        bind.execute(nc.update().where(nc.c.id == nc_id).values(evidence=full))
