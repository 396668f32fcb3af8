"""The register in a browser, tested over HTTP with Flask's test client: a register with two
departments' records (one with hostile text from a syllabus), four users, and a logged-in client.
Runs on SQLite always and on PostgreSQL when ``SYLLABUS_AUDIT_TEST_PG_URL`` is set, as the
register tests do (``tests/register/conftest.py``). Shared data and helpers: ``web_helpers``."""

from __future__ import annotations

import os

import pytest
from sqlalchemy import MetaData, create_engine
from web_helpers import PASSWORD, USERS, login, seed

from pipeline.web import accounts
from pipeline.web.app import create_app
from reports.register import open_register

PG_URL = os.environ.get("SYLLABUS_AUDIT_TEST_PG_URL")


def reset_pg(url: str) -> None:
    """Drop every table of the test database (reflected), as tests/register/conftest.py does."""
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


@pytest.fixture(autouse=True)
def cheap_hashes(monkeypatch):
    """argon2 with small costs: the tests check what is stored and compared, not how slow it is."""
    from argon2 import PasswordHasher

    monkeypatch.setattr(accounts, "_hasher", PasswordHasher(time_cost=1, memory_cost=1024, parallelism=1))


@pytest.fixture
def register(url):
    reg = open_register(url)
    seed(reg)
    with reg.write() as s:
        for name, (role, dept, full) in USERS.items():
            accounts.add_user(s, name, PASSWORD, role, department=dept, full_name=full)
    yield reg
    reg.close()


@pytest.fixture
def app(register):
    app = create_app(register, secret_key="test-secret-key-not-for-production")
    app.config["TESTING"] = True
    return app


@pytest.fixture
def as_user(app):
    def make(username: str):
        client = app.test_client()
        resp = login(client, username)
        assert resp.status_code == 302, resp.get_data(as_text=True)
        return client

    return make
