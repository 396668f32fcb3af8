from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

from checks.finding_enums import Kind, Severity
from checks.norms import MES_563
from checks.plan.PLN001 import topic_hours
from checks.registry import CheckContext, Rule
from checks.rulekit import ACTIVITY_NAMES, M, close, delta_ref, fmt

if TYPE_CHECKING:
    from checks.finding import Finding
    from extractors.model import Syllabus


class PLN002(Rule):
    """Each activity's topic hours in the thematic plan sum to that activity's hours in the hours table.

    The lecture topics must add up to the lecture hours of the workload table, the practical
    topics to the practical hours, and so on.

    **Anti-pattern**: hours table "Дәрістер 15" and fifteen lecture topics of 2 hours (30).

    **Best practice**: hours table "Дәрістер 15" and fifteen lecture topics of 1 hour (15).
    """

    code = "PLN002"
    needs = ("plan", "hours")
    name = "plan.matches-hours"
    policy_keys = ("hours.tolerance",)
    groups = ("all", "plan", "hours", "core")
    severity = Severity.major
    kind = Kind.nonconformity
    requirement = MES_563 + " (thematic plan of the discipline)"
    cause_rank = 15
    topic = "plan_vs_hours"

    def check(self, syllabus: Syllabus, ctx: CheckContext) -> Iterator[Finding]:
        if syllabus.hours is None:
            return
        for section in syllabus.plan:
            s = topic_hours(section)
            table = getattr(syllabus.hours, section.activity.value)
            if s is None or table is None:
                continue
            if close(s, table.value, ctx.policy.hours.tolerance):
                continue
            kk, ru, en = ACTIVITY_NAMES[section.activity]
            act = section.activity.value
            yield self.finding(
                syllabus,
                location=f"plan/{act}",
                source=section.stated_total or section.topics[-1].hours,
                expected=table.value,
                actual=s,
                refs=[f"plan/{act}", f"hours/{act}", delta_ref(table.value, s)],
                message=M(
                    kk=f"Тақырыптық жоспардағы {kk} сағаттарының қосындысы {fmt(s, 'kk')}, ал еңбек сыйымдылығы "
                    f"кестесінде {fmt(table.value, 'kk')} сағ",
                    ru=f"Сумма часов ({ru}) в тематическом плане {fmt(s, 'ru')}, а в таблице трудоёмкости {fmt(table.value, 'ru')} ч",
                    en=f"The thematic plan's {en} hours sum to {fmt(s)}, but the hours table gives {fmt(table.value)} h",
                ),
            )
