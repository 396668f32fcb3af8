from __future__ import annotations

import re

from checks.assessment.common import PERIOD_NAMES
from checks.finding import Kind, Severity
from checks.hours.common import close
from checks.norms import MES_563, cite
from checks.registry import M, Rule, fmt, sentence_start
from extractors.model import PeriodKind


_TOTAL = re.compile(r"^\s*(барлығы|жиыны|барлыгы|итого|всего|total)\b", re.IGNORECASE)


def _without_total_row(items):
    """A 'Барлығы / Итого 100' row read as an item is not a task: drop it when it is the sum."""
    if len(items) > 1 and _TOTAL.match(items[-1].title.value) and items[-1].max_points is not None:
        rest = items[:-1]
        if all(i.max_points is not None for i in rest) and abs(sum(i.max_points.value for i in rest) - items[-1].max_points.value) < 1e-6:
            return rest
    return items


class ASM001(Rule):
    """Each rating period's maximum points sum to 100.

    Current performance is scored 0-100 in each rating period (Рейтинг 1, Рейтинг 2), so the
    maximum points of the period's tasks (Балл саны (max)) must add up to 100 (policy
    ``assessment.period_max_points``). A period whose points could not all be read is skipped.

    **Anti-pattern**: rating 2 with 20 + 15 + 15 + 15 + 20 = 85 points.

    **Best practice**: rating 2 with 15 + 15 + 15 + 15 + 15 + 25 = 100 points.
    """

    code = "ASM001"
    needs = ("assessment",)
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
            items = _without_total_row(period.items)
            if any(i.max_points is None for i in items):
                continue
            s = sum(i.max_points.value for i in items)
            if close(s, target, 1e-6):
                continue
            terms = " + ".join(fmt(i.max_points.value) for i in items)
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
