"""Nonconformity records: a ``Finding`` made into what the corrective-action procedure acts on.

Fields serve procedure 001's Appendix 1 (plan: №, nonconformity / potential nonconformity,
corrective actions, deadline, responsible executor and co-executors, mark on the result),
Appendix 2 (the report) and ISO 9001 clause 10.2.

The fingerprint identifies *the defect*, not the file: rule, course and the finding's logical key.
Renaming, moving or re-exporting a syllabus keeps it; two distinct defects never share it. When two
different syllabi of one run claim the same course (a misread or shared title), each is keyed apart
(``SyllabusRef.identity``, decided by ``reports.register.identity``), so they never share a record.
"""

from __future__ import annotations

import functools
import hashlib
import re
import unicodedata
from datetime import date, datetime, timedelta
from typing import Any

from pydantic import BaseModel, ConfigDict, Field

from checks.finding import Finding, Kind, Messages, Severity

# the statuses live without pydantic, for the commands' options (``reports.status``)
from reports.status import OPEN_ALL as OPEN_ALL
from reports.status import OPEN_STATUSES as OPEN_STATUSES
from reports.status import Status as Status


class CorrectiveAction(BaseModel):
    model_config = ConfigDict(extra="forbid")
    action: str
    responsible: str
    co_executors: list[str] = Field(default_factory=list)
    due: date | None = None
    result_mark: str | None = Field(None, description="Appendix 1, column 6: mark on the result")


class StatusChange(BaseModel):
    model_config = ConfigDict(extra="forbid")
    at: datetime
    by: str = Field(description="a person's name, or 'run:<run id>' for the audit itself")
    from_status: Status | None
    to_status: Status
    comment: str = ""


class SyllabusRef(BaseModel):
    """Which syllabus the record is about, as the QA office names it."""

    model_config = ConfigDict(extra="forbid")
    course_code: str | None = None
    course_title: str | None = None
    programme: str | None = None
    department: str | None = None
    file: str
    file_sha256: str | None = None
    identity: str | None = Field(
        None, description="the syllabus's key in the register when it is not the course identity alone: "
        "set when two different syllabi of one run claim the same course (see register.identity)")
    copies: list[str] = Field(default_factory=list, description="the files of this syllabus seen in the run "
                              "(its DOCX, PDF, .doc...), when more than one")


class Nonconformity(BaseModel):
    model_config = ConfigDict(extra="forbid")
    id: str | None = Field(None, description="NC-YYYY-NNNN, assigned by the register, never reused")
    fingerprint: str
    syllabus: SyllabusRef
    rule: str
    rule_name: str
    severity: Severity
    kind: Kind
    requirement: str
    description: Messages
    expected: str | None = None
    actual: str | None = None
    evidence: dict[str, Any] = Field(default_factory=dict)
    root_cause_fingerprint: str | None = None
    detected_on: date
    first_run: str
    last_seen_run: str
    review_deadline: date = Field(description="procedure clause 38: reviewed within N working days")
    cause_analysis_deadline: date = Field(description="procedure clause 39: causes analysed within N weeks")
    correction: str | None = None
    root_cause: str | None = None
    corrective_actions: list[CorrectiveAction] = Field(default_factory=list)
    status: Status = Status.open
    recurrences: int = 0
    history: list[StatusChange] = Field(default_factory=list)

    def as_record(self) -> dict[str, Any]:
        return self.model_dump(mode="json")


# Cached: a run asks for the same few course codes and titles thousands of times (every finding's
# fingerprint, every audited file's course key), and NFKC + casefold + a regex each time was a
# third of building a warm 300-file night's records and keys (7 of 22 ms CPU). A pure function of
# its text; bounded for a long-lived process (the web).
@functools.lru_cache(maxsize=8192)
def _normalise(text: str | None) -> str:
    text = unicodedata.normalize("NFKC", text or "").casefold()
    return re.sub(r"\W+", " ", text).strip()


def course_identity(course_code: str | None, course_title: str | None, file_sha256: str | None) -> str:
    """The course part of a fingerprint: the code, else the title, else (last resort) the content."""
    if course_code and _normalise(course_code):
        return "code:" + _normalise(course_code).replace(" ", "")
    if course_title and _normalise(course_title):
        return "title:" + _normalise(course_title)
    return "sha256:" + (file_sha256 or "")


def fingerprint(finding: Finding, course_title: str | None = None, file_sha256: str | None = None,
                identity: str | None = None) -> str:
    """Stable identity of a defect: rule + syllabus + the finding's logical key. The syllabus is
    ``identity`` when given (``SyllabusRef.identity``), else the course identity."""
    syllabus = identity or course_identity(finding.course_code, course_title, file_sha256)
    parts = [finding.rule, syllabus, finding.key]
    return hashlib.sha256("\x1f".join(parts).encode("utf-8")).hexdigest()[:32]


def add_working_days(start: date, days: int) -> date:
    """Monday-Friday working days (public holidays are not modelled)."""
    current = start
    added = 0
    while added < days:
        current += timedelta(days=1)
        if current.weekday() < 5:
            added += 1
    return current


def deadlines(detected_on: date, review_working_days: int = 5, cause_analysis_weeks: int = 4) -> tuple[date, date]:
    """Clause 38 (review within 5 working days) and clause 39 (cause analysis within 4 weeks)."""
    return add_working_days(detected_on, review_working_days), detected_on + timedelta(weeks=cause_analysis_weeks)
