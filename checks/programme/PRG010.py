from __future__ import annotations

from typing import TYPE_CHECKING

from checks.finding_enums import Kind, Severity
from checks.programme.common import CurriculumRule, from_file
from checks.registry import M

if TYPE_CHECKING:
    from collections.abc import Iterator

    from checks.curriculum import Course, Curriculum
    from checks.finding import Finding
    from checks.registry import CheckContext
    from extractors.model import Syllabus


class PRG010(CurriculumRule):
    """The year of study and the semester are the curriculum's.

    Runs when a curriculum file is given and the course is found in it (by code, else title;
    policy ``matching.title_threshold``): the semester the syllabus states ("Семестр: 5") must be
    the curriculum's ``semester``, and the year (course) of study it states ("Курс: 3") the
    curriculum's ``year`` when the file has that column. A syllabus that states neither is not
    compared. One whose label the reader saw with a value it could not tell ("Семестр: 2-4", a
    blank "Курс: ____", "Семестр: весенний") is never a finding: the rule does not run, and the
    syllabus lists its study period as "not verified", with where the label stands. The
    department is PRG007's.

    **Anti-pattern**: "Курс: 2, семестр: 3" when the curriculum gives the course to year 3,
    semester 5.

    **Best practice**: "Курс: 3, семестр: 5", as in the curriculum.
    """

    code = "PRG010"
    needs = ("identity", "study_period")
    name = "programme.curriculum-semester"
    groups = ("all", "programme", "curriculum")
    severity = Severity.minor
    kind = Kind.nonconformity
    cause_rank = 10
    policy_keys = ("matching.title_threshold",)
    topic = "semester_mismatch"

    def check_course(self, syllabus: Syllabus, ctx: CheckContext, cur: Curriculum, me: Course) -> Iterator[Finding]:
        ident = syllabus.identity
        for part, got, want, names in (
            ("study_year", ident.study_year, me.year, ("оқу курсы", "курс обучения", "year of study")),
            ("semester", ident.semester, me.semester, ("семестр", "семестр", "semester")),
        ):
            if got is None or want is None or got.value == want:
                continue
            kk, ru, en = names
            yield self.finding(
                syllabus,
                location=f"identity/{part}",
                source=got,
                expected=from_file(want, cur.file, me.row),
                actual=got.value,
                refs=[f"identity/{part}"],
                message=M(
                    kk=f"Силлабустағы {kk} {got.value}, ал оқу жоспарында ({me.label}) {want}",
                    ru=f"{ru.capitalize()} в силлабусе {got.value}, а в учебном плане ({me.label}) {want}",
                    en=f"The syllabus gives the {en} {got.value}; the curriculum ({me.label}) gives {want}",
                ),
            )
