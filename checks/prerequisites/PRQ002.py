from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

from checks.finding_enums import Kind, Severity
from checks.norms import MES_563
from checks.registry import CheckContext, Rule
from checks.rulekit import M, stated
from checks.text import slug

if TYPE_CHECKING:
    from checks.finding import Finding
    from extractors.model import Syllabus


class PRQ002(Rule):
    """Each prerequisite is a course of the programme's curriculum.

    Runs when a curriculum file is given (``--curriculum``). A prerequisite is found by a course
    code written in it, else by its title (tolerant of case, inflection and numbering; policy
    ``matching.title_threshold``).

    **Anti-pattern**: "Пререквизиттер: Жалпы геология" when the curriculum has no such course.

    **Best practice**: "Пререквизиттер: Жалпы және тарихи геология", a course of semester 2.
    """

    code = "PRQ002"
    needs = ("prerequisites",)
    name = "prerequisites.in-curriculum"
    policy_keys = ("matching.title_threshold",)
    groups = ("all", "prerequisites", "curriculum")
    severity = Severity.minor
    kind = Kind.nonconformity
    requirement = MES_563 + " (prerequisites are disciplines of the educational programme)"
    cause_rank = 10

    def check(self, syllabus: Syllabus, ctx: CheckContext) -> Iterator[Finding]:
        cur = ctx.curriculum
        if cur is None:
            return
        for p in stated(syllabus.prerequisites):
            if cur.find(p.value, ctx.policy.matching.title_threshold) is not None:
                continue
            yield self.finding(
                syllabus,
                location="prerequisites",
                key_values=[slug(p.value)],
                source=p,
                expected="a course of the curriculum",
                actual=p.value,
                refs=[f"prerequisite/{slug(p.value)}"],
                message=M(
                    kk=f"«{p.value}» пререквизиті білім беру бағдарламасының оқу жоспарында жоқ",
                    ru=f"Пререквизит «{p.value}» отсутствует в учебном плане образовательной программы",
                    en=f"Prerequisite '{p.value}' is not a course of the programme's curriculum",
                ),
            )
