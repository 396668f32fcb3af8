"""Run the rules: syllabi (or the extraction errors that stood in their place) -> findings,
root causes, waivers and one verdict per syllabus.

The library API the CLI calls is ``audit(...)``. Rules that crash are not findings: they are
collected as ``RuleFailure`` (a fault of the tool, exit status 2), and the other rules still run.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date
from typing import TYPE_CHECKING

from checks.coverage import blocking_parts, not_verified
from checks.document_findings import finding_for_error
from checks.finding import Finding
from checks.policy import Policy
from checks.registry import CheckContext, Rule, from_scan, load_rules, selected_rules
from checks.runner_judge import group_root_causes, verdict
from checks.runner_results import VERDICT_ORDER, AuditResult, DocumentResult, RuleFailure
from checks.text import normalise_code
from checks.waivers import Waiver, WaiverReport, apply_waivers
from extractors.errors import ExtractionError
from extractors.model import Syllabus

if TYPE_CHECKING:
    from checks.curriculum import Curriculum
    from checks.passport import Passport

# The result types (checks.runner_results) and the judging (checks.runner_judge) are their own
# modules; callers import all of it from here, the library API of the checks.
__all__ = [
    "VERDICT_ORDER", "AuditResult", "DocumentResult", "RuleFailure", "audit", "check_batch", "check_syllabus",
    "group_root_causes", "selected_rules", "verdict",
]


def check_syllabus(syllabus: Syllabus, rules: Sequence[Rule], ctx: CheckContext, failures: list[RuleFailure] | None = None) -> list[Finding]:
    """The per-syllabus rules' findings. A rule that needs a part the reader saw but could not read
    does not run (``checks.coverage.blocking_parts``): its silence would pass for a pass."""
    findings: list[Finding] = []
    for rule in rules:
        if rule.batch or blocking_parts(rule, syllabus):
            continue
        try:
            findings.extend(from_scan(f, ctx.policy) for f in rule.check(syllabus, ctx))
        except Exception as exc:  # a bug in one rule must not hide the others' findings
            if failures is None:
                raise
            failures.append(RuleFailure(rule.code, syllabus.file, f"{type(exc).__name__}: {exc}"))
    return findings


def check_batch(syllabi: Sequence[Syllabus], rules: Sequence[Rule], ctx: CheckContext, failures: list[RuleFailure] | None = None) -> list[Finding]:
    findings: list[Finding] = []
    for rule in rules:
        if not rule.batch:
            continue
        try:
            findings.extend(rule.check_batch(syllabi, ctx))
        except Exception as exc:
            if failures is None:
                raise
            failures.append(RuleFailure(rule.code, "<batch>", f"{type(exc).__name__}: {exc}"))
    return findings


def _document(
    item: Syllabus | ExtractionError,
    rules: Sequence[Rule],
    ctx: CheckContext,
    failures: list[RuleFailure],
    precomputed: Mapping[str, Sequence[Finding]] | None,
) -> DocumentResult:
    """One input's result before the run-wide steps: an extraction error stands as its document
    finding (if a selected rule reports it); a syllabus gets its per-syllabus findings."""
    if isinstance(item, ExtractionError):
        f = finding_for_error(item, rules)
        return DocumentResult(file=item.path, syllabus=None, error=item, findings=[f] if f else [])
    if precomputed is not None and item.file in precomputed:  # a worker or the cache checked it already
        findings = list(precomputed[item.file])
    else:
        findings = check_syllabus(item, rules, ctx, failures)
    return DocumentResult(file=item.file, syllabus=item, error=None, findings=findings,
                          not_verified=not_verified(item, rules, ctx))


def _blocked(rule: Rule | None, target: DocumentResult) -> bool:
    """The batch rule needs a part of this syllabus the reader could not read: it did not run on
    it (``check_syllabus`` skips such rules the same way), and its note on the syllabus says so."""
    return target.syllabus is not None and rule is not None and bool(blocking_parts(rule, target.syllabus))


def _add_batch_findings(
    documents: Sequence[DocumentResult], rules: Sequence[Rule], ctx: CheckContext, failures: list[RuleFailure]
) -> None:
    """The batch rules see every syllabus of the run at once; each finding goes to the document
    its evidence names."""
    syllabi = [d.syllabus for d in documents if d.syllabus is not None]
    by_file: dict[str, DocumentResult] = {d.file: d for d in documents}
    by_code = {r.code: r for r in rules}
    for f in check_batch(syllabi, rules, ctx, failures):
        target = by_file.get(f.evidence.file)
        if target is None:  # never drop a finding silently
            failures.append(RuleFailure(f.rule, f.evidence.file, "batch finding names a file that was not checked"))
        elif not _blocked(by_code.get(f.rule), target):
            target.findings.append(f)


def _waive(
    documents: Sequence[DocumentResult], rules: Sequence[Rule], waivers: Sequence[Waiver], today: date
) -> WaiverReport:
    """Apply the waivers to the whole run's findings at once, so the report can say which waivers
    were applied, expired or stale over the run (a waiver is stale only if its course was checked
    and its rule ran), then deal the findings back to their documents in the order they came."""
    all_findings = [f for d in documents for f in d.findings]
    checked = {normalise_code(d.course_code) for d in documents if d.course_code}
    ran = {n.lower() for r in rules for n in (r.code, r.name)}
    waived, report = apply_waivers(all_findings, waivers, today, checked_courses=checked, rules_run=ran)
    it = iter(waived)
    for d in documents:
        d.findings = [next(it) for _ in d.findings]
    return report


def audit(
    inputs: Sequence[Syllabus | ExtractionError],
    *,
    policy: Policy,
    rules: Sequence[Rule] | None = None,
    curriculum: Curriculum | None = None,
    passport: Passport | None = None,
    waivers: Sequence[Waiver] | None = None,
    today: date | None = None,
    precomputed: Mapping[str, Sequence[Finding]] | None = None,
) -> AuditResult:
    """Check every syllabus, run the batch rules over all of them, group, waive, judge.

    ``precomputed``: per-syllabus findings already computed (by a worker, or taken from the cache
    under the same policy fingerprint), by file; those syllabi are not checked again. Batch rules,
    grouping, waivers and verdicts always run here, over the whole run."""
    registry = load_rules()
    rules = list(rules) if rules is not None else selected_rules(policy)
    ctx = CheckContext(policy=policy, curriculum=curriculum, passport=passport, today=today or date.today())
    failures: list[RuleFailure] = []
    documents = [_document(item, rules, ctx, failures, precomputed) for item in inputs]
    _add_batch_findings(documents, rules, ctx, failures)
    # the steps below need every document's findings, batch ones included: causes group within a
    # document, waivers and then verdicts see the grouped findings
    for d in documents:
        d.findings = group_root_causes(d.findings, registry)
    report = _waive(documents, rules, waivers, ctx.today) if waivers is not None else None
    for d in documents:
        d.verdict = verdict(d.findings, policy, registry, incomplete=bool(d.not_verified))
    return AuditResult(documents=documents, waivers=report, failures=failures)
