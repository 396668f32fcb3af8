"""From the audit's findings to ``Nonconformity`` records (not yet in the register).

The fingerprint is ``reports.records.fingerprint``: rule + course (code, else title) + the
finding's logical key. The file's name, folder, format and line numbers never enter it, so a
renamed, moved or re-exported syllabus maps to the same record.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import datetime
from typing import TYPE_CHECKING, Any, TypeAlias

from checks.finding import Finding
from checks.policy import ProcedurePolicy
from reports.records import Nonconformity, SyllabusRef, course_identity, deadlines, fingerprint
from reports.safe_text import shown

if TYPE_CHECKING:
    from extractors.model import Sourced, Syllabus

# The policy's [procedure] part; a mapping of its keys is read through the same model, so the
# defaults (5 working days, clause 38; 4 weeks, clause 39) are written once, in checks.policy.
Deadlines: TypeAlias = ProcedurePolicy | Mapping[str, Any] | None


def policy_days(policy: Deadlines) -> tuple[int, int]:
    procedure = policy if isinstance(policy, ProcedurePolicy) else ProcedurePolicy.model_validate(policy or {})
    return procedure.review_working_days, procedure.cause_analysis_weeks


def course_key_of(ref: SyllabusRef) -> str:
    """Which syllabus a ref is, for deciding what was audited: same rule as the fingerprint's (its
    ``identity`` when the run set one, else the course identity: code, else title, else content)."""
    return ref.identity or course_identity(ref.course_code, ref.course_title, ref.file_sha256)


def syllabus_ref(syllabus: Syllabus) -> SyllabusRef:
    """A ``SyllabusRef`` from an extracted ``extractors.model.Syllabus``."""
    ident = syllabus.identity

    def value(sourced: Sourced[Any] | None) -> str | None:
        return None if sourced is None else str(sourced.value)

    programme = " ".join(p for p in (value(ident.programme_code), value(ident.programme_name)) if p) or None
    return SyllabusRef(
        course_code=value(ident.course_code),
        course_title=value(ident.course_title),
        programme=programme,
        department=value(ident.department),
        # the register holds text UTF-8 can encode: a name's undecodable bytes as \xe9, as the
        # audit already names them (``pipeline.discovery.name_text``); escaping twice changes nothing
        file=shown(syllabus.file),
        file_sha256=syllabus.document.sha256,
    )


def _with_course(finding: Finding, ref: SyllabusRef) -> Finding:
    if finding.course_code or not ref.course_code:
        return finding
    return finding.model_copy(update={"course_code": ref.course_code})


def build_records(
    findings_with_syllabi: Iterable[tuple[Finding, SyllabusRef]],
    run_id: str,
    when: datetime,
    policy: Deadlines = None,
) -> dict[str, Nonconformity]:
    """One ``Nonconformity`` per fingerprint.

    - Waived findings are accepted deviations, not nonconformities: they make no record (and a
      record whose finding becomes waived is resolved like any finding that went away).
    - The same defect found in two files of one syllabus (e.g. the DOCX and its PDF export side by
      side) is one record; the other files are listed in ``evidence['also_found_in']``. Two
      *different* syllabi that claim one course are told apart by ``ref.identity`` beforehand
      (``identity.assign_identities``), so they never reach this merge.
    - ``root_cause`` (a key of another finding of the same syllabus) becomes that finding's fingerprint.
    """
    review_days, cause_weeks = policy_days(policy)
    review, cause = deadlines(when.date(), review_days, cause_weeks)
    pairs = [(_with_course(f, ref), ref) for f, ref in findings_with_syllabi if not f.waived]

    prints: list[str] = []
    by_key: dict[tuple[str, str], str] = {}
    for finding, ref in pairs:
        fp = fingerprint(finding, course_title=ref.course_title, file_sha256=ref.file_sha256, identity=ref.identity)
        prints.append(fp)
        by_key.setdefault((course_key_of(ref), finding.key), fp)

    records: dict[str, Nonconformity] = {}
    for (finding, ref), fp in zip(pairs, prints):
        if fp in records:
            also = records[fp].evidence.setdefault("also_found_in", [])
            where = finding.evidence.file or ref.file
            if where not in (records[fp].syllabus.file, records[fp].evidence.get("file")) and where not in also:
                also.append(where)
            if not also:
                del records[fp].evidence["also_found_in"]
            continue
        root = None
        if finding.root_cause:
            root = by_key.get((course_key_of(ref), finding.root_cause))
            root = None if root == fp else root
        evidence = finding.evidence.model_dump(mode="json")
        if finding.waiver:
            evidence["waiver"] = finding.waiver
        records[fp] = Nonconformity(
            fingerprint=fp,
            syllabus=ref,
            rule=finding.rule,
            rule_name=finding.name,
            severity=finding.severity,
            kind=finding.kind,
            requirement=finding.requirement,
            description=finding.message,
            expected=finding.evidence.expected,
            actual=finding.evidence.actual,
            evidence=evidence,
            root_cause_fingerprint=root,
            detected_on=when.date(),
            first_run=run_id,
            last_seen_run=run_id,
            review_deadline=review,
            cause_analysis_deadline=cause,
        )
    return records
