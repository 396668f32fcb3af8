"""``syllabus-audit check``: a thin layer over ``checks.runner``.

It reads syllabus-audit.toml as ``audit`` does (``policy``, ``curriculum``, ``waivers``,
``lang``; the command line wins); ``rules`` is ``pipeline.commands.rules``. Exit status: 0 no
findings (waived ones do not count), 1 findings, 2 the tool itself failed (bad
policy/curriculum/passport/waiver file, unknown rule selector, a rule or the extractor crashing,
LibreOffice missing). Errors are printed as one clear line, never a traceback.
Output formats are small registered renderers (``RENDERERS``), so a new one never touches the
command.
"""

from __future__ import annotations

import json
import re
import sys
from collections.abc import Callable
from datetime import date
from pathlib import Path

import click

from checks.curriculum import CurriculumError, load_curriculum
from checks.finding import Finding
from checks.passport import PassportError, load_passport
from checks.policy import PolicyError, load_policy
from checks.registry import UnknownRuleError
from checks.runner import AuditResult, DocumentResult, RuleFailure, audit, selected_rules
from checks.waivers import WaiverError, load_waivers
from pipeline.commands import LANGUAGES  # not .common: check needs no SQLAlchemy
from pipeline.commands.check_cache import cache_folder, read_and_check
from pipeline.commands.extract import limit_options
from pipeline.config import config_option
from pipeline.terminal_text import shown
from reports.labels import Labels
from reports.location import place_words, section_heading, where_words


def _split(values: tuple[str, ...]) -> list[str]:
    return [v.strip() for value in values for v in value.split(",") if v.strip()]


def _lang_for(doc: DocumentResult, lang: str) -> str:
    if lang != "auto":
        return lang
    if doc.syllabus is not None and doc.syllabus.language is not None:
        return doc.syllabus.language.value
    return "en"


def _where(f: Finding, labels: Labels, doc: DocumentResult) -> str:
    """Page, table, row (counted from 1, as every report counts); with no page (a DOCX), the
    heading of the section it falls under, as the HTML report shows it."""
    e = f.evidence
    where = where_words(e, labels)
    if e.page is None and doc.syllabus is not None:
        heading = section_heading(e.location, doc.syllabus.coverage)
        if heading:
            where = ", ".join(w for w in (where, labels("where.section").format(n=heading)) if w)
    return where


def _severity(f: Finding, labels: Labels) -> str:
    return labels.value("severity", f.severity).upper()


def _finding_lines(f: Finding, labels: Labels, first: str, doc: DocumentResult) -> list[str]:
    e = f.evidence
    status = f" [{labels('cli.waived')}]" if f.waived else ""
    head = (f"{first}{_severity(f, labels):<13} {f.rule} {labels.rule_title(f.rule, f.name)}"
            f"  {place_words(e.location, labels)}{status}")
    indent = " " * len(first)
    lines = [head, f"{indent}    {_message(f, labels, doc)}"]
    facts = []
    if e.expected is not None or e.actual is not None:
        actual = labels.value_text(_text(e.actual))
        if doc.error is not None and e.actual == doc.error.code and labels.lang != "en":
            actual = labels.error_text(str(doc.error))  # the reader's error code, as the reports word it
        facts.append(f"{labels.column('expected')}: {labels.value_text(_text(e.expected))}, "
                     f"{labels.column('actual')}: {actual}")
    where = _where(f, labels, doc)
    if where:
        facts.append(where)
    if facts:
        lines.append(f"{indent}    " + "; ".join(facts))
    if e.quote:
        quote = e.quote if len(e.quote) <= 160 else e.quote[:157] + "..."
        lines.append(f"{indent}    «{quote}»")
    if f.waived and f.waiver:
        lines.append(f"{indent}    {labels('cli.waiver')}: {f.waiver}")
    return lines


def _message(f: Finding, labels: Labels, doc: DocumentResult) -> str:
    """The finding's message; for a file that could not be read, in kk and ru without the reader's
    technical detail, which is English (the reports do the same, ``Labels.error_text``)."""
    message = f.message.get(labels.lang)
    detail = doc.error.detail if doc.error is not None else ""
    if labels.lang != "en" and detail and message.endswith(f": {detail}"):
        return message[: -len(detail) - 2]
    return message


def _text(value) -> str:
    if value is None:
        return "—"
    return str(int(value)) if isinstance(value, float) and value.is_integer() else str(value)


