"""The audit run: discover → extract (parallel, cached, fault-isolated) → check → batch rules →
register → reports. The ``audit`` command is a thin layer over ``run_audit``.

One run is one register transaction, taken under the register's run lock for the whole run, so a
second run on the same register refuses at once instead of interleaving.
"""

from __future__ import annotations

import logging
import time
from collections import Counter
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Callable, Iterable, Iterator

from checks.curriculum import load_curriculum
from checks.policy import Policy, load_policy
from checks.runner import AuditResult, audit
from checks.waivers import load_waivers
from extractors.errors import ExtractionError
from extractors.model import Syllabus
from reports.assemble import build_run_report
from reports.records import SyllabusRef
from reports.register import RunOutcome, open_register, syllabus_ref
from reports.register.build import course_key_of
from reports.render import render_reports

log = logging.getLogger("syllabus_audit")

TOOL_VERSION = "0.1.0"

# (path, sha256) of each unique file -> its Syllabus or the typed error that stood in its place
ExtractMany = Callable[[list[tuple[Path, str]]], Iterator[tuple[Path, Syllabus | ExtractionError]]]


@dataclass
class AuditSettings:
    paths: list[Path]
    out: Path = Path("audit-reports")
    register: str | None = None
    policy: Path | None = None
    curriculum: Path | None = None
    waivers: Path | None = None
    lang: str = "en"
    formats: tuple[str, ...] | None = None
    run_id: str | None = None


@dataclass
class AuditOutcome:
    run_id: str
    out_dir: Path
    files: int
    duplicates: dict[str, list[Path]]
    result: AuditResult
    outcome: RunOutcome
    report_paths: list[Path]
    seconds: float
    verdicts: Counter = field(default_factory=Counter)

    @property
    def unreadable(self) -> int:
        return sum(1 for d in self.result.documents if d.syllabus is None)

    @property
    def exit_code(self) -> int:
        """0 no new or recurred nonconformities, 1 some, 2 the run itself failed (a rule crashed)."""
        if self.result.failures:
            return 2
        return 1 if (self.outcome.new or self.outcome.recurred) else 0

    def summary_lines(self) -> list[str]:
        c = self.outcome.counts()
        verdicts = ", ".join(f"{k} {v}" for k, v in sorted(self.verdicts.items())) or "none"
        lines = [
            f"run {self.run_id}: {self.files} file(s), {len(self.result.documents) - self.unreadable} syllabi read, "
            f"{self.unreadable} unreadable",
            f"verdicts: {verdicts}",
            f"nonconformities: {c['new']} new, {c['still_open']} still open, {c['resolved']} resolved, "
            f"{c['recurred']} recurred" + (f", {c['unaudited']} on syllabi not audited tonight" if c["unaudited"] else ""),
            f"reports: {self.out_dir}",
            f"time: {self.seconds:.1f} s",
        ]
        for sha, paths in self.duplicates.items():
            lines.insert(1, f"identical copies counted once: {', '.join(str(p) for p in paths)}")
        for failure in self.result.failures:
            lines.append(f"TOOL FAILURE: {failure}")
        return lines


def unreadable_ref(path: Path, sha256: str | None) -> SyllabusRef:
    """A file that could not be read is known only by its name: its record follows the name."""
    return SyllabusRef(course_title=f"file {path.name}", file=str(path), file_sha256=sha256)


def serial_extract(files: list[tuple[Path, str]]) -> Iterator[tuple[Path, Syllabus | ExtractionError]]:
    """In-process extraction, one file after another (no isolation: for tests and debugging)."""
    from extractors.api import extract_file

    for path, _sha in files:
        try:
            yield path, extract_file(path)
        except ExtractionError as e:
            yield path, e


def new_run_id(now: datetime) -> str:
    return now.strftime("%Y%m%d-%H%M%S")


def run_audit(
    settings: AuditSettings,
    files: list[tuple[Path, str]],
    duplicates: dict[str, list[Path]] | None = None,
    extract_many: ExtractMany = serial_extract,
    now: datetime | None = None,
) -> AuditOutcome:
    """Audit ``files`` (unique (path, sha256) pairs from discovery) and record the run."""
    started = time.monotonic()
    now = now or datetime.now()
    run_id = settings.run_id or new_run_id(now)
    policy: Policy = load_policy(settings.policy)
    curriculum = load_curriculum(settings.curriculum) if settings.curriculum else None
    waivers = load_waivers(settings.waivers) if settings.waivers else None

    with open_register(settings.register) as register, register.run_lock(run_id):
        sha_of = {str(p): sha for p, sha in files}
        inputs: list[Syllabus | ExtractionError] = []
        for path, item in extract_many(files):
            inputs.append(item)
        result = audit(inputs, policy=policy, curriculum=curriculum, waivers=waivers, today=now.date())

        pairs, audited, run_syllabi = _register_inputs(result, sha_of)
        outcome = register.record_run(
            run_id,
            pairs,
            audited_courses=audited,
            when=now,
            policy={"review_working_days": policy.procedure.review_working_days,
                    "cause_analysis_weeks": policy.procedure.cause_analysis_weeks},
            tool_version=TOOL_VERSION,
            policy_version=policy.fingerprint[:16],
            syllabi=run_syllabi,
        )
        report = build_run_report(register, run_id, settings.lang)
    out_dir = Path(settings.out) / run_id
    paths = render_reports(report, out_dir, settings.formats)
    verdicts = Counter(d.verdict.value if d.syllabus is not None else "unreadable" for d in result.documents)
    return AuditOutcome(run_id, out_dir, len(files), duplicates or {}, result, outcome, paths,
                        time.monotonic() - started, verdicts)


def _register_inputs(result: AuditResult, sha_of: dict[str, str]):
    """Findings with their syllabus, the courses audited, and the per-syllabus summaries."""
    pairs = []
    audited: list[SyllabusRef] = []
    run_syllabi = []
    for doc in result.documents:
        path = Path(doc.file)
        file_ref = unreadable_ref(path, sha_of.get(doc.file))
        # The file itself was looked at tonight: a record about it being unreadable can resolve.
        audited.append(file_ref)
        ref = syllabus_ref(doc.syllabus) if doc.syllabus is not None else file_ref
        if doc.syllabus is not None:
            audited.append(ref)
        pairs.extend((f, ref) for f in doc.findings if not f.waived)
        active = [f for f in doc.findings if not f.waived]
        counts = Counter(f.severity.value for f in active)
        run_syllabi.append({
            "file": doc.file,
            "file_sha256": sha_of.get(doc.file),
            "course_code": ref.course_code,
            "course_title": ref.course_title,
            "programme": ref.programme,
            "department": ref.department,
            "language": doc.syllabus.language.value if doc.syllabus is not None and doc.syllabus.language else None,
            "verdict": doc.verdict.value if doc.syllabus is not None else None,
            "findings": len(active),
            "major": counts["major"],
            "minor": counts["minor"],
            "observation": counts["observation"],
            "error": str(doc.error) if doc.error is not None else None,
        })
    return pairs, audited, run_syllabi


def course_keys(refs: Iterable[SyllabusRef]) -> set[str]:
    return {course_key_of(r) for r in refs}
