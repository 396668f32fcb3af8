"""``syllabus-audit extract``: print the typed model of each file."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import click

from checks.document_findings import is_tool_failure
from extractors.api import extract_file
from extractors.errors import ExtractionError
from extractors.model import Syllabus


@click.command("extract")
@click.argument("files", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option("--format", "fmt", type=click.Choice(["json", "table"]), default="json", show_default=True,
              help="json is the stable form (see data/syllabus.schema.json); table is for reading.")
def extract_command(files: tuple[Path, ...], fmt: str) -> None:
    """Read syllabi (PDF, DOCX, DOC, ODT, RTF) and print what was extracted.

    Exit status: 0 all files read, 1 some files could not be read (each is named on stderr),
    2 the tool itself failed.
    """
    failures = 0
    results = []
    for path in files:
        try:
            syllabus = extract_file(path)
        except ExtractionError as e:
            if is_tool_failure(e):  # LibreOffice missing, a worker crash: the tool, not the file
                click.echo(f"error: {e}", err=True)
                sys.exit(2)
            failures += 1
            click.echo(f"error: {e}", err=True)
            continue
        if fmt == "json":
            results.append(syllabus.model_dump(mode="json"))
        else:
            click.echo(render_table(syllabus))
    if fmt == "json":
        payload = results[0] if len(files) == 1 and results else results
        click.echo(json.dumps(payload, ensure_ascii=False, indent=2))
    sys.exit(1 if failures else 0)


def _v(sourced) -> str:
    if sourced is None:
        return "—"
    value = sourced.value
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value)


def render_table(s: Syllabus) -> str:
    ident = s.identity
    lines = [
        f"== {s.file}",
        f"language {s.language.value if s.language else '—'}  format {s.document.format}"
        + (f" (from {s.document.converted_from})" if s.document.converted_from else "")
        + f"  pages {s.document.pages or '—'}",
        f"course   {_v(ident.course_code)}  {_v(ident.course_title)}",
        f"programme {_v(ident.programme_code)}  {_v(ident.programme_name)}",
        f"credits  {_v(ident.credits.ects)} ECTS" + (f" ({_v(ident.credits.national)} national)" if ident.credits.national else ""),
        f"approval {'present' if ident.approval.present else 'missing'}  by {_v(ident.approval.approver)}  "
        f"date {_v(ident.approval.date)}{'  (blank)' if ident.approval.date_blank else ''}",
    ]
    if s.hours:
        h = s.hours
        lines.append(
            f"hours    lectures {_v(h.lectures)}  practicals {_v(h.practicals)}  labs {_v(h.labs)}  "
            f"SIWT {_v(h.siwt)}  SIW {_v(h.siw)}  total {_v(h.total)}  final {_v(h.final_control)}"
        )
    for section in s.plan:
        hours = sum(t.hours.value for t in section.topics if t.hours)
        lines.append(f"plan     {section.activity.value}: {len(section.topics)} topics, {hours:g} h, "
                     f"stated total {_v(section.stated_total)}")
    if s.independent_work:
        lines.append(f"SIW      {len(s.independent_work)} tasks, "
                     f"{sum(t.hours.value for t in s.independent_work if t.hours):g} h")
    for period in s.assessment.periods:
        pts = sum(i.max_points.value for i in period.items if i.max_points)
        lines.append(f"period   {period.kind.value}: {len(period.items)} items, {pts:g} points")
    if s.assessment.formula:
        f = s.assessment.formula
        lines.append(f"formula  current {_v(f.current_weight)}  exam {_v(f.exam_weight)}")
    lines.append(f"scale    {len(s.assessment.scale)} grades")
    lines.append(f"prereq   {', '.join(p.value for p in s.prerequisites) or '—'}")
    lines.append(f"literature {len(s.literature.main)} main, {len(s.literature.additional)} additional")
    lines.append(f"sections {', '.join(s.document.sections_found)}")
    for w in s.document.warnings:
        lines.append(f"warning  {w}")
    return "\n".join(lines)
