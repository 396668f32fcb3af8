"""``syllabus-audit extract``: print the typed model of each file.

Files are read as ``audit`` reads them (``read_under_limits``, which ``check`` uses too): each in
a worker process under the policy's ``[limits]`` (``--timeout``, ``--memory-mb`` win), so a DOCX
that inflates to gigabytes, or an XML part that takes many minutes, is stopped at the limit and
named, instead of taking the machine's memory or the user's afternoon.
"""

from __future__ import annotations

import json
import os
import re
import sys
from pathlib import Path

import click

from checks.document_findings import is_tool_failure
from checks.policy import Policy, PolicyError, load_policy
from extractors.errors import ExtractionError
from extractors.model import Syllabus
from pipeline.config import config_option
from pipeline.errors import MemoryExceeded, TimedOut, WorkerCrashed

# How to lift each limit, named in the message of a file stopped by it.
_RAISE_LIMIT = {
    MemoryExceeded: "if the file is genuine, raise --memory-mb (or the policy's [limits] file_memory_mb)",
    TimedOut: "if the file is genuine, raise --timeout (or the policy's [limits] file_timeout_s)",
    WorkerCrashed: "a crash of the reader, not a verdict on the file: if it opens in Word, please report it",
}
# ``pipeline.work.unexpected``: an exception the reader let out ("KeyError: 'x' (in docx_reader.py:12)")
_READER_BUG = re.compile(r"[A-Za-z_][\w.]*: .*\(in [^()]+:\d+\)", re.S)


def limit_options(f):
    """``--timeout`` and ``--memory-mb``: the same options (and settings-file keys) as ``audit``."""
    f = click.option("--memory-mb", type=click.IntRange(min=64), default=None,
                     help="memory one file may use (default: policy [limits] file_memory_mb)")(f)
    return click.option("--timeout", "timeout_s", type=click.FloatRange(min=1), default=None,
                        help="seconds one file may take (default: policy [limits] file_timeout_s)")(f)


def read_under_limits(files, policy: Policy, timeout_s: float | None = None,
                      memory_mb: int | None = None) -> list[Syllabus | ExtractionError]:
    """Each file read in a worker process under the policy's limits, as ``audit`` reads it (the
    executor and work unit are audit's own); outcomes in the order of ``files``."""
    from pipeline.executors import extract_tasks, make_executor
    from pipeline.work import extract_one

    files = [str(f) for f in files]
    tasks = extract_tasks(files, policy.limits.extraction_limits())
    executor = make_executor(
        "local", workers=min(len(files), os.cpu_count() or 1),
        timeout_s=timeout_s or policy.limits.file_timeout_s,
        memory_mb=memory_mb or policy.limits.file_memory_mb,
    )
    with executor:  # a forking executor preloads the readers first (pipeline.preload)
        done = {id(task): outcome for task, outcome in executor.map(extract_one, tasks)}
    return [done[id(task)] for task in tasks]


def tool_failure(outcome: Syllabus | ExtractionError) -> str | None:
    """Why this outcome is the tool's failure, not the file's (a finding would blame the syllabus):
    a limit that stopped the reading, a worker that died, a bug in the reader, LibreOffice missing.
    None for a syllabus, or for a file that is itself unreadable."""
    if not isinstance(outcome, ExtractionError):
        return None
    for kind, advice in _RAISE_LIMIT.items():
        if isinstance(outcome, kind):
            return f"{outcome} — {advice}"
    if is_tool_failure(outcome):
        return str(outcome)
    if type(outcome) is ExtractionError and _READER_BUG.fullmatch(outcome.detail or ""):
        return f"{outcome.path}: the reader failed: {outcome.detail}"
    return None


def policy_or_exit(policy_file: Path | None) -> Policy:
    try:
        return load_policy(policy_file)
    except PolicyError as exc:
        click.echo(f"error: {exc}", err=True)
        sys.exit(2)


@click.command("extract")
@config_option(expose=False)
@click.argument("files", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option("--format", "fmt", type=click.Choice(["json", "table"]), default="json", show_default=True,
              help="json is the stable form (see data/syllabus.schema.json); table is for reading.")
@click.option("--policy", "policy_file", type=click.Path(path_type=Path), help="Policy TOML whose [limits] apply.")
@limit_options
def extract_command(files: tuple[Path, ...], fmt: str, policy_file: Path | None, timeout_s: float | None,
                    memory_mb: int | None) -> None:
    """Read syllabi (PDF, DOCX, DOC, ODT, RTF) and print what was extracted.

    Each file is read under the policy's time and memory limits, as in ``audit``.
    Exit status: 0 all files read, 1 some files could not be read (each is named on stderr),
    2 the tool itself failed (a file stopped by a limit, LibreOffice missing, a reader bug).
    """
    policy = policy_or_exit(policy_file)
    failures = 0
    tool_failed = False
    results = []
    for outcome in read_under_limits(files, policy, timeout_s, memory_mb):
        why = tool_failure(outcome)
        if why is not None:
            tool_failed = True
            click.echo(f"error: {why}", err=True)
            continue
        if isinstance(outcome, ExtractionError):
            failures += 1
            click.echo(f"error: {outcome}", err=True)
            continue
        if fmt == "json":
            results.append(outcome.model_dump(mode="json"))
        else:
            click.echo(render_table(outcome))
    if fmt == "json":
        payload = results[0] if len(files) == 1 and results else results
        click.echo(json.dumps(payload, ensure_ascii=False, indent=2))
    sys.exit(2 if tool_failed else 1 if failures else 0)


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
