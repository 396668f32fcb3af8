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


class LRN004(Rule):
    """Every declared learning outcome is worked on in the thematic plan.

    When the plan maps its rows to outcomes at all, each declared outcome is cited by at least
    one row (of the thematic plan or its СӨЖ / СРО part). A plan that maps no outcome is not
    judged here: the syllabus does not claim the alignment. A plan that cites the course's
    outcomes only is not asked for the programme's (and the other way round).

    **Anti-pattern**: outcomes РО1-РО5 are declared; the plan's rows cite РО1-РО4 only.

    **Best practice**: some plan row cites РО5 as well.
    """

    code = "LRN004"
    needs = ("learning_outcomes", "plan", "outcome_map")
    name = "outcomes.in-plan"
    groups = ("all", "outcomes")
    severity = Severity.minor
    kind = Kind.nonconformity
    requirement = REQUIREMENT
    cause_rank = 30
    topic = "outcome_not_in_plan"

    def check(self, syllabus: Syllabus, ctx: CheckContext) -> Iterator[Finding]:
        for o in left_out(syllabus, CitationContext.plan):
            code = o.code.value
            yield self.finding(
                syllabus,
                location=f"plan/outcomes/{code}",
                source=o.code,
                expected=code,
                actual="not cited",
                key_values=[o.key],
                refs=["outcomes", f"outcomes/{o.key}"],
                message=M(
                    kk=f"{code} оқыту нәтижесі тақырыптық жоспардың бірде-бір жолында көрсетілмеген",
                    ru=f"Результат обучения {code} не указан ни в одной строке тематического плана",
                    en=f"Learning outcome {code} is cited by no row of the thematic plan",
                ),
            )
