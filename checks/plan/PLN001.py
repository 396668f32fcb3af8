from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

from checks.finding_enums import Kind, Severity
from checks.norms import MES_563
from checks.registry import CheckContext, Rule
from checks.rulekit import ACTIVITY_NAMES, M, close, delta_ref, fmt

if TYPE_CHECKING:
    from checks.finding import Finding
    from extractors.model import PlanSection, Syllabus


def topic_hours(section: PlanSection) -> float | None:
    """Sum of the section's topic hours; None when a topic's hours could not be read."""
    hours = [t.hours for t in section.topics if t.hours is not None]
    if not section.topics or len(hours) != len(section.topics):
        return None
    return sum(h.value for h in hours)


class PLN001(Rule):
    """Each activity's topic hours in the thematic plan sum to the plan's own total row.

    The БАРЛЫҒЫ / ВСЕГО row under the lecture topics (and under the practical topics) must be the
    sum of the hours of the topics above it.

    **Anti-pattern**: practical topics 3+3+3+3+3+4+4+3+4 = 30 with the row "БАРЛЫҒЫ 32".

    **Best practice**: practical topics 3+3+3+3+3+4+4+3+4 = 30 with the row "БАРЛЫҒЫ 30".
    """

    code = "PLN001"
    needs = ("plan",)
    name = "plan.total-row"
    policy_keys = ("hours.tolerance",)
    groups = ("all", "plan", "core")
    severity = Severity.major
    kind = Kind.nonconformity
    requirement = MES_563 + " (thematic plan of the discipline)"
    cause_rank = 10
    topic = "plan_total_row"

    def check(self, syllabus: Syllabus, ctx: CheckContext) -> Iterator[Finding]:
        for section in syllabus.plan:
            s = topic_hours(section)
            if s is None or section.stated_total is None:
                continue
            stated = section.stated_total.value
            if close(s, stated, ctx.policy.hours.tolerance):
                continue
            kk, ru, en = ACTIVITY_NAMES[section.activity]
            act = section.activity.value
            yield self.finding(
                syllabus,
                location=f"plan/{act}/total",
                source=section.stated_total,
                expected=s,
                actual=stated,
                refs=[f"plan/{act}", delta_ref(s, stated)],
                message=M(
                    kk=f"Тақырыптық жоспар ({kk}): тақырыптар сағаттарының қосындысы {fmt(s, 'kk')}, "
                    f"ал «Барлығы» жолында {fmt(stated, 'kk')}",
                    ru=f"Тематический план ({ru}): сумма часов по темам {fmt(s, 'ru')}, а в строке «Всего» {fmt(stated, 'ru')}",
                    en=f"Thematic plan ({en}): the topics' hours sum to {fmt(s)}, but its total row says {fmt(stated)}",
                ),
            )
