"""Between register rows and the ``reports.records.Nonconformity`` contract the reports read."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

# the evidence's split and the conversion to a Record live in api, which the SQLAlchemy-free reader
# (sqlite_read) shares: one conversion
from reports.register.api import Record, Run, RunSyllabus, evidence_as_read, evidence_to_store, record_from  # noqa: F401
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
    return record_from(row, row.actions, row.history)


RUN_FIELDS = ("id", "started", "finished", "status", "tool_version", "policy_version", "syllabi_audited", "findings",
              "new", "still_open", "resolved", "recurred", "unaudited", "collisions")
RUN_SYLLABUS_FIELDS = ("file", "file_sha256", "course_code", "course_title", "programme", "department", "language",
                       "verdict", "findings", "major", "minor", "observation", "error", "coverage", "copies")


def to_run(row: RunRow) -> Run:
    return Run(**{name: getattr(row, name) for name in RUN_FIELDS})


def to_run_syllabus(row: RunSyllabusRow) -> RunSyllabus:
    return RunSyllabus(**{name: getattr(row, name) for name in RUN_SYLLABUS_FIELDS})
