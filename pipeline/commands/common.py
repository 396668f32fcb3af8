"""Options shared by several commands, defined once (so --register means the same everywhere)."""

from __future__ import annotations

from pathlib import Path

import click

from reports.register import ENV_VAR
from reports.render import available_formats

LANGUAGES = ("kk", "ru", "en")


def register_option(f):
    return click.option(
        "--register", "url", envvar=ENV_VAR, default=None, show_envvar=True,
        help="register database URL (default sqlite:///register.sqlite3)",
    )(f)


def register_url(value: str | None) -> str | None:
    """A register given as a plain file path (e.g. from syllabus-audit.toml) is a SQLite file."""
    if value and "://" not in value:
        return f"sqlite:///{Path(value).expanduser().resolve()}"
    return value


def lang_option(f):
    return click.option(
        "--lang", type=click.Choice(LANGUAGES), default="kk", show_default=True,
        help="language of the reports (independent of the syllabi's language)",
    )(f)


def report_formats_option(f):
    return click.option(
        "--report-format", "formats", multiple=True, type=click.Choice(available_formats()),
        help="report formats to write (repeatable; default: all)",
    )(f)
