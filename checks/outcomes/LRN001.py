from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator
from typing import TYPE_CHECKING

from checks.finding_enums import Kind, Severity
from checks.outcomes.common import REQUIREMENT
from checks.registry import CheckContext, M, Rule
from extractors.model_enums import OutcomeScope

if TYPE_CHECKING:
    from checks.finding import Finding
    from extractors.model import Syllabus


class LRN001(Rule):
    """The course's learning outcomes are numbered without gaps.

    The discipline's own outcomes (РО, ОН, LO) and practical skills (ПН), each series numbered
    from 1, leave no number out. A series that starts above 1 (PO10, PO14) is a selection of the
    programme's outcomes, not numbered by the syllabus, and is not judged; nor are the
    programme's outcomes (ПРО, or a column headed "білім беру бағдарламасы").

    **Anti-pattern**: "РО1 …, РО2 …, РО4 …": РО3 is missing.

    **Best practice**: "РО1 …, РО2 …, РО3 …, РО4 …".
    """

    code = "LRN001"
    needs = ("learning_outcomes",)
    name = "outcomes.numbering"
    groups = ("all", "outcomes")
    severity = Severity.minor
    kind = Kind.nonconformity
    requirement = REQUIREMENT
    cause_rank = 20
    topic = "outcome_numbering"

    def check(self, syllabus: Syllabus, ctx: CheckContext) -> Iterator[Finding]:
        series = defaultdict(list)
        for o in syllabus.outcomes.declared:
            if o.scope == OutcomeScope.course and o.number.isdigit():
                series[o.prefix.replace(" ", "")].append(o)
        for prefix, outcomes in series.items():
            numbers = {int(o.number) for o in outcomes}
            if min(numbers) != 1:
                continue
            last = max(numbers)
            after = {int(o.number): o for o in outcomes}
            for n in range(1, last + 1):
                if n in numbers:
                    continue
                nxt = after[min(k for k in numbers if k > n)]
                code = f"{prefix}{n}"
                yield self.finding(
                    syllabus,
                    location=f"outcomes/{code}",
                    source=nxt.code,
                    expected=code,
                    actual="missing",
                    refs=["outcomes"],
                    message=M(
                        kk=f"Оқыту нәтижелерінің нөмірленуінде {code} өткізіп алынған ({nxt.code.value} алдында)",
                        ru=f"В нумерации результатов обучения пропущен {code} (перед {nxt.code.value})",
                        en=f"The learning outcomes' numbering skips {code} (before {nxt.code.value})",
                    ),
                )
