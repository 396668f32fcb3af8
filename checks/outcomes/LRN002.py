from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

from checks.finding_enums import Kind, Severity
from checks.outcomes.common import REQUIREMENT
from checks.registry import CheckContext, M, Rule

if TYPE_CHECKING:
    from checks.finding import Finding
    from extractors.model import Syllabus


class LRN002(Rule):
    """Every declared learning outcome has its statement.

    A code declared with nothing after it ("РО2 |" with an empty cell, "ОН 3. …" in a template)
    states no outcome: students and reviewers cannot tell what it promises.

    **Anti-pattern**: the outcomes table lists "РО3" with an empty statement cell.

    **Best practice**: "РО3 — Оценивать инженерно-геологические условия по результатам изысканий".
    """

    code = "LRN002"
    needs = ("learning_outcomes",)
    name = "outcomes.filled"
    groups = ("all", "outcomes")
    severity = Severity.major
    kind = Kind.nonconformity
    requirement = REQUIREMENT
    cause_rank = 15
    topic = "placeholder_left"

    def check(self, syllabus: Syllabus, ctx: CheckContext) -> Iterator[Finding]:
        for o in syllabus.outcomes.declared:
            if o.text is not None:
                continue
            code = o.code.value
            yield self.finding(
                syllabus,
                location=f"outcomes/{code}",
                source=o.code,
                expected="statement",
                actual="empty",
                key_values=[o.scope.value],
                refs=["outcomes"],
                message=M(
                    kk=f"{code} оқыту нәтижесінің тұжырымы жазылмаған",
                    ru=f"Для результата обучения {code} не дана формулировка",
                    en=f"Learning outcome {code} has no statement",
                ),
            )
