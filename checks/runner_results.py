"""What a run of the rules produced: each file's result (its findings, verdict and coverage, or
the extraction error that stood in its place), the rules that crashed, and the run's counts."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from checks.coverage import NotVerified, PartCoverage, coverage_summary
from checks.finding import Finding, Severity, Verdict
from checks.waivers import WaiverReport
from extractors.errors import ExtractionError, NotASyllabus, TablesNotFound
from extractors.model import Syllabus

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
