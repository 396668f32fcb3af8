"""The register fixtures the register tests and the web tests share (one definition, imported by
both conftest.py files): the database URL, SQLite always and PostgreSQL when
``SYLLABUS_AUDIT_TEST_PG_URL`` is set (e.g. ``postgresql+psycopg://audit:audit@127.0.0.1:5432/audit_test``;
``.ci/postgres.sh`` prints it), and an open register at that URL. The PostgreSQL database is
emptied before each test: use a database meant for tests only."""

from __future__ import annotations

import os
import shutil
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import MetaData, create_engine

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
def url(request: Any, tmp_path: Any) -> str:
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'register.sqlite3'}"
    if not PG_URL:
        pytest.skip("SYLLABUS_AUDIT_TEST_PG_URL is not set")
    reset_pg(PG_URL)
    return PG_URL


_TEMPLATE = tempfile.TemporaryDirectory(prefix="register-template-")  # removed at exit


def _sqlite_template() -> Path:
    from reports.register import open_register

    path = Path(_TEMPLATE.name) / "register.sqlite3"
    if not path.exists():
        open_register(f"sqlite:///{path}").close()
    return path


@contextmanager
def opened(url: str) -> Iterator[Any]:
    """A register opened (and created) at ``url``, closed afterwards: what the ``register``
    fixtures of both test folders start from."""
    from reports.register import open_register

    if url.startswith("sqlite:///") and not Path(url.removeprefix("sqlite:///")).exists():
        # a copy of one register created at the head: creating each (every migration, ~50 ms of
        # CPU) cost seconds of the fast loop; creation itself is tested in test_register_migrations
        shutil.copyfile(_sqlite_template(), url.removeprefix("sqlite:///"))
    reg = open_register(url)
    try:
        yield reg
    finally:
        reg.close()


@pytest.fixture
def register(url: str) -> Iterator[Any]:
    with opened(url) as reg:
        yield reg