def _not_verified_lines(doc: DocumentResult, lang: str) -> list[str]:
    """The parts seen but not read, in the user's language: where each was seen (counted from 1)
    and the checks that did not run. Not findings: the tool could not verify them."""
    if not doc.not_verified:
        return []
    labels = Labels(lang)
    lines = [f"   ? {labels('coverage.not_verified')}:"]
    for note in doc.not_verified:
        key = f"part.{note.part}"
        text = labels(key) if key in labels else note.part
        where = labels.seen_at(note.seen_at)
        if where:
            text += f" — {labels('coverage.seen_at')}: {where}"
        if note.quote:
            quote = note.quote if len(note.quote) <= 80 else note.quote[:77] + "..."
            text += f" «{quote}»"
        if note.rules_not_run:
            text += f"; {labels('coverage.rules_not_run')}: {', '.join(note.rules_not_run)}"
        lines.append(f"       {text}")
    return lines


def failure_text(failure: RuleFailure) -> str:
    """A rule that crashed names the rule; a file the reader could not finish (``extract``) is
    already named in its own message."""
    return failure.error if failure.rule == "extract" else str(failure)


def render_text(result: AuditResult, lang: str) -> str:
    """The findings for a person, in ``lang`` (``auto``: each syllabus's own language; the lines
    about the whole run then in English unless every syllabus has one language)."""
    run_langs = {_lang_for(d, lang) for d in result.documents}
    run = Labels(run_langs.pop() if len(run_langs) == 1 else lang if lang != "auto" else "en")
    out: list[str] = []
    for doc in result.documents:
        labels = Labels(_lang_for(doc, lang))
        rec = doc.verdict_record()
        counts = ", ".join(f"{labels.value('severity', s).lower()}: {n}" for s, n in rec["by_severity"].items() if n)
        code = f"  {doc.course_code}" if doc.course_code else ""
        out.append(f"== {doc.file}{code}")
        out.append(f"   {labels.column('verdict')}: {labels.value('verdict', doc.verdict)}"
                   + (f" ({counts})" if counts else "")
                   + (f", {labels('cli.waived')}: {rec['waived']}" if rec["waived"] else ""))
        out.extend(_not_verified_lines(doc, labels.lang))
        roots = [f for f in doc.findings if f.root_cause is None]
        for root in roots:
            out.extend(_finding_lines(root, labels, "   ", doc))
            for dep in (f for f in doc.findings if f.root_cause == root.key):
                out.extend(_finding_lines(dep, labels, "     ↳ ", doc))
        out.append("")
    if result.waivers is not None:
        for w in result.waivers.expired:
            out.append(run("cli.waiver_expired").format(waiver=w.label(), origin=w.origin, date=w.expires.isoformat()))
        for w in result.waivers.stale:
            out.append(run("cli.waiver_stale").format(waiver=w.label(), origin=w.origin))
    for failure in result.failures:
        out.append(f"error: {failure_text(failure)}")
    total = len(result.active_findings)
    waived = len(result.findings) - total
    incomplete = sum(1 for d in result.documents if d.not_verified)
    out.append(run("cli.check_summary").format(files=len(result.documents), findings=total)
               + (run("cli.summary_waived").format(n=waived) if waived else "")
               + (run("cli.summary_incomplete").format(n=incomplete) if incomplete else ""))
    return "\n".join(out)


def render_json(result: AuditResult) -> str:
    payload = {
        "findings": [f.as_record() for f in result.findings],
        "verdicts": [d.verdict_record() for d in result.documents],
        "waivers": result.waivers.as_record() if result.waivers is not None else None,
        "failures": [vars(f) for f in result.failures],
    }
    return _JSON_UNSAFE.sub(lambda m: f"\\u{ord(m.group()):04x}", json.dumps(payload, ensure_ascii=False, indent=2))


# What json.dumps leaves raw with ensure_ascii=False and a terminal must not get: C1 controls (an
# 8-bit CSI), bidi overrides, line separators, lone surrogates of a name that was not UTF-8. They
# only occur inside JSON strings, where their \uXXXX escape is valid JSON and loses nothing.
_JSON_UNSAFE = re.compile("[\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069\ud800-\udfff\ufffe\uffff]")


# a renderer takes the result and the language; JSON carries codes, not labels, so it takes no language
RENDERERS: dict[str, Callable[[AuditResult, str], str]] = {"text": render_text,
                                                          "json": lambda result, _lang: render_json(result)}


