"""Run the rules: syllabi (or the extraction errors that stood in their place) -> findings,
root causes, waivers and one verdict per syllabus.

The library API the CLI calls is ``audit(...)``. Rules that crash are not findings: they are
collected as ``RuleFailure`` (a fault of the tool, exit status 2), and the other rules still run.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import TYPE_CHECKING, Any

from checks.coverage import NotVerified, PartCoverage, blocking_parts, coverage_summary, not_verified
from checks.document_findings import finding_for_error
from checks.finding import Finding, Kind, Severity, Verdict
from checks.policy import Policy, VerdictPolicy
from checks.registry import REGISTRY, CheckContext, Registry, Rule, UnknownRuleError, from_scan, load_rules
from checks.text import normalise_code
from checks.waivers import Waiver, WaiverReport, apply_waivers
from extractors.errors import ExtractionError, NotASyllabus, TablesNotFound
from extractors.model import Syllabus

if TYPE_CHECKING:
    from checks.curriculum import Curriculum
    from checks.passport import Passport

# Verdicts from the mildest to the strictest: the copies of one syllabus give the strictest of theirs.
VERDICT_ORDER = (Verdict.accepted, Verdict.accepted_with_remarks, Verdict.incomplete, Verdict.to_revise,
                 Verdict.rejected)


@dataclass
class RuleFailure:
    rule: str
    file: str
    error: str

    def __str__(self) -> str:
        return f"rule {self.rule} failed on {self.file}: {self.error}"


@dataclass
class DocumentResult:
    file: str
    syllabus: Syllabus | None
    error: ExtractionError | None
    findings: list[Finding] = field(default_factory=list)
    verdict: Verdict = Verdict.accepted
    # parts seen but not read: not verified by the tool, to be checked by hand
    not_verified: list[NotVerified] = field(default_factory=list)

    @property
    def coverage(self) -> dict[str, PartCoverage]:
        """The reader's coverage of the syllabus, with the rules each part not read kept from running."""
        if self.syllabus is None:
            return {}
        return coverage_summary(self.syllabus, self.not_verified)

    @property
    def course_code(self) -> str | None:
        if self.syllabus is not None and self.syllabus.identity.course_code:
            return self.syllabus.identity.course_code.value
        return None

    @property
    def status(self) -> str:
        """What the run made of the file: its verdict's code when it was read as a syllabus, else
        why it has none (``not_a_syllabus``, ``tables_not_found``, ``unreadable``), the codes of
        the ``syllabus_status`` labels: a department is asked different things for each."""
        if self.syllabus is not None:
            return self.verdict.value
        if isinstance(self.error, NotASyllabus):
            return "not_a_syllabus"
        return "tables_not_found" if isinstance(self.error, TablesNotFound) else "unreadable"

    def verdict_record(self) -> dict[str, Any]:
        active = [f for f in self.findings if not f.waived]
        return {
            "file": self.file,
            "course_code": self.course_code,
            "verdict": self.verdict.value,
            "findings": len(active),
            "waived": len(self.findings) - len(active),
            "by_severity": {s.value: sum(1 for f in active if f.severity == s) for s in Severity},
            "extraction_error": self.error.code if self.error else None,
            "not_verified": [n.as_record() for n in self.not_verified],
            "coverage": {part: c.model_dump(mode="json") for part, c in self.coverage.items()},
        }


@dataclass
class AuditResult:
    """What the rules made of one run's files: the checks' part of the run's result.

    ``check`` prints it as it is; the nightly audit holds it as the ``checks`` part of its one run
    result, ``pipeline.audit.AuditRun`` (which adds the register's part and the run's own facts:
    this layer cannot know them). Counts here are by file; the run's counts by syllabus (copies
    counted once) are ``AuditRun``'s."""

    documents: list[DocumentResult]
    waivers: WaiverReport | None = None
    failures: list[RuleFailure] = field(default_factory=list)

    @property
    def findings(self) -> list[Finding]:
        return [f for d in self.documents for f in d.findings]

    @property
    def active_findings(self) -> list[Finding]:
        return [f for f in self.findings if not f.waived]

    def files_by_status(self) -> dict[str, int]:
        """How many files got each ``DocumentResult.status``."""
        out: dict[str, int] = {}
        for d in self.documents:
            out[d.status] = out.get(d.status, 0) + 1
        return out

    @property
    def read(self) -> int:
        """Files read as syllabi (a DOCX and its PDF are two files read)."""
        return sum(1 for d in self.documents if d.syllabus is not None)

    @property
    def not_syllabi(self) -> int:
        """Files that were read and are not syllabi."""
        return self.files_by_status().get("not_a_syllabus", 0)

    @property
    def tables_not_found(self) -> int:
        """Syllabi whose tables could not be found: neither unreadable nor audited."""
        return self.files_by_status().get("tables_not_found", 0)

    @property
    def unreadable(self) -> int:
        """Files that could not be read at all (damaged, encrypted, too large, timed out...)."""
        return self.files_by_status().get("unreadable", 0)


