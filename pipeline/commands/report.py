"""``syllabus-audit report``: render a past run's reports again from the register."""

from __future__ import annotations

from pathlib import Path

import click

from pipeline.commands.common import (
    ToolFailure,
    existing_register,
    lang_option,
    register_option,
    report_formats_option,
    unusable,
)
from pipeline.config import config_option
from reports.assemble import UnknownRun, build_run_report
from reports.register import RegisterError, RegisterUnusable
from reports.render import render_reports


@click.command("report")
@config_option(expose=False)
@click.argument("run_id", required=False)
@register_option
@click.option("--out", type=click.Path(path_type=Path, file_okay=False), default=Path("audit-reports"), show_default=True,
              help="folder that receives RUN_ID/ with the reports")
@lang_option
@report_formats_option
def report_command(run_id: str | None, url: str | None, out: Path, lang: str, formats: tuple[str, ...]) -> None:
    """Render the reports of RUN_ID (default: the latest run) from the register, in any language.

    The register, the report folder and the language come from syllabus-audit.toml as for
    ``audit``. Exit status: 0 written, 2 the run or the register could not be read, or the
    reports could not be written.
    """
    try:
        with existing_register(url) as register, register.database_failures():
            if run_id is None:
                runs = register.runs()
                if not runs:
                    raise ToolFailure("the register has no runs yet: run 'syllabus-audit audit' first")
                run_id = runs[-1].id
            report = build_run_report(register, run_id, lang,
                                      **click.get_current_context().meta.get("report_settings", {}))
        paths = render_reports(report, Path(out) / run_id, formats or None)
    except RegisterUnusable as exc:  # before RegisterError, its base: the message names the register
        raise ToolFailure(unusable(exc.cause, url)) from None
    except (UnknownRun, RegisterError) as exc:
        raise ToolFailure(str(exc)) from None
    except OSError as exc:
        where = exc.filename or Path(out) / run_id
        raise ToolFailure(f"the reports could not be written to {where}: {exc.strerror or exc}") from None
    for path in paths:
        click.echo(str(path))
