"""The register's address as people give it and see it (reports/register/urls.py), and the
database's failures as the register's own error (reports/register/errors.py)."""

from __future__ import annotations

import pytest

from reports.register.errors import RegisterUnusable, database_failures
from reports.register.urls import BadRegisterURL, check_url, shown_register, shown_url


def test_a_url_sqlalchemy_cannot_read_is_refused_with_the_reason():
    with pytest.raises(BadRegisterURL):
        check_url("not a url ://")
    check_url("postgresql+psycopg://qa:secret@db.example/register")  # no error


def test_a_password_is_never_shown():
    url = "postgresql+psycopg://qa:secret@db.example/register"
    assert "secret" not in shown_url(url) and "db.example/register" in shown_url(url)
    assert "secret" not in shown_register(url)


def test_a_sqlite_register_is_shown_as_its_file(tmp_path):
    path = tmp_path / "register.sqlite3"
    assert shown_register(f"sqlite:///{path}") == str(path)


def test_a_database_failure_becomes_the_registers_error_and_keeps_its_cause():
    from sqlalchemy.exc import OperationalError

    cause = OperationalError("SELECT 1", {}, Exception("database is locked"))
    with pytest.raises(RegisterUnusable) as caught, database_failures():
        raise cause
    assert caught.value.cause is cause


def test_other_errors_pass_through_unchanged():
    with pytest.raises(KeyError), database_failures():
        raise KeyError("a bug, not the database")
