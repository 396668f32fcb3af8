"""The register's address as people give it and see it: a database URL checked, and shown without
its password. SQLAlchemy parses URLs; it is imported on call, so that building a command's options
and ``--help`` needs no database library, and the commands need not import it (import-linter)."""

from __future__ import annotations

from reports.register.sqlite_file import sqlite_file


class BadRegisterURL(ValueError):
    """Not a database URL SQLAlchemy can read; the message says why."""


def check_url(url: str) -> None:
    """Raise ``BadRegisterURL`` if ``url`` cannot be read as a database URL."""
    from sqlalchemy.engine import make_url
    from sqlalchemy.exc import ArgumentError

    try:
        make_url(url)
    except ArgumentError as exc:
        raise BadRegisterURL(str(exc)) from None


def shown_url(url: str) -> str:
    """The URL without its password (what may be logged, printed or hashed into a cache name)."""
    from sqlalchemy.engine import make_url

    return make_url(url).render_as_string(hide_password=True)


def shown_register(url: str) -> str:
    """The register as a person wrote it: the file for SQLite, else the URL without a password."""
    path = sqlite_file(url)
    return str(path) if path is not None else shown_url(url)
