"""Register tests run on SQLite always and on PostgreSQL when ``SYLLABUS_AUDIT_TEST_PG_URL`` is set
(e.g. ``postgresql+psycopg://audit:audit@127.0.0.1:5432/audit_test``; ``.ci/postgres.sh`` prints it).
The PostgreSQL database is emptied before each test: use a database meant for tests only."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text

sys.path.insert(0, str(Path(__file__).parent))

PG_URL = os.environ.get("SYLLABUS_AUDIT_TEST_PG_URL")
TABLES = ["status_history", "corrective_actions", "nonconformities", "id_counters", "runs", "alembic_version"]


def reset_pg(url: str) -> None:
    engine = create_engine(url)
    with engine.begin() as conn:
        for table in TABLES:
            conn.execute(text(f"DROP TABLE IF EXISTS {table} CASCADE"))
    engine.dispose()


@pytest.fixture(params=["sqlite", "postgresql"])
def url(request, tmp_path) -> str:
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'register.sqlite3'}"
    if not PG_URL:
        pytest.skip("SYLLABUS_AUDIT_TEST_PG_URL is not set")
    reset_pg(PG_URL)
    return PG_URL


@pytest.fixture
def register(url):
    from reports.register import open_register

    reg = open_register(url)
    yield reg
    reg.close()
