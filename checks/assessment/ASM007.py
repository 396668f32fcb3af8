from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

from checks.assessment.common import numeric, period_points
from checks.finding_enums import Kind, Severity
from checks.norms import MES_563, cite
from checks.registry import CheckContext, Rule
from checks.rulekit import M, close, fmt
from extractors.model_enums import AssessmentScheme

if TYPE_CHECKING:
    from checks.finding import Finding
    from extractors.model import AssessmentPeriod, Syllabus


def _period_value(period: AssessmentPeriod) -> float | None:
    """What a period contributes to the course: its items' points, else its stated maximum
    (an exam row "Экзамен 40 %" with no items of its own)."""
    pts = period_points(period)
    if pts is not None:
        return pts[0]
    if period.stated_max is not None:
        return period.stated_max.value
    if not period.items or all(i.max_points is None for i in period.items):
        return numeric(period.stated_total.value) if period.stated_total is not None else None
    return None


class ASM007(Rule):
    """The course's points (or percent) sum to the course total, exam included.

    In the ``course_points_100`` scheme every item of the course carries points or a percent of
    the final grade: the two halves (30 + 30) and the exam (40) must add up to policy
    ``assessment.course_total`` (100), and to the course total the syllabus states ("Всего за
    курс 100") when it states one. A period whose points could not all be read is not added up.

    **Anti-pattern**: weeks 1-8 worth 30 %, weeks 9-15 worth 25 %, the exam 40 %: 95 %.

    **Best practice**: 30 % + 30 % + exam 40 % = 100 %, "Всего за курс 100".
    """

    code = "ASM007"
    needs = ("assessment",)
    name = "assessment.course-points"
    policy_keys = ("assessment.course_total",)
    groups = ("all", "assessment", "core")
    severity = Severity.major
    kind = Kind.nonconformity
    requirement = cite(MES_563 + " (final grade out of 100)", "assessment.course_total")
    cause_rank = 20
    topic = "course_points_sum"

    def check(self, syllabus: Syllabus, ctx: CheckContext) -> Iterator[Finding]:
        a = syllabus.assessment
        if a.scheme != AssessmentScheme.course_points_100 or not a.periods:
            return
        values = [v for v in (_period_value(p) for p in a.periods) if v is not None]
        if len(values) != len(a.periods):
            return
        s = sum(values)
        target = ctx.policy.assessment.course_total
        unit = "%" if a.unit == "percent" else ""
        terms = " + ".join(f"{fmt(v)}{unit}" for v in values)
        terms_c = " + ".join(f"{fmt(v, 'ru')}{unit}" for v in values)
        stated = a.course_total
        if not close(s, target, 1e-6):
            yield self.finding(
                syllabus,
                location="assessment/course",
                source=stated or a.periods[0].name,
                expected=target,
                actual=s,
                refs=["assessment/course"],
                message=M(
                    kk=f"Курс бойынша балдардың қосындысы {terms_c} = {fmt(s, 'kk')}{unit}, {fmt(target, 'kk')}{unit} болуы керек",
                    ru=f"Сумма баллов за курс {terms_c} = {fmt(s, 'ru')}{unit}, должна быть {fmt(target, 'ru')}{unit}",
                    en=f"The course points sum to {terms} = {fmt(s)}{unit}, not {fmt(target)}{unit}",
                ),
            )
        elif stated is not None and not close(stated.value, s, 1e-6):
            yield self.finding(
                syllabus,
                location="assessment/course",
                source=stated,
                expected=s,
                actual=stated.value,
                key_values=["stated"],
                refs=["assessment/course"],
                message=M(
                    kk=f"Курстың жалпы балы {fmt(stated.value, 'kk')} деп көрсетілген, ал бөліктерінің қосындысы "
                    f"{terms_c} = {fmt(s, 'kk')}{unit}",
                    ru=f"Итог за курс указан как {fmt(stated.value, 'ru')}, а сумма его частей {terms_c} = {fmt(s, 'ru')}{unit}",
                    en=f"The course total is stated as {fmt(stated.value)}, but its parts sum to {terms} = {fmt(s)}{unit}",
                ),
            )
