"""The ``syllabus-audit`` command: a thin layer over the library. Each command lives in its own
module under ``pipeline/commands`` and is registered here."""

from __future__ import annotations

import click

from pipeline.commands.audit import audit_command
from pipeline.commands.check import check_command, rules_command
from pipeline.commands.extract import extract_command
from pipeline.commands.register import register as register_group
from pipeline.commands.report import report_command


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="syllabus-audit")
def main() -> None:
    """Audit course syllabi against the credit-system rules and institutional policy."""


main.add_command(extract_command)
main.add_command(check_command)
main.add_command(rules_command)
main.add_command(register_group)
main.add_command(report_command)
main.add_command(audit_command)
