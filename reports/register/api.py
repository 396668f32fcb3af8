"""What the register's users get back: typed, detached results of ``store.Register``'s methods.

The commands and the web pages work with the register through ``store.Register`` only: its
methods take plain values and return the classes below, never an ORM row or a session. So the
table layout (``schema``), the conversion (``convert``) and SQLAlchemy stay inside the register,
and these results can be passed around after the register is closed.

Why ``Register`` stays in ``store``: it is the one class that holds the engine, and every method
is one transaction there; this module is the vocabulary of its interface, kept free of SQLAlchemy
so that a command's options and ``--help`` can be built from it without paying for the database.

- ``Record``: one nonconformity as the register holds it, with its corrective actions and history,
  plus what only the register knows (``unaudited_since_run``, ``last_audited_at``, ``version``).
  ``Record.nonconformity()`` gives the ``reports.records.Nonconformity`` the reports read.
- ``evidence.RecordEvidence`` (``Record.typed_evidence``): the evidence of a record, typed: ``checks.finding.Evidence`` and what the
  register adds (``also_found_in``, ``waiver``). Expected and actual values are stored once, in
  the record's own columns (revision 0007), and put back into the evidence when it is read.
- ``RecordQuery``: which records ``Register.records`` returns.
- ``Run``, ``RunSyllabus``: a recorded audit run and what it made of each syllabus.
"""

from __future__ import annotations

import hashlib
from collections.abc import Collection, Iterable, Mapping
from dataclasses import asdict, dataclass, field
from datetime import date, datetime
from typing import TYPE_CHECKING, Any

from reports.status import Status, overdue_deadlines

if TYPE_CHECKING:
    from reports.records import Nonconformity
    from reports.register.evidence import RecordEvidence

__all__ = ["ASSIGN_TO", "CLOSE_FROM", "SPLIT_EVIDENCE", "VERIFY_FROM", "Action", "Change", "Record", "RecordQuery",
           "Run", "RunSyllabus", "evidence_as_read", "evidence_to_store", "record_evidence", "record_from"]


# What a person may do to a record, by its status (the table in ``human``'s docstring): defined here
# so that a page can offer only the allowed forms from a ``Record`` alone; ``human`` enforces them.
S = Status
ASSIGN_TO = {S.open: S.action_planned, S.reopened: S.action_planned, S.action_planned: S.action_planned,
             S.resolved: S.resolved, S.closed: S.closed}
CLOSE_FROM = {S.open, S.action_planned, S.reopened, S.resolved}
VERIFY_FROM = {S.closed, S.resolved}
_ALLOWED: dict[str, Collection[Status]] = {"assign": ASSIGN_TO, "close": CLOSE_FROM, "verify": VERIFY_FROM}


@dataclass(frozen=True)
class Action:
    """A corrective action (Appendix 1, columns 3-6)."""

    id: int
    action: str
    responsible: str
    co_executors: list[str]
    due: date | None
    result_mark: str | None
    created_at: datetime
    created_by: str


@dataclass(frozen=True)
class Change:
    """One entry of a record's status history (append-only)."""

    id: int
    at: datetime
    by: str
    from_status: str | None
    to_status: str
    comment: str


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


def record_evidence(data: Mapping[str, Any] | None) -> RecordEvidence:
    """The typed ``evidence.RecordEvidence`` of an evidence dict."""
    from reports.register.evidence import RecordEvidence

    return RecordEvidence.model_validate(dict(data or {}))


