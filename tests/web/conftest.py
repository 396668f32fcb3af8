"""The register in a browser, tested over HTTP with Flask's test client: a register with two
departments' records (one with hostile text from a syllabus), four users, and a logged-in client.
Runs on SQLite always and on PostgreSQL when ``SYLLABUS_AUDIT_TEST_PG_URL`` is set, with the
register tests' own fixtures (``tests/register/register_fixtures.py``: ``url``, ``opened``).
Shared data and helpers: ``web_helpers``."""

from __future__ import annotations

import pytest
from web_helpers import PASSWORD, USERS, login, register_fixtures, seed  # web_helpers puts tests/register on sys.path

from pipeline.web import accounts
from pipeline.web.app import create_app

url = register_fixtures.url  # the database URL fixture, defined once for both folders


@pytest.fixture(autouse=True)
def cheap_hashes(monkeypatch):
    """argon2 with small costs: the tests check what is stored and compared, not how slow it is."""
    from argon2 import PasswordHasher

    # the accounts live with the register; pipeline.web.accounts only re-exports them
    from reports.register import accounts as register_accounts

    monkeypatch.setattr(register_accounts, "_hasher", PasswordHasher(time_cost=1, memory_cost=1024, parallelism=1))


@pytest.fixture
def register(url):
    """The register tests' register, seeded with the records and the users."""
    with register_fixtures.opened(url) as reg:
        seed(reg)
        with reg.write() as s:
            for name, (role, dept, full) in USERS.items():
                accounts.add_user(s, name, PASSWORD, role, department=dept, full_name=full)
        yield reg


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
