"""What people do to records: plan a corrective action, close, verify. Each function works in the
caller's transaction (``Register.write()``), checks the allowed transitions and raises a
``RegisterError`` with a message for the QA office when something is not allowed.

Allowed, by a person:

============================  ====================================================
from                          action → to
============================  ====================================================
open, reopened                assign → action_planned; close → closed
action_planned                assign (another / updated action) → action_planned; close → closed
resolved (by the audit)       assign (cause still to remove) → resolved; close → closed; verify → verified
closed                        assign → closed; verify → verified (once a run audited the syllabus after closing)
verified                      nothing (final until the audit finds the defect again)
============================  ====================================================

The audit itself moves records open → resolved and resolved/closed/verified → reopened
(``lifecycle``). Closing a record whose defect the syllabus still has is allowed (the person may have
just fixed the file); if the next run still finds it, it is reopened as a recurrence.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from reports.records import Status
from reports.register.api import ASSIGN_TO as ASSIGN_TO  # defined with Record.may; enforced here
from reports.register.api import CLOSE_FROM as CLOSE_FROM
from reports.register.api import VERIFY_FROM as VERIFY_FROM
from reports.register.errors import ForbiddenTransition, InvalidInput, UnknownRecord

# the history in words, kept where `register show` reads it without SQLAlchemy (issue 13); named here for the web
from reports.register.history_words import history_text as history_text
from reports.register.lifecycle import set_status
from reports.register.schema import CorrectiveActionRow, NonconformityRow

S = Status


def load(session: Session, nc_id: str) -> NonconformityRow:
    nc_id = (nc_id or "").strip().upper()
    row = session.scalars(select(NonconformityRow).where(NonconformityRow.id == nc_id).with_for_update()).first()
    if row is None:
        raise UnknownRecord(nc_id)
    return row


def _need(value: str | None, what: str) -> str:
    value = (value or "").strip()
    if not value:
        raise InvalidInput(f"{what} is required")
    return value


def _forbidden(row: NonconformityRow, action: str, allowed: set[Status]) -> ForbiddenTransition:
    names = ", ".join(sorted(s.value for s in allowed))
    return ForbiddenTransition(f"{row.id} is {row.status}: it cannot be {action} (only when {names})")


def parse_date(value: str | date | datetime, what: str = "date") -> date:
    """ISO ``YYYY-MM-DD`` or the local ``DD.MM.YYYY``; anything else is refused (no guessing of
    day/month order)."""
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    text = str(value).strip()
    for fmt in ("%Y-%m-%d", "%d.%m.%Y"):
        try:
            return datetime.strptime(text, fmt).date()
        except ValueError:
            pass
    raise InvalidInput(f"{what} {text!r} is not a date: write it as YYYY-MM-DD (e.g. 2026-03-31) or DD.MM.YYYY")


def check_due(row: NonconformityRow, due: date) -> None:
    if due < row.detected_on:
        raise InvalidInput(
            f"due date {due.isoformat()} is before {row.id} was detected ({row.detected_on.isoformat()})"
        )


def assign(
    session: Session,
    nc_id: str,
    *,
    action: str,
    responsible: str,
    due: date | str,
    co_executors: Sequence[str] = (),
    result_mark: str | None = None,
    by: str,
    when: datetime | None = None,
) -> CorrectiveActionRow:
    """Appendix 1, columns 3-6: a corrective action, its deadline, responsible executor and
    co-executors (and, once known, the mark on the result)."""
    when = when or datetime.now()
    row = load(session, nc_id)
    action, responsible, by = _need(action, "the corrective action"), _need(responsible, "the responsible person"), _need(by, "who ('--by')")
    due = parse_date(due, "due date")
    status = Status(row.status)
    if status not in ASSIGN_TO:
        raise _forbidden(row, "given a corrective action", set(ASSIGN_TO))
    check_due(row, due)
    entry = CorrectiveActionRow(
        action=action,
        responsible=responsible,
        co_executors=[c.strip() for c in co_executors if c and c.strip()],
        due=due,
        result_mark=(result_mark or None),
        created_at=when,
        created_by=by,
    )
    row.actions.append(entry)
    set_status(row, ASSIGN_TO[status].value, when, by,
               f"corrective action: {action} (responsible {responsible}, due {due.isoformat()})")
    return entry


def update_action(
    row: NonconformityRow,
    entry: CorrectiveActionRow,
    *,
    responsible: str,
    due: date,
    co_executors: Sequence[str],
    result_mark: str | None,
    by: str,
    when: datetime,
) -> None:
    """Change the responsible person, deadline, co-executors or result mark of an existing action;
    the change is noted in the history (status unchanged)."""
    if Status(row.status) not in ASSIGN_TO:
        raise _forbidden(row, "changed", set(ASSIGN_TO))
    check_due(row, due)
    changes = []
    for name, new in (("responsible", responsible), ("due", due), ("co_executors", list(co_executors)),
                      ("result_mark", result_mark or None)):
        old = getattr(entry, name)
        if old != new:
            changes.append(f"{name}: {old if old not in (None, []) else '-'} → {new if new not in (None, []) else '-'}")
            setattr(entry, name, new)
    if changes:
        set_status(row, row.status, when, by, "corrective action updated: " + "; ".join(changes))


def set_analysis(row: NonconformityRow, *, correction: str | None, root_cause: str | None) -> None:
    row.correction = (correction or "").strip() or None
    row.root_cause = (root_cause or "").strip() or None


def set_root_cause(row: NonconformityRow, root_cause: str | None, *, by: str, when: datetime) -> None:
    """Record (or clear) the root cause found by the analysis (clause 39); the history says so."""
    cause = (root_cause or "").strip() or None
    if cause == row.root_cause:
        return
    set_analysis(row, correction=row.correction, root_cause=cause)
    set_status(row, row.status, when, _need(by, "who ('--by')"), f"root cause: {cause or '-'}")


def close(session: Session, nc_id: str, *, comment: str, by: str, when: datetime | None = None) -> NonconformityRow:
    row = load(session, nc_id)
    comment, by = _need(comment, "a comment (what was done)"), _need(by, "who ('--by')")
    if Status(row.status) not in CLOSE_FROM:
        raise _forbidden(row, "closed", CLOSE_FROM)
    set_status(row, Status.closed.value, when or datetime.now(), by, comment)
    return row


def _since(row: NonconformityRow) -> datetime | None:
    """When the record took its current status (the latest change to it)."""
    times = [h.at for h in row.history if h.to_status == row.status]
    return max(times) if times else None


def verify(session: Session, nc_id: str, *, comment: str, by: str, when: datetime | None = None) -> NonconformityRow:
    """Clause 17: the corrective action was effective, the nonconformity did not recur.

    Only once an audit run has looked at the syllabus since the record was closed (a record resolved
    by the audit was, by that very run): effectiveness is what a later audit shows, not a person's word."""
    row = load(session, nc_id)
    comment, by = _need(comment, "a comment (how effectiveness was checked)"), _need(by, "who ('--by')")
    if Status(row.status) not in VERIFY_FROM:
        raise _forbidden(row, "verified", VERIFY_FROM)
    if Status(row.status) is S.closed:
        since = _since(row)
        if row.last_audited_at is None or (since is not None and row.last_audited_at <= since):
            raise ForbiddenTransition(
                f"{row.id} was closed{' on ' + since.strftime('%Y-%m-%d %H:%M') if since else ''} and no audit run "
                "has audited its syllabus since: verify it after the next run has checked the corrected syllabus"
            )
    set_status(row, Status.verified.value, when or datetime.now(), by, comment)
    return row