@dataclass(frozen=True)
class Record:
    """One nonconformity as the register holds it (the columns of ``nonconformities``), detached."""

    id: str
    fingerprint: str
    course_key: str
    course_code: str | None
    course_title: str | None
    programme: str | None
    department: str | None
    file: str
    file_sha256: str | None
    rule: str
    rule_name: str
    severity: str
    kind: str
    requirement: str
    description_kk: str
    description_ru: str
    description_en: str
    expected: str | None
    actual: str | None
    evidence: dict[str, Any]  # as the reports read it; ``typed_evidence`` for the model
    root_cause_fingerprint: str | None
    detected_on: date
    first_run: str
    last_seen_run: str
    unaudited_since_run: str | None
    review_deadline: date
    cause_analysis_deadline: date
    correction: str | None
    root_cause: str | None
    status: str
    recurrences: int
    last_audited_run: str | None
    last_audited_at: datetime | None
    actions: list[Action] = field(default_factory=list)
    history: list[Change] = field(default_factory=list)

    def may(self, action: str) -> bool:
        """Whether a person may ``assign`` (plan a corrective action), ``close`` or ``verify`` the
        record in its status (``verify`` of a closed record also waits for a later run: ``human.verify``)."""
        return Status(self.status) in _ALLOWED[action]

    def description(self, lang: str) -> str:
        return getattr(self, f"description_{lang}", None) or self.description_en

    @property
    def typed_evidence(self) -> RecordEvidence:
        """The evidence as a ``RecordEvidence`` model."""
        return record_evidence(self.evidence)

    @property
    def latest_due(self) -> date | None:
        return self.actions[-1].due if self.actions else None

    @property
    def version(self) -> str:
        """A token of the state people act on: status, the last history entry, the actions and the
        analysis. Every change by a person, an import or a run moves at least one of them, so a form
        filled in against an older state is refused instead of overwriting what someone else did."""
        last = max((h.id or 0 for h in self.history), default=0)
        actions = [(a.id, a.responsible, str(a.due), a.result_mark) for a in self.actions]
        text = repr((self.status, last, len(self.history), actions, self.root_cause, self.correction))
        return hashlib.sha256(text.encode("utf-8")).hexdigest()[:20]

    def overdue(self, today: date) -> list[str]:
        """The deadlines that have passed with the work not done (``overdue_deadlines``, the
        reports' reading too), counted on ``today`` rather than on a run's date."""
        return overdue_deadlines(self.status, self.actions, self.root_cause, self.review_deadline,
                                 self.cause_analysis_deadline, today)

    def nonconformity(self) -> Nonconformity:
        """The ``reports.records.Nonconformity`` contract the reports read."""
        from checks.finding import Kind, Messages, Severity
        from reports.records import CorrectiveAction, Nonconformity, StatusChange, SyllabusRef

        return Nonconformity(
            id=self.id,
            fingerprint=self.fingerprint,
            syllabus=SyllabusRef(
                course_code=self.course_code, course_title=self.course_title, programme=self.programme,
                department=self.department, file=self.file, file_sha256=self.file_sha256,
                # a syllabus kept apart from another that claimed its course (identity.path_keys)
                identity=self.course_key if "@" in (self.course_key or "") else None,
            ),
            rule=self.rule, rule_name=self.rule_name, severity=Severity(self.severity), kind=Kind(self.kind),
            requirement=self.requirement,
            description=Messages(kk=self.description_kk, ru=self.description_ru, en=self.description_en),
            expected=self.expected, actual=self.actual, evidence=dict(self.evidence),
            root_cause_fingerprint=self.root_cause_fingerprint, detected_on=self.detected_on,
            first_run=self.first_run, last_seen_run=self.last_seen_run, review_deadline=self.review_deadline,
            cause_analysis_deadline=self.cause_analysis_deadline, correction=self.correction,
            root_cause=self.root_cause,
            corrective_actions=[CorrectiveAction(action=a.action, responsible=a.responsible,
                                                 co_executors=list(a.co_executors), due=a.due,
                                                 result_mark=a.result_mark) for a in self.actions],
            status=Status(self.status), recurrences=self.recurrences,
            history=[StatusChange(at=h.at, by=h.by, from_status=None if h.from_status is None else Status(h.from_status),
                                  to_status=Status(h.to_status), comment=h.comment) for h in self.history],
        )

    def as_record(self) -> dict[str, Any]:
        """The JSON of ``register list/show --format json``: the ``Nonconformity`` and the syllabus's
        audit gap."""
        rec = self.nonconformity().as_record()
        rec["unaudited_since_run"] = self.unaudited_since_run
        return rec


