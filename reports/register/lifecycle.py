"""What one audit run does to the register.

``apply_run`` works inside the caller's transaction and never commits: the whole run is applied or
none of it (``Register.record_run`` wraps it in one transaction under the run lock).

For each defect found in the run (by fingerprint):

- not in the register: a new record, status ``open``, id ``NC-YYYY-NNNN`` (year of the run),
  deadlines from policy (review: N working days, clause 38; cause analysis: N weeks, clause 39);
- in the register and open (``open``, ``action_planned``, ``reopened``): still open; its last-seen
  run and the observed details (file name, actual values, message) are refreshed;
- in the register and ``resolved``, ``closed`` or ``verified``: it came back. The record is
  ``reopened``, its recurrence count goes up (clause 17: the corrective action did not work), and
  both deadlines start again from this run's date, because the QA office has new information to
  review and a failed action whose cause must be analysed again.

For each open record whose defect was *not* found in the run:

- its syllabus (course) was audited in this run: the defect is gone, the record is ``resolved``
  by the run (kept, never deleted; a person then closes and verifies it);
- its syllabus was *not* audited in this run (the file was deleted or moved out of the audited
  folder, or could not be read this night): nothing is concluded. Absence of the file is not
  evidence that the defect was corrected, and a QA office would not want a nonconformity to vanish
  because a file was taken away. The record keeps its status and is marked
  ``unaudited_since_run`` (the first run that did not see its syllabus), which lists and reports
  show as "syllabus not audited since run X". The mark is cleared as soon as the syllabus is audited
  again. If the course really was withdrawn, a person closes the record with that comment.

Every status change is appended to the history with ``by = "run:<run id>"``, the time and a comment.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from reports.records import Nonconformity, Status, deadlines
from reports.register.build import Deadlines, policy_days
from reports.register.convert import OBSERVATION_FIELDS, new_row, observation
from reports.register.errors import RunAlreadyRecorded
from reports.register.schema import IdCounterRow, NonconformityRow, RunRow, StatusHistoryRow

OPEN = Status.open_values()  # the one definition: reports.records.OPEN_STATUSES
CLOSED_LIKE = (Status.resolved.value, Status.closed.value, Status.verified.value)
CHUNK = 500


@dataclass
class RunOutcome:
    """Ids of the records each run touched, by what happened to them: the register's part of a
    run's result. ``record_run`` returns it alone (register tools, the web); the nightly audit
    holds it as the ``records`` part of its one run result, ``pipeline.audit.AuditRun``."""

    run_id: str
    new: list[str] = field(default_factory=list)
    still_open: list[str] = field(default_factory=list)
    resolved: list[str] = field(default_factory=list)
    recurred: list[str] = field(default_factory=list)
    unaudited: list[str] = field(default_factory=list)

    # what a run can do to a record, in the order people read them (and the runs table's columns)
    CHANGES = ("new", "still_open", "resolved", "recurred", "unaudited")

    def counts(self) -> dict[str, int]:
        return {k: len(getattr(self, k)) for k in self.CHANGES}

    @property
    def found_defects(self) -> bool:
        """The run found defects the QA office must act on: new ones, or ones that came back."""
        return bool(self.new or self.recurred)

    def summary(self) -> str:
        c = self.counts()
        return (
            f"run {self.run_id}: {c['new']} new, {c['still_open']} still open, {c['resolved']} resolved, "
            f"{c['recurred']} recurred, {c['unaudited']} open on syllabi not audited this run"
        )


def set_status(row: NonconformityRow, to: str, at: datetime, by: str, comment: str = "") -> None:
    row.history.append(StatusHistoryRow(at=at, by=by, from_status=row.status, to_status=to, comment=comment))
    row.status = to


class IdAllocator:
    """NC-YYYY-NNNN from ``id_counters``: the counter only ever goes up, so ids are never reused,
    even after rows are deleted. Read under the write transaction's lock (FOR UPDATE on servers)."""

    def __init__(self, session: Session):
        self.session = session
        self.counters: dict[int, IdCounterRow] = {}

    def next(self, year: int) -> str:
        counter = self.counters.get(year)
        if counter is None:
            counter = self.session.scalars(
                select(IdCounterRow).where(IdCounterRow.year == year).with_for_update()
            ).first()
            if counter is None:
                # guard against a register whose counter row was lost: never go below existing ids
                prefix = f"NC-{year}-"
                ids = self.session.scalars(select(NonconformityRow.id).where(NonconformityRow.id.like(prefix + "%")))
                highest = max((int(i[len(prefix):]) for i in ids if i[len(prefix):].isdigit()), default=0)
                counter = IdCounterRow(year=year, last=highest)
                self.session.add(counter)
            self.counters[year] = counter
        counter.last += 1
        return f"NC-{year}-{counter.last:04d}"


