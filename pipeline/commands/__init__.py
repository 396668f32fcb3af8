"""The commands of ``syllabus-audit``, one module each, loaded only when invoked (``pipeline.cli``).

``ToolFailure`` lives here, not in ``common``, so that the top-level command can turn any failure
into status 2 without importing what ``common`` needs (SQLAlchemy, the register, the writers):
``syllabus-audit --help`` must not pay for them.
"""

from __future__ import annotations

import click

LANGUAGES = ("kk", "ru", "en")


class ToolFailure(click.ClickException):
    """The tool or the register failed: ``error: …`` on stderr and exit status 2."""

    exit_code = 2

    def show(self, file=None) -> None:
        click.echo(f"error: {self.format_message()}", err=True)