def selected_rules(
    policy: Policy,
    select: Sequence[str] = (),
    ignore: Sequence[str] = (),
    registry: Registry | None = None,
    severity: dict[str, str] | None = None,
) -> list[Rule]:
    """Policy's [rules] plus command-line choices (which add to the policy's ignore list, when
    given replace its select list, and override its severities)."""
    registry = registry or load_rules()
    try:
        registry.select(select=policy.rules.select, ignore=policy.rules.ignore, severity=dict(policy.rules.severity))
    except UnknownRuleError as exc:
        raise UnknownRuleError(f"policy {policy.sources[-1] if policy.sources else ''} [rules]: {exc}") from None
    return registry.select(
        select=list(select) or list(policy.rules.select),
        ignore=[*policy.rules.ignore, *ignore],
        severity={**dict(policy.rules.severity), **(severity or {})},
    )


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


def _cause_rank(f: Finding, registry: Registry) -> int:
    # a finding whose rule this registry does not know ranks in the middle (50): it neither
    # explains every other finding nor is explained by all of them
    return registry[f.rule].cause_rank if f.rule in registry else 50


def _direct_cause(f: Finding, findings: Sequence[Finding], registry: Registry) -> Finding | None:
    """The finding that explains ``f`` one step up: one sharing a ref whose rule ranks strictly
    lower, the lowest rank first and then the key, so the choice does not depend on the order."""
    refs = set(f.refs)
    if not refs:
        return None
    rank = _cause_rank(f, registry)
    causes = [g for g in findings if g is not f and refs & set(g.refs) and _cause_rank(g, registry) < rank]
    return min(causes, key=lambda g: (_cause_rank(g, registry), g.key), default=None)


def _root_key(i: int, parent: Mapping[int, Finding], index: Mapping[int, int]) -> str | None:
    """The key of the ultimate root of finding ``i`` (its cause's cause ...), None when nothing
    explains it. Ranks strictly decrease along the chain, so the walk ends."""
    root = parent.get(i)
    while root is not None and index[id(root)] in parent:
        root = parent[index[id(root)]]
    return root.key if root is not None else None


def group_root_causes(findings: list[Finding], registry: Registry | None = None) -> list[Finding]:
    """Hang each finding under the finding that explains it.

    Two findings are linked when they share a ref (a logical value such as 'hours/lectures').
    Among linked findings the one whose rule has the strictly lower ``cause_rank`` is the cause;
    chains resolve to the ultimate root, so a lecture figure that breaks the split, the plan sum
    and the total reports as one root with two dependents. Ranks strictly decrease along a chain,
    so there are no cycles."""
    registry = registry or REGISTRY
    # by position, not by value: two findings may be equal (the same fact found twice)
    parent: dict[int, Finding] = {}
    for i, f in enumerate(findings):
        cause = _direct_cause(f, findings, registry)
        if cause is not None:
            parent[i] = cause
    index = {id(f): i for i, f in enumerate(findings)}
    return [f.model_copy(update={"root_cause": _root_key(i, parent, index)}) for i, f in enumerate(findings)]


def _matches(f: Finding, selectors: Sequence[str], registry: Registry) -> bool:
    groups = registry[f.rule].groups if f.rule in registry else ()
    names = {f.rule.lower(), f.name.lower(), *(g.lower() for g in groups)}
    return any(s.lower() in names for s in selectors)


def _to_revise(active: Sequence[Finding], vp: VerdictPolicy) -> bool:
    """A finding of a severity and kind the policy sends back for revision, or more minor
    nonconformities than it tolerates (``max_minor_nonconformities`` -1: no such limit)."""
    if any(f.severity.value in vp.revise_severities and f.kind.value in vp.revise_kinds for f in active):
        return True
    minors = sum(1 for f in active if f.severity == Severity.minor and f.kind == Kind.nonconformity)
    return vp.max_minor_nonconformities >= 0 and minors > vp.max_minor_nonconformities


def verdict(
    findings: Sequence[Finding], policy: Policy, registry: Registry | None = None, *, incomplete: bool = False
) -> Verdict:
    """From the findings that are not waived: rejected if any reject rule fired; to revise on a
    finding of a revise severity and kind, or too many minor nonconformities; accepted with
    remarks on anything else; accepted when there is nothing.

    ``incomplete``: parts of the syllabus were seen but not read, so some checks did not run. What
    would be accepted (with or without remarks) is then "remarks, incomplete check"; parts not read
    never make a verdict worse than that."""
    registry = registry or REGISTRY
    active = [f for f in findings if not f.waived]
    # strictest first: the first verdict that applies is the syllabus's
    if any(_matches(f, policy.verdict.reject_rules, registry) for f in active):
        return Verdict.rejected
    if _to_revise(active, policy.verdict):
        return Verdict.to_revise
    if incomplete:
        return Verdict.incomplete
    return Verdict.accepted_with_remarks if active else Verdict.accepted


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
