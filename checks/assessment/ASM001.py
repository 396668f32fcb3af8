from __future__ import annotations

from checks.assessment.common import PERIOD_NAMES
from checks.finding import Kind, Severity
from checks.hours.common import close
from checks.norms import MES_563, cite
from checks.registry import M, Rule, fmt
from extractors.model import PeriodKind


class ASM001(Rule):
    """Each rating period's maximum points sum to 100.

    Current performance is scored 0-100 in each rating period (Рейтинг 1, Рейтинг 2), so the
    maximum points of the period's tasks (Балл саны (max)) must add up to 100 (policy
    ``assessment.period_max_points``). A period whose points could not all be read is skipped.

    **Anti-pattern**: rating 2 with 20 + 15 + 15 + 15 + 20 = 85 points.

    **Best practice**: rating 2 with 15 + 15 + 15 + 15 + 15 + 25 = 100 points.
    """

    code = "ASM001"
    name = "assessment.period-points"
    groups = ("all", "assessment", "core")
    severity = Severity.major
    kind = Kind.nonconformity
    requirement = cite(MES_563 + " (rating of current performance out of 100 points)", "assessment.period_max_points")
    cause_rank = 10

    def check(self, syllabus, ctx):
        target = ctx.policy.assessment.period_max_points
        for period in syllabus.assessment.periods:
            if period.kind == PeriodKind.exam or not period.items:
                continue
            if any(i.max_points is None for i in period.items):
                continue
            s = sum(i.max_points.value for i in period.items)
            if close(s, target, 1e-6):
                continue
            terms = " + ".join(fmt(i.max_points.value) for i in period.items)
            kk, ru, en = PERIOD_NAMES[period.kind]
            yield self.finding(
                syllabus,
                location=f"assessment/{period.kind.value}",
                source=period.name,
                expected=target,
                actual=s,
                refs=[f"assessment/{period.kind.value}"],
                message=M(
                    kk=f"{kk.capitalize()}: тапсырмалардың ең жоғары балдарының қосындысы {terms} = {fmt(s, 'kk')}, "
                    f"{fmt(target, 'kk')} болуы керек",
                    ru=f"{ru.capitalize()}: сумма максимальных баллов заданий {terms} = {fmt(s, 'ru')}, "
                    f"должна быть {fmt(target, 'ru')}",
                    en=f"{en.capitalize()}: the tasks' maximum points sum to {terms} = {fmt(s)}, not {fmt(target)}",
                ),
            )
