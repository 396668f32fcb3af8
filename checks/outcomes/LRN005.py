from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

from checks.finding_enums import Kind, Severity
from checks.outcomes.common import REQUIREMENT, left_out
from checks.registry import CheckContext, M, Rule
from extractors.model_enums import CitationContext

if TYPE_CHECKING:
    from checks.finding import Finding
    from extractors.model import Syllabus


class LRN005(Rule):
    """Every declared learning outcome is assessed at least once.

    When the syllabus maps its outcomes to assessment at all (codes in the assessment table or
    the exam questions, or an outcome's own "assessment" cell filled), each declared outcome is
    assessed somewhere. A syllabus that maps no outcome to assessment is not judged here, and
    outcomes of a scope (the course's, the programme's) the assessment never cites are not asked for.

    **Anti-pattern**: the assessment table cites РО1 and РО2; РО3 is assessed nowhere.

    **Best practice**: an item (a test, a project, an exam question) assesses РО3 as well.
    """

    code = "LRN005"
    needs = ("learning_outcomes", "assessment", "outcome_map")
    name = "outcomes.assessed"
    groups = ("all", "outcomes")
    severity = Severity.major
    kind = Kind.nonconformity
    requirement = REQUIREMENT
    cause_rank = 30
    topic = "outcome_not_assessed"

    def check(self, syllabus: Syllabus, ctx: CheckContext) -> Iterator[Finding]:
        for o in left_out(syllabus, CitationContext.assessment, CitationContext.exam):
            code = o.code.value
            yield self.finding(
                syllabus,
                location=f"assessment/outcomes/{code}",
                source=o.code,
                expected=code,
                actual="not assessed",
                key_values=[o.key],
                refs=["outcomes", f"outcomes/{o.key}"],
                message=M(
                    kk=f"{code} оқыту нәтижесі бағалаудың бірде-бір түрінде көрсетілмеген",
                    ru=f"Результат обучения {code} не оценивается ни одним видом контроля",
                    en=f"Learning outcome {code} is assessed by no item",
                ),
            )
