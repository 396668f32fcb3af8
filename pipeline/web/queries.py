"""What the pages read from the register: records filtered as the URL says, within what the user
may see, and the version of a record that a form was filled in against.

Filters live in the URL (``/records?status=open&department=...&overdue=1``) so a filtered view can
be sent as a link; ``Filters.from_args`` reads them and ``Filters.query`` writes them back.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field, replace
from datetime import date
from typing import Mapping, Sequence
from urllib.parse import urlencode

from sqlalchemy import func, or_, select
from sqlalchemy.orm import Session, selectinload

from checks.finding import Severity
from pipeline.web.accounts import User
from reports.departments import alias_index, canonical
from reports.records import Status
from reports.register.schema import NonconformityRow, RunRow, RunSyllabusRow

PAGE_SIZE = 200
OPEN_ALL = "open-all"


# --------------------------------------------------------------------------- who sees what


class Scope:
    """The departments a user may see: all of them, or (a department head) the register's spellings
    of their own department, matched through the settings' ``[departments]`` table as the reports do."""

    def __init__(self, user: User, departments: Mapping[str, Sequence[str]] | None):
        self.user = user
        self.table = departments or {}
        self.index = alias_index(self.table)

    @property
    def everything(self) -> bool:
        return self.user.role != "head"

    def canonical(self, name: str | None) -> str | None:
        return canonical(name, self.table, self.index)

    def mine(self, department: str | None) -> bool:
        if self.everything:
            return True
        return department is not None and self.canonical(department) == self.canonical(self.user.department)

    def spellings(self, session: Session, department: str | None = None) -> list[str] | None:
        """The ``department`` values in the register that are the user's department (or, given
        ``department``, that one): ``None`` means no restriction."""
        wanted = department if department is not None else (None if self.everything else self.user.department)
        if wanted is None:
            return None
        target = self.canonical(wanted)
        names = set(session.scalars(select(NonconformityRow.department).distinct()))
        names |= set(session.scalars(select(RunSyllabusRow.department).distinct()))
        return sorted(n for n in names if n is not None and self.canonical(n) == target) or [wanted]


def departments(session: Session, scope: Scope) -> list[str]:
    """The departments the user may pick, by their canonical names."""
    names = set(session.scalars(select(NonconformityRow.department).distinct()))
    names |= set(session.scalars(select(RunSyllabusRow.department).distinct()))
    out = {scope.canonical(n) for n in names if n and scope.mine(n)}
    return sorted(out)


# --------------------------------------------------------------------------- filters


def overdue(row: NonconformityRow, today: date) -> list[str]:
    """The record's deadlines that have passed with the work not done, by the rules of
    ``RunReport.overdue`` (review: no action; cause analysis: no root cause; due: no result mark),
    counted on ``today`` rather than on a run's date."""
    if not Status(row.status).is_open:
        return []
    out = []
    if not row.actions and row.review_deadline < today:
        out.append("review")
    if not row.root_cause and row.cause_analysis_deadline < today:
        out.append("cause_analysis")
    if any(a.due and a.due < today and not a.result_mark for a in row.actions):
        out.append("due")
    return out


@dataclass(frozen=True)
class Filters:
    statuses: tuple[str, ...] = ()
    department: str | None = None
    severities: tuple[str, ...] = ()
    rule: str | None = None
    course: str | None = None
    since: str | None = None
    overdue: bool = False
    page: int = 1
    problems: tuple[str, ...] = field(default=(), compare=False)

    @classmethod
    def from_args(cls, args) -> "Filters":
        """From the query string; values that are not known are dropped (and named in ``problems``)
        rather than refused, so an old link still opens."""
        problems = []
        known_status = {s.value for s in Status} | {OPEN_ALL}
        statuses = tuple(s for s in args.getlist("status") if s)
        problems += [f"status={s}" for s in statuses if s not in known_status]
        known_sev = {s.value for s in Severity}
        severities = tuple(s for s in args.getlist("severity") if s)
        problems += [f"severity={s}" for s in severities if s not in known_sev]
        try:
            page = max(1, int(args.get("page", "1")))
        except ValueError:
            page = 1

        def text(name):
            return (args.get(name) or "").strip() or None

        return cls(
            statuses=tuple(s for s in statuses if s in known_status),
            department=text("department"),
            severities=tuple(s for s in severities if s in known_sev),
            rule=text("rule"),
            course=text("course"),
            since=text("since"),
            overdue=args.get("overdue") in ("1", "on", "true"),
            page=page,
            problems=tuple(problems),
        )

    def pairs(self, page: int | None = None) -> list[tuple[str, str]]:
        out = [("status", s) for s in self.statuses]
        for name in ("department", "rule", "course", "since"):
            if getattr(self, name):
                out.append((name, getattr(self, name)))
        out += [("severity", s) for s in self.severities]
        if self.overdue:
            out.append(("overdue", "1"))
        if page and page > 1:
            out.append(("page", str(page)))
        return out

    def query(self, page: int | None = None) -> str:
        return urlencode(self.pairs(page))

    def without_page(self) -> "Filters":
        return replace(self, page=1)

    @property
    def any(self) -> bool:
        return bool(self.pairs())

    def wanted_statuses(self) -> set[str]:
        out: set[str] = set()
        for s in self.statuses:
            out |= {x.value for x in Status if x.is_open} if s == OPEN_ALL else {s}
        return out


class UnknownRunFilter(LookupError):
    pass


def select_records(session: Session, scope: Scope, filters: Filters, today: date) -> list[NonconformityRow]:
    """Every record the filters and the user's scope let through, in id order (not paged)."""
    stmt = select(NonconformityRow).options(selectinload(NonconformityRow.actions))
    mine = scope.spellings(session)
    if mine is not None:
        stmt = stmt.where(NonconformityRow.department.in_(mine))
    if filters.department:
        stmt = stmt.where(NonconformityRow.department.in_(scope.spellings(session, filters.department) or []))
    wanted = filters.wanted_statuses()
    if wanted:
        stmt = stmt.where(NonconformityRow.status.in_(sorted(wanted)))
    if filters.severities:
        stmt = stmt.where(NonconformityRow.severity.in_(filters.severities))
    if filters.rule:
        stmt = stmt.where(NonconformityRow.rule == filters.rule.upper())
    if filters.course:
        like = f"%{filters.course.lower()}%"
        stmt = stmt.where(or_(func.lower(NonconformityRow.course_code).like(like),
                              func.lower(NonconformityRow.course_title).like(like)))
    if filters.since:
        run = session.get(RunRow, filters.since)
        if run is None:
            raise UnknownRunFilter(filters.since)
        later = select(RunRow.id).where(RunRow.started > run.started)
        stmt = stmt.where(NonconformityRow.first_run.in_(later))
    rows = list(session.scalars(stmt.order_by(NonconformityRow.id)))
    if filters.overdue:
        rows = [r for r in rows if overdue(r, today)]
    return rows


def rules(session: Session) -> list[str]:
    return sorted(session.scalars(select(NonconformityRow.rule).distinct()))


# --------------------------------------------------------------------------- optimistic concurrency


def version(row: NonconformityRow) -> str:
    """A token of the record's state people act on: status, the last history entry, the actions and
    the analysis. Every change by a person, an import or a run moves at least one of them, so a form
    filled in against an older state is refused instead of overwriting what someone else did."""
    last = max((h.id or 0 for h in row.history), default=0)
    actions = [(a.id, a.responsible, str(a.due), a.result_mark) for a in row.actions]
    text = repr((row.status, last, len(row.history), actions, row.root_cause, row.correction))
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:20]
