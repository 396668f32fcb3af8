"""The status of a nonconformity record, and what "open" means: a module of its own, without
pydantic, so that a command can offer the statuses as choices (``register list --status``) and
build its ``--help`` without loading the record models. ``reports.records`` re-exports all of it."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from enum import Enum
from typing import Protocol

__all__ = ["OPEN_ALL", "OPEN_STATUSES", "Status", "overdue_deadlines"]


class Status(str, Enum):
    open = "open"  # found, nobody has acted yet
    action_planned = "action_planned"  # corrective action, responsible and due date assigned
    resolved = "resolved"  # a later run no longer finds it (set by the audit, not a person)
    closed = "closed"  # a person closed it
    verified = "verified"  # effectiveness verified (clause 17): closed and not recurred
    reopened = "reopened"  # came back after resolved/closed/verified: a recurrence

    @property
    def is_open(self) -> bool:
        """Still to act on: the one definition of "open" (``OPEN_STATUSES``) every part uses."""
        return self in OPEN_STATUSES

    @classmethod
    def open_values(cls) -> tuple[str, ...]:
        """The open statuses' codes, in the enum's order, for queries and lists."""
        return tuple(s.value for s in cls if s in OPEN_STATUSES)

    @classmethod
    def wanted(cls, chosen: Iterable[str]) -> set[str]:
        """The status codes a filter asks for: each code as it is, ``OPEN_ALL`` as every open one."""
        out: set[str] = set()
        for s in chosen:
            out |= set(cls.open_values()) if s == OPEN_ALL else {s}
        return out


# A record still to act on: found, planned or back again. Resolved, closed and verified are not.
OPEN_STATUSES = frozenset({Status.open, Status.action_planned, Status.reopened})
# The status filter (register list --status, the web's records page) that means every open status
OPEN_ALL = "open-all"


class _Action(Protocol):
    @property
    def due(self) -> date | None: ...
    @property
    def result_mark(self) -> str | None: ...


def overdue_deadlines(status: Status | str, actions: Iterable[_Action], root_cause: str | None,
                      review_deadline: date, cause_analysis_deadline: date, today: date) -> list[str]:
    """The deadlines of a record that have passed on ``today`` with the work not done, the one
    reading of the procedure both the reports and the register's records use: ``review`` (clause
    38: nobody acted), ``cause_analysis`` (clause 39: no cause recorded), ``due`` (a corrective
    action's date with no mark on its result). A record no longer open has none."""
    if not Status(status).is_open:
        return []
    actions = list(actions)
    out = []
    if not actions and review_deadline < today:
        out.append("review")
    if not root_cause and cause_analysis_deadline < today:
        out.append("cause_analysis")
    if any(a.due and a.due < today and not a.result_mark for a in actions):
        out.append("due")
    return out
