from __future__ import annotations

from collections.abc import Iterator

from checks.finding import Finding, Kind, Severity
from checks.outcomes.common import REQUIREMENT
from checks.registry import CheckContext, M, Rule
from extractors.model import CitationContext, Syllabus


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
        assessed = {c.key for c in syllabus.outcomes.cited_in(CitationContext.assessment, CitationContext.exam)}
        if not assessed:
            return
        # The plan (the assessment) may map the course's outcomes only, or the programme's too:
        # judge the outcomes of the scopes it maps.
        scopes = {o.scope for o in syllabus.outcomes.declared if o.key in assessed}
        for o in syllabus.outcomes.declared:
            if o.scope not in scopes:
                continue
            if o.key in assessed:
                continue
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
