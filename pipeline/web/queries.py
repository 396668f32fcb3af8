"""What the pages read from the register: records filtered as the URL says, within what the user
may see, and the version of a record that a form was filled in against.

Filters live in the URL (``/records?status=open&department=...&overdue=1``) so a filtered view can
be sent as a link; ``Filters.from_args`` reads them and ``Filters.query`` writes them back.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import TYPE_CHECKING
from urllib.parse import urlencode

from checks.finding import Severity
from reports.departments import alias_index, canonical
from reports.records import OPEN_ALL, Status
from reports.register.accounts import User
from reports.register.api import Record, RecordQuery

if TYPE_CHECKING:
    from reports.register.store import Register

PAGE_SIZE = 200


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

    def spellings(self, names: Iterable[str], department: str | None = None) -> list[str] | None:
        """The department ``names`` of the register (``Register.department_names``) that are the
        user's department (or, given ``department``, that one): ``None`` means no restriction."""
        wanted = department if department is not None else (None if self.everything else self.user.department)
        if wanted is None:
            return None
        target = self.canonical(wanted)
        return sorted(n for n in names if n is not None and self.canonical(n) == target) or [wanted]


def departments(names: Iterable[str], scope: Scope) -> list[str]:
    """The departments the user may pick, by their canonical names (``names``: the register's)."""
    return sorted({scope.canonical(n) for n in names if n and scope.mine(n)})


# --------------------------------------------------------------------------- filters


def overdue(row: Record, today: date) -> list[str]:
    """The record's deadlines that have passed with the work not done (``Record.overdue``)."""
    return row.overdue(today)


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
    def from_args(cls, args) -> Filters:
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

    @property
    def any(self) -> bool:
        return bool(self.pairs())

    def wanted_statuses(self) -> set[str]:
        return Status.wanted(self.statuses)


class UnknownRunFilter(LookupError):
    pass


def select_records(register: Register, scope: Scope, filters: Filters, today: date) -> list[Record]:
    """Every record the filters and the user's scope let through, in id order (not paged)."""
    names = register.department_names()
    allowed = scope.spellings(names)
    if filters.department:
        chosen = scope.spellings(names, filters.department) or []
        allowed = chosen if allowed is None else [d for d in chosen if d in allowed]
    if filters.since and filters.since not in {r.id for r in register.runs()}:
        raise UnknownRunFilter(filters.since)
    rows = register.records(RecordQuery(
        statuses=sorted(filters.wanted_statuses()), departments=allowed, severities=filters.severities,
        rule=filters.rule, course=filters.course, first_run_after=filters.since))
    if filters.overdue:
        rows = [r for r in rows if r.overdue(today)]
    return rows


# --------------------------------------------------------------------------- optimistic concurrency


def version(row: Record) -> str:
    """The token of the record's state a form was filled in against (``Record.version``)."""
    return row.version