def record_from(row: Any, actions: Iterable[Any], history: Iterable[Any]) -> Record:
    """The ``Record`` of a ``nonconformities`` row and its ``corrective_actions`` and
    ``status_history`` rows (in id order), each given as an object with the table's columns as
    attributes: the one conversion, for the SQLAlchemy rows (``convert.to_record``) and for the
    rows ``sqlite_read`` reads without SQLAlchemy."""
    return Record(
        id=row.id, fingerprint=row.fingerprint, course_key=row.course_key, course_code=row.course_code,
        course_title=row.course_title, programme=row.programme, department=row.department, file=row.file,
        file_sha256=row.file_sha256, rule=row.rule, rule_name=row.rule_name, severity=row.severity,
        kind=row.kind, requirement=row.requirement, description_kk=row.description_kk,
        description_ru=row.description_ru, description_en=row.description_en, expected=row.expected,
        actual=row.actual, evidence=evidence_as_read(row.evidence, row.expected, row.actual),
        root_cause_fingerprint=row.root_cause_fingerprint,
        detected_on=row.detected_on, first_run=row.first_run, last_seen_run=row.last_seen_run,
        unaudited_since_run=row.unaudited_since_run, review_deadline=row.review_deadline,
        cause_analysis_deadline=row.cause_analysis_deadline, correction=row.correction, root_cause=row.root_cause,
        status=row.status, recurrences=row.recurrences or 0, last_audited_run=row.last_audited_run,
        last_audited_at=row.last_audited_at,
        actions=[Action(id=a.id, action=a.action, responsible=a.responsible, co_executors=list(a.co_executors or []),
                        due=a.due, result_mark=a.result_mark, created_at=a.created_at, created_by=a.created_by)
                 for a in actions],
        history=[Change(id=h.id, at=h.at, by=h.by, from_status=h.from_status, to_status=h.to_status,
                        comment=h.comment or "") for h in history],
    )


@dataclass(frozen=True)
class RecordQuery:
    """Which records ``Register.records`` returns; every field left empty lets everything through.

    ``departments``: the record's department is one of these spellings (an empty collection: none
    at all; ``None``: no restriction). ``course``: a part of the course code or title, any case.
    ``first_run_after``: only records first found by a run that started after that run."""

    statuses: Collection[str] = ()
    departments: Collection[str] | None = None
    severities: Collection[str] = ()
    rule: str | None = None
    course: str | None = None
    first_run_after: str | None = None
    fingerprint: str | None = None
    root_cause_fingerprint: str | None = None
    ids: Collection[str] | None = None


@dataclass(frozen=True)
class Run:
    """A recorded audit run (the columns of ``runs``)."""

    id: str
    started: datetime
    finished: datetime | None
    status: str
    tool_version: str | None
    policy_version: str | None
    syllabi_audited: int
    findings: int
    new: int
    still_open: int
    resolved: int
    recurred: int
    unaudited: int
    collisions: list[dict[str, Any]] | None

    @property
    def open(self) -> int:
        """Records open after the run."""
        return self.new + self.still_open + self.recurred + self.unaudited


@dataclass(frozen=True)
class RunSyllabus:
    """What one run made of one syllabus it read (the columns of ``run_syllabi``)."""

    file: str
    file_sha256: str | None
    course_code: str | None
    course_title: str | None
    programme: str | None
    department: str | None
    language: str | None
    verdict: str | None
    findings: int
    major: int
    minor: int
    observation: int
    error: str | None
    coverage: dict[str, Any] | None
    copies: list[str] | None

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)

    def not_read(self) -> list[str]:
        """The parts of the syllabus the run could not read."""
        if not self.coverage:
            return []
        return [part for part, c in self.coverage.items() if isinstance(c, dict) and c.get("status") == "not_read"]
