from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

from checks.finding_enums import Kind, Severity
from checks.norms import MES_563
from checks.prerequisites.common import left_empty
from checks.registry import CheckContext, Rule
from checks.rulekit import M

if TYPE_CHECKING:
    from checks.finding import Finding
    from extractors.model import Syllabus


class PRQ001(Rule):
    """The prerequisites are stated.

    The Пререквизиттер / Пререквизиты section must name the courses this one builds on, or say
    explicitly that there are none ("жоқ", "нет", "none"). The rule fires only when the section
    was found and is empty ("ПРЕРЕКВИЗИТЫ:" with nothing after it), and quotes where its label
    is; a section that is missing altogether is reported by the required-sections rule, and one
    the reader could not interpret is not verified by the tool (the rule does not run).

    **Anti-pattern**: the heading "1.5 Пререквизиттер" followed directly by "1.6 Постреквизиттер".

    **Best practice**: "1.5 Пререквизиттер — Жалпы және тарихи геология".
    """

    code = "PRQ001"
    needs = ("prerequisites",)
    name = "prerequisites.stated"
    groups = ("all", "prerequisites")
    severity = Severity.minor
    kind = Kind.nonconformity
    requirement = MES_563 + " (prerequisites of the discipline)"
    cause_rank = 20

    def check(self, syllabus: Syllabus, ctx: CheckContext) -> Iterator[Finding]:
        empty, where = left_empty(syllabus, "prerequisites")
        if not empty:
            return
        yield self.finding(
            syllabus,
            location="prerequisites",
            source=where,
            expected="stated",
            actual="empty",
            refs=["section/prerequisites"],
            message=M(
                kk="Пререквизиттер бөлімі бос: пән негізделетін пәндер көрсетілмеген (жоқ болса, «жоқ» деп жазылуы керек)",
                ru="Раздел «Пререквизиты» пуст: не указаны дисциплины, на которых основан курс (если их нет, следует написать «нет»)",
                en="The prerequisites section is empty: name the courses this one builds on, or state 'none'",
            ),
        )
