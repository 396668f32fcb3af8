"""One reading of the procedure's deadlines (clauses 38-39 and the corrective action's due date),
used by the reports and by the register's records alike."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from reports.status import Status, overdue_deadlines

REVIEW, CAUSE = date(2026, 3, 10), date(2026, 4, 5)


@dataclass
class Action:
    due: date | None
    result_mark: str | None = None


def test_an_open_record_nobody_acted_on_is_overdue_for_review_and_cause_after_both_deadlines():
    assert overdue_deadlines(Status.open, [], None, REVIEW, CAUSE, date(2026, 4, 6)) == ["review", "cause_analysis"]


def test_nothing_is_overdue_on_the_deadline_itself():
    assert overdue_deadlines(Status.open, [], None, REVIEW, CAUSE, REVIEW) == []


def test_an_action_past_its_date_without_a_result_mark_is_overdue_and_one_with_a_mark_is_not():
    late = overdue_deadlines("action_planned", [Action(date(2026, 3, 20))], "cause", REVIEW, CAUSE, date(2026, 3, 21))
    marked = overdue_deadlines("action_planned", [Action(date(2026, 3, 20), "done")], "cause", REVIEW, CAUSE,
                               date(2026, 3, 21))
    assert (late, marked) == (["due"], [])


def test_a_record_no_longer_open_has_no_deadlines():
    for status in (Status.resolved, Status.closed, Status.verified):
        assert overdue_deadlines(status, [], None, REVIEW, CAUSE, date(2027, 1, 1)) == []
