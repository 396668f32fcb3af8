from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

from checks.assessment.common import PERIOD_NAMES, without_total_row
from checks.finding_enums import Kind, Severity
from checks.norms import MES_563, cite
from checks.registry import CheckContext, Rule
from checks.rulekit import M, close, fmt, sentence_start
from extractors.model_enums import AssessmentScheme, PeriodKind

if TYPE_CHECKING:
    from checks.finding import Finding
    from extractors.model import Syllabus


class ASM001(Rule):
    """Each rating period's maximum points sum to 100.

    Current performance is scored 0-100 in each rating period (Рейтинг 1, Рейтинг 2), so the
    maximum points of the period's tasks (Балл саны (max)) must add up to 100 (policy
    ``assessment.period_max_points``). A period whose points could not all be read is skipped.
    This is the ``periods_of_100`` scheme: periods of course points (30 points or 30 % each, the
    exam included in the course's 100: ASM007) and modules with their own maxima (ASM008) are
    not periods of 100. A syllabus whose scheme was not recognised is judged as periods of 100
    unless its items are percent of the course or its periods state another maximum.

    **Anti-pattern**: rating 2 with 20 + 15 + 15 + 15 + 20 = 85 points.

    **Best practice**: rating 2 with 15 + 15 + 15 + 15 + 15 + 25 = 100 points.
    """

    code = "ASM001"
    needs = ("assessment",)
    name = "assessment.period-points"
    policy_keys = ("assessment.period_max_points",)
    groups = ("all", "assessment", "core")
    severity = Severity.major
    kind = Kind.nonconformity
    requirement = cite(MES_563 + " (rating of current performance out of 100 points)", "assessment.period_max_points")
    cause_rank = 10
    topic = "rating_period_sum"

    def check(self, syllabus: Syllabus, ctx: CheckContext) -> Iterator[Finding]:
        target = ctx.policy.assessment.period_max_points
        a = syllabus.assessment
        if a.scheme is not None and a.scheme != AssessmentScheme.periods_of_100:
            return
        if a.scheme is None and a.unit == "percent":
            return
        for period in a.periods:
            if period.kind == PeriodKind.exam or not period.items:
                continue
            if a.scheme is None and period.stated_max is not None and not close(period.stated_max.value, target, 1e-6):
                continue
            items = without_total_row(period.items)
            points = [i.max_points.value for i in items if i.max_points is not None]
            if len(points) < len(items):
                continue
            s = sum(points)
            if close(s, target, 1e-6):
                continue
            terms = " + ".join(fmt(p) for p in points)
            kk, ru, en = PERIOD_NAMES[period.kind]
            yield self.finding(
                syllabus,
                location=f"assessment/{period.kind.value}",
                source=period.name,
                expected=target,
                actual=s,
                refs=[f"assessment/{period.kind.value}"],
                message=M(
                    kk=f"{sentence_start(kk)}: тапсырмалардың ең жоғары балдарының қосындысы {terms} = {fmt(s, 'kk')}, "
                    f"{fmt(target, 'kk')} болуы керек",
                    ru=f"{sentence_start(ru)}: сумма максимальных баллов заданий {terms} = {fmt(s, 'ru')}, "
                    f"должна быть {fmt(target, 'ru')}",
                    en=f"{sentence_start(en)}: the tasks' maximum points sum to {terms} = {fmt(s)}, not {fmt(target)}",
                ),
            )