def _rows_by_fingerprint(session: Session, prints: list[str]) -> dict[str, NonconformityRow]:
    found: dict[str, NonconformityRow] = {}
    for i in range(0, len(prints), CHUNK):
        chunk = prints[i : i + CHUNK]
        stmt = select(NonconformityRow).where(NonconformityRow.fingerprint.in_(chunk)).with_for_update()
        for row in session.scalars(stmt):
            found[row.fingerprint] = row
    return found


def _observed(session: Session, prints: list[str]) -> dict[str, Any]:
    """The register's rows of these fingerprints, as plain rows of the columns ``apply_run`` compares
    (status and the observation), locked as ``_rows_by_fingerprint`` locks them."""
    nc = NonconformityRow.__table__
    columns = [nc.c.id, nc.c.fingerprint, nc.c.status, *(nc.c[name] for name in OBSERVATION_FIELDS)]
    found: dict[str, Any] = {}
    for i in range(0, len(prints), CHUNK):
        stmt = select(*columns).where(nc.c.fingerprint.in_(prints[i : i + CHUNK])).with_for_update()
        for row in session.execute(stmt):
            found[row.fingerprint] = row
    return found


def _seen_again(session: Session, ids: list[str], run_id: str) -> None:
    """Records still open and observed as before: seen by this run, and audited (what assigning the
    two columns on each mapped row wrote)."""
    for i in range(0, len(ids), CHUNK):
        session.execute(
            update(NonconformityRow).where(NonconformityRow.id.in_(ids[i : i + CHUNK]))
            .values(last_seen_run=run_id, unaudited_since_run=None).execution_options(synchronize_session=False)
        )


def _rows_by_id(session: Session, ids: list[str]) -> dict[str, NonconformityRow]:
    found: dict[str, NonconformityRow] = {}
    for i in range(0, len(ids), CHUNK):
        stmt = select(NonconformityRow).where(NonconformityRow.id.in_(ids[i : i + CHUNK])).with_for_update()
        for row in session.scalars(stmt):
            found[row.id] = row
    return found


