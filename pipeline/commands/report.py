"""``syllabus-audit report``: render a past run's reports again from the register."""

from __future__ import annotations

import sys
from pathlib import Path

import click
from sqlalchemy.exc import SQLAlchemyError

from pipeline.commands.common import lang_option, register_option, report_formats_option
from reports.assemble import UnknownRun, build_run_report
from reports.register import RegisterError, open_register
from reports.render import render_reports


@click.command("report")
@click.argument("run_id", required=False)
@register_option
@click.option("--out", type=click.Path(path_type=Path), default=Path("audit-reports"), show_default=True,
              help="folder that receives RUN_ID/ with the reports")
@lang_option
@report_formats_option
def report_command(run_id: str | None, url: str | None, out: Path, lang: str, formats: tuple[str, ...]) -> None:
    """Render the reports of RUN_ID (default: the latest run) from the register, in any language.

    Exit status: 0 written, 2 the run or the register could not be read.
    """
    try:
        with open_register(url) as register:
            if run_id is None:
                runs = register.runs()
                if not runs:
                    click.echo("error: the register has no runs yet: run 'syllabus-audit audit' first", err=True)
                    sys.exit(2)
                run_id = runs[-1].id
            report = build_run_report(register, run_id, lang)
        paths = render_reports(report, out / run_id, formats or None)
    except (UnknownRun, RegisterError) as exc:
        click.echo(f"error: {exc}", err=True)
        sys.exit(2)
    except SQLAlchemyError as exc:
        click.echo(f"error: the register could not be read: {exc.__class__.__name__}", err=True)
        sys.exit(2)
    for path in paths:
        click.echo(str(path))
