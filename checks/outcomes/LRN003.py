from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

from checks.finding_enums import Kind, Severity
from checks.outcomes.common import CONTEXT_NAMES, REQUIREMENT, declared_codes
from checks.registry import CheckContext, M, Rule

if TYPE_CHECKING:
    from checks.finding import Finding
    from extractors.model import Syllabus


class LRN003(Rule):
    """Every outcome code cited in the plan, the assessment or the exam questions is declared.

    A thematic-plan row, an assessment item or an exam question that names an outcome the
    syllabus does not declare points at nothing. Judged only when the syllabus declares codes
    at all (outcomes written without codes cannot be matched).

    **Anti-pattern**: outcomes РО1-РО3 are declared, and plan row 5 cites "РО4".

    **Best practice**: plan row 5 cites "РО3", or РО4 is declared with its statement.
    """

    code = "LRN003"
    needs = ("learning_outcomes", "outcome_map")
    name = "outcomes.cited-declared"
    groups = ("all", "outcomes")
    severity = Severity.major
    kind = Kind.nonconformity
    requirement = REQUIREMENT
    cause_rank = 10
    topic = "outcome_undeclared"

    def check(self, syllabus: Syllabus, ctx: CheckContext) -> Iterator[Finding]:
        outcomes = syllabus.outcomes
        declared = outcomes.declared_keys()
        if not declared:
            return
        seen = set()
        for c in outcomes.cited:
            if c.key in declared or (c.context, c.key) in seen:
                continue
            seen.add((c.context, c.key))
            kk, ru, en = CONTEXT_NAMES[c.context]
            code = c.code.value
            listed = declared_codes(syllabus)
            yield self.finding(
                syllabus,
                location=f"{c.context.value}/outcomes/{code}",
                source=c.code,
                expected=listed,
                actual=code,
                key_values=[c.key],
                refs=["outcomes", f"outcomes/{c.key}"],
                message=M(
                    kk=f"{code} {kk} көрсетілген, бірақ оқыту нәтижелерінің арасында жоқ ({listed})",
                    ru=f"{code} указан {ru}, но среди результатов обучения его нет ({listed})",
                    en=f"{code} is cited {en} but is not among the declared learning outcomes ({listed})",
                ),
            )
