"""Between register rows and the ``reports.records.Nonconformity`` contract the reports read."""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from reports.register.api import Action, Change, Record, Run, RunSyllabus
from reports.register.schema import NonconformityRow, RunRow, RunSyllabusRow

if TYPE_CHECKING:  # the pydantic models: reading a record for a listing needs none of them
    from reports.records import Nonconformity

# fields a later sighting of the same defect refreshes (the record shows the latest observation;
# the first detection date, run, id and deadlines stay)
OBSERVATION_FIELDS = (
    "course_key", "course_code", "course_title", "programme", "department", "file", "file_sha256",
    "rule_name", "severity", "kind", "requirement", "description_kk", "description_ru", "description_en",
    "expected", "actual", "evidence", "root_cause_fingerprint",
)


# Expected and actual values are kept once, in the record's own columns (revision 0007): the
# evidence JSON holds the rest of the finding's evidence, and gets them back when it is read.
SPLIT_EVIDENCE = ("expected", "actual")


def evidence_to_store(evidence: Mapping[str, Any] | None) -> dict[str, Any]:
    """The evidence JSON a record keeps: without the values its columns hold."""
    return {k: v for k, v in (evidence or {}).items() if k not in SPLIT_EVIDENCE}


def evidence_as_read(stored: Mapping[str, Any] | None, expected: str | None, actual: str | None) -> dict[str, Any]:
    """The evidence as the audit found it: a finding's evidence (it has a ``location``) gets its
    expected and actual values back from the columns, where the finding had them (after the
    location); an older register's partial evidence, or one that kept its own copy, is as stored."""
    ev = dict(stored or {})
    if "location" not in ev or any(k in ev for k in SPLIT_EVIDENCE):
        return ev
    out: dict[str, Any] = {}
    for k, v in ev.items():
        out[k] = v
        if k == "location":
            out.update(expected=expected, actual=actual)
    return out


def observation(nc: Nonconformity) -> dict[str, Any]:
    """The row columns that describe what was observed, from a freshly built record."""
    from reports.register.build import course_key_of  # the audit's side: reading a record needs none of it

    s = nc.syllabus
    return {
        "course_key": course_key_of(s),
        "course_code": s.course_code,
        "course_title": s.course_title,
        "programme": s.programme,
        "department": s.department,
        "file": s.file,
        "file_sha256": s.file_sha256,
        "rule_name": nc.rule_name,
        "severity": nc.severity.value,
        "kind": nc.kind.value,
        "requirement": nc.requirement,
        "description_kk": nc.description.kk,
        "description_ru": nc.description.ru,
        "description_en": nc.description.en,
        "expected": nc.expected,
        "actual": nc.actual,
        "evidence": evidence_to_store(nc.evidence),
        "root_cause_fingerprint": nc.root_cause_fingerprint,
    }


def new_row(nc: Nonconformity, nc_id: str) -> NonconformityRow:
    return NonconformityRow(
        id=nc_id,
        fingerprint=nc.fingerprint,
        rule=nc.rule,
        detected_on=nc.detected_on,
        first_run=nc.first_run,
        last_seen_run=nc.last_seen_run,
        review_deadline=nc.review_deadline,
        cause_analysis_deadline=nc.cause_analysis_deadline,
        status=nc.status.value,
        recurrences=0,
        **observation(nc),
    )


def to_model(row: NonconformityRow) -> Nonconformity:
    """The ``reports.records.Nonconformity`` of a row: its ``Record``'s, so there is one conversion."""
    return to_record(row).nonconformity()


def to_record(row: NonconformityRow) -> Record:
    """The detached, typed ``api.Record`` of a row (its actions and history loaded)."""
    return Record(
        id=row.id, fingerprint=row.fingerprint, course_key=row.course_key, course_code=row.course_code,
        course_title=row.course_title, programme=row.programme, department=row.department, file=row.file,
        file_sha256=row.file_sha256, rule=row.rule, rule_name=row.rule_name, severity=row.severity,
        kind=row.kind, requirement=row.requirement, description_kk=row.description_kk,
        description_ru=row.description_ru, description_en=row.description_en, expected=row.expected,
        actual=row.actual, evidence=evidence_as_read(row.evidence, row.expected, row.actual), root_cause_fingerprint=row.root_cause_fingerprint,
        detected_on=row.detected_on, first_run=row.first_run, last_seen_run=row.last_seen_run,
        unaudited_since_run=row.unaudited_since_run, review_deadline=row.review_deadline,
        cause_analysis_deadline=row.cause_analysis_deadline, correction=row.correction, root_cause=row.root_cause,
        status=row.status, recurrences=row.recurrences or 0, last_audited_run=row.last_audited_run,
        last_audited_at=row.last_audited_at,
        actions=[Action(id=a.id, action=a.action, responsible=a.responsible, co_executors=list(a.co_executors or []),
                        due=a.due, result_mark=a.result_mark, created_at=a.created_at, created_by=a.created_by)
                 for a in row.actions],
        history=[Change(id=h.id, at=h.at, by=h.by, from_status=h.from_status, to_status=h.to_status,
                        comment=h.comment or "") for h in row.history],
    )


RUN_FIELDS = ("id", "started", "finished", "status", "tool_version", "policy_version", "syllabi_audited", "findings",
              "new", "still_open", "resolved", "recurred", "unaudited", "collisions")
RUN_SYLLABUS_FIELDS = ("file", "file_sha256", "course_code", "course_title", "programme", "department", "language",
                       "verdict", "findings", "major", "minor", "observation", "error", "coverage", "copies")


def to_run(row: RunRow) -> Run:
    return Run(**{name: getattr(row, name) for name in RUN_FIELDS})


def to_run_syllabus(row: RunSyllabusRow) -> RunSyllabus:
    return RunSyllabus(**{name: getattr(row, name) for name in RUN_SYLLABUS_FIELDS})