def _severities(values: tuple[str, ...]) -> dict[str, str]:
    out = {}
    for item in _split(values):
        rule, sep, level = item.partition("=")
        if not sep or level.strip() not in ("major", "minor", "observation"):
            raise click.BadParameter(f"--severity {item!r}: write RULE=major|minor|observation")
        out[rule.strip()] = level.strip()
    return out


def _fail(message: str) -> None:
    click.echo(shown(f"error: {message}"), err=True)
    sys.exit(2)


@click.command("check")
@config_option(expose=False)
@click.argument("files", nargs=-1, required=True, type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--policy", "policy_file", type=click.Path(path_type=Path), help="Policy TOML merged over the default (data/policy.toml).")
@click.option("--curriculum", "curriculum_file", type=click.Path(path_type=Path), help="Curriculum CSV/XLSX: code, title, semester, credits, hours.")
@click.option("--passport", "passport_file", type=click.Path(path_type=Path),
              help="Programme passport CSV/XLSX: kind, code, text (+ lang, cycle, component, credits, discipline).")
@click.option("--waivers", "waivers_file", type=click.Path(path_type=Path), help="Waivers TOML/CSV: course, rule, justification, approver, expires.")
@click.option("--select", multiple=True, help="Run only these rules (codes, names or groups; comma-separated or repeated).")
@click.option("--ignore", multiple=True, help="Skip these rules (codes, names or groups).")
@click.option("--severity", "severities", multiple=True, metavar="RULE=LEVEL",
              help="Override a severity (RULE = code, name or group; LEVEL = major, minor or observation).")
@click.option("--format", "fmt", type=click.Choice(sorted(RENDERERS)), default="text", show_default=True)
@click.option("--lang", type=click.Choice([*LANGUAGES, "auto"]), default=LANGUAGES[0], show_default=True,
              help="Language of the text output (default: 'lang' in syllabus-audit.toml, as for audit); "
              "auto = each syllabus's own language.")
@limit_options
@click.option("--cache", "cache_dir", type=click.Path(path_type=Path, file_okay=False),
              help="result cache folder (default: the cache of the register the settings file names, "
              "which audit fills; else one of your own)")
@click.option("--no-cache", is_flag=True, help="read every file again, and keep nothing")
@click.option("--today", type=click.DateTime(formats=["%Y-%m-%d"]), default=None, hidden=True)
def check_command(files, policy_file, curriculum_file, passport_file, waivers_file, select, ignore, severities, fmt, lang,
                  timeout_s, memory_mb, cache_dir, no_cache, today) -> None:
    """Check syllabi against the rules and print the findings.

    Exit status: 0 no findings, 1 findings, 2 the tool itself failed.
    """
    try:
        policy = load_policy(policy_file)
        rules = selected_rules(policy, _split(select), _split(ignore), severity=_severities(severities))
        curriculum = load_curriculum(curriculum_file) if curriculum_file else None
        passport = load_passport(passport_file) if passport_file else None
        waivers = load_waivers(waivers_file) if waivers_file else None
    except (PolicyError, CurriculumError, PassportError, WaiverError, UnknownRuleError, click.BadParameter) as exc:
        _fail(exc.format_message() if isinstance(exc, click.BadParameter) else str(exc))
    day = today.date() if today else date.today()
    settings = click.get_current_context().meta.get("settings", {})
    folder = cache_folder(cache_dir, no_cache, settings.get("register"))
    try:
        # read as audit reads (a worker per file under the policy's [limits]: --timeout,
        # --memory-mb), unless the cache has the file's bytes already
        checked = read_and_check(list(files), policy=policy, rules=rules, folder=folder, today=day,
                                 curriculum=curriculum, passport=passport, curriculum_file=curriculum_file,
                                 passport_file=passport_file, timeout_s=timeout_s, memory_mb=memory_mb)
        result = audit(
            checked.inputs,
            policy=policy,
            rules=rules,
            curriculum=curriculum,
            passport=passport,
            waivers=waivers,
            today=day,
            precomputed=checked.precomputed,
        )
    except Exception as exc:
        _fail(f"the checks failed ({type(exc).__name__}: {exc})")
    result.failures[:0] = checked.failures
    rendered = RENDERERS[fmt](result, lang)
    click.echo(rendered if fmt == "json" else shown(rendered, keep_newlines=True))  # names as the log shows them
    if result.failures:
        for f in result.failures:
            click.echo(shown(f"error: {failure_text(f)}"), err=True)
        sys.exit(2)
    sys.exit(1 if result.active_findings else 0)
