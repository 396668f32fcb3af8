"""Register tests run on SQLite always and on PostgreSQL when ``SYLLABUS_AUDIT_TEST_PG_URL`` is set
(e.g. ``postgresql+psycopg://audit:audit@127.0.0.1:5432/audit_test``; ``.ci/postgres.sh`` prints it).
The PostgreSQL database is emptied before each test: use a database meant for tests only."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import pytest
from sqlalchemy import MetaData, create_engine

sys.path.insert(0, str(Path(__file__).parent))

PG_URL = os.environ.get("SYLLABUS_AUDIT_TEST_PG_URL")
def reset_pg(url: str) -> None:
    """Drop every table the test database has (reflected, not listed: a list kept by hand went
    stale when revision 0003 added a table)."""
    engine = create_engine(url)
    with engine.begin() as conn:
        tables = MetaData()
        tables.reflect(bind=conn)
        tables.drop_all(bind=conn)
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