def apply_run(
    session: Session,
    run_id: str,
    records_by_fingerprint: Mapping[str, Nonconformity],
    audited_courses: Collection[str],
    when: datetime,
    *,
    policy: Deadlines = None,
    tool_version: str | None = None,
    policy_version: str | None = None,
    started: datetime | None = None,
    syllabi_audited: int | None = None,
    collisions: list[dict[str, Any]] | None = None,
) -> RunOutcome:
    """Apply one run's findings to the register (see the module docstring for the rules).

    ``records_by_fingerprint``: built by ``build.build_records``; ``audited_courses``: course keys
    (``build.course_key_of``) of every syllabus read and checked in this run. ``syllabi_audited``:
    how many syllabi that was (copies counted once; default: the number of keys). ``collisions``:
    different syllabi that claimed one course identity (``identity.Collision.as_record``).
    Every record whose syllabus was audited is marked with this run (``last_audited_run``),
    whatever its status: ``human.verify`` needs such a run after the record was closed.
    """
    if session.get(RunRow, run_id) is not None:
        raise RunAlreadyRecorded(run_id)
    by = f"run:{run_id}"
    outcome = RunOutcome(run_id)
    audited = set(audited_courses)
    review_days, cause_weeks = policy_days(policy)
    ids = IdAllocator(session)

    # The records of the defects found, read first as plain rows: a record still open whose
    # observation is unchanged (nearly every one, on a warm night) only needs its last-seen run, and
    # gets it in one UPDATE with the others; only the rest are loaded as mapped rows and changed one
    # by one (making a mapped row of each, and flushing each, was most of recording a warm night).
    seen = _observed(session, list(records_by_fingerprint))
    observed = {fp: observation(records_by_fingerprint[fp]) for fp in seen}
    unchanged = {fp for fp, r in seen.items() if r.status not in CLOSED_LIKE
                 and all(getattr(r, name) == value for name, value in observed[fp].items() if name in OBSERVATION_FIELDS)}
    existing = _rows_by_fingerprint(session, [fp for fp in records_by_fingerprint if fp in seen and fp not in unchanged])
    for fp, nc in records_by_fingerprint.items():
        if fp in unchanged:
            outcome.still_open.append(seen[fp].id)
            continue
        row = existing.get(fp)
        if row is None:
            row = new_row(nc, ids.next(when.year))
            row.history.append(
                StatusHistoryRow(at=when, by=by, from_status=None, to_status=Status.open.value, comment="detected")
            )
            session.add(row)
            outcome.new.append(row.id)
            continue
        for name, value in observed[fp].items():
            if name in OBSERVATION_FIELDS and getattr(row, name) != value:
                setattr(row, name, value)
        row.last_seen_run = run_id
        row.unaudited_since_run = None
        if row.status in CLOSED_LIKE:
            previous = row.status
            row.recurrences = (row.recurrences or 0) + 1
            row.review_deadline, row.cause_analysis_deadline = deadlines(when.date(), review_days, cause_weeks)
            set_status(
                row, Status.reopened.value, when, by,
                f"found again after it was {previous}: recurrence {row.recurrences}; "
                "the corrective action did not prevent it (clause 17)",
            )
            outcome.recurred.append(row.id)
        else:
            outcome.still_open.append(row.id)

    _seen_again(session, [seen[fp].id for fp in records_by_fingerprint if fp in unchanged], run_id)

    # The open records the run did not find: their ids first, the rows then, in that order (the
    # order of the open rows, as this pass has always taken them). A warm night finds again
    # nearly every open record, and loading each of those rows a second time was most of this pass.
    open_ids = session.execute(
        select(NonconformityRow.id, NonconformityRow.fingerprint).where(NonconformityRow.status.in_(OPEN)).with_for_update()
    )
    gone = [nc_id for nc_id, fp in open_ids if fp not in records_by_fingerprint]
    gone_rows = _rows_by_id(session, gone)
    for row in (gone_rows[nc_id] for nc_id in gone):
        if row.course_key in audited:
            row.unaudited_since_run = None
            set_status(row, Status.resolved.value, when, by, "no longer found: the audited syllabus meets the requirement")
            outcome.resolved.append(row.id)
        else:
            if row.unaudited_since_run is None:
                row.unaudited_since_run = run_id
            outcome.unaudited.append(row.id)

    counts = outcome.counts()
    session.add(
        RunRow(
            id=run_id,
            started=started or when,
            finished=datetime.now() if started else when,
            status="completed",
            tool_version=tool_version,
            policy_version=policy_version,
            syllabi_audited=len(audited) if syllabi_audited is None else syllabi_audited,
            findings=len(records_by_fingerprint),
            new=counts["new"],
            still_open=counts["still_open"],
            resolved=counts["resolved"],
            recurred=counts["recurred"],
            unaudited=counts["unaudited"],
            collisions=collisions or None,
        )
    )
    session.flush()
    keys = sorted(audited)
    for i in range(0, len(keys), CHUNK):
        session.execute(
            update(NonconformityRow).where(NonconformityRow.course_key.in_(keys[i : i + CHUNK]))
            .values(last_audited_run=run_id, last_audited_at=when).execution_options(synchronize_session=False)
        )
    return outcome
