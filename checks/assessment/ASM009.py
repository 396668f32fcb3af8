from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

from checks.assessment.ASM007 import _period_value
from checks.assessment.common import at
from checks.finding_enums import Kind, Severity
from checks.norms import MES_563, cite
from checks.registry import CheckContext, Rule
from checks.rulekit import M, close, fmt
from extractors.model_enums import AssessmentScheme, PeriodKind

if TYPE_CHECKING:
    from checks.finding import Finding
    from extractors.model import Syllabus


class ASM009(Rule):
    """Course points and the final-grade formula give current work and the exam the same shares.

    A course-points syllabus that also states a formula (Итоговая оценка = Рейтинг × 0,6 + Э × 0,4)
    states its breakdown twice: the rating periods' points must add up to the current-work
    weight of the course total (0,6 × 100 = 60) and the exam's to the exam weight (40). When they
    do not, the two breakdowns disagree, and the finding quotes both. Not judged when a period's
    points or a weight could not be read.

    **Anti-pattern**: weeks 1-8 worth 30 %, weeks 9-15 worth 25 %, exam 40 %, with
    "Итоговая оценка = Рейтинг × 0,6 + Э × 0,4" (current work 55, not 60).

    **Best practice**: 30 % + 30 % + exam 40 % with "Итоговая оценка = Рейтинг × 0,6 + Э × 0,4".
    """

    code = "ASM009"
    needs = ("assessment", "formula")
    name = "assessment.points-match-formula"
    policy_keys = ("assessment.course_total",)
    groups = ("all", "assessment")
    severity = Severity.major
    kind = Kind.nonconformity
    requirement = cite(MES_563 + " (final grade of the discipline)", "assessment.course_total")
    cause_rank = 30
    topic = "assessment_vs_plan"

    def check(self, syllabus: Syllabus, ctx: CheckContext) -> Iterator[Finding]:
        a = syllabus.assessment
        f = a.formula
        if a.scheme != AssessmentScheme.course_points_100 or f is None or f.current_weight is None or f.exam_weight is None:
            return
        ratings = [p for p in a.periods if p.kind != PeriodKind.exam]
        exams = [p for p in a.periods if p.kind == PeriodKind.exam]
        if not ratings or len(exams) != 1:
            return
        values = [v for v in (_period_value(p) for p in ratings) if v is not None]
        exam = _period_value(exams[0])
        if exam is None or len(values) != len(ratings):
            return
        total = ctx.policy.assessment.course_total
        cw, ew = f.current_weight.value, f.exam_weight.value
        current = sum(values)
        want_c, want_e = cw * total, ew * total
        if close(current, want_c, 1e-6) and close(exam, want_e, 1e-6):
            return
        unit = "%" if a.unit == "percent" else ""
        terms = {lang: " + ".join(fmt(v, lang) for v in values) for lang in ("kk", "ru", "en")}
        formula = {lang: at(f.text, f.text.value, lang) if f.text is not None else "" for lang in ("kk", "ru", "en")}
        yield self.finding(
            syllabus,
            location="assessment/formula",
            key_location="assessment/points-formula",
            source=f.text or f.current_weight,
            expected=f"{fmt(want_c)}/{fmt(want_e)}",
            actual=f"{fmt(current)}/{fmt(exam)}",
            refs=["assessment/course"],
            quote=f"{terms['en']} + {fmt(exam)} | {f.text.value if f.text is not None else ''}",
            message=M(
                kk=f"Ағымдағы жұмыс балдары {terms['kk']} = {fmt(current, 'kk')}{unit}, емтихан {fmt(exam, 'kk')}{unit}, "
                f"ал қорытынды баға формуласы бойынша {fmt(want_c, 'kk')}{unit} және {fmt(want_e, 'kk')}{unit} болуы керек"
                + (f" ({formula['kk']})" if formula["kk"] else ""),
                ru=f"Баллы текущей работы {terms['ru']} = {fmt(current, 'ru')}{unit}, экзамена {fmt(exam, 'ru')}{unit}, "
                f"а по формуле итоговой оценки должно быть {fmt(want_c, 'ru')}{unit} и {fmt(want_e, 'ru')}{unit}"
                + (f" ({formula['ru']})" if formula["ru"] else ""),
                en=f"Current work is worth {terms['en']} = {fmt(current)}{unit} and the exam {fmt(exam)}{unit}, but the "
                f"final-grade formula gives {fmt(want_c)}{unit} and {fmt(want_e)}{unit}"
                + (f" ({formula['en']})" if formula["en"] else ""),
            ),
        )
