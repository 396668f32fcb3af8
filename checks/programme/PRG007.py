from __future__ import annotations

from typing import TYPE_CHECKING

from checks.finding_enums import Kind, Severity
from checks.programme.common import CurriculumRule, from_file, same_text
from checks.registry import M

if TYPE_CHECKING:
    from collections.abc import Iterator

    from checks.curriculum import Course, Curriculum
    from checks.finding import Finding
    from checks.registry import CheckContext
    from extractors.model import Syllabus


class PRG007(CurriculumRule):
    """The department is the curriculum's.

    Runs when a curriculum file with a ``department`` column is given and the course is found in
    it (by code, else title; policy ``matching.title_threshold``). The names are compared as
    text (case, punctuation and spacing aside).

    **Anti-pattern**: "Кафедра: Геология" when the curriculum gives the course to "Школа наук о Земле".

    **Best practice**: "Школа наук о Земле", as in the curriculum.
    """

    code = "PRG007"
    needs = ("identity",)
    name = "programme.curriculum-department"
    policy_keys = ("matching.title_threshold",)
    groups = ("all", "programme", "curriculum")
    severity = Severity.minor
    kind = Kind.nonconformity
    cause_rank = 10

    def check_course(self, syllabus: Syllabus, ctx: CheckContext, cur: Curriculum, me: Course) -> Iterator[Finding]:
        got = syllabus.identity.department
        if not me.department or got is None or same_text(got.value, me.department):
            return
        yield self.finding(
            syllabus,
            location="identity/department",
            source=got,
            expected=from_file(me.department, cur.file, me.row),
            actual=got.value,
            refs=["identity/department"],
            message=M(
                kk=f"Силлабустағы кафедра «{got.value}», ал оқу жоспарында ({me.label}) «{me.department}»",
                ru=f"Кафедра в силлабусе «{got.value}», а в учебном плане ({me.label}) «{me.department}»",
                en=f"The syllabus gives the department '{got.value}'; the curriculum ({me.label}) gives '{me.department}'",
            ),
        )
